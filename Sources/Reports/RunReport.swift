// Reports owns the result of a run as data (`RunReport`) and its renderings: report.json,
// junit.xml, summary.md, a self-contained report.html with plots, and the terminal verdict
// table. The interpreter fills a RunReport; nothing here does I/O beyond returning strings.

/// Everything a run measured and decided.
public struct RunReport: Sendable, Equatable {
    public enum Verdict: String, Sendable, Equatable {
        /// Every criterion held (exit 0).
        case passed
        /// A criterion failed (exit 1).
        case failed
        /// The environment failed (exit 3).
        case error
        /// Interrupted by SIGINT/SIGTERM, after rollback (exit 130).
        case interrupted
    }

    public var runID: String
    public var scenario: String
    public var description: String
    /// The scenario file as the user named it.
    public var file: String
    public var planHash: String
    public var seed: Int64
    /// ISO 8601 UTC start time.
    public var startedAt: String
    /// Planned run length (warmup + timeline), ms.
    public var durationMs: Int64
    /// Ordered key/value pairs: os, kernel, cpu, cores, memory, swift, librdkafka, chaosrun, mode, bootstrap…
    public var environment: [KeyValue]
    public var phases: [PhaseTiming]
    public var faults: [FaultTiming]
    public var criteria: [CriterionResult]
    public var series: MetricSeries
    public var audit: AuditSummary
    public var scheduling: SchedulingError
    public var verdict: Verdict
    public var exitCode: Int32
    /// Things the user should know (e.g. "the embedded cluster's retention dropped records").
    public var notes: [String]

    public init(runID: String, scenario: String, description: String, file: String, planHash: String, seed: Int64,
                startedAt: String, durationMs: Int64, environment: [KeyValue], phases: [PhaseTiming], faults: [FaultTiming],
                criteria: [CriterionResult], series: MetricSeries, audit: AuditSummary, scheduling: SchedulingError,
                verdict: Verdict, exitCode: Int32, notes: [String]) {
        self.runID = runID; self.scenario = scenario; self.description = description; self.file = file
        self.planHash = planHash; self.seed = seed; self.startedAt = startedAt; self.durationMs = durationMs
        self.environment = environment; self.phases = phases; self.faults = faults; self.criteria = criteria
        self.series = series; self.audit = audit; self.scheduling = scheduling; self.verdict = verdict
        self.exitCode = exitCode; self.notes = notes
    }
}

public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// A phase with planned and actual times (ms from the start of the run).
public struct PhaseTiming: Sendable, Equatable {
    public var name: String
    public var plannedStartMs: Int64
    public var plannedEndMs: Int64
    public var actualStartMs: Int64?
    public var actualEndMs: Int64?
    public init(name: String, plannedStartMs: Int64, plannedEndMs: Int64, actualStartMs: Int64?, actualEndMs: Int64?) {
        self.name = name; self.plannedStartMs = plannedStartMs; self.plannedEndMs = plannedEndMs
        self.actualStartMs = actualStartMs; self.actualEndMs = actualEndMs
    }
}

/// A fault with planned and actual times and the backend that applied it.
public struct FaultTiming: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var targets: [String]
    public var plannedStartMs: Int64
    public var plannedEndMs: Int64?
    public var actualStartMs: Int64?
    public var actualEndMs: Int64?
    /// e.g. "mock-cluster", "fault-proxy", "signal", "stress-ng", "built-in stressor".
    public var backend: String
    /// Where it was written: `file:line:col`.
    public var source: String
    public var error: String?
    public init(id: String, kind: String, targets: [String], plannedStartMs: Int64, plannedEndMs: Int64?,
                actualStartMs: Int64?, actualEndMs: Int64?, backend: String, source: String, error: String?) {
        self.id = id; self.kind = kind; self.targets = targets; self.plannedStartMs = plannedStartMs
        self.plannedEndMs = plannedEndMs; self.actualStartMs = actualStartMs; self.actualEndMs = actualEndMs
        self.backend = backend; self.source = source; self.error = error
    }
}

