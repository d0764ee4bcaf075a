// The one-sided Mann–Whitney U test: is a candidate's distribution shifted to larger values
// (slower) than a baseline's? Rank-based, so it needs no normality and shrugs off outliers.
//
// p-value: exact (the null distribution of U counted by dynamic programming) when both samples
// have at most 50 values and there are no ties; otherwise the normal approximation with tie
// correction and a continuity correction.

/// Result of a one-sided Mann–Whitney U test.
public struct MannWhitney: Sendable, Equatable {
    /// U of the candidate: pairs (candidate, baseline) with candidate > baseline, ties count ½.
    public var u: Double
    /// P(U ≥ observed) when both samples come from one distribution.
    public var pValue: Double
    /// Whether the exact distribution was used.
    public var exact: Bool

    /// Tests whether `candidate` tends to be larger than `baseline`; `nil` when either is empty.
    public init?(candidate: [Double], baseline: [Double]) {
        let n1 = candidate.count, n2 = baseline.count
        guard n1 > 0, n2 > 0 else { return nil }
        var pooled = candidate.map { ($0, true) } + baseline.map { ($0, false) }
        pooled.sort { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[k] = rank }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        var r1 = 0.0
        for (k, p) in pooled.enumerated() where p.1 { r1 += ranks[k] }
        u = r1 - Double(n1 * (n1 + 1)) / 2
        if tieTerm == 0 && n1 <= 50 && n2 <= 50 {
            exact = true
            pValue = Self.exactUpperTail(u: Int(u.rounded()), n1: n1, n2: n2)
        } else {
            exact = false
            let n = Double(n1 + n2)
            let mean = Double(n1 * n2) / 2
            let variance = Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
            if variance <= 0 {
                pValue = 1
            } else {
                let z = (u - mean - 0.5) / variance.squareRoot()
                pValue = 0.5 * erfc(z / 2.0.squareRoot())
            }
        }
    }

    /// P(U ≥ u) under the null hypothesis, by counting rank arrangements.
    static func exactUpperTail(u: Int, n1: Int, n2: Int) -> Double {
        // counts[a][b][k] is built incrementally: f(a, b, k) = f(a-1, b, k-b) + f(a, b-1, k).
        let maxU = n1 * n2
        var table = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n2 + 1)
        for b in 0...n2 { table[b][0] = 1 }
        if n1 > 0 {
            for _ in 1...n1 {
                var next = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n2 + 1)
                next[0][0] = 1
                for b in 0...n2 {
                    for k in 0...maxU {
                        var v = 0.0
                        if k - b >= 0 { v += table[b][k - b] }
                        if b > 0 { v += next[b - 1][k] }
                        if b == 0 && k == 0 { v = 1 }
                        next[b][k] = v
                    }
                }
                table = next
            }
        }
        let counts = table[n2]
        let total = counts.reduce(0, +)
        var tail = 0.0
        for k in Swift.max(0, u)...maxU { tail += counts[k] }
        return Swift.min(1, tail / total)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
