import Generators
import Testing

@Suite struct MarketTests {
    static let seeds: [UInt64] = [1, 42, 2026]

    /// 600,000 ticks of two symbols per seed, generated once and shared by the tests below.
    static let ticksBySeed: [UInt64: PerKey] = Dictionary(uniqueKeysWithValues: seeds.map { seed in
        var p = MarketParameters()
        p.symbols = 2
        p.rate = 200
        var g = MarketGenerator(parameters: p, seed: seed)
        return (seed, PerKey(&g, count: 600_000))
    })

    func ticks(seed: UInt64) -> PerKey { Self.ticksBySeed[seed]! }

    @Test(arguments: seeds) func heavyTailedReturns(seed: UInt64) {
        let data = ticks(seed: seed)
        for prices in data.values {
            let k = Statistics.excessKurtosis(Statistics.logReturns(prices))
            print("market seed \(seed) kurtosis \(k)")
            #expect(k > 3)
        }
    }

    @Test(arguments: seeds) func noLinearAutocorrelation(seed: UInt64) {
        let data = ticks(seed: seed)
        for prices in data.values {
            let acf = Statistics.autocorrelation(Statistics.logReturns(prices), maxLag: 10)
            print("market seed \(seed) acf(r) max \(acf.map(abs).max()!)")
            #expect(acf.allSatisfy { abs($0) < 0.05 })
        }
    }

    @Test(arguments: seeds) func volatilityClustering(seed: UInt64) {
        let data = ticks(seed: seed)
        for prices in data.values {
            let absolute = Statistics.logReturns(prices).map(abs)
            let acf = Statistics.autocorrelation(absolute, maxLag: 20)
            print("market seed \(seed) acf(|r|) lag1 \(acf[0]) lag10 \(acf[9]) lag20 \(acf[19])")
            #expect(acf.allSatisfy { $0 > 0.1 })
            // Slow decay: lag 20 keeps at least a third of lag 1.
            #expect(acf[19] > acf[0] / 3)
        }
    }

    @Test(arguments: seeds) func clusteredArrivals(seed: UInt64) {
        let data = ticks(seed: seed)
        for times in data.times {
            let counts = Statistics.binCounts(times: times, width: 5, end: times.last!)
            let fano = Statistics.fanoFactor(counts)
            print("market seed \(seed) fano \(fano)")
            #expect(fano > 1.5)
        }
    }

    @Test func declaredRateHolds() {
        var p = MarketParameters()
        p.symbols = 20
        p.rate = 2000
        var g = MarketGenerator(parameters: p, seed: 7)
        let data = PerKey(&g, seconds: 600)
        let rate = Double(data.all.count) / 600
        print("market rate \(rate)")
        #expect(abs(rate / 2000 - 1) < 0.02)
    }

    @Test func gbmHasThinTails() {
        var p = MarketParameters()
        p.symbols = 1
        p.model = .gbm
        var g = MarketGenerator(parameters: p, seed: 3)
        let data = PerKey(&g, count: 200_000)
        let k = Statistics.excessKurtosis(Statistics.logReturns(data.values[0]))
        #expect(abs(k) < 0.2)
    }
}
