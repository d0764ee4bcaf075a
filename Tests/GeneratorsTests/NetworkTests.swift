import Generators
import Testing

@Suite struct NetworkTests {
    /// 16 sources at 1000 flows/s for one modulation block (16384 bins of 0.1 s).
    func flows(seed: UInt64, hurst: Double = 0.8) -> PerKey {
        var p = NetworkParameters()
        p.sources = 16
        p.rate = 1000
        p.hurst = hurst
        var g = NetworkGenerator(parameters: p, seed: seed)
        return PerKey(&g, seconds: 1638.4)
    }

    func counts(_ data: PerKey) -> [Double] {
        Statistics.binCounts(times: data.all.map { Double($0.eventTimeNanos) / 1e9 }, width: 0.1, end: 1638.4)
    }

    /// Flow counts in 0.1 s bins over one long modulation block (65536 bins, 6.5 M flows).
    func longCounts(seed: UInt64, hurst: Double) -> [Double] {
        var p = NetworkParameters()
        p.sources = 16
        p.rate = 1000
        p.hurst = hurst
        p.blockBins = 65_536
        var g = NetworkGenerator(parameters: p, seed: seed)
        var counts = [Double](repeating: 0, count: p.blockBins)
        while true {
            let bin = Int(g.next().eventTimeNanos / 100_000_000)
            if bin >= counts.count { break }
            counts[bin] += 1
        }
        return counts
    }

    @Test(arguments: [(1, 0.8), (42, 0.8), (2026, 0.8), (5, 0.7), (6, 0.9), (7, 0.75), (8, 0.85)] as [(UInt64, Double)])
    func selfSimilarCounts(seed: UInt64, hurst: Double) {
        let c = longCounts(seed: seed, hurst: hurst)
        let av = Statistics.hurstAggregatedVariance(c, minBlock: 10, minBlocks: 32)
        let dfa = Statistics.hurstDFA(c, minScale: 10)
        print("network seed \(seed) H \(hurst) aggvar \(av) dfa \(dfa)")
        #expect(abs(av - hurst) < 0.1)
        #expect(abs(dfa - hurst) < 0.1)
    }

    @Test(arguments: [1, 42, 2026] as [UInt64]) func heavyTailedFlowSizes(seed: UInt64) {
        let data = flows(seed: seed)
        let sizes = data.all.map(\.value)
        let alpha = Statistics.hillTailIndex(sizes, k: sizes.count / 100)
        print("network seed \(seed) hill \(alpha)")
        #expect(alpha > 1 && alpha < 2)
        #expect(abs(alpha - 1.5) < 0.15)
    }

    @Test func declaredRateHoldsOverABlock() {
        for seed in [3, 4] as [UInt64] {
            let n = flows(seed: seed).all.count
            #expect(abs(Double(n) / 1638.4 / 1000 - 1) < 0.02)
        }
    }

    @Test func diurnalCycle() {
        var p = NetworkParameters()
        p.sources = 4
        p.rate = 500
        p.diurnal = true
        p.diurnalPeriod = 600
        var g = NetworkGenerator(parameters: p, seed: 8)
        let data = PerKey(&g, seconds: 600)
        let times = data.all.map { Double($0.eventTimeNanos) / 1e9 }
        let night = times.filter { $0 < 60 || $0 >= 540 }.count
        let noon = times.filter { $0 >= 240 && $0 < 360 }.count
        #expect(Double(noon) > 2 * Double(night))
    }
}
