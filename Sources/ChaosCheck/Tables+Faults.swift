// Fault kinds and metrics.

extension Tables {
    /// `intensity` (0–1, from the seed's test_config) is accepted by every fault kind: it sets the
    /// primary percentage (share, load, loss) when that is not given, and has no effect on kinds
    /// without one.
    static let intensityField = FieldSpec("intensity", .intensity, range: ValueRange(0, 1),
                                          doc: "Severity 0–1 (the seed's test_config); sets the primary percentage when it is not given.")

    /// Fault kinds of a timeline.
    public static let faults: [KindSpec] = faultKinds.map { k in
        var k = k
        k.fields.append(intensityField)
        return k
    }

    static let faultKinds: [KindSpec] = [
        KindSpec("network_partition", doc: "Cut the network link between two components: their connections stall, new ones fail.",
                 fields: [
                    FieldSpec("mode", .choice(["drop", "reject"]), default: "drop",
                              doc: "`drop`: packets vanish (connections hang); `reject`: connections are reset."),
                 ], targets: [.link], duration: .required, example: "at 40s network_partition kafka <-> tda for 30s"),
        KindSpec("network_latency", doc: "Delay traffic on a link.", fields: [
            FieldSpec("delay", .duration, required: true, range: ValueRange(0, 60_000), doc: "Added one-way delay."),
            FieldSpec("jitter", .duration, default: "0ms", range: ValueRange(0, 60_000), doc: "Uniform random extra delay, up to this."),
        ], primaryField: "delay", targets: [.link, .broker], duration: .required,
                 example: "at 80s network_latency kafka <-> tda delay: 200ms, jitter: 50ms for 20s"),
        KindSpec("packet_loss", doc: "Lose a share of the traffic on a link.", fields: [
            FieldSpec("loss", .percent, required: true, range: ValueRange(0, 100), doc: "Share of traffic lost."),
        ], primaryField: "loss", targets: [.link], duration: .required, example: "at 1m packet_loss kafka <-> tda 5% for 20s"),
        KindSpec("broker_crash", doc: "Crash brokers; they come back when the fault ends (no `for`: they stay down).", fields: [
            FieldSpec("move_leaders", .bool, default: "true",
                      doc: "Embedded cluster: move the leadership of the crashed brokers' partitions to live replicas, as a real controller would. `false` leaves those partitions unavailable until the brokers return."),
        ], targets: [.broker], duration: .optional, example: "at 55s broker_crash kafka.broker[2] for 45s"),
        KindSpec("broker_restart", doc: "Stop brokers and start them again after `downtime`.", fields: [
            FieldSpec("downtime", .duration, default: "5s", range: ValueRange(0, 10 * minute), doc: "Time a broker stays down."),
        ], primaryField: "downtime", targets: [.broker], duration: .forbidden, example: "at 1m broker_restart kafka.broker[1] downtime: 5s"),
        KindSpec("rolling_restart", doc: "Restart brokers one after another, waiting for the cluster to be healthy in between.", fields: [
            FieldSpec("downtime", .duration, default: "5s", range: ValueRange(0, 10 * minute), doc: "Time each broker stays down."),
            FieldSpec("gate", .duration, default: "30s", range: ValueRange(0, 10 * minute),
                      doc: "Longest wait for the health gate (all partitions led, consumers caught up) before the next broker."),
            FieldSpec("interval", .duration, default: "10s", range: ValueRange(0, 10 * minute), doc: "Planned time between one broker's return and the next one's stop."),
        ], targets: [.broker], duration: .forbidden, example: "at 200s rolling_restart kafka.broker[1..3] downtime: 5s, gate: 10s"),
        KindSpec("process_crash", doc: "Kill engine workers with SIGKILL; the supervisor restarts them after `restart_delay` (or when the fault ends).", fields: [
            FieldSpec("restart_delay", .duration, default: "1s", range: ValueRange(0, 10 * minute), doc: "Time before the supervisor restarts the worker."),
        ], targets: [.worker], duration: .optional, example: "at 70s process_crash tda.worker[1]"),
        KindSpec("process_pause", doc: "Freeze engine workers (SIGSTOP) and resume them (SIGCONT) when the fault ends.", fields: [],
                 targets: [.worker], duration: .required, example: "at 3m process_pause tda.worker[1] for 5s"),
        KindSpec("memory_pressure", doc: "Hold a share of the host's memory.", fields: [
            FieldSpec("share", .percent, required: true, range: ValueRange(1, 99), doc: "Share of total memory to hold."),
        ], primaryField: "share", targets: [.host], duration: .required, example: "at 2m memory_pressure host 70% for 30s"),
        KindSpec("cpu_spike", doc: "Load the host's CPUs.", fields: [
            FieldSpec("load", .percent, required: true, range: ValueRange(1, 100), doc: "CPU load per stressed core."),
            FieldSpec("workers", .integer, range: ValueRange(1, 256), doc: "Cores to stress (default: all)."),
        ], primaryField: "load", targets: [.host], duration: .required, example: "at 2m cpu_spike host 90% for 30s"),
    ]

