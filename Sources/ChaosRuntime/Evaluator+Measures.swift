// Recovery, degradation and the small statistics the evaluator needs.
import ChaosCheck
import ChaosPlan
import Records

extension Evaluator {
    func recovery(_ c: PlanCriterion, details: inout [String]) -> Double? {
        let base = baselineThroughput
        guard base > 0 else { details.append("no baseline: the engine processed nothing during warmup"); return nil }
        let need = max(2, Int((settleMs + samples.intervalMs - 1) / samples.intervalMs))
        let limit = lagLimit
        // Within tolerance over the settle period: the engine's mean throughput keeps up with what
        // is offered (the baseline, or less once the generators slow down or stop) and the lag
        // stays under the limit. Means, not single samples: acknowledgements come in batches, so
        // one-second samples jitter by a batch.
        func ok(_ j: Int) -> Bool {
            let r = j..<(j + need)
            let offered = r.map { min(base, samples.inputRate[$0]) }.reduce(0, +)
            let done = r.map { samples.throughput[$0] }.reduce(0, +)
            return done >= (1 - tolerance) * offered && r.allSatisfy { (samples.lag[$0] ?? .infinity) <= limit }
        }
        var worst: Double = 0
        for (n, iv) in c.intervals.enumerated() {
            let ref = n < c.faultRefs.count ? c.faultRefs[n] : "fault"
            let kind = plan.faults.first { $0.id == ref }?.fault.kind ?? ""
            let first = Int((iv.startMs + samples.intervalMs - 1) / samples.intervalMs)
            var found: Int?
            var j = first
            while j + need <= samples.count {
                if ok(j) { found = j; break }
                j += 1
            }
            guard let j = found else {
                details.append("\(ref) \(kind): not recovered by the end of the drain")
                return .infinity
            }
            let t = Double(max(0, Int64(j) * samples.intervalMs - iv.startMs))
            details.append("\(ref) \(kind): recovered \(DurationFormat.spell(Int64(t))) after removal")
            worst = max(worst, t)
        }
        return worst
    }

    func degradation(_ metric: String, _ idx: [Int], details: inout [String]) -> Double? {
        guard !idx.isEmpty else { details.append("no samples in the window"); return nil }
        if metric == "latency" {
            guard let base = baselineLatencyMs, base > 0,
                  let m = median(idx.compactMap { latencyMs(at: $0, q: 0.5) }) else { return nil }
            return (m / base - 1) * 100
        }
        let base = baselineThroughput
        guard base > 0 else { details.append("no baseline: the engine processed nothing during warmup"); return nil }
        let m = median(idx.map { samples.throughput[$0] }) ?? 0
        details.append("median \(Int(m.rounded()))/s against a baseline of \(Int(base.rounded()))/s")
        return (1 - m / base) * 100
    }

    func mergedLatency(_ idx: [Int]) -> [UInt64] {
        var merged = [UInt64](repeating: 0, count: LatencyBuckets.count)
        for i in idx { for (j, c) in samples.latency[i].enumerated() where j < merged.count { merged[j] += c } }
        return merged
    }

    func meanLatencyMs(_ h: [UInt64]) -> Double? {
        let total = h.reduce(0, +)
        guard total > 0 else { return nil }
        var sum = 0.0
        for (i, c) in h.enumerated() { sum += Double(c) * LatencyBuckets.upperNanos(i) }
        return sum / Double(total) / 1e6
    }

    func memoryGrowth(_ idx: [Int], percent: Bool) -> Double? {
        let values = idx.compactMap { samples.rssBytes[$0] }
        guard values.count >= 2, let first = values.first else { return nil }
        // Least-squares slope × window length: robust to one noisy sample at either end.
        let n = Double(values.count)
        let xs = (0..<values.count).map(Double.init)
        let mx = xs.reduce(0, +) / n, my = values.reduce(0, +) / n
        var num = 0.0, den = 0.0
        for (x, y) in zip(xs, values) { num += (x - mx) * (y - my); den += (x - mx) * (x - mx) }
        let growth = den > 0 ? num / den * (n - 1) : 0
        return percent ? (first > 0 ? growth / first * 100 : nil) : growth
    }

    static func quantileOf(_ member: String) -> Double {
        switch member {
        case "p50": 0.5
        case "p90": 0.9
        case "p95": 0.95
        case "p999": 0.999
        case "max": 1.0
        default: 0.99
        }
    }

    /// A threshold in the unit the evaluator measures: ms, percent points, records/s, bytes.
    static func number(_ v: Value) -> Double {
        switch v {
        case .intensity(let d): d * 100
        default: v.doubleValue ?? 0
        }
    }

    static func format(_ x: Double, like v: Value) -> String {
        if x.isInfinite { return "never" }
        switch v {
        case .duration: return x >= 1000 ? "\(round1(x / 1000))s" : "\(round1(x))ms"
        case .percent, .intensity: return "\(round1(x))%"
        case .rate: return "\(Int(x.rounded()))/s"
        case .size: return x >= 1_048_576 ? "\(round1(x / 1_048_576))MiB" : "\(Int(x))B"
        default: return x == x.rounded() ? String(Int64(x)) : "\(round1(x))"
        }
    }

    static func round1(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
}

func median(_ xs: [Double]) -> Double? { quantile(xs, 0.5) }

func quantile(_ xs: [Double], _ q: Double) -> Double? {
    guard !xs.isEmpty else { return nil }
    let s = xs.sorted()
    let pos = q * Double(s.count - 1)
    let lo = Int(pos.rounded(.down)), hi = Int(pos.rounded(.up))
    return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
}
