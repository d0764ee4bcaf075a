// Records: the binary record every generator produces and the engine consumes, its JSON-lines
// human form, and the sequence auditor that turns "what was produced" and "what was processed"
// into exact loss, duplicate and reordering counts.
//
// Byte layout (version 1, little-endian; docs/records.md is the reference):
//   0  u8   magic 0xC7
//   1  u8   version 1
//   2  u16  generator id
//   4  u8   value count n (1…255)
//   5  u8   flags (0; reserved)
//   6  u16  key length k in bytes
//   8  u64  sequence number within the stream
//  16  i64  event time, nanoseconds
//  24  k    key, UTF-8
//  24+k 8n  values, IEEE-754 binary64
// The decoder checks every field and throws `RecordCodecError`; it never traps on bad input.

/// A decoded record, owning its key and values (the allocating, convenient form).
public struct Record: Sendable, Equatable {
    /// The stream key, e.g. `device-0042`.
    public var key: String
    /// Which generator produced it (1 iot, 2 market, 3 network; 0 unknown).
    public var generatorID: UInt16
    /// Sequence number within the stream, from 0.
    public var sequence: UInt64
    /// Event time in nanoseconds.
    public var eventTimeNanos: Int64
    /// One or more values.
    public var values: [Double]

    /// Creates a record.
    public init(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, values: [Double]) {
        self.key = key
        self.generatorID = generatorID
        self.sequence = sequence
        self.eventTimeNanos = eventTimeNanos
        self.values = values
    }
}

/// Why bytes are not a valid record.
public enum RecordCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the header or the lengths it declares need.
    case truncated(needed: Int, available: Int)
    /// The first byte is not the record magic 0xC7.
    case badMagic(UInt8)
    /// A format version this build cannot read.
    case unsupportedVersion(UInt8)
    /// Reserved flag bits are set.
    case reservedFlags(UInt8)
    /// The value count is 0.
    case noValues
    /// More than 255 values.
    case tooManyValues(Int)
    /// A key longer than 65535 UTF-8 bytes.
    case keyTooLong(Int)
    /// The key is not valid UTF-8.
    case invalidKey
    /// Bytes follow the record where none may.
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .truncated(let needed, let available): "truncated record: needs \(needed) bytes, found \(available)"
        case .badMagic(let b): "not a chaosrun record: magic byte is 0x\(String(b, radix: 16)), expected 0xc7"
        case .unsupportedVersion(let v): "unsupported record version \(v), expected 1"
        case .reservedFlags(let f): "reserved flag bits set: 0x\(String(f, radix: 16))"
        case .noValues: "record has no values"
        case .tooManyValues(let n): "record has \(n) values, at most 255 fit"
        case .keyTooLong(let n): "record key is \(n) bytes, at most 65535 fit"
        case .invalidKey: "record key is not valid UTF-8"
        case .trailingBytes(let n): "\(n) bytes follow the record"
        }
    }
}

/// The fixed part of a decoded record; key and values stay in the caller's bytes.
public struct RecordHeader: Sendable, Equatable {
    /// Generator id.
    public var generatorID: UInt16
    /// Sequence number within the stream.
    public var sequence: UInt64
    /// Event time in nanoseconds.
    public var eventTimeNanos: Int64
    /// Length of the key in bytes (it starts at `RecordCodec.headerSize`).
    public var keyCount: Int
    /// Number of values.
    public var valueCount: Int

    /// Total encoded size of the record.
    public var encodedCount: Int { RecordCodec.headerSize + keyCount + 8 * valueCount }

    /// Value `index` of the record whose bytes are `bytes` (the buffer the header came from).
    @inlinable public func value(_ index: Int, in bytes: UnsafeRawBufferPointer) -> Double {
        let bits = bytes.loadUnaligned(fromByteOffset: RecordCodec.headerSize + keyCount + 8 * index, as: UInt64.self)
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// The key bytes of the record whose bytes are `bytes`.
    @inlinable public func keyBytes(in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[RecordCodec.headerSize..<(RecordCodec.headerSize + keyCount)])
    }

    /// The key as a String (no heap allocation for keys of up to 15 bytes).
    public func key(in bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: keyBytes(in: bytes), as: UTF8.self)
    }
}

/// Encoder and decoder of the binary record format.
public enum RecordCodec {
    /// First byte of every record.
    public static let magic: UInt8 = 0xC7
    /// Format version written by this build.
    public static let version: UInt8 = 1
    /// Size of the fixed header.
    public static let headerSize = 24

    /// Encoded size of a record with a key of `keyCount` UTF-8 bytes and `valueCount` values.
    @inlinable public static func encodedCount(keyCount: Int, valueCount: Int) -> Int {
        headerSize + keyCount + 8 * valueCount
    }

    /// Appends one single-value record to `buffer` (reuse the buffer to avoid allocation).
    @inlinable public static func append(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64,
                                         value: Double, to buffer: inout [UInt8]) throws(RecordCodecError) {
        try check(key: key, valueCount: 1)
        withUnsafeBytes(of: value) { v in
            write(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos,
                  valueBytes: v, valueCount: 1, to: &buffer)
        }
    }