    /// Group words of a timeline (not fault kinds, but reserved).
    public static let groupWords = ["parallel", "sequence", "repeat", "cascade"]

    public static func fault(_ name: String) -> KindSpec? { faults.first { $0.name == name } }
    public static func component(_ name: String) -> KindSpec? { components.first { $0.name == name } }
    public static func generator(_ name: String) -> KindSpec? { generators.first { $0.name == name } }
}

/// A metric criteria can test.
public struct MetricSpec: Hashable, Sendable {
    public var name: String
    public var doc: String
    /// The type of its threshold.
    public var type: ValueType
    /// Accepted arguments (`degradation(throughput)`), empty when it takes none.
    public var arguments: [String]
    /// Accepted members (`latency.p99`), empty when it takes none.
    public var members: [String]
    /// Whether a member is required.
    public var memberRequired: Bool
    /// The window used when none is written.
    public var defaultWindow: String
    /// Windows it can be measured over: "during", "after", "outside", "whole", "warmup".
    public var windows: [String]
    public var example: String
}

extension Tables {
    public static let latencyMembers = ["p50", "p90", "p95", "p99", "p999", "max", "mean"]

    public static let metrics: [MetricSpec] = [
        MetricSpec(name: "data_loss", doc: "Records produced that the engine never processed, after the drain (exact, from sequence numbers).",
                   type: .integer, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["whole"], example: "data_loss == 0"),
        MetricSpec(name: "duplicates", doc: "Records the engine processed more than once (at-least-once delivery).",
                   type: .integer, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["whole"], example: "duplicates <= 100"),
        MetricSpec(name: "recovery", doc: "Time from a fault's removal until throughput and lag are back within tolerance, held for `settle`.",
                   type: .duration, arguments: [], members: [], memberRequired: false, defaultWindow: "after each fault",
                   windows: ["after"], example: "recovery < 30s after each fault"),
        MetricSpec(name: "degradation", doc: "1 − median of the metric in the window / its warmup baseline (for latency: median / baseline − 1).",
                   type: .percent, arguments: ["throughput", "latency"], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["during", "after", "outside", "whole"], example: "degradation(throughput) < 20% during broker_crash"),
        MetricSpec(name: "latency", doc: "End-to-end latency (event time to feature emitted) percentiles over the window.",
                   type: .duration, arguments: [], members: latencyMembers, memberRequired: true, defaultWindow: "whole run",
                   windows: ["during", "after", "outside", "whole", "warmup"], example: "latency.p99 < 500ms outside faults"),
        MetricSpec(name: "throughput", doc: "Median engine throughput (records/s) over the window.",
                   type: .rate, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["during", "after", "outside", "whole", "warmup"], example: "throughput >= 1k/s outside faults"),
        MetricSpec(name: "lag", doc: "Consumer lag (records) of the engine's group over the window.",
                   type: .integer, arguments: [], members: ["max", "p99", "p95", "p50", "mean"], memberRequired: false,
                   defaultWindow: "whole run", windows: ["during", "after", "outside", "whole", "warmup"], example: "lag.max < 100000 outside faults"),
        MetricSpec(name: "crashes", doc: "Engine worker crashes not caused by an injected fault.",
                   type: .integer, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["during", "outside", "whole"], example: "crashes == 0"),
        MetricSpec(name: "errors", doc: "Errors the engine and clients reported.",
                   type: .integer, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["during", "after", "outside", "whole"], example: "errors <= 10 outside faults"),
        MetricSpec(name: "memory_growth", doc: "Growth of the engine workers' resident memory over the window (size, or percent of the start).",
                   type: .size, arguments: [], members: [], memberRequired: false, defaultWindow: "whole run",
                   windows: ["whole", "outside"], example: "memory_growth < 64MiB"),
    ]

    public static func metric(_ name: String) -> MetricSpec? { metrics.first { $0.name == name } }
}
