// IoT sensors: every device samples on a regular grid (the devices take turns, so the whole
// stream is evenly spaced at the declared rate) and reads
//     baseline + amplitude · sin(2π t / period + phase) + amplitude · noise · e
// where e is unit-variance noise correlated along the device index (an AR(1) chain across
// devices: neighbours correlate exactly `correlation`, devices k apart `correlation^k`).
// Faults ride on top: dropout bursts (readings never sent, never numbered), spikes, and stuck
// episodes (the device repeats its last value).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parameters of `generate iot` (defaults match the language's field table).
public struct IoTParameters: Sendable, Equatable {
    /// Number of devices (stream keys).
    public var devices: Int = 100
    /// Total readings per second over all devices, before dropouts.
    public var rate: Double = 1000
    /// Period of the underlying cycle, in seconds.
    public var period: Double = 60
    /// Noise standard deviation relative to the amplitude.
    public var noise: Double = 0.1
    /// Correlation of the noise of neighbouring devices (0 ≤ c ≤ 0.99).
    public var correlation: Double = 0.5
    /// Share of readings never sent (0…1; at most 0.999 is applied, so `next()` always returns).
    public var dropout: Double = 0
    /// Share of readings replaced by spikes (0…1).
    public var spikes: Double = 0
    /// Share of time a device repeats its last value (0…1).
    public var stuck: Double = 0
    /// Amplitude of the cycle, in reading units.
    public var amplitude: Double = 5
    /// Mean level of the readings; each device gets baseline + N(0, 1).
    public var baseline: Double = 20
    /// Mean length of a dropout burst, in readings of one device.
    public var dropoutBurst: Double = 5
    /// Mean length of a stuck episode, in readings of one device.
    public var stuckBurst: Double = 20
    /// Size of a spike relative to the amplitude: uniform in [spikeSize, 2·spikeSize].
    public var spikeSize: Double = 5

    /// The defaults.
    public init() {}
}

/// The IoT sensor generator. See the file comment for the model.
public struct IoTGenerator: RecordGenerator, Sendable {
    public let kind = GeneratorKind.iot
    public let keyNames: [String]
    /// The parameters it was built with.
    public let parameters: IoTParameters

    private var rngs: [Xoshiro256]
    private var sequences: [UInt64]
    private var baselines: [Double]
    private var phases: [Double]
    private var lastValue: [Double]
    private var droppedOut: [Bool]
    private var isStuck: [Bool]
    private var previousNoise = 0.0
    private var slot: Int64 = 0
    private let interval: Double
    private let omega: Double
    private let chainGain: Double
    private let dropEnter: Double, dropExit: Double
    private let stuckEnter: Double, stuckExit: Double

    /// A generator for `parameters`, seeded by `seed` under the name `name`.
    public init(parameters p: IoTParameters, seed: UInt64, name: String = "iot") {
        parameters = p
        let n = max(1, p.devices)
        keyNames = KeyNames.make(prefix: "device", count: n)
        rngs = keyNames.map { StreamSeed.rng(scenarioSeed: seed, generator: name, key: $0) }
        sequences = Array(repeating: 0, count: n)
        baselines = Array(repeating: 0, count: n)
        phases = Array(repeating: 0, count: n)
        for d in 0..<n {
            baselines[d] = p.baseline + rngs[d].normal()
            phases[d] = 0.1 * rngs[d].normal()
        }
        lastValue = baselines
        droppedOut = Array(repeating: false, count: n)
        isStuck = Array(repeating: false, count: n)
        interval = 1 / max(p.rate, 1e-9)
        omega = 2 * Double.pi / max(p.period, 1e-9)
        let c = min(max(p.correlation, 0), 0.999)
        chainGain = (1 - c * c).squareRoot()
        (dropEnter, dropExit) = IoTGenerator.episode(share: min(p.dropout, 0.999), meanLength: p.dropoutBurst)
        (stuckEnter, stuckExit) = IoTGenerator.episode(share: p.stuck, meanLength: p.stuckBurst)
    }

    /// Enter/exit probabilities of a two-state Markov chain whose "on" state has stationary
    /// probability `share` and mean length `meanLength` (shortened when `share` demands it).
    static func episode(share: Double, meanLength: Double) -> (enter: Double, exit: Double) {
        let s = min(max(share, 0), 1)
        if s <= 0 { return (0, 1) }
        if s >= 1 { return (1, 0) }
        var length = max(meanLength, 1)
        if s / (length * (1 - s)) > 1 { length = s / (1 - s) }
        return (s / (length * (1 - s)), 1 / length)
    }

    public mutating func next() -> GeneratedRecord {
        let n = keyNames.count
        while true {
            let k = slot
            slot += 1
            let d = Int(k % Int64(n))
            let t = Double(k) * interval
            // The noise chain runs for every device and slot, sent or not.
            let w = rngs[d].normal()
            let e = d == 0 ? w : parameters.correlation * previousNoise + chainGain * w
            previousNoise = e
            let dropDraw = rngs[d].uniform()
            let stuckDraw = rngs[d].uniform()
            let spikeDraw = rngs[d].uniform()
            let spikeMagnitude = rngs[d].uniform()
            droppedOut[d] = droppedOut[d] ? dropDraw >= dropExit : dropDraw < dropEnter
            isStuck[d] = isStuck[d] ? stuckDraw >= stuckExit : stuckDraw < stuckEnter
            if droppedOut[d] { continue }
            let a = parameters.amplitude
            var value: Double
            if isStuck[d] {
                value = lastValue[d]
            } else {
                value = baselines[d] + a * sin(omega * t + phases[d]) + a * parameters.noise * e
                if spikeDraw < parameters.spikes {
                    let size = a * parameters.spikeSize * (1 + spikeMagnitude)
                    value += spikeDraw < parameters.spikes / 2 ? -size : size
                }
                lastValue[d] = value
            }
            let seq = sequences[d]
            sequences[d] = seq + 1
            return GeneratedRecord(eventTimeNanos: Nanos.from(seconds: t), key: Int32(d), sequence: seq, value: value)
        }
    }

    public mutating func fill(_ buffer: inout [GeneratedRecord], count: Int) {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(count)
        for _ in 0..<count { buffer.append(next()) }
    }

    /// The noise-free signal of device `device` at `seconds` (baseline + cycle), for checks.
    public func signal(device: Int, seconds: Double) -> Double {
        baselines[device] + parameters.amplitude * sin(omega * seconds + phases[device])
    }
}
