import ArgumentParser
import ChaosRuntime

/// The built-in bounded stressor, used for memory_pressure and cpu_spike when stress-ng is not
/// installed. Internal: the interpreter starts it as a child process.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Built-in bounded stressor (used by `run` when stress-ng is absent).",
        shouldDisplay: false)

    enum Kind: String, ExpressibleByArgument { case memory, cpu }

    @Argument(help: "memory or cpu")
    var kind: Kind

    @Option(help: "Bytes of memory to hold (memory).")
    var bytes: Int64 = 0

    @Option(help: "Busy workers (cpu).")
    var workers: Int = 1

    @Option(help: "Load per worker in percent (cpu).")
    var load: Int = 100

    @Option(help: "Stop by itself after this many seconds.")
    var seconds: Int = 60

    func run() throws {
        switch kind {
        case .memory: BuiltinStress.holdMemory(bytes: bytes, seconds: seconds)
        case .cpu: BuiltinStress.burnCPU(workers: workers, loadPercent: load, seconds: seconds)
        }
    }
}
