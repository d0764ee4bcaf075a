// Criteria evaluation, as design.md defines it:
//   baseline      = median engine throughput over the warmup samples taken after the engine's
//                   first acknowledgement (startup is not part of the baseline);
//   degradation   = 1 − median throughput in the window / baseline (latency: median p50 / baseline p50 − 1);
//   recovery      = time from a fault's removal until throughput ≥ (1 − tolerance)·min(baseline,
//                   input rate) and lag ≤ the lag limit, both held for `settle`; the worst fault counts;
//   data loss     = produced records never processed after the drain (exact audit);
//   latency pXX   = the quantile of the merged per-record latency histograms in the window.
import ChaosCheck
import ChaosPlan
import ChaosSyntax
import Records
import Reports

/// The sampled series the evaluator works on; index i covers [i·interval, (i+1)·interval).
public struct Samples: Sendable {
    public var intervalMs: Int64
    public var throughput: [Double] = []
    public var inputRate: [Double] = []
    public var lag: [Double?] = []
    public var latency: [[UInt64]] = []
    public var errors: [Double] = []
    public var rssBytes: [Double?] = []
    public var cpuPercent: [Double?] = []
    public init(intervalMs: Int64) { self.intervalMs = intervalMs }
    public var count: Int { throughput.count }
    func midMs(_ i: Int) -> Int64 { Int64(i) * intervalMs + intervalMs / 2 }
    func indices(in intervals: [(startMs: Int64, endMs: Int64)]) -> [Int] {
        (0..<count).filter { i in intervals.contains { midMs(i) >= $0.startMs && midMs(i) < $0.endMs } }
    }
}

public struct Evaluator {
    let plan: ExecutionPlan
    let samples: Samples
    let audit: AuditSummary
    let crashes: [(worker: Int, atMs: Int64, status: Int32)]
    let firstAckMs: Int64?
    /// Maps a criterion's syntax-independent source path to `file:line:col`.
    let locate: (CheckedCriterion) -> String

    public init(plan: ExecutionPlan, samples: Samples, audit: AuditSummary, crashes: [(worker: Int, atMs: Int64, status: Int32)],
                firstAckMs: Int64?, locate: @escaping (CheckedCriterion) -> String) {
        self.plan = plan; self.samples = samples; self.audit = audit; self.crashes = crashes
        self.firstAckMs = firstAckMs; self.locate = locate
    }

    var tolerance: Double { (plan.scenario.settings["tolerance"]?.doubleValue ?? 10) / 100 }
    var settleMs: Int64 { plan.scenario.settings["settle"]?.int64Value ?? 5000 }

    /// Warmup samples after the engine's first acknowledgement.
    var baselineIndices: [Int] {
        let warm = plan.scenario.warmupMs
        let from = (firstAckMs ?? 0) + samples.intervalMs
        let idx = samples.indices(in: [(from, warm)])
        return idx.isEmpty ? samples.indices(in: [(warm / 2, warm)]) : idx
    }

    public var baselineThroughput: Double { median(baselineIndices.map { samples.throughput[$0] }) ?? 0 }

    var baselineLatencyMs: Double? { median(baselineIndices.compactMap { latencyMs(at: $0, q: 0.5) }) }

    var lagLimit: Double {
        let p95 = quantile(baselineIndices.compactMap { samples.lag[$0] }, 0.95) ?? 0
        return max(p95 * (1 + tolerance), baselineThroughput * max(1, Double(samples.intervalMs) / 1000 * 2))
    }

    func latencyMs(at i: Int, q: Double) -> Double? {
        LatencyBuckets.quantile(samples.latency[i], q).map { $0 / 1e6 }
    }

    public func evaluate() -> [CriterionResult] {
        plan.criteria.map(evaluate)
    }

    func evaluate(_ c: PlanCriterion) -> CriterionResult {
        let k = c.criterion
        var details: [String] = []
        let measured: Double? = measure(c, details: &details)
        let threshold = Self.number(k.threshold)
        let passed = measured.map { compare($0, k.op, threshold) } ?? false
        if measured == nil && details.isEmpty { details.append("could not be measured") }
        return CriterionResult(
            id: c.id, text: k.text, metric: k.metric, window: k.window.spelling, threshold: Self.format(threshold, like: k.threshold),
            measured: measured, measuredText: measured.map { Self.format($0, like: k.threshold) } ?? "n/a", passed: passed,
            source: locate(k), details: details, intervals: c.intervals.map { ClosedInterval($0.startMs, $0.endMs) })
    }

    func compare(_ a: Double, _ op: Comparator, _ b: Double) -> Bool {
        switch op {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        case .eq: a == b
        case .ne: a != b
        }
    }

    func measure(_ c: PlanCriterion, details: inout [String]) -> Double? {
        let k = c.criterion
        let idx = samples.indices(in: c.intervals)
        switch k.metric {
        case "data_loss":
            if audit.retentionDropped > 0 { details.append("\(audit.retentionDropped) records dropped by the cluster's retention before the engine read them") }
            details += audit.worstStreams.prefix(5)
            return Double(audit.lost)
        case "duplicates": return Double(audit.duplicates)
        case "recovery": return recovery(c, details: &details)
        case "degradation": return degradation(k.argument ?? "throughput", idx, details: &details)
        case "latency":
            let merged = mergedLatency(idx)
            let q = Self.quantileOf(k.member ?? "p99")
            if k.member == "mean" { return meanLatencyMs(merged) }
            return LatencyBuckets.quantile(merged, q).map { $0 / 1e6 }
        case "throughput": return median(idx.map { samples.throughput[$0] })
        case "lag":
            let values = idx.compactMap { samples.lag[$0] }
            switch k.member ?? "max" {
            case "mean": return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            case "max": return values.max()
            default: return quantile(values, Self.quantileOf(k.member ?? "max"))
            }
        case "crashes":
            let inWindow = crashes.filter { cr in c.intervals.contains { cr.atMs >= $0.startMs && cr.atMs < $0.endMs + (plan.scenario.settings["drain"]?.int64Value ?? 0) } }
            for cr in inWindow { details.append("worker \(cr.worker) exited with status \(cr.status) at \(DurationFormat.spell(cr.atMs))") }
            return Double(inWindow.count)
        case "errors": return idx.map { samples.errors[$0] }.reduce(0, +)
        case "memory_growth": return memoryGrowth(idx, percent: { if case .percent = k.threshold { true } else { false } }())
        default: return nil
        }
    }
}
