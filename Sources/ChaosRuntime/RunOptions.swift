// Options of a run, as the command line gives them.

/// Where network faults (partition, loss) are applied.
public enum NetworkBackend: String, Sendable, CaseIterable {
    /// The packet filter when running as root with a working nft or iptables, else the proxy.
    case auto
    /// The chaosrun fault proxy holds, stalls or resets the link's bytes (no root needed).
    case proxy
    /// Kernel rules drop or reset the link's segments; the proxy only forwards.
    case packetFilter = "packet-filter"
}

public struct RunOptions: Sendable {
    /// The scenario file as the user named it.
    public var file: String
    /// An external Kafka-compatible cluster; nil for the embedded one.
    public var bootstrap: String?
    /// A shell command for broker faults against an external cluster (CHAOSRUN_ACTION, CHAOSRUN_BROKER=N, CHAOSRUN_BROKER_PORT).
    public var brokerControl: String?
    /// Where reports and logs go.
    public var reportDirectory: String
    /// Serve Prometheus metrics on this port during the run.
    public var metricsPort: Int?
    /// This binary, re-executed for engine workers and the built-in stressor.
    public var selfBinary: String
    public var progress: Progress.Mode
    /// Test-only engine defect (`drop=0.1`, `slow-start=5s`, `crash-loop=2s`, `stall=5s@20s`).
    public var engineDefect: String?
    /// Use stress-ng when installed (otherwise the built-in stressor).
    public var preferStressNG: Bool
    /// Where network partitions and packet loss are applied (latency always uses the proxy).
    public var networkBackend: NetworkBackend

    public init(file: String, bootstrap: String? = nil, brokerControl: String? = nil, reportDirectory: String,
                metricsPort: Int? = nil, selfBinary: String, progress: Progress.Mode = .plain, engineDefect: String? = nil,
                preferStressNG: Bool = true, networkBackend: NetworkBackend = .auto) {
        self.file = file; self.bootstrap = bootstrap; self.brokerControl = brokerControl
        self.reportDirectory = reportDirectory; self.metricsPort = metricsPort; self.selfBinary = selfBinary
        self.progress = progress; self.engineDefect = engineDefect; self.preferStressNG = preferStressNG
        self.networkBackend = networkBackend
    }
}
