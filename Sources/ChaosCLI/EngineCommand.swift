// `chaosrun engine`: one TDA engine worker, a member of the engine's consumer group. This file
// only parses options, installs the signal handlers and calls `EngineWorker` (ChaosRuntime).
import ArgumentParser
import ChaosRuntime
import Foundation
import Streams
import TDA

struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run one TDA engine worker: records in, feature records and acks out (at-least-once).",
        discussion: """
        Consumes binary records from --input as a member of --group, keeps a sliding window per stream key, and for every window and scale produces a JSON feature record to --output. After a batch's features it produces one acknowledgement (processed sequence runs and a latency histogram) to --acks, waits until the cluster has acknowledged both, and only then commits the batch's offsets. Several workers with the same --group share the input's partitions and take over each other's on a crash.

        SIGINT or SIGTERM: finish the batch, commit, leave the group, exit 0. docs/engine.md describes the feature records, the metrics and the exit codes.

          chaosrun engine --bootstrap 127.0.0.1:9092 --input sensors --output features --acks acks --group tda --worker-id 1 --metrics-port 9464
        """
    )

    @Option(help: "Kafka bootstrap servers host:port[,…] (default: $CHAOSRUN_KAFKA_BOOTSTRAP).")
    var bootstrap: String?

    @Option(help: "Topic of input records (binary record format).")
    var input: String

    @Option(help: "Topic the feature records go to.")
    var output: String

    @Option(help: "Topic the engine acknowledgements go to.")
    var acks: String

    @Option(help: "Consumer group shared by the engine's workers.")
    var group: String

    @Option(help: "This worker's id (1…65535), in acks and metrics.")
    var workerId: Int

    @Option(help: "Send broker connections through a fault proxy: BROKERPORT=PROXYPORT,… (default: $CHAOSRUN_KAFKA_ROUTE).")
    var routes: String?

    @Option(help: "Window length W in samples.")
    var window: Int = EngineConfiguration.defaultWindows.window

    @Option(help: "Samples between window starts.")
    var stride: Int = EngineConfiguration.defaultWindows.stride

    @Option(help: "Embedding dimension.")
    var embed: Int = EngineConfiguration.defaultWindows.embedding

    @Option(help: "Embedding delay in samples.")
    var delay: Int = EngineConfiguration.defaultWindows.delay

    @Option(help: "Rips threshold: keep edges of length <= R (default: the full filtration).")
    var threshold: Double?

    @Option(help: "Window multipliers, comma-separated.")
    var scales: String = "1,2,4"

    @Option(help: "Largest homology dimension (0 or 1).")
    var maxdim: Int = 1

    @Option(help: "Radii for Betti numbers, comma-separated (default: none).")
    var bettiRadii: String?

    @Option(help: "Most records per batch.")
    var batch: Int = 500

    @Option(help: "Serve Prometheus metrics on this port (0: any free port; it is printed).")
    var metricsPort: Int?

    @Option(help: ArgumentHelp("Test-only defects: drop=F, slow-start=D, crash-loop=D, stall=D@T, resume-stall=D (default: $CHAOSRUN_ENGINE_DEFECT).",
                               visibility: .hidden))
    var defect: String?

    @Option(help: ArgumentHelp("Stop cleanly when this process is no longer our parent (chaosrun run passes its pid, so a runner killed with SIGKILL leaves no worker behind).",
                               visibility: .hidden))
    var parentPid: Int32?

    func run() throws {
        let configuration = try makeConfiguration()
        // Handlers before anything starts, so an early signal still ends in a clean stop.
        let stop = EngineStopFlag()
        let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.set() }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        if let parentPid { watchParent(parentPid, stop: stop) }
        let worker: EngineWorker
        do {
            worker = try EngineWorker(configuration: configuration)
        } catch {
            engineError("error: \(error.description)")
            throw ExitCode(3)
        }
        if let port = worker.metricsPort {
            FileHandle.standardOutput.write(Data("engine worker \(workerId): metrics on http://\(configuration.metricsAddress):\(port)/metrics\n".utf8))
        }
        do {
            try worker.run(until: { stop.isSet })
        } catch {
            engineError("error: engine worker \(workerId): \(error.description)")
            throw ExitCode(1)
        }
    }

    private func makeConfiguration() throws -> EngineConfiguration {
        var kafka: KafkaConfig
        do {
            guard let config = try KafkaConfig.fromEnvironment(bootstrap: bootstrap) else {
                throw usage("give --bootstrap host:port or set \(KafkaConfig.bootstrapEnvironmentVariable)")
            }
            kafka = config
        } catch let error as KafkaError {
            throw usage(error.message)
        }
        if let routes {
            guard let map = KafkaConfig.parseRoutes(routes) else {
                throw usage("--routes: expected BROKERPORT=PROXYPORT,… like 9092=40001,9093=40002, found '\(routes)'")
            }
            kafka.routes = map
        }
        if kafka.bootstrapServers.split(separator: ",").allSatisfy({ $0.hasPrefix("127.0.0.1:") }) {
            kafka["broker.address.family"] = "v4"
        }
        guard (1...65535).contains(workerId) else { throw usage("--worker-id: expected 1…65535, found \(workerId)") }
        let windows = WindowConfiguration(
            window: window, stride: stride, embedding: embed, delay: delay, threshold: threshold,
            scales: try list(scales, "--scales") { Int($0) }, maxDim: maxdim,
            bettiRadii: try bettiRadii.map { try list($0, "--betti-radii") { Double($0) } } ?? [])
        var defects = EngineDefects()
        if let text = defect ?? ProcessInfo.processInfo.environment[EngineDefects.environmentVariable], !text.isEmpty {
            do { defects = try EngineDefects.parse(text) } catch { throw usage("--defect: \(error.description)") }
        }
        let configuration = EngineConfiguration(
            kafka: kafka, inputTopic: input, outputTopic: output, ackTopic: acks, group: group,
            workerID: UInt16(workerId), windows: windows, maxBatchRecords: batch, metricsPort: metricsPort, defects: defects)
        if let problem = configuration.problem { throw usage(problem) }
        return configuration
    }

    private func list<T>(_ text: String, _ option: String, _ parse: (String) -> T?) throws -> [T] {
        try text.split(separator: ",").map { cell in
            guard let value = parse(cell.trimmingCharacters(in: .whitespaces)) else {
                throw usage("\(option): expected a comma-separated list of numbers, found '\(text)'")
            }
            return value
        }
    }

    private func usage(_ message: String) -> ExitCode {
        engineError("error: \(message)")
        return ExitCode(2)
    }
}