/// The verdict of one criterion.
public struct CriterionResult: Sendable, Equatable {
    public var id: String
    /// Canonical text: `recovery < 30s after each fault`.
    public var text: String
    public var metric: String
    public var window: String
    /// The threshold as written (`30s`, `20%`).
    public var threshold: String
    /// The measured value in the threshold's unit, when measurable.
    public var measured: Double?
    /// The measured value for people (`12.4s`, `3.1%`, `0`).
    public var measuredText: String
    /// Whether it held. A criterion that could not be measured (`measured == nil`) fails, with
    /// the reason in `details`.
    public var passed: Bool
    /// `file:line:col` of the criterion.
    public var source: String
    /// Per-fault or per-window breakdown and reasons.
    public var details: [String]
    /// Intervals the criterion was evaluated over (ms from the start of the run).
    public var intervals: [ClosedInterval]
    public init(id: String, text: String, metric: String, window: String, threshold: String, measured: Double?,
                measuredText: String, passed: Bool, source: String, details: [String], intervals: [ClosedInterval]) {
        self.id = id; self.text = text; self.metric = metric; self.window = window; self.threshold = threshold
        self.measured = measured; self.measuredText = measuredText; self.passed = passed; self.source = source
        self.details = details; self.intervals = intervals
    }
}

public struct ClosedInterval: Sendable, Equatable {
    public var startMs: Int64
    public var endMs: Int64
    public init(_ startMs: Int64, _ endMs: Int64) { self.startMs = startMs; self.endMs = endMs }
}

/// Metric time series sampled every `intervalMs` (index i is time `tMs[i]` from the run start).
/// Missing values are nil (e.g. no latency when nothing was processed).
public struct MetricSeries: Sendable, Equatable {
    public var intervalMs: Int64
    public var tMs: [Int64]
    /// Records/s the engine processed (from acks).
    public var throughput: [Double]
    /// Records/s the generators produced.
    public var inputRate: [Double]
    /// Consumer lag of the engine's group, records.
    public var lag: [Double?]
    public var latencyP50Ms: [Double?]
    public var latencyP99Ms: [Double?]
    public var errors: [Double]
    /// Cumulative unexpected crashes.
    public var crashes: [Double]
    /// Engine workers' total CPU, percent of one core.
    public var cpuPercent: [Double?]
    /// Engine workers' total resident memory, MiB.
    public var rssMiB: [Double?]
    public init(intervalMs: Int64, tMs: [Int64] = [], throughput: [Double] = [], inputRate: [Double] = [], lag: [Double?] = [],
                latencyP50Ms: [Double?] = [], latencyP99Ms: [Double?] = [], errors: [Double] = [], crashes: [Double] = [],
                cpuPercent: [Double?] = [], rssMiB: [Double?] = []) {
        self.intervalMs = intervalMs; self.tMs = tMs; self.throughput = throughput; self.inputRate = inputRate; self.lag = lag
        self.latencyP50Ms = latencyP50Ms; self.latencyP99Ms = latencyP99Ms; self.errors = errors; self.crashes = crashes
        self.cpuPercent = cpuPercent; self.rssMiB = rssMiB
    }
}

/// What the sequence audit found after the drain.
public struct AuditSummary: Sendable, Equatable {
    public var produced: Int
    public var processed: Int
    public var lost: Int
    public var duplicates: Int
    public var reordered: Int
    /// Streams with loss or duplicates, worst first: "sensors.d-3: 12 lost, 0 duplicates".
    public var worstStreams: [String]
    /// Records the embedded cluster's retention dropped before the engine read them (counted in `lost`).
    public var retentionDropped: Int
    public init(produced: Int, processed: Int, lost: Int, duplicates: Int, reordered: Int, worstStreams: [String],
                retentionDropped: Int) {
        self.produced = produced; self.processed = processed; self.lost = lost; self.duplicates = duplicates
        self.reordered = reordered; self.worstStreams = worstStreams; self.retentionDropped = retentionDropped
    }
}

/// How late faults were applied against the plan (ms).
public struct SchedulingError: Sendable, Equatable {
    public var samples: Int
    public var p50Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    public init(samples: Int, p50Ms: Double, p99Ms: Double, maxMs: Double) {
        self.samples = samples; self.p50Ms = p50Ms; self.p99Ms = p99Ms; self.maxMs = maxMs
    }
}
