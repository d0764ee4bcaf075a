// Writing a run's files into `--output DIR`.
import ChaosSource

typealias ChaosSourceJSON = JSON
import Foundation

/// The files of a run.
public enum BenchOutputs {
    /// File names written into the output directory.
    public static let files = ["results.json", "summary.md", "report.html", "metrics.prom"]

    /// Writes every file into `directory` (created if needed); returns their paths.
    @discardableResult
    public static func write(_ run: BenchRun, baseline: BenchRun?, comparison: BenchComparison?, baselineLabel: String?,
                             to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let contents = [
            run.json.serialized(pretty: true) + "\n",
            BenchSummary.markdown(run, comparison: comparison, baselineLabel: baselineLabel),
            BenchHTMLReport.render(run, baseline: baseline, comparison: comparison),
            BenchMetrics.text(run, comparison: comparison, unixTime: Date().timeIntervalSince1970.rounded()),
        ]
        var paths: [String] = []
        for (name, text) in zip(files, contents) {
            let path = (directory as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths
    }

    /// The one-line JSON `--ci-mode` prints: status, regressions and every median.
    public static func ciLine(_ run: BenchRun, comparison: BenchComparison?) -> String {
        var benchmarks: [String: ChaosSourceJSON] = [:]
        for r in run.results {
            benchmarks[r.id] = .object(["median": .double(r.statistics.median), "p95": .double(r.statistics.p95),
                                        "throughput": .double(r.statistics.throughput)])
        }
        let regressions = comparison?.regressions.map { ChaosSourceJSON.string($0.id) } ?? []
        return ChaosSourceJSON.object([
            "status": .string(regressions.isEmpty ? "pass" : "regression"),
            "regressions": .array(regressions),
            "benchmarks": .object(benchmarks),
            "commit": .string(run.environment.gitCommit),
            "build": .string(run.environment.buildConfiguration),
        ]).serialized()
    }
}
