// What one iteration of a benchmark does: the streaming engine's per-record work without Kafka.
//
// Setup (not timed): a seeded IoT signal of `points` samples from one device (period 2 s at
// 1,000 records/s, noise 0.2), encoded as binary records (docs/records.md), as a worker would
// receive them. Timed: decode every record's header and value and append it to a fresh
// `SlidingWindowEngine`, which computes every completed window's persistence diagram and
// features at every scale — the work `EngineProcessor` does per record, minus the JSON and the
// Kafka round trip (measured apart in docs/benchmarks-streams.md).
import Generators
import Records
import TDA

/// The seeded, encoded input of a benchmark; `run` is one timed iteration.
public struct BenchWorkload: Sendable {
    public let points: Int
    let bytes: [UInt8]
    let offsets: [Int]

    /// Generates and encodes `points` records with `seed`.
    public init(points: Int, seed: UInt64) {
        var p = IoTParameters()
        p.devices = 1
        p.rate = 1000
        p.period = 2
        p.noise = 0.2
        var generator = IoTGenerator(parameters: p, seed: seed, name: "bench")
        let key = generator.keyNames[0]
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        bytes.reserveCapacity(points * RecordCodec.encodedCount(keyCount: key.utf8.count, valueCount: 1))
        for _ in 0..<points {
            let r = generator.next()
            // A single-value record with a short key cannot fail to encode.
            try? RecordCodec.append(key: key, generatorID: GeneratorKind.iot.id, sequence: r.sequence,
                                    eventTimeNanos: r.eventTimeNanos, value: r.value, to: &bytes)
            offsets.append(bytes.count)
        }
        self.points = points
        self.bytes = bytes
        self.offsets = offsets
    }

    /// What an iteration produced, so the work cannot be optimised away and runs can be checked.
    public struct Outcome: Sendable, Equatable {
        /// Feature records (one per window and scale).
        public var windows: Int
        /// Sum of every window's total H0 and H1 persistence.
        public var checksum: Double
    }

    /// Pushes `Int(points × slowdown)` records (cycling through the input) through a fresh
    /// engine with `windows`. `slowdown` is the test-only work multiplier (1 normally).
    public func run(windows: WindowConfiguration, slowdown: Double = 1) -> Outcome {
        guard let engine = SlidingWindowEngine(configuration: windows), points > 0 else { return Outcome(windows: 0, checksum: 0) }
        let total = Int((Double(points) * max(1, slowdown)).rounded())
        var outcome = Outcome(windows: 0, checksum: 0)
        bytes.withUnsafeBytes { all in
            for i in 0..<total {
                let k = i % points
                let record = UnsafeRawBufferPointer(rebasing: all[offsets[k]..<offsets[k + 1]])
                guard let header = try? RecordCodec.decodeHeader(record) else { continue }
                engine.append(header.value(0, in: record)) { f in
                    outcome.windows += 1
                    outcome.checksum += f.h0.totalPersistence + f.h1.totalPersistence
                }
            }
        }
        return outcome
    }
}
