import Foundation
import Testing
@testable import ChaosBench

/// A suite small enough for tests: 56 windows of 49 points per iteration.
let tinySuite = BenchSuiteParser.parse(path: "tiny.bench", text: """
    suite "tiny" {
      seed 3
      window 50
      stride 10
      embed 2
      scales [1]
      benchmark "a" points: 600, baseline: 1ms
    }
    """).suites

func result(_ samples: [Double], id: String = "s/a") -> BenchResult {
    let parts = id.split(separator: "/").map(String.init)
    return BenchResult(suite: parts[0], name: parts[1], points: 100, windows: BenchSuite.engineDefaultWindows,
                       iterations: samples.count, warmup: 0, samples: samples, windowsEmitted: 0, referenceSeconds: nil)
}

@Suite struct RegressionTests {
    @Test func workloadIsDeterministic() {
        let w1 = BenchWorkload(points: 600, seed: 3), w2 = BenchWorkload(points: 600, seed: 3)
        let windows = tinySuite[0].benchmarks[0].windows
        let a = w1.run(windows: windows), b = w2.run(windows: windows)
        #expect(a == b)
        #expect(a.windows == (600 - 50) / 10 + 1)
        #expect(a.checksum > 0)
        #expect(BenchWorkload(points: 600, seed: 4).run(windows: windows) != a)
        // The slowdown switch multiplies the records pushed through the engine.
        #expect(w1.run(windows: windows, slowdown: 2).windows == (1200 - 50) / 10 + 1)
    }

    @Test func slowdownSwitchReadsTheEnvironment() {
        #expect(BenchOptions.slowdown(environment: [:]) == 1)
        #expect(BenchOptions.slowdown(environment: ["CHAOSRUN_BENCH_SLOWDOWN": "2.0"]) == 2)
        #expect(BenchOptions.slowdown(environment: ["CHAOSRUN_BENCH_SLOWDOWN": "0.1"]) == 1)
        #expect(BenchOptions.slowdown(environment: ["CHAOSRUN_BENCH_SLOWDOWN": "fast"]) == 1)
    }

    @Test func aDeliberatelySlowedBenchmarkIsARegression() throws {
        // 10× the work: far beyond the noise even on a loaded 2-core machine.
        let base = BenchRunner(options: BenchOptions(iterations: 10, warmup: 1)).run(tinySuite)
        let slow = BenchRunner(options: BenchOptions(iterations: 10, warmup: 1, slowdown: 10)).run(tinySuite)
        let c = BenchComparison(baseline: base, candidate: slow, tolerance: 0.10)
        let row = try #require(c.rows.first)
        #expect(row.verdict == .regression, "\(c.table)")
        #expect(row.change! > 0.5)
        #expect(row.pValue! < 0.05)
        #expect(c.table.contains("REGRESSION"))
        // The other way round it is an improvement, and a run against itself is unchanged.
        #expect(BenchComparison(baseline: slow, candidate: base, tolerance: 0.10).rows[0].verdict == .improvement)
        #expect(BenchComparison(baseline: base, candidate: base, tolerance: 0.10).regressions.isEmpty)
    }

    @Test func slowerWithinNoiseIsNotARegression() {
        // Medians 20 % apart, but the samples overlap completely.
        let base = result([1.0, 1.5, 0.6, 1.4, 0.7, 1.3, 0.8, 1.0])
        let new = result([1.2, 0.6, 1.5, 0.7, 1.4, 1.2, 1.6, 0.9])
        let row = BenchComparison(baseline: [base], candidate: [new], tolerance: 0.10).rows[0]
        #expect(row.change! > 0.1)
        #expect(row.verdict == .noisy)
    }

    @Test func significantButWithinToleranceIsUnchanged() {
        let base = result([1.00, 1.01, 1.02, 1.00, 1.01])
        let new = result([1.05, 1.06, 1.05, 1.06, 1.05])
        let row = BenchComparison(baseline: [base], candidate: [new], tolerance: 0.10).rows[0]
        #expect(row.verdict == .unchanged)
        #expect(BenchComparison(baseline: [base], candidate: [new], tolerance: 0.02).rows[0].verdict == .regression)
    }

    @Test func tooFewSamplesNeverGate() {
        let row = BenchComparison(baseline: [result([1, 1.01, 1.02])], candidate: [result([5, 5.1, 5.2])], tolerance: 0.1).rows[0]
        #expect(row.verdict == .insufficient)
    }

    @Test func newAndMissingBenchmarks() {
        let c = BenchComparison(baseline: [result([1], id: "s/old")], candidate: [result([1], id: "s/new")], tolerance: 0.1)
        #expect(c.rows.map(\.verdict) == [.new, .missing])
        #expect(c.regressions.isEmpty)
    }
}
