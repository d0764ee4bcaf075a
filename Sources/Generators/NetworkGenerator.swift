// Network flows: a Cox process. The total flow arrival rate is modulated, bin by bin, by
// max(0, 1 + c·G) where G is fractional Gaussian noise with the declared Hurst exponent (exact, by
// circulant embedding), normalised to mean 1 over each block so the declared rate holds over a
// block; an optional diurnal cycle multiplies it. Within a bin arrivals are Poisson; each flow
// goes to a uniformly chosen source and carries a Pareto-distributed size (the tail index).
// Counts are self-similar up to the block length (blockBins · bin seconds, 27 minutes by
// default); successive blocks are independent.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parameters of `generate network` (defaults match the language's field table).
public struct NetworkParameters: Sendable, Equatable {
    /// Number of sources (stream keys).
    public var sources: Int = 32
    /// Mean flows per second over all sources.
    public var rate: Double = 1000
    /// Hurst exponent of the counts (0.5 < H < 1).
    public var hurst: Double = 0.8
    /// Tail index of flow sizes (Pareto α).
    public var tail: Double = 1.5
    /// Modulate the rate by a daily cycle.
    public var diurnal: Bool = false
    /// Period of the daily cycle, in seconds (shorten it to see the cycle in a short run).
    public var diurnalPeriod: Double = 86_400
    /// Relative amplitude of the daily cycle: rate × (1 − a·cos(2πt/period)).
    public var diurnalAmplitude: Double = 0.5
    /// Width of a modulation bin, in seconds.
    public var bin: Double = 0.1
    /// Modulation bins per independent block (a power of two).
    public var blockBins: Int = 16_384
    /// Coefficient of variation c of the per-bin rate: rate × max(0, 1 + c·G). Keep c ≤ 0.4 so
    /// the clipping at zero (|G| > 1/c) stays negligible.
    public var burstiness: Double = 0.35
    /// Smallest flow size, in bytes (the Pareto scale).
    public var minimumFlowSize: Double = 500

    /// The defaults.
    public init() {}
}

/// The network flow generator. See the file comment for the model.
public struct NetworkGenerator: RecordGenerator, Sendable {
    public let kind = GeneratorKind.network
    public let keyNames: [String]
    /// The parameters it was built with.
    public let parameters: NetworkParameters

    private var sizeRngs: [Xoshiro256]
    private var arrivals: Xoshiro256
    private var modulationRng: Xoshiro256
    private let noise: FractionalGaussianNoise
    private var sequences: [UInt64]
    private var modulation: [Double] = []
    private var binInBlock = 0
    private var binIndex: Int64 = 0
    private var now = 0.0
    private var binRate = 0.0

    /// A generator for `parameters`, seeded by `seed` under the name `name`.
    public init(parameters p: NetworkParameters, seed: UInt64, name: String = "network") {
        parameters = p
        let n = max(1, p.sources)
        keyNames = KeyNames.make(prefix: "src", count: n)
        sizeRngs = keyNames.map { StreamSeed.rng(scenarioSeed: seed, generator: name, key: $0) }
        arrivals = StreamSeed.rng(scenarioSeed: seed, generator: name, key: "#arrivals")
        modulationRng = StreamSeed.rng(scenarioSeed: seed, generator: name, key: "#modulation")
        noise = FractionalGaussianNoise(count: max(p.blockBins, 2), hurst: min(max(p.hurst, 0.01), 0.99))
        sequences = Array(repeating: 0, count: n)
        refillModulation()
        binRate = rate(ofBin: 0)
    }

    private mutating func refillModulation() {
        let g = noise.block(using: &modulationRng)
        let c = parameters.burstiness
        var m = g.map { max(1 + c * $0, 0) }
        let mean = m.reduce(0, +) / Double(m.count)
        for i in m.indices { m[i] /= mean }
        modulation = m
        binInBlock = 0
    }

    private func rate(ofBin bin: Int64) -> Double {
        var r = parameters.rate * modulation[binInBlock]
        if parameters.diurnal {
            let t = (Double(bin) + 0.5) * parameters.bin
            r *= 1 - parameters.diurnalAmplitude * cos(2 * Double.pi * t / parameters.diurnalPeriod)
        }
        return max(r, 0)
    }

    public mutating func next() -> GeneratedRecord {
        while true {
            let binEnd = Double(binIndex + 1) * parameters.bin
            if binRate > 0 {
                let t = now + arrivals.exponential(rate: binRate)
                if t < binEnd {
                    now = t
                    break
                }
            }
            now = binEnd
            binIndex += 1
            binInBlock += 1
            if binInBlock == modulation.count { refillModulation() }
            binRate = rate(ofBin: binIndex)
        }
        let s = arrivals.index(below: keyNames.count)
        let size = sizeRngs[s].pareto(minimum: parameters.minimumFlowSize, alpha: parameters.tail).rounded(.down)
        let seq = sequences[s]
        sequences[s] = seq + 1
        return GeneratedRecord(eventTimeNanos: Nanos.from(seconds: now), key: Int32(s), sequence: seq, value: size)
    }

    public mutating func fill(_ buffer: inout [GeneratedRecord], count: Int) {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(count)
        for _ in 0..<count { buffer.append(next()) }
    }
}
