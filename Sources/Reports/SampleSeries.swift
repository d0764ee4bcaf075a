// The sample report's metric series: a queue model of the cascade run. Generators produce about
// 4k records/s until the drain; the engine processes up to its capacity, which the faults cut
// (zero during the partition, less during the broker crash, half while a worker restarts, less
// under host pressure). Lag integrates the difference; latency grows with the queueing delay.

extension SampleReport {
    static let sampleIntervalMs: Int64 = 1250
    static let sampleCount = 216

    static func sampleSeries(passing: Bool) -> MetricSeries {
        var s = MetricSeries(intervalMs: sampleIntervalMs)
        let dt = Double(sampleIntervalMs) / 1000
        var lag = 0.0
        for i in 0..<sampleCount {
            let t = Int64(i) * sampleIntervalMs
            let input = inputRate(t, i)
            let throughput = max(0, min(capacity(t, passing: passing) * (1 + 0.02 * noise(i, 2)), input + lag / dt))
            lag = max(0, lag + (input - throughput) * dt)
            let queueMs = throughput >= 1 ? lag / throughput * 1000 : 0
            let pressure = (120_000..<150_000).contains(t)
            s.tMs.append(t)
            s.inputRate.append(input)
            s.throughput.append(throughput)
            s.lag.append(lag)
            s.latencyP50Ms.append(throughput < 1 ? nil : 16 + 3 * noise(i, 3) + 0.5 * queueMs + (pressure ? 35 : 0))
            s.latencyP99Ms.append(throughput < 1 ? nil : 72 + 12 * noise(i, 4) + 1.4 * queueMs + (pressure ? 140 : 0))
            s.errors.append((40_000..<70_000).contains(t) ? 2 + (noise(i, 5) + 1) * 2 : 0)
            s.crashes.append(!passing && t >= 141_250 ? 1 : 0)
            s.cpuPercent.append(throughput < 1 ? 4 : 60 + 30 * throughput / 4000 + 8 * noise(i, 6))
            s.rssMiB.append(212 + Double(t) / 20_000 + 3 * noise(i, 7))
        }
        return s
    }

    /// Records/s the generators produce: ~4k/s, a dip while producers fail over, 0 in the drain.
    static func inputRate(_ t: Int64, _ i: Int) -> Double {
        if t >= 240_000 { return 0 }
        let base = 4000 * (1 + 0.025 * noise(i, 1))
        return (55_000..<60_000).contains(t) ? base * 0.8 : base
    }

    /// Records/s the engine can process at time `t`.
    static func capacity(_ t: Int64, passing: Bool) -> Double {
        if (40_000..<70_000).contains(t) { return 0 }
        var cap = passing ? 11_500.0 : 9500.0
        if (55_000..<100_000).contains(t) { cap *= passing ? 0.8 : 0.62 }
        if (70_000..<76_000).contains(t) { cap *= 0.5 }
        if (120_000..<150_000).contains(t) { cap = passing ? 4700 : 4300 }
        return cap
    }

    /// Time from `removal` until the lag is back under one second of input, to the sample.
    static func recoveryMs(_ s: MetricSeries, after removal: Int64) -> Int64 {
        for (i, t) in s.tMs.enumerated() where t >= removal {
            if let lag = s.lag[i], lag < 4000 { return max(0, t - removal) }
        }
        return max(0, (s.tMs.last ?? removal) - removal)
    }

    /// The largest value of `values` at samples inside `intervals` (0 when there is none).
    static func maxValue(_ values: [Double?], _ tMs: [Int64], in intervals: [ClosedInterval]) -> Double {
        var best = 0.0
        for (i, t) in tMs.enumerated() where intervals.contains(where: { $0.startMs <= t && t <= $0.endMs }) {
            if let v = values[i] { best = max(best, v) }
        }
        return best
    }

    /// A deterministic value in [-1, 1) for sample `i` of stream `k` (SplitMix64).
    static func noise(_ i: Int, _ k: Int) -> Double {
        var z = UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: k) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 52) - 1
    }
}
