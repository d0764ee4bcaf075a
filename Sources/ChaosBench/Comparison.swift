// Regression detection against a baseline run.
//
// A benchmark regressed when both hold:
//   1. its median got slower by more than the tolerance: median_new / median_base − 1 > tolerance;
//   2. the slowdown is larger than the noise of both runs: a one-sided Mann–Whitney U test on the
//      two sets of samples says the new samples are larger with p < 0.05.
// (1) alone would flag noise on a busy machine; (2) alone would flag a real but negligible 1 %
// change. An improvement is the mirror image. With fewer than 4 samples on a side the test
// cannot reach p < 0.05 (3 + 3 samples give at best p = 0.05), so such rows are
// `insufficient` and never gate.
import Foundation

/// The verdict of one benchmark against its baseline.
public enum BenchVerdict: String, Sendable {
    case regression, improvement, unchanged
    /// Slower or faster beyond the tolerance, but within the noise.
    case noisy
    /// Too few samples for the test to decide.
    case insufficient
    /// In the new run only.
    case new
    /// In the baseline only.
    case missing
}

/// One row of a comparison.
public struct BenchComparisonRow: Sendable {
    public var id: String
    public var baselineMedian: Double?
    public var candidateMedian: Double?
    /// candidate / baseline − 1 (0.25 = 25 % slower).
    public var change: Double?
    /// One-sided Mann–Whitney p-value in the direction of the change.
    public var pValue: Double?
    /// Relative IQR (IQR / median) of each side: the noise figure shown in the table.
    public var baselineNoise: Double?
    public var candidateNoise: Double?
    public var verdict: BenchVerdict
}

/// A candidate run against a baseline run.
public struct BenchComparison: Sendable {
    public var tolerance: Double
    public var alpha: Double
    public var rows: [BenchComparisonRow]

    public var regressions: [BenchComparisonRow] { rows.filter { $0.verdict == .regression } }

    /// Compares by benchmark id; `tolerance` is a fraction (0.10 = 10 %).
    public init(baseline: [BenchResult], candidate: [BenchResult], tolerance: Double, alpha: Double = 0.05) {
        self.tolerance = tolerance
        self.alpha = alpha
        var rows: [BenchComparisonRow] = []
        let base = Dictionary(baseline.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for c in candidate {
            guard let b = base[c.id] else {
                rows.append(BenchComparisonRow(id: c.id, candidateMedian: c.statistics.median, candidateNoise: Self.noise(c), verdict: .new))
                continue
            }
            rows.append(Self.row(b, c, tolerance: tolerance, alpha: alpha))
        }
        let seen = Set(candidate.map(\.id))
        for b in baseline where !seen.contains(b.id) {
            rows.append(BenchComparisonRow(id: b.id, baselineMedian: b.statistics.median, baselineNoise: Self.noise(b), verdict: .missing))
        }
        self.rows = rows
    }

    static func noise(_ r: BenchResult) -> Double {
        r.statistics.median > 0 ? r.statistics.iqr / r.statistics.median : 0
    }

    static func row(_ b: BenchResult, _ c: BenchResult, tolerance: Double, alpha: Double) -> BenchComparisonRow {
        let mb = b.statistics.median, mc = c.statistics.median
        let change = mb > 0 ? mc / mb - 1 : 0
        let slower = change >= 0
        let test = slower ? MannWhitney(candidate: c.samples, baseline: b.samples)
                          : MannWhitney(candidate: b.samples, baseline: c.samples)
        let p = test?.pValue ?? 1
        let verdict: BenchVerdict
        if abs(change) <= tolerance {
            verdict = .unchanged
        } else if min(b.samples.count, c.samples.count) < 4 {
            verdict = .insufficient
        } else if p < alpha {
            verdict = slower ? .regression : .improvement
        } else {
            verdict = .noisy
        }
        return BenchComparisonRow(id: c.id, baselineMedian: mb, candidateMedian: mc, change: change, pValue: p,
                                  baselineNoise: noise(b), candidateNoise: noise(c), verdict: verdict)
    }

    /// A fixed-width text table, one line per benchmark.
    public var table: String {
        var lines = [pad(["benchmark", "baseline", "new", "change", "p", "noise base/new", "verdict"])]
        for r in rows {
            lines.append(pad([
                r.id, r.baselineMedian.map(BenchFormat.seconds) ?? "—", r.candidateMedian.map(BenchFormat.seconds) ?? "—",
                r.change.map(BenchFormat.signedPercent) ?? "—", r.pValue.map { BenchFormat.pValue($0) } ?? "—",
                "\(r.baselineNoise.map(BenchFormat.percent) ?? "—")/\(r.candidateNoise.map(BenchFormat.percent) ?? "—")",
                r.verdict == .regression ? "REGRESSION" : r.verdict.rawValue,
            ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ cells: [String]) -> String {
        let widths = [28, 10, 10, 9, 8, 15, 12]
        return zip(cells, widths).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingTrailingSpaces()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
