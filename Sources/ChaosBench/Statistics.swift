// Descriptive statistics of one benchmark's samples (seconds per iteration).
//
// Quantiles interpolate linearly between order statistics (Hyndman–Fan type 7, what numpy and
// R use by default). Outliers are flagged with Tukey's fences (below Q1 − 1.5·IQR or above
// Q3 + 1.5·IQR) and counted, never dropped: the median, the quantiles and the Mann–Whitney test
// are robust to them, and dropping samples would hide real tail behaviour.

/// Summary statistics of a sample of durations in seconds.
public struct BenchStatistics: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var p95: Double
    public var p99: Double
    public var min: Double
    public var max: Double
    /// Sample standard deviation (n − 1); 0 for a single sample.
    public var stddev: Double
    /// Interquartile range Q3 − Q1.
    public var iqr: Double
    /// Samples outside Tukey's fences.
    public var outliers: Int
    /// Work items (points) per second at the median duration.
    public var throughput: Double

    /// Statistics of `samples` (seconds) for a workload of `items` items; `nil` when empty.
    public init?(samples: [Double], items: Int) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(count)
        median = Self.quantile(sorted: sorted, 0.5)
        p95 = Self.quantile(sorted: sorted, 0.95)
        p99 = Self.quantile(sorted: sorted, 0.99)
        min = sorted[0]
        max = sorted[count - 1]
        let m = mean
        stddev = count > 1 ? (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot() : 0
        let q1 = Self.quantile(sorted: sorted, 0.25), q3 = Self.quantile(sorted: sorted, 0.75)
        iqr = q3 - q1
        let low = q1 - 1.5 * iqr, high = q3 + 1.5 * iqr
        outliers = sorted.filter { $0 < low || $0 > high }.count
        throughput = median > 0 ? Double(items) / median : 0
    }

    /// Coefficient of variation (stddev / mean), a unitless noise figure.
    public var relativeSpread: Double { mean > 0 ? stddev / mean : 0 }

    /// The type-7 quantile `q` (0…1) of an ascending, non-empty array.
    public static func quantile(sorted xs: [Double], _ q: Double) -> Double {
        guard xs.count > 1 else { return xs[0] }
        let h = Double(xs.count - 1) * Swift.min(Swift.max(q, 0), 1)
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, xs.count - 1)
        return xs[lo] + (h - Double(lo)) * (xs[hi] - xs[lo])
    }
}
