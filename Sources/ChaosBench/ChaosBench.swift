// ChaosBench: `chaosrun bench` without the command line — suites (declared in `.bench` files,
// the seed's two built in), the workloads they time, statistics over the samples, environment
// capture, regression detection against a baseline run, and the output files (results.json,
// summary.md, report.html, metrics.prom).
//
// Flow: `BenchSuiteParser` reads suites → `BenchRunner` times each benchmark (warmup, then
// iterations; one sample = one full workload) → `BenchResult` (samples + `BenchStatistics`) →
// `BenchComparison` against a baseline → `BenchOutputs` writes the files.
//
// Benchmarks are benchmarks, not timed tests (docs/bench.md): tests of this module assert
// behaviour on tiny workloads; real numbers are taken in release builds.

/// The module's version of its output format (`results.json` `schema_version`).
public enum ChaosBenchInfo {
    /// Bumped when a key of results.json changes meaning or disappears.
    public static let schemaVersion = 1
}
