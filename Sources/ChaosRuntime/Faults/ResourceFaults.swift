// memory_pressure and cpu_spike: stress-ng (Debian) with bounded flags when it is installed, a
// built-in bounded stressor (`chaosrun stress …`, a child process) otherwise. Both stop by
// themselves after the fault's planned length plus a margin, so even a runner killed with
// SIGKILL cannot leave a stressor behind for long; the memory share is capped by the host's
// `memory_cap` (the checker enforces it unless `allow_unsafe`) and never exceeds 95 % of
// physical memory here.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan

public final class Stressor: Sendable {
    let stressNG: String?
    let selfBinary: String
    let logDirectory: String?

    public init(selfBinary: String, logDirectory: String?, preferStressNG: Bool = true) {
        self.selfBinary = selfBinary
        self.logDirectory = logDirectory
        self.stressNG = preferStressNG ? ["/usr/bin/stress-ng", "/usr/local/bin/stress-ng"].first { access($0, X_OK) == 0 } : nil
    }

    public var backendName: String { stressNG != nil ? "stress-ng" : "built-in stressor" }

    /// Physical memory in bytes (from /proc/meminfo).
    public static func totalMemory() -> Int64 {
        guard let text = readSmallFile("/proc/meminfo"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
              let kb = Int64(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    func memory(sharePercent: Double, seconds: Int) throws -> ChildProcess {
        let share = min(sharePercent, 95) / 100
        let bytes = Int64(Double(Self.totalMemory()) * share)
        let log = logDirectory.map { "\($0)/stress.log" }
        if let s = stressNG {
            return try ChildProcess.spawn(s, ["--vm", "1", "--vm-bytes", "\(bytes)b", "--vm-hang", "0", "--vm-keep",
                                              "--timeout", "\(seconds)s", "-q"], name: "stress-ng memory", logPath: log, ownGroup: true)
        }
        return try ChildProcess.spawn(selfBinary, ["stress", "memory", "--bytes", "\(bytes)", "--seconds", "\(seconds)"],
                                      name: "built-in memory stressor", logPath: log, ownGroup: true)
    }

    func cpu(loadPercent: Double, workers: Int, seconds: Int) throws -> ChildProcess {
        let log = logDirectory.map { "\($0)/stress.log" }
        let load = Int(min(max(loadPercent, 1), 100))
        if let s = stressNG {
            return try ChildProcess.spawn(s, ["--cpu", "\(workers)", "--cpu-load", "\(load)", "--timeout", "\(seconds)s", "-q"],
                                          name: "stress-ng cpu", logPath: log, ownGroup: true)
        }
        return try ChildProcess.spawn(selfBinary, ["stress", "cpu", "--workers", "\(workers)", "--load", "\(load)", "--seconds", "\(seconds)"],
                                      name: "built-in cpu stressor", logPath: log, ownGroup: true)
    }
}

extension FaultContext {
    func injectResource(_ e: PlanEvent, key: String, lengthMs: Int64?) throws {
        // The stressor stops by itself a little after the planned end.
        let seconds = Int((lengthMs ?? 600_000) / 1000) + 10
        let child: ChildProcess
        if e.kind == "memory_pressure" {
            child = try stressor.memory(sharePercent: e.params["share"]?.doubleValue ?? 10, seconds: seconds)
        } else {
            let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let workers = Int(e.params["workers"]?.int64Value ?? Int64(cores))
            child = try stressor.cpu(loadPercent: e.params["load"]?.doubleValue ?? 50, workers: max(1, workers), seconds: seconds)
        }
        ledger.register(key, "\(e.kind ?? "resource fault") on host") { child.killGroup() }
    }
}