    /// Appends one record with several values to `buffer`.
    public static func append(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64,
                              values: [Double], to buffer: inout [UInt8]) throws(RecordCodecError) {
        try check(key: key, valueCount: values.count)
        values.withUnsafeBytes { v in
            write(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos,
                  valueBytes: v, valueCount: values.count, to: &buffer)
        }
    }

    /// Appends `record` to `buffer`.
    public static func append(_ record: Record, to buffer: inout [UInt8]) throws(RecordCodecError) {
        try append(key: record.key, generatorID: record.generatorID, sequence: record.sequence,
                   eventTimeNanos: record.eventTimeNanos, values: record.values, to: &buffer)
    }

    /// The encoded bytes of `record`.
    public static func encode(_ record: Record) throws(RecordCodecError) -> [UInt8] {
        var out: [UInt8] = []
        try append(record, to: &out)
        return out
    }

    @usableFromInline static func check(key: String, valueCount: Int) throws(RecordCodecError) {
        let keyCount = key.utf8.count
        guard keyCount <= Int(UInt16.max) else { throw .keyTooLong(keyCount) }
        guard valueCount >= 1 else { throw .noValues }
        guard valueCount <= 255 else { throw .tooManyValues(valueCount) }
    }

    /// Writes a checked record (see `check`) at the end of `buffer`.
    @usableFromInline static func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64,
                                        valueBytes: UnsafeRawBufferPointer, valueCount: Int,
                                        to buffer: inout [UInt8]) {
        var key = key
        key.withUTF8 { utf8 in
            write(keyBytes: UnsafeRawBufferPointer(utf8), generatorID: generatorID, sequence: sequence,
                  eventTimeNanos: eventTimeNanos, valueBytes: valueBytes, valueCount: valueCount, to: &buffer)
        }
    }

    @usableFromInline static func write(keyBytes: UnsafeRawBufferPointer, generatorID: UInt16, sequence: UInt64,
                                        eventTimeNanos: Int64, valueBytes: UnsafeRawBufferPointer, valueCount: Int,
                                        to buffer: inout [UInt8]) {
        let keyCount = keyBytes.count
        // The header as three little-endian words: [magic, version, id, n, flags, k] [seq] [ts].
        let first = UInt64(magic) | UInt64(version) << 8 | UInt64(generatorID) << 16
            | UInt64(valueCount) << 32 | UInt64(keyCount) << 48
        withUnsafeBytes(of: (first.littleEndian, sequence.littleEndian, eventTimeNanos.littleEndian)) {
            buffer.append(contentsOf: $0)
        }
        buffer.append(contentsOf: keyBytes)
        #if _endian(little)
        buffer.append(contentsOf: valueBytes)
        #else
        for i in 0..<valueCount {
            withUnsafeBytes(of: valueBytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian) {
                buffer.append(contentsOf: $0)
            }
        }
        #endif
    }

    /// Checks `bytes` and returns the record's header. With `allowTrailing`, bytes after the
    /// record are allowed (use `encodedCount` to step to the next record of a concatenation).
    public static func decodeHeader(_ bytes: UnsafeRawBufferPointer, allowTrailing: Bool = false) throws(RecordCodecError) -> RecordHeader {
        guard bytes.count >= headerSize else { throw .truncated(needed: headerSize, available: bytes.count) }
        guard bytes[0] == magic else { throw .badMagic(bytes[0]) }
        guard bytes[1] == version else { throw .unsupportedVersion(bytes[1]) }
        guard bytes[5] == 0 else { throw .reservedFlags(bytes[5]) }
        let valueCount = Int(bytes[4])
        guard valueCount >= 1 else { throw .noValues }
        let keyCount = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        let header = RecordHeader(
            generatorID: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)),
            sequence: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            eventTimeNanos: Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: Int64.self)),
            keyCount: keyCount, valueCount: valueCount)
        let size = header.encodedCount
        guard bytes.count >= size else { throw .truncated(needed: size, available: bytes.count) }
        guard allowTrailing || bytes.count == size else { throw .trailingBytes(bytes.count - size) }
        guard isValidUTF8(header.keyBytes(in: bytes)) else { throw .invalidKey }
        return header
    }

    /// Decodes one record from exactly `bytes`, allocating its key and values.
    public static func decode(_ bytes: [UInt8]) throws(RecordCodecError) -> Record {
        let result: Result<Record, RecordCodecError> = bytes.withUnsafeBytes { p in
            Result { () throws(RecordCodecError) in
                let h = try decodeHeader(p)
                return Record(key: h.key(in: p), generatorID: h.generatorID, sequence: h.sequence,
                              eventTimeNanos: h.eventTimeNanos, values: (0..<h.valueCount).map { h.value($0, in: p) })
            }
        }
        return try result.get()
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0, low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let first = bytes[i + 1]
            guard first >= low && first <= high else { return false }
            var j = 2
            while j <= need {
                guard bytes[i + j] & 0xC0 == 0x80 else { return false }
                j += 1
            }
            i += need + 1
        }
        return true
    }
}
