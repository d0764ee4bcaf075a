// Where generated records go. `RecordSink` is the seam: the CLI writes CSV, JSON lines or
// binary records to a file, and a Kafka producer (module Streams) can implement the same
// protocol. The writers here only format into a reusable byte buffer and hand full chunks to an
// output closure; they do no I/O themselves.

/// A destination for records, one call per record.
public protocol RecordSink {
    /// Takes one single-value record.
    mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) throws
    /// Pushes out anything buffered; called once at the end (and may be called at any time).
    mutating func flush() throws
}

/// Text and binary formats the writers produce.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// `ts,key,value` with a header line; ts in seconds with 9 decimals.
    case csv
    /// One JSON object per line (RecordJSON).
    case jsonl
    /// Concatenated binary records (RecordCodec).
    case binary
}

/// Formats records into chunks of bytes and passes each chunk to `output`.
public struct RecordWriter: RecordSink {
    /// The format written.
    public let format: RecordFormat
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    private let output: (UnsafeRawBufferPointer) throws -> Void
    private var started = false

    /// A writer of `format` that hands chunks of about `chunkSize` bytes to `output`.
    public init(format: RecordFormat, chunkSize: Int = 1 << 16, output: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.format = format
        self.chunkSize = chunkSize
        self.output = output
        buffer.reserveCapacity(chunkSize + 4096)
    }

    public mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) throws {
        if !started {
            started = true
            if format == .csv { buffer.append(contentsOf: "ts,key,value\n".utf8) }
        }
        switch format {
        case .csv:
            RecordText.appendSeconds(nanos: eventTimeNanos, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            RecordText.appendCSVField(key, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            RecordText.appendNumber(value, to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        case .jsonl:
            RecordJSON.append(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos,
                              values: CollectionOfOne(value), to: &buffer)
        case .binary:
            try RecordCodec.append(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos,
                                   value: value, to: &buffer)
        }
        if buffer.count >= chunkSize { try flush() }
    }

    public mutating func flush() throws {
        if !started && format == .csv {
            started = true
            buffer.append(contentsOf: "ts,key,value\n".utf8)
        }
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try output($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Text formatting shared by the CSV writer: exact, locale-free, allocation-light.
public enum RecordText {
    /// Appends `nanos` as seconds with exactly nine decimals, e.g. `12.000500000`.
    public static func appendSeconds(nanos: Int64, to buffer: inout [UInt8]) {
        let magnitude = nanos.magnitude
        if nanos < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDecimal(magnitude / 1_000_000_000, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        var fraction = magnitude % 1_000_000_000
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 9)
        var i = 8
        while fraction > 0 { digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10); fraction /= 10; i -= 1 }
        buffer.append(contentsOf: digits)
    }

    /// Appends an unsigned integer in decimal.
    public static func appendDecimal(_ value: UInt64, to buffer: inout [UInt8]) {
        if value == 0 { buffer.append(UInt8(ascii: "0")); return }
        var v = value
        let start = buffer.count
        while v > 0 { buffer.append(UInt8(ascii: "0") + UInt8(v % 10)); v /= 10 }
        buffer[start...].reverse()
    }

    /// Appends a number: integers (|v| < 2^53) without a fraction, others in the shortest form
    /// that reads back exactly; non-finite as `nan`, `inf`, `-inf`.
    public static func appendNumber(_ value: Double, to buffer: inout [UInt8]) {
        if value.isFinite && value == value.rounded() && abs(value) < 9_007_199_254_740_992 {
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            appendDecimal(UInt64(abs(value)), to: &buffer)
        } else {
            buffer.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends a CSV field, quoted only when it contains a comma, quote or line break.
    public static func appendCSVField(_ text: String, to buffer: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else { buffer.append(contentsOf: text.utf8); return }
        buffer.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { buffer.append(b) }
            buffer.append(b)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

/// A sink that passes records on to `base` and declares each one produced to an auditor, so
/// what the audit calls "produced" is exactly what was handed to the sink.
public struct AuditedSink<Base: RecordSink>: RecordSink {
    /// The sink records go to.
    public var base: Base
    /// Produced counts so far (`produced(stream:count:)` with sequence + 1 per record).
    public var auditor: SequenceAuditor

    /// Wraps `base`, declaring into `auditor`.
    public init(_ base: Base, auditor: SequenceAuditor = SequenceAuditor()) {
        self.base = base
        self.auditor = auditor
    }

    public mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) throws {
        try base.write(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos, value: value)
        auditor.produced(stream: auditor.stream(named: key), count: sequence &+ 1)
    }

    public mutating func flush() throws { try base.flush() }
}
