// Scales, ticks and line geometry for the inline SVG plots: "nice" value ticks (1, 2, 5 × 10^k),
// time ticks on round durations, and polylines that break at missing samples and are thinned
// (min/max per bucket) when a soak run has far more samples than pixels.

/// A linear map from data to pixels.
struct LinearScale {
    var domain: (lo: Double, hi: Double)
    var range: (lo: Double, hi: Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.hi - domain.lo
        guard span > 0, span.isFinite else { return range.lo }
        let t = (v - domain.lo) / span
        return range.lo + min(max(t, -0.02), 1.02) * (range.hi - range.lo)
    }
}

/// Tick positions for axes.
enum Ticks {
    /// Round ticks covering `lo...hi` with about `target` steps; the returned domain ends on ticks.
    static func nice(lo: Double, hi: Double, target: Int = 5) -> (ticks: [Double], lo: Double, hi: Double) {
        var lo = lo.isFinite ? lo : 0, hi = hi.isFinite ? hi : 1
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 1e-9 { hi = lo + max(1, abs(lo) * 0.1) }
        let step = niceStep((hi - lo) / Double(max(1, target)))
        let first = (lo / step).rounded(.down) * step
        let last = (hi / step).rounded(.up) * step
        var ticks: [Double] = []
        var v = first
        while v <= last + step * 0.5, ticks.count < 50 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return (ticks, first, last)
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where m * magnitude >= raw { return m * magnitude }
        return 10 * magnitude
    }

    /// Time ticks (ms) from 0 to `spanMs` on round durations, at most about 12 of them.
    static func time(spanMs: Int64) -> [Int64] {
        let span = max(spanMs, 1)
        let steps: [Int64] = [100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
                              600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000]
        let step = steps.first { span / $0 <= 12 } ?? max(1, span / 12)
        var ticks: [Int64] = []
        var t: Int64 = 0
        while t <= span, ticks.count < 100 {
            ticks.append(t)
            let (next, overflow) = t.addingReportingOverflow(step)
            if overflow { break }
            t = next
        }
        return ticks
    }
}

/// A point in pixels.
struct PlotPoint: Equatable {
    var x: Double
    var y: Double
}

/// Polyline geometry.
enum PlotPath {
    /// Runs of consecutive finite samples (at least one point each), in pixels.
    static func segments(tMs: [Int64], values: [Double?], x: LinearScale, y: LinearScale) -> [[PlotPoint]] {
        var segments: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        for i in 0..<min(tMs.count, values.count) {
            if let v = values[i], v.isFinite {
                current.append(PlotPoint(x: x(Double(tMs[i])), y: y(v)))
            } else if !current.isEmpty {
                segments.append(current); current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments.map { thinned($0, buckets: 1200) }
    }

    /// Keeps the first, minimum, maximum and last point of each bucket when there are more than
    /// `buckets` × 2 points, so spikes survive thinning.
    static func thinned(_ points: [PlotPoint], buckets: Int) -> [PlotPoint] {
        guard buckets > 0, points.count > buckets * 2 else { return points }
        let size = (points.count + buckets - 1) / buckets
        var out: [PlotPoint] = []
        out.reserveCapacity(buckets * 4)
        var start = 0
        while start < points.count {
            let end = min(start + size, points.count)
            let bucket = points[start..<end]
            var lo = start, hi = start
            for i in bucket.indices {
                if points[i].y < points[lo].y { lo = i }
                if points[i].y > points[hi].y { hi = i }
            }
            for i in Set([start, lo, hi, end - 1]).sorted() { out.append(points[i]) }
            start = end
        }
        return out
    }

    /// SVG path data `M x y L x y …` with one decimal.
    static func data(_ points: [PlotPoint]) -> String {
        var out = ""
        out.reserveCapacity(points.count * 14)
        for (i, p) in points.enumerated() {
            out += (i == 0 ? "M" : "L") + px(p.x) + " " + px(p.y)
        }
        return out
    }

    static func px(_ v: Double) -> String { ReportFormat.fixed(v, 1) }
}
