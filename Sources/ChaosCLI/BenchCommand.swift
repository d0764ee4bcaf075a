// `chaosrun bench`: parses options and calls ChaosBench (suites, runner, comparison, outputs).
import ArgumentParser
import ChaosBench
import ChaosSource
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run reproducible benchmarks of the streaming TDA engine and gate on regressions.",
        discussion: """
        Suites are declared in .bench files (docs/bench.md); the seed's two are built in: \
        streaming_tda (small 1,000 / medium 10,000 / large 100,000 points through the streaming \
        engine, reported against the seed's 10 ms / 100 ms / 1 s) and multi_scale (2_scales, \
        4_scales, 8_scales). Each iteration is timed; statistics, the environment and every sample \
        go to OUTPUT/results.json, summary.md, report.html and metrics.prom.

        With --baseline, each median is compared with the baseline run's: a benchmark regressed \
        when it is slower by more than --tolerance AND a one-sided Mann–Whitney U test on the two \
        runs' samples gives p < 0.05. With --fail-on-regression the exit status is then 1.

        Exit status: 0 done (no regression, or not gating); 1 a regression with \
        --fail-on-regression; 2 a bad suite file, baseline or option.

        Examples:
          chaosrun bench --all-suites --output bench-results
          chaosrun bench --suite streaming_tda --iterations 20 --warmup 5 --seed 7
          chaosrun bench --ci-mode --fail-on-regression --baseline bench/baseline
          chaosrun bench --compare bench/baseline bench-results
          chaosrun bench --config bench/suites/my.bench --suite my_suite
        """)

    @Option(name: .customLong("suite"), help: "A suite to run (repeatable). Default: every suite.")
    var suites: [String] = []

    @Flag(help: "Run every suite (the default when no --suite is given).")
    var allSuites = false

    @Option(name: .customLong("benchmark"), help: "Only benchmarks with this name (repeatable).")
    var benchmarks: [String] = []

    @Option(help: "Timed iterations per benchmark (default: the benchmark's, the suite's, else 10).")
    var iterations: Int?

    @Option(help: "Untimed iterations before timing (default: the benchmark's, the suite's, else 2).")
    var warmup: Int?

    @Option(help: "Seed of the generated input (default: the suite's, else 42).")
    var seed: UInt64?

    @Option(help: "A .bench file or a directory of them; its suites add to (or replace) the built-in ones.")
    var config: String?

    @Option(help: "Directory for results.json, summary.md, report.html and metrics.prom.")
    var output: String = "bench-results"

    @Option(help: "A previous run (its output directory or results.json) to compare with.")
    var baseline: String?

    @Option(help: "Slowdown of a median tolerated before it counts as a regression, in percent.")
    var tolerance: Double = 10

    @Flag(help: "Exit 1 when a benchmark regressed against --baseline.")
    var failOnRegression = false

    @Flag(help: "No progress or tables on the terminal; print one JSON line with the verdict and medians.")
    var ciMode = false

    @Option(help: "Also write the Prometheus text (metrics.prom) to this file, e.g. a node_exporter textfile directory.")
    var metrics: String?

    @Option(name: .customLong("compare"), parsing: .upToNextOption,
            help: "Compare two previous runs A B (directories or results.json) without running anything.")
    var compare: [String] = []

    @Flag(help: "List the suites and their benchmarks, then exit.")
    var list = false

    func validate() throws {
        if !compare.isEmpty && compare.count != 2 { throw ValidationError("--compare takes two runs: --compare A B") }
        if allSuites && !suites.isEmpty { throw ValidationError("--all-suites and --suite exclude each other") }
        if let i = iterations, i < 1 { throw ValidationError("--iterations must be at least 1") }
        if let w = warmup, w < 0 { throw ValidationError("--warmup must not be negative") }
        if !(tolerance >= 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a non-negative percentage") }
    }

    func run() throws {
        if compare.count == 2 { return try compareRuns() }
        let catalog = try loadCatalog()
        if list {
            for s in catalog.suites {
                print("\(s.name)  (\(s.path))  \(s.description)")
                for b in s.benchmarks {
                    print("  \(b.name): \(b.points) points, scales \(b.windows.scales)" + (b.referenceSeconds.map { ", seed baseline \(BenchFormat.seconds($0))" } ?? ""))
                }
            }
            return
        }
        let chosen = try benchInput { () throws(BenchInputError) in try catalog.select(suites) }
        let base = try baseline.map { path in try benchInput { () throws(BenchInputError) in try BenchRun.load(path) } }
        let slowdown = BenchOptions.slowdown()
        let options = BenchOptions(iterations: iterations, warmup: warmup, seed: seed, slowdown: slowdown, only: benchmarks)
        let quiet = ciMode
        let runner = BenchRunner(options: options) { event in
            guard !quiet, case .started(let suite, let name, let n, let w) = event else { return }
            FileHandle.standardError.write(Data("bench \(suite)/\(name): \(w) warmup + \(n) timed iterations\n".utf8))
        }
        // Captured first: the start time and the load average before the run adds its own.
        let environment = BenchEnvironment.capture(seed: seed ?? chosen.first?.seed ?? BenchOptions.defaultSeed)
        let results = runner.run(chosen)
        if results.isEmpty { throw ValidationError("no benchmark matched --benchmark \(benchmarks.joined(separator: ", "))") }
        let run = BenchRun(environment: environment, slowdown: slowdown, results: results)
        try finish(run, baseline: base, baselineLabel: baseline)
    }

    func compareRuns() throws {
        let a = try benchInput { () throws(BenchInputError) in try BenchRun.load(compare[0]) }
        let b = try benchInput { () throws(BenchInputError) in try BenchRun.load(compare[1]) }
        try finish(b, baseline: a, baselineLabel: compare[0])
    }

    /// Compares, writes the outputs, prints, and sets the exit status.
    func finish(_ run: BenchRun, baseline: BenchRun?, baselineLabel: String?) throws {
        let comparison = baseline.map { BenchComparison(baseline: $0.results, candidate: run.results, tolerance: tolerance / 100) }
        try BenchOutputs.write(run, baseline: baseline, comparison: comparison, baselineLabel: baselineLabel, to: output)
        if let metrics {
            let text = BenchMetrics.text(run, comparison: comparison, unixTime: Date().timeIntervalSince1970.rounded())
            try Data(text.utf8).write(to: URL(fileURLWithPath: metrics))
        }
        if ciMode {
            print(BenchOutputs.ciLine(run, comparison: comparison))
        } else {
            print(BenchSummary.text(run), terminator: "")
            if let comparison {
                print("\nagainst \(baselineLabel ?? "the baseline") (tolerance \(BenchFormat.percent(comparison.tolerance)), Mann–Whitney p < \(comparison.alpha)):")
                print(comparison.table, terminator: "")
            }
            print("\nwrote \(BenchOutputs.files.map { (output as NSString).appendingPathComponent($0) }.joined(separator: ", "))")
        }
        if let comparison, !comparison.regressions.isEmpty {
            let ids = comparison.regressions.map(\.id).joined(separator: ", ")
            FileHandle.standardError.write(Data("bench: \(comparison.regressions.count) regression(s): \(ids)\n".utf8))
            if ciMode { FileHandle.standardError.write(Data(comparison.table.utf8)) }
            if failOnRegression { throw ExitCode(1) }
        }
    }

    func loadCatalog() throws -> BenchSuiteCatalog {
        let catalog = try benchInput { () throws(BenchInputError) in try BenchSuiteCatalog.load(configPath: config) }
        let renderer = RichRenderer(color: ScenarioLoader.stderrColor)
        for report in catalog.reports {
            let text = report.diagnostics.map { renderer.render($0, in: report.file) + "\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
        }
        if catalog.hasErrors {
            FileHandle.standardError.write(Data("error: \(config ?? "the suite file") is not a valid suite file\n".utf8))
            throw ExitCode(2)
        }
        return catalog
    }

    /// Runs `body`; a `BenchInputError` becomes `error: …` on stderr and exit status 2.
    func benchInput<T>(_ body: () throws(BenchInputError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
