// What an engine worker tells the runner after it has produced the features of a batch and
// before it commits the batch's offsets: which input records it processed (as runs of
// consecutive sequence numbers per stream) and how late they were (a latency histogram over
// fixed log-spaced buckets). The runner's auditor and metrics sampler read these from the ack
// topic; at-least-once delivery means a batch re-processed after a crash is acked twice and its
// records are counted as duplicates, never hidden.
//
// Layout (little-endian): magic 0xA7, version 1, worker id u16, emit time i64 (ns since the Unix
// epoch), run count u32, then per run: key length u16, key bytes (UTF-8), generator id u16,
// first sequence u64, count u32; then bucket count u16 and that many u32 bucket counts.

/// One run of consecutive sequence numbers of one stream.
public struct AckRun: Sendable, Equatable {
    public var key: String
    public var generatorID: UInt16
    public var firstSequence: UInt64
    public var count: UInt32
    public init(key: String, generatorID: UInt16, firstSequence: UInt64, count: UInt32) {
        self.key = key; self.generatorID = generatorID; self.firstSequence = firstSequence; self.count = count
    }
}

/// Log-spaced latency buckets shared by engine and runner: bucket 0 is < 100 µs, bucket i
/// (1…62) covers [100 µs · 1.25^(i-1), 100 µs · 1.25^i), bucket 63 is everything above
/// (≈ 100 µs · 1.25^62 ≈ 100 s).
public enum LatencyBuckets {
    public static let count = 64
    public static let baseNanos = 100_000.0
    public static let factor = 1.25

    @inlinable public static func index(nanos: Int64) -> Int {
        let x = Double(nanos)
        if x < baseNanos { return 0 }
        let i = Int((x / baseNanos).logOf1_25) + 1
        return min(max(i, 1), count - 1)
    }

    /// The upper bound of a bucket in nanoseconds (the value reported for a percentile that falls in it).
    public static func upperNanos(_ i: Int) -> Double {
        i <= 0 ? baseNanos : baseNanos * pow125(i)
    }

    static func pow125(_ i: Int) -> Double {
        var r = 1.0
        for _ in 0..<i { r *= factor }
        return r
    }

    /// The value at quantile q (0…1) of a histogram, as a bucket upper bound in nanoseconds.
    public static func quantile(_ buckets: [UInt64], _ q: Double) -> Double? {
        let total = buckets.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, UInt64((q * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in buckets.enumerated() {
            seen += c
            if seen >= rank { return upperNanos(i) }
        }
        return upperNanos(buckets.count - 1)
    }
}

extension Double {
    @usableFromInline var logOf1_25: Double {
        // log(x) / log(1.25) without Foundation.
        var x = self, n = 0.0
        while x >= 1.25 { x /= 1.25; n += 1 }
        return n + (x - 1) / 0.25
    }
}

/// An engine worker's acknowledgement of a processed batch.
public struct EngineAck: Sendable, Equatable {
    public static let magic: UInt8 = 0xA7
    public static let version: UInt8 = 1

    public var workerID: UInt16
    public var emitTimeNanos: Int64
    public var runs: [AckRun]
    /// `LatencyBuckets.count` counts of (feature emitted − event time).
    public var latency: [UInt32]

    public init(workerID: UInt16, emitTimeNanos: Int64, runs: [AckRun], latency: [UInt32]) {
        self.workerID = workerID; self.emitTimeNanos = emitTimeNanos; self.runs = runs; self.latency = latency
    }

    public var recordCount: Int { runs.reduce(0) { $0 + Int($1.count) } }

    public func encode() -> [UInt8] {
        var out: [UInt8] = [Self.magic, Self.version]
        out.reserveCapacity(16 + runs.count * 32 + latency.count * 4)
        put(UInt16(workerID), &out)
        put(UInt64(bitPattern: emitTimeNanos), &out)
        put(UInt32(runs.count), &out)
        for r in runs {
            let key = Array(r.key.utf8.prefix(Int(UInt16.max)))
            put(UInt16(key.count), &out)
            out += key
            put(r.generatorID, &out)
            put(r.firstSequence, &out)
            put(r.count, &out)
        }
        put(UInt16(latency.count), &out)
        for c in latency { put(c, &out) }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(RecordCodecError) -> EngineAck {
        var r = Reader(bytes: bytes)
        guard try r.u8() == magic else { throw RecordCodecError.badMagic(bytes.first ?? 0) }
        let v = try r.u8()
        guard v == version else { throw RecordCodecError.unsupportedVersion(v) }
        let worker = try r.u16()
        let emit = Int64(bitPattern: try r.u64())
        let n = Int(try r.u32())
        guard n <= bytes.count else { throw RecordCodecError.truncated(needed: n, available: bytes.count) }
        var runs: [AckRun] = []
        runs.reserveCapacity(n)
        for _ in 0..<n {
            let len = Int(try r.u16())
            let key = try r.bytes(len)
            guard let s = String(validating: key, as: UTF8.self) else { throw RecordCodecError.invalidKey }
            runs.append(AckRun(key: s, generatorID: try r.u16(), firstSequence: try r.u64(), count: try r.u32()))
        }
        let b = Int(try r.u16())
        var latency: [UInt32] = []
        for _ in 0..<b { latency.append(try r.u32()) }
        guard r.offset == bytes.count else { throw RecordCodecError.trailingBytes(bytes.count - r.offset) }
        return EngineAck(workerID: worker, emitTimeNanos: emit, runs: runs, latency: latency)
    }

    func put<T: FixedWidthInteger>(_ v: T, _ out: inout [UInt8]) {
        var x = v.littleEndian
        withUnsafeBytes(of: &x) { out += $0 }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        mutating func bytes(_ n: Int) throws(RecordCodecError) -> ArraySlice<UInt8> {
            guard n >= 0, offset + n <= bytes.count else {
                throw RecordCodecError.truncated(needed: offset + n, available: bytes.count)
            }
            defer { offset += n }
            return bytes[offset..<(offset + n)]
        }
        mutating func int<T: FixedWidthInteger>(_: T.Type) throws(RecordCodecError) -> T {
            let s = try bytes(MemoryLayout<T>.size)
            var v: T = 0
            for (i, b) in s.enumerated() { v |= T(b) << (8 * i) }
            return v
        }
        mutating func u8() throws(RecordCodecError) -> UInt8 { try int(UInt8.self) }
        mutating func u16() throws(RecordCodecError) -> UInt16 { try int(UInt16.self) }
        mutating func u32() throws(RecordCodecError) -> UInt32 { try int(UInt32.self) }
        mutating func u64() throws(RecordCodecError) -> UInt64 { try int(UInt64.self) }
    }
}
