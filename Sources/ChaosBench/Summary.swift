// summary.md: the run as GitHub-flavoured Markdown (fits a job summary or a PR comment).
import Foundation

/// Markdown and text renderings of a run.
public enum BenchSummary {
    /// summary.md.
    public static func markdown(_ run: BenchRun, comparison: BenchComparison?, baselineLabel: String?) -> String {
        var out = "# chaosrun bench\n\n"
        if let comparison {
            let n = comparison.regressions.count
            out += n == 0 ? "**No regression** against \(baselineLabel ?? "the baseline") (tolerance \(BenchFormat.percent(comparison.tolerance)), Mann–Whitney p < \(comparison.alpha)).\n\n"
                          : "**\(n) regression\(n == 1 ? "" : "s")** against \(baselineLabel ?? "the baseline") (tolerance \(BenchFormat.percent(comparison.tolerance)), Mann–Whitney p < \(comparison.alpha)).\n\n"
        }
        out += "| benchmark | points | iterations | median | mean | p95 | p99 | min | max | stddev | outliers | throughput | vs seed |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for r in run.results {
            let s = r.statistics
            let seed = r.referenceSeconds.map { "\(BenchFormat.ratio(s.median / $0)) of \(BenchFormat.seconds($0))" } ?? "—"
            out += "| \(r.id) | \(r.points) | \(s.count) | \(BenchFormat.seconds(s.median)) | \(BenchFormat.seconds(s.mean)) | "
            out += "\(BenchFormat.seconds(s.p95)) | \(BenchFormat.seconds(s.p99)) | \(BenchFormat.seconds(s.min)) | "
            out += "\(BenchFormat.seconds(s.max)) | \(BenchFormat.seconds(s.stddev)) | \(s.outliers) | "
            out += "\(BenchFormat.rate(s.throughput)) | \(seed) |\n"
        }
        if let comparison {
            out += "\n## Against the baseline\n\n| benchmark | baseline | new | change | p | noise (IQR/median) base / new | verdict |\n"
            out += "|---|---:|---:|---:|---:|---:|---|\n"
            for row in comparison.rows {
                out += "| \(row.id) | \(row.baselineMedian.map(BenchFormat.seconds) ?? "—") | \(row.candidateMedian.map(BenchFormat.seconds) ?? "—") | "
                out += "\(row.change.map(BenchFormat.signedPercent) ?? "—") | \(row.pValue.map(BenchFormat.pValue) ?? "—") | "
                out += "\(row.baselineNoise.map(BenchFormat.percent) ?? "—") / \(row.candidateNoise.map(BenchFormat.percent) ?? "—") | "
                out += "\(row.verdict == .regression ? "**regression**" : row.verdict.rawValue) |\n"
            }
        }
        out += "\n## Environment\n\n| | |\n|---|---|\n"
        for (k, v) in run.environment.rows { out += "| \(k) | \(v) |\n" }
        if run.slowdown != 1 { out += "| slowdown (test switch) | ×\(run.slowdown) |\n" }
        return out
    }

    /// The terminal table printed after a run.
    public static func text(_ run: BenchRun) -> String {
        let header = ["benchmark", "median", "mean", "p95", "p99", "min", "max", "stddev", "throughput", "vs seed"]
        var rows = [header]
        for r in run.results {
            let s = r.statistics
            rows.append([r.id, BenchFormat.seconds(s.median), BenchFormat.seconds(s.mean), BenchFormat.seconds(s.p95),
                         BenchFormat.seconds(s.p99), BenchFormat.seconds(s.min), BenchFormat.seconds(s.max),
                         BenchFormat.seconds(s.stddev), BenchFormat.rate(s.throughput),
                         r.referenceSeconds.map { BenchFormat.ratio(s.median / $0) } ?? "—"])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
