import Testing
@testable import ChaosBench

@Suite struct StatisticsTests {
    @Test func quantilesInterpolateLinearly() {
        let s = BenchStatistics(samples: [4, 1, 3, 2, 5], items: 10)!
        #expect(s.median == 3)
        #expect(s.min == 1 && s.max == 5)
        #expect(s.mean == 3)
        #expect(abs(s.p95 - 4.8) < 1e-12)
        #expect(abs(s.p99 - 4.96) < 1e-12)
        #expect(abs(s.stddev - 2.5.squareRoot()) < 1e-12)
        #expect(s.iqr == 2)
        #expect(abs(s.throughput - 10.0 / 3) < 1e-12)
        #expect(s.outliers == 0)
    }

    @Test func outliersAreCountedNotDropped() {
        let s = BenchStatistics(samples: [1, 1.1, 0.9, 1.05, 0.95, 10], items: 1)!
        #expect(s.outliers == 1)
        #expect(s.count == 6)
        #expect(s.max == 10)
        #expect(s.median == 1.025)
    }

    @Test func singleSample() {
        let s = BenchStatistics(samples: [0.5], items: 100)!
        #expect(s.median == 0.5 && s.p99 == 0.5 && s.stddev == 0 && s.throughput == 200)
        #expect(BenchStatistics(samples: [], items: 1) == nil)
    }

    @Test func mannWhitneyExactMatchesTables() throws {
        // Complete separation, 4 vs 4: P(U >= 16) = 1 / C(8, 4) = 1/70.
        let t = try #require(MannWhitney(candidate: [5, 6, 7, 8], baseline: [1, 2, 3, 4]))
        #expect(t.exact && t.u == 16)
        #expect(abs(t.pValue - 1.0 / 70) < 1e-12)
        // Reversed: every arrangement has U >= 0.
        #expect(MannWhitney(candidate: [1, 2, 3, 4], baseline: [5, 6, 7, 8])!.pValue == 1)
        // 3 vs 3, U = 8 of 9: P(U >= 8) = 2/20.
        let u = try #require(MannWhitney(candidate: [3, 5, 6], baseline: [1, 2, 4]))
        #expect(u.u == 8 && abs(u.pValue - 0.1) < 1e-12)
    }

    @Test func mannWhitneyWithTiesUsesNormalApproximation() throws {
        let t = try #require(MannWhitney(candidate: [2, 2, 3, 3, 4, 4], baseline: [1, 1, 2, 2, 3, 3]))
        #expect(!t.exact)
        #expect(t.pValue > 0 && t.pValue < 0.2)
        let same = try #require(MannWhitney(candidate: [1, 1, 1], baseline: [1, 1, 1]))
        #expect(same.pValue == 1)
    }
}
