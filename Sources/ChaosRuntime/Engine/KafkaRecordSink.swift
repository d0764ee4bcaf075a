// A `RecordSink` that produces binary records to a Kafka topic in real time: the generator's
// open-loop event times (from 0) become wall-clock times from the moment of the first record
// (CLOCK_REALTIME ns, the clock the engine's latency histogram uses), and each record is sent
// when the wall clock reaches its event time, so the topic sees the declared rate and arrival
// process. Key = the record's stream key, so a stream stays in one partition, in order.
import Foundation
import Records
import Streams

/// Produces generated records to a topic, paced at their event times.
public struct KafkaRecordSink: RecordSink {
    /// The topic written.
    public let topic: String
    /// Whether records wait for their event time (false: as fast as the producer takes them).
    public let paced: Bool
    private let producer: KafkaProducer
    private var buffer: [UInt8] = []
    private var startMonotonic: ContinuousClock.Instant?
    private var startRealtime: Int64 = 0
    /// Records produced so far.
    public private(set) var count = 0
    /// Order-independent checksum of the produced payloads (`EnginePayloadChecksum`).
    public private(set) var checksum = EnginePayloadChecksum()

    /// A sink producing through `producer` (which it flushes but does not close).
    public init(producer: KafkaProducer, topic: String, paced: Bool = true) {
        self.producer = producer
        self.topic = topic
        self.paced = paced
        buffer.reserveCapacity(256)
    }

    public mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) throws {
        if startMonotonic == nil {
            startMonotonic = ContinuousClock.now
            startRealtime = EngineClock.realtimeNanos()
        }
        if paced, let start = startMonotonic {
            let due = start + .nanoseconds(eventTimeNanos)
            let now = ContinuousClock.now
            if due > now + .microseconds(500) { Thread.sleep(forTimeInterval: (due - now).sinkSeconds) }
        }
        buffer.removeAll(keepingCapacity: true)
        try RecordCodec.append(key: key, generatorID: generatorID, sequence: sequence,
                               eventTimeNanos: startRealtime &+ eventTimeNanos, value: value, to: &buffer)
        try producer.produce(topic: topic, key: Array(key.utf8), value: buffer)
        checksum.add(buffer)
        count += 1
    }

    /// Waits until every record is acknowledged (up to 2 minutes).
    public mutating func flush() throws {
        try producer.flush(timeout: .seconds(120))
        if producer.counters.failed > 0 {
            throw EngineError("\(producer.counters.failed) records failed delivery to \(topic)")
        }
    }
}

/// An order-independent checksum of a set of payloads: the count and the wrapping sum of each
/// payload's 64-bit FNV-1a hash. Two reads of a topic match when both agree, whatever the
/// partition interleaving.
public struct EnginePayloadChecksum: Sendable, Equatable, CustomStringConvertible {
    public private(set) var count: UInt64 = 0
    public private(set) var sum: UInt64 = 0

    public init() {}

    /// Adds one payload.
    public mutating func add<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        sum &+= h
        count += 1
    }

    /// `N records, checksum 0x…` (what `chaosrun generate --topic` prints).
    public var description: String { "\(count) records, checksum 0x\(String(sum, radix: 16))" }
}

extension Duration {
    fileprivate var sinkSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
