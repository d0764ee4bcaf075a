import Generators
import Testing

@Suite struct IoTTests {
    /// 10 devices × 20 readings/s each, period 60 s, for 30 minutes.
    func sensors(seed: UInt64, configure: (inout IoTParameters) -> Void = { _ in }) -> (IoTGenerator, PerKey) {
        var p = IoTParameters()
        p.devices = 10
        p.rate = 200
        p.period = 60
        p.noise = 0.2
        p.correlation = 0.7
        configure(&p)
        var g = IoTGenerator(parameters: p, seed: seed)
        let data = PerKey(&g, seconds: 1800)
        return (g, data)
    }

    func residuals(_ g: IoTGenerator, _ data: PerKey, device d: Int) -> [Double] {
        zip(data.times[d], data.values[d]).map { t, v in v - g.signal(device: d, seconds: t) }
    }

    @Test(arguments: [1, 42, 2026] as [UInt64]) func periodIsDeclared(seed: UInt64) {
        let (_, data) = sensors(seed: seed)
        for d in [0, 5, 9] {
            let period = Statistics.dominantPeriod(data.values[d], sampleInterval: 10.0 / 200)
            print("iot seed \(seed) device \(d) period \(period)")
            #expect(abs(period / 60 - 1) < 0.1)
        }
    }

    @Test(arguments: [(1, 0.7), (42, 0.7), (2026, 0.7), (3, 0.2), (4, 0.99), (5, 0)] as [(UInt64, Double)])
    func noiseAndNeighbourCorrelation(seed: UInt64, correlation: Double) {
        let (g, data) = sensors(seed: seed) { $0.correlation = correlation }
        for d in 0..<9 {
            let a = residuals(g, data, device: d), b = residuals(g, data, device: d + 1)
            let noise = Statistics.standardDeviation(a) / g.parameters.amplitude
            let c = Statistics.correlation(a, b)
            #expect(abs(noise - 0.2) < 0.01)
            #expect(abs(c - correlation) < 0.03)
        }
        // Correlation fades with distance along the chain: c^3 three devices apart.
        let far = Statistics.correlation(residuals(g, data, device: 0), residuals(g, data, device: 3))
        #expect(abs(far - correlation * correlation * correlation) < 0.05)
    }

    @Test(arguments: [600.0, 3600]) func longerPeriods(period: Double) {
        var p = IoTParameters()
        p.devices = 4
        p.rate = 8
        p.period = period
        p.noise = 0.5
        var g = IoTGenerator(parameters: p, seed: 17)
        let data = PerKey(&g, seconds: period * 12)
        let found = Statistics.dominantPeriod(data.values[2], sampleInterval: 0.5)
        #expect(abs(found / period - 1) < 0.1, "found \(found)")
    }

    @Test func declaredRateHolds() {
        let (_, data) = sensors(seed: 5)
        #expect(abs(Double(data.all.count) / 1800 / 200 - 1) < 0.02)
        for d in 0..<10 { #expect(data.sequences[d] == (0..<UInt64(data.sequences[d].count)).map { $0 }) }
    }

    @Test(arguments: [0.005, 0.05, 0.3]) func dropoutsAreNeverSentNorNumbered(share: Double) {
        let (_, data) = sensors(seed: 9) { $0.dropout = share }
        let expected = 1800.0 * 200 * (1 - share)
        print("iot dropout \(share) sent \(data.all.count) expected \(expected)")
        #expect(abs(Double(data.all.count) / expected - 1) < 0.02)
        for d in 0..<10 {
            // Sequence numbers have no gaps: a dropout is not a loss.
            #expect(data.sequences[d].last.map { Int($0) + 1 } == data.sequences[d].count)
        }
    }

    @Test func spikesAndStuckValues() {
        let (g, data) = sensors(seed: 11) { $0.spikes = 0.01; $0.stuck = 0.05; $0.noise = 0.1 }
        var spikes = 0, repeats = 0, total = 0
        for d in 0..<10 {
            let r = residuals(g, data, device: d)
            spikes += r.filter { abs($0) > 4 * g.parameters.amplitude }.count
            for i in 1..<data.values[d].count where data.values[d][i] == data.values[d][i - 1] { repeats += 1 }
            total += r.count
        }
        let spikeShare = Double(spikes) / Double(total), stuckShare = Double(repeats) / Double(total)
        print("iot spikes \(spikeShare) stuck \(stuckShare)")
        // A spike inside a stuck episode is frozen, so allow a little below 1 %.
        #expect(spikeShare > 0.008 && spikeShare < 0.012)
        #expect(stuckShare > 0.04 && stuckShare < 0.06)
    }
}

@Test func fullDropoutStillAdvances() {
    var p = IoTParameters()
    p.devices = 5
    p.dropout = 1
    var g = IoTGenerator(parameters: p, seed: 1)
    let a = g.next(), b = g.next()
    #expect(b.eventTimeNanos >= a.eventTimeNanos)
}
