// Estimators that check generated data against the stylized facts it must show: moments,
// autocorrelation, dispersion of counts, Hurst exponents, tail indices and dominant periods.
// Plain arrays in, plain numbers out; reused by the tests of later stages.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Statistics over samples, time series and event times.
public enum Statistics {
    /// The arithmetic mean (0 for an empty sample).
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
    }

    /// The population variance (divides by n).
    public static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(x.count)
    }

    /// The standard deviation (population).
    public static func standardDeviation(_ x: [Double]) -> Double { variance(x).squareRoot() }

    /// Excess kurtosis m4/m2² − 3 (0 for a normal sample).
    public static func excessKurtosis(_ x: [Double]) -> Double {
        let m = mean(x)
        var m2 = 0.0, m4 = 0.0
        for v in x {
            let d = (v - m) * (v - m)
            m2 += d; m4 += d * d
        }
        m2 /= Double(x.count); m4 /= Double(x.count)
        return m2 > 0 ? m4 / (m2 * m2) - 3 : 0
    }

    /// Pearson correlation of two equally long samples.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = min(x.count, y.count)
        guard n > 1 else { return 0 }
        let mx = mean(Array(x[0..<n])), my = mean(Array(y[0..<n]))
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let a = x[i] - mx, b = y[i] - my
            sxy += a * b; sxx += a * a; syy += b * b
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }

    /// Sample autocorrelation at lags 1…maxLag (the standard biased estimator).
    public static func autocorrelation(_ x: [Double], maxLag: Int) -> [Double] {
        let n = x.count
        guard n > maxLag, maxLag > 0 else { return [] }
        let m = mean(x)
        let d = x.map { $0 - m }
        var c0 = 0.0
        for v in d { c0 += v * v }
        guard c0 > 0 else { return Array(repeating: 0, count: maxLag) }
        return (1...maxLag).map { lag in
            var s = 0.0
            for i in 0..<(n - lag) { s += d[i] * d[i + lag] }
            return s / c0
        }
    }

    /// Log returns ln(p[i+1]/p[i]).
    public static func logReturns(_ prices: [Double]) -> [Double] {
        guard prices.count > 1 else { return [] }
        return (1..<prices.count).map { log(prices[$0] / prices[$0 - 1]) }
    }

    /// Counts of events (times in seconds) in consecutive bins of `width` over [start, end).
    public static func binCounts(times: [Double], width: Double, start: Double = 0, end: Double) -> [Double] {
        let bins = max(0, Int(((end - start) / width).rounded(.down)))
        var counts = [Double](repeating: 0, count: bins)
        for t in times {
            let b = Int(((t - start) / width).rounded(.down))
            if b >= 0 && b < bins { counts[b] += 1 }
        }
        return counts
    }

    /// Fano factor of counts: variance / mean (1 for a Poisson process).
    public static func fanoFactor(_ counts: [Double]) -> Double {
        let m = mean(counts)
        return m > 0 ? variance(counts) / m : 0
    }

    /// Least-squares slope of y on x.
    public static func slope(x: [Double], y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// About `count` distinct integers spaced evenly in log between `low` and `high`.
    public static func logSpacedScales(from low: Int, to high: Int, count: Int) -> [Int] {
        guard high > low, count > 1 else { return [max(low, 1)] }
        var out: [Int] = []
        let a = log(Double(low)), b = log(Double(high))
        for i in 0..<count {
            let s = Int(exp(a + (b - a) * Double(i) / Double(count - 1)).rounded())
            if out.last != s { out.append(s) }
        }
        return out
    }

    /// Hurst exponent by aggregated variance: Var(block means of size m) ∝ m^{2H−2}.
    /// Block sizes run log-spaced from `minBlock` to n / `minBlocks`. The variance of k block
    /// means around their own mean is biased low by the variance of the grand mean: for fGn
    /// E[S²] = σ²(m^{2H−2} − n^{2H−2}). The fit divides each variance by (1 − k^{2H−2}) with the
    /// current estimate and refits until H settles (pass `corrected: false` for the plain fit).
    public static func hurstAggregatedVariance(_ x: [Double], minBlock: Int = 4, minBlocks: Int = 16,
                                               corrected: Bool = true) -> Double {
        let scales = logSpacedScales(from: minBlock, to: x.count / minBlocks, count: 20)
        var lx: [Double] = [], lv: [Double] = [], blockCounts: [Double] = []
        for m in scales {
            let blocks = x.count / m
            var means = [Double](repeating: 0, count: blocks)
            for b in 0..<blocks {
                var s = 0.0
                for i in (b * m)..<((b + 1) * m) { s += x[i] }
                means[b] = s / Double(m)
            }
            let v = variance(means)
            if v > 0 { lx.append(log(Double(m))); lv.append(log(v)); blockCounts.append(Double(blocks)) }
        }
        var h = 1 + slope(x: lx, y: lv) / 2
        guard corrected else { return h }
        for _ in 0..<50 {
            let e = 2 * min(h, 0.99) - 2
            let ly = lv.indices.map { lv[$0] - log(1 - pow(blockCounts[$0], e)) }
            let next = 1 + slope(x: lx, y: ly) / 2
            if abs(next - h) < 1e-6 { return next }
            h = next
        }
        return h
    }

    /// Hurst exponent by detrended fluctuation analysis (DFA-1): the RMS deviation of the
    /// profile from per-window linear fits grows as s^H. Windows run from `minScale` to n / 8.
    public static func hurstDFA(_ x: [Double], minScale: Int = 8, minWindows: Int = 8) -> Double {
        let m = mean(x)
        var profile = [Double](repeating: 0, count: x.count)
        var acc = 0.0
        for i in x.indices { acc += x[i] - m; profile[i] = acc }
        var lx: [Double] = [], ly: [Double] = []
        for s in logSpacedScales(from: minScale, to: x.count / minWindows, count: 20) {
            let windows = x.count / s
            // Closed-form least squares against t = 0…s−1 in each window.
            let st = Double(s - 1) * Double(s) / 2
            let stt = Double(s - 1) * Double(s) * Double(2 * s - 1) / 6
            let det = Double(s) * stt - st * st
            var total = 0.0
            for w in 0..<windows {
                let base = w * s
                var sy = 0.0, sty = 0.0
                for t in 0..<s { let y = profile[base + t]; sy += y; sty += Double(t) * y }
                let b = (Double(s) * sty - st * sy) / det
                let a = (sy - b * st) / Double(s)
                for t in 0..<s {
                    let r = profile[base + t] - a - b * Double(t)
                    total += r * r
                }
            }
            let f = (total / Double(windows * s)).squareRoot()
            if f > 0 { lx.append(log(Double(s))); ly.append(log(f)) }
        }
        return slope(x: lx, y: ly)
    }

    /// Hill estimator of the tail index from the `k` largest values (of positive data).
    public static func hillTailIndex(_ x: [Double], k: Int) -> Double {
        let sorted = x.filter { $0 > 0 }.sorted(by: >)
        guard sorted.count > k, k > 0 else { return 0 }
        let threshold = log(sorted[k])
        var s = 0.0
        for i in 0..<k { s += log(sorted[i]) - threshold }
        return s > 0 ? Double(k) / s : 0
    }

    /// The period (in the units of `sampleInterval`) of the highest periodogram peak of an
    /// evenly sampled series, refined by a parabola through the peak and its neighbours.
    public static func dominantPeriod(_ x: [Double], sampleInterval: Double) -> Double {
        let n = FFT.powerOfTwo(atLeast: x.count) * 4
        let m = mean(x)
        var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
        for i in x.indices { re[i] = x[i] - m }
        FFT.transform(re: &re, im: &im)
        var best = 1
        var power = [Double](repeating: 0, count: n / 2)
        for k in 1..<(n / 2) {
            power[k] = re[k] * re[k] + im[k] * im[k]
            if power[k] > power[best] { best = k }
        }
        var offset = 0.0
        if best > 1 && best < n / 2 - 1 {
            let a = power[best - 1], b = power[best], c = power[best + 1]
            let denom = a - 2 * b + c
            if denom != 0 { offset = 0.5 * (a - c) / denom }
        }
        let frequency = (Double(best) + offset) / (Double(n) * sampleInterval)
        return 1 / frequency
    }
}