/// Checks twice a second that `parent` is still this process's parent; when it is not (the
/// runner died, even of SIGKILL, and the worker was re-parented), asks the worker to stop as on
/// SIGTERM, and exits outright if that takes more than a few seconds. Polling `getppid` rather
/// than `PR_SET_PDEATHSIG`, which fires when the spawning *thread* ends, and the runner restarts
/// workers from short-lived threads.
private func watchParent(_ parent: Int32, stop: EngineStopFlag) {
    let parentGoneGrace = 3.0
    let thread = Thread {
        while !stop.isSet {
            if getppid() != parent {
                engineError("engine: parent process \(parent) is gone; stopping")
                stop.set()
                // A clean stop flushes outputs and commits, but a runner that is gone took its
                // fault proxies (and the embedded cluster) with it: a flush would wait out the
                // whole delivery timeout. What is not committed is re-read by the group anyway.
                usleep(useconds_t(parentGoneGrace * 1_000_000))
                engineError("engine: not stopped \(parentGoneGrace) s after the parent left; exiting")
                _exit(1)
            }
            usleep(500_000)
        }
    }
    thread.name = "chaosrun-engine-parent-watch"
    thread.start()
}

/// Set by the signal handlers, read by the worker between batches.
private final class EngineStopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

private func engineError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
