import Generators
import Testing

@Suite struct DeterminismTests {
    func records(_ kind: GeneratorKind, seed: UInt64, count: Int = 20_000) -> [GeneratedRecord] {
        var out: [GeneratedRecord] = []
        switch kind {
        case .iot:
            var p = IoTParameters(); p.dropout = 0.01; p.spikes = 0.01; p.stuck = 0.01
            var g = IoTGenerator(parameters: p, seed: seed); g.fill(&out, count: count)
        case .market:
            var g = MarketGenerator(parameters: MarketParameters(), seed: seed); g.fill(&out, count: count)
        case .network:
            var g = NetworkGenerator(parameters: NetworkParameters(), seed: seed); g.fill(&out, count: count)
        }
        return out
    }

    @Test(arguments: GeneratorKind.allCases) func sameSeedSameStream(kind: GeneratorKind) {
        #expect(records(kind, seed: 42) == records(kind, seed: 42))
    }

    @Test(arguments: GeneratorKind.allCases) func differentSeedDifferentStream(kind: GeneratorKind) {
        let a = records(kind, seed: 42), b = records(kind, seed: 43)
        let same = zip(a, b).filter { $0.value == $1.value }.count
        #expect(same < a.count / 100)
    }

    @Test(arguments: GeneratorKind.allCases) func timeOrderedWithDenseSequences(kind: GeneratorKind) {
        let r = records(kind, seed: 5)
        #expect(zip(r, r.dropFirst()).allSatisfy { $0.eventTimeNanos <= $1.eventTimeNanos })
        var next: [Int32: UInt64] = [:]
        for x in r {
            #expect(x.sequence == next[x.key, default: 0])
            next[x.key] = x.sequence + 1
        }
    }

    /// Pinned values: a change to the RNG, the seeding hash or a model shows up here first.
    @Test func pinnedValues() {
        var sm = SplitMix64(seed: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
        #expect(StreamSeed.fnv1a(generator: "", key: "") == 0xAF63_BD4C_8601_B7DF)
        let a = StreamSeed.derive(scenarioSeed: 42, generator: "iot", key: "device-0000")
        let b = StreamSeed.derive(scenarioSeed: 42, generator: "iot", key: "device-0001")
        let c = StreamSeed.derive(scenarioSeed: 43, generator: "iot", key: "device-0000")
        #expect(a != b && a != c)
        #expect(a == StreamSeed.derive(scenarioSeed: 42, generator: "iot", key: "device-0000"))
    }

    /// A key's stream does not depend on how many other keys the generator has.
    @Test func keyStreamsAreIndependentOfKeyCount() {
        var p = NetworkParameters()
        p.sources = 4
        var small = NetworkGenerator(parameters: p, seed: 9)
        p.sources = 8
        var large = NetworkGenerator(parameters: p, seed: 9)
        // Flow sizes of src-0000 come from its own generator in both.
        var a: [Double] = [], b: [Double] = []
        while a.count < 200 { let r = small.next(); if r.key == 0 { a.append(r.value) } }
        while b.count < 200 { let r = large.next(); if r.key == 0 { b.append(r.value) } }
        #expect(a == b)
    }

    @Test func distributionsHaveTheirMoments() {
        var rng = Xoshiro256(seed: 77)
        let n = 400_000
        let normals = (0..<n).map { _ in rng.normal() }
        #expect(abs(Statistics.mean(normals)) < 0.01)
        #expect(abs(Statistics.variance(normals) - 1) < 0.01)
        #expect(abs(Statistics.excessKurtosis(normals)) < 0.05)
        let t = (0..<n).map { _ in rng.standardizedStudentT(nu: 8) }
        #expect(abs(Statistics.variance(t) - 1) < 0.03)
        #expect(abs(Statistics.excessKurtosis(t) - 1.5) < 0.5)
        let e = (0..<n).map { _ in rng.exponential(rate: 2) }
        #expect(abs(Statistics.mean(e) - 0.5) < 0.005)
        let pareto = (0..<n).map { _ in rng.pareto(minimum: 1, alpha: 1.5) }
        #expect(abs(Statistics.hillTailIndex(pareto, k: 4000) - 1.5) < 0.06)
        let u = (0..<n).map { _ in Double(rng.index(below: 10)) }
        #expect(abs(Statistics.mean(u) - 4.5) < 0.02)
    }

    @Test func fftRoundTripsAndFgnHasUnitVariance() {
        var rng = Xoshiro256(seed: 1)
        var re = (0..<64).map { _ in rng.normal() }, im = [Double](repeating: 0, count: 64)
        let original = re
        FFT.transform(re: &re, im: &im)
        FFT.transform(re: &re, im: &im, inverse: true)
        #expect(zip(re, original).allSatisfy { abs($0 / 64 - $1) < 1e-12 })
        let f = FractionalGaussianNoise(count: 4096, hurst: 0.8)
        var v = 0.0
        for _ in 0..<20 { v += Statistics.variance(f.block(using: &rng)) }
        #expect(abs(v / 20 - 1) < 0.1)
    }
}

/// Checksums of the first 5000 records of each kind with seed 42, pinned: the same bytes in every
/// process and on every run. Doubles go through the platform's libm, so the pins are per platform.
@Suite struct PinnedStreamTests {
    static func checksum(_ spec: GeneratorSpec) -> UInt64 {
        var g = spec.makeGenerator(seed: 42, name: nil)
        var buffer: [GeneratedRecord] = []
        g.fill(&buffer, count: 5000)
        var h = StreamSeed.fnvOffset
        func mix(_ x: UInt64) { for i in 0..<8 { h = (h ^ ((x >> (8 * UInt64(i))) & 0xFF)) &* StreamSeed.fnvPrime } }
        for r in buffer {
            mix(UInt64(bitPattern: r.eventTimeNanos)); mix(UInt64(UInt32(bitPattern: r.key))); mix(r.sequence); mix(r.value.bitPattern)
        }
        return h
    }

    @Test func streamsArePinned() {
        let sums = [GeneratorSpec.iot(IoTParameters()), .market(MarketParameters()), .network(NetworkParameters())].map(Self.checksum)
        print("pinned checksums: \(sums.map { "0x" + String($0, radix: 16) })")
        #if os(Linux) && arch(x86_64)
        #expect(sums == Self.linuxX86)
        #endif
    }

    static let linuxX86: [UInt64] = [0xe4df_710f_e45b_6108, 0x88cb_f9bc_01eb_6ded, 0x7889_e651_ae19_8d46]
}
