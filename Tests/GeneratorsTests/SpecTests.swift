import Generators
import Testing

@Suite struct SpecTests {
    static let specs: [GeneratorSpec] = [.iot(IoTParameters()), .market(MarketParameters()), .network(NetworkParameters())]

    /// Batches through `any RecordGenerator` equal the concrete generator's records.
    @Test(arguments: specs) func existentialBatchesMatchConcreteStream(spec: GeneratorSpec) {
        var any = spec.makeGenerator(seed: 11, name: "flows")
        var batched: [GeneratedRecord] = [], buffer: [GeneratedRecord] = []
        for _ in 0..<5 { any.fill(&buffer, count: 1000); batched += buffer }
        var one: [GeneratedRecord] = []
        switch spec {
        case .iot(let p): var g = IoTGenerator(parameters: p, seed: 11, name: "flows"); for _ in 0..<5000 { one.append(g.next()) }
        case .market(let p): var g = MarketGenerator(parameters: p, seed: 11, name: "flows"); for _ in 0..<5000 { one.append(g.next()) }
        case .network(let p): var g = NetworkGenerator(parameters: p, seed: 11, name: "flows"); for _ in 0..<5000 { one.append(g.next()) }
        }
        #expect(batched == one)
        #expect(any.kind == spec.kind)
    }

    /// The generator name enters the seed: two generators of one kind in a scenario differ.
    @Test func nameChangesTheStream() {
        var a = GeneratorSpec.market(MarketParameters()).makeGenerator(seed: 1, name: "ticks")
        var b = GeneratorSpec.market(MarketParameters()).makeGenerator(seed: 1, name: "ticks2")
        var x: [GeneratedRecord] = [], y: [GeneratedRecord] = []
        a.fill(&x, count: 100); b.fill(&y, count: 100)
        #expect(x != y)
    }

    @Test func kindIdsAreStable() {
        #expect(GeneratorKind.allCases.map(\.id) == [1, 2, 3])
        #expect(GeneratorKind(id: 2) == .market)
        #expect(GeneratorKind(id: 9) == nil)
    }

    @Test func keyNamesArePaddedAndUnique() {
        #expect(KeyNames.make(prefix: "device", count: 3) == ["device-0000", "device-0001", "device-0002"])
        let many = KeyNames.make(prefix: "src", count: 20_000)
        #expect(many.last == "src-19999" && many.first == "src-00000" && Set(many).count == 20_000)
    }

    /// Declared rates over a fixed event-time span, for every kind, within 2 %.
    @Test(arguments: [(GeneratorKind.iot, 4000.0), (.market, 2000), (.network, 2000)])
    func declaredRate(kind: GeneratorKind, rate: Double) {
        let spec: GeneratorSpec
        switch kind {
        case .iot: var p = IoTParameters(); p.rate = rate; p.devices = 200; spec = .iot(p)
        case .market: var p = MarketParameters(); p.rate = rate; p.symbols = 20; spec = .market(p)
        case .network: var p = NetworkParameters(); p.rate = rate; p.sources = 64; spec = .network(p)
        }
        // Network holds its rate over a modulation block (16384 × 0.1 s); the others over 5 minutes.
        let seconds = kind == .network ? 1638.4 : 300
        for seed: UInt64 in [1, 2, 3] {
            var g = spec.makeGenerator(seed: seed, name: nil)
            var count = 0
            let end = Int64(seconds * 1e9)
            var buffer: [GeneratedRecord] = []
            outer: while true {
                g.fill(&buffer, count: 4096)
                for r in buffer { if r.eventTimeNanos >= end { break outer }; count += 1 }
            }
            let achieved = Double(count) / seconds
            #expect(abs(achieved / rate - 1) < 0.02, "seed \(seed): \(achieved)/s")
        }
    }
}

@Suite struct SpecFromFieldsTests {
    @Test func languageFieldsMapToParameters() {
        let iot = GeneratorSpec(kind: "iot", fields: ["devices": .number(200), "rate": .number(4000), "period": .number(60),
                                                      "noise": .number(0.2), "dropout": .number(0.5), "unknown": .word("x")])
        guard case .iot(let p)? = iot else { Issue.record("not iot"); return }
        #expect(p.devices == 200 && p.rate == 4000 && p.period == 60 && p.noise == 0.2 && p.dropout == 0.005)
        #expect(p.correlation == 0.5)
        guard case .market(let m)? = GeneratorSpec(kind: "market", fields: ["model": .word("gbm"), "symbols": .number(20)]) else {
            Issue.record("not market"); return
        }
        #expect(m.model == .gbm && m.symbols == 20)
        guard case .network(let n)? = GeneratorSpec(kind: "network", fields: ["diurnal": .flag(true), "hurst": .number(0.7)]) else {
            Issue.record("not network"); return
        }
        #expect(n.diurnal && n.hurst == 0.7 && n.sources == 32)
        #expect(GeneratorSpec(kind: "weather", fields: [:]) == nil)
        #expect(GeneratorSpec(kind: "market", fields: ["model": .word("heston")]) == nil)
    }
}
