// The common shape of every generator: an endless, open-loop, time-ordered stream of records
// for many keys at once, pulled one at a time or in batches into a reusable buffer.

/// One generated record. Keys are indices into the generator's `keyNames`; no allocation.
public struct GeneratedRecord: Sendable, Equatable {
    /// Event time in nanoseconds since the generator's `start` (open-loop: from the arrival
    /// process, never from the wall clock). Non-decreasing along the stream.
    public var eventTimeNanos: Int64
    /// Index of the stream key in `keyNames`.
    public var key: Int32
    /// Per-key sequence number: 0, 1, 2, … for the records a key actually emits.
    public var sequence: UInt64
    /// The reading (IoT), price (market) or flow size in bytes (network).
    public var value: Double

    /// Creates a record.
    @inlinable public init(eventTimeNanos: Int64, key: Int32, sequence: UInt64, value: Double) {
        self.eventTimeNanos = eventTimeNanos
        self.key = key
        self.sequence = sequence
        self.value = value
    }
}

/// The generator kinds of the language (`generate iot|market|network`), with the stable ids
/// carried in encoded records.
public enum GeneratorKind: String, Sendable, CaseIterable {
    case iot, market, network

    /// The id written into encoded records (docs/records.md).
    public var id: UInt16 {
        switch self {
        case .iot: 1
        case .market: 2
        case .network: 3
        }
    }

    /// The kind with this record id, if any.
    public init?(id: UInt16) {
        guard let kind = GeneratorKind.allCases.first(where: { $0.id == id }) else { return nil }
        self = kind
    }
}

/// A seeded, open-loop record stream for many keys.
///
/// `next()` never allocates; `fill(_:count:)` reuses the caller's buffer. Event times are
/// non-decreasing across keys, so a consumer can merge generators by time.
public protocol RecordGenerator {
    /// Which kind of generator this is.
    var kind: GeneratorKind { get }
    /// The stream keys, indexed by `GeneratedRecord.key`.
    var keyNames: [String] { get }
    /// The next record in event-time order.
    mutating func next() -> GeneratedRecord
    /// Replaces the contents of `buffer` with the next `count` records, keeping its capacity.
    /// Call it on an `any RecordGenerator` to pay for dynamic dispatch once per batch.
    mutating func fill(_ buffer: inout [GeneratedRecord], count: Int)
}

extension RecordGenerator {
    /// The default batch fill: `count` calls to `next()`.
    @inlinable public mutating func fill(_ buffer: inout [GeneratedRecord], count: Int) {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(count)
        for _ in 0..<count { buffer.append(next()) }
    }
}

/// Naming of stream keys: a prefix and a zero-padded index, e.g. `device-0042`.
public enum KeyNames {
    /// `count` names `prefix-0000`… padded to at least four digits.
    public static func make(prefix: String, count: Int) -> [String] {
        let width = max(4, String(max(count - 1, 0)).count)
        return (0..<count).map { i in
            let digits = String(i)
            return prefix + "-" + String(repeating: "0", count: width - digits.count) + digits
        }
    }
}

/// Conversions between seconds as `Double` and integer nanoseconds.
public enum Nanos {
    /// Nanoseconds in one second.
    public static let perSecond: Int64 = 1_000_000_000

    /// `seconds` rounded to the nearest nanosecond.
    @inlinable @inline(__always) public static func from(seconds: Double) -> Int64 {
        Int64((seconds * 1e9).rounded())
    }
}
