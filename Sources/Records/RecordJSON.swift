// The JSON-lines human form of a record: one object per line, keys sorted,
//   {"gen":1,"key":"device-0042","seq":7,"ts":1500000000,"values":[20.5]}
// Integers are exact (ts and seq are 64-bit); values use the shortest text that reads back to
// the same Double, and non-finite values are written as null (and read back as NaN).

/// Writer and reader of the JSON-lines record form.
public enum RecordJSON {
    /// Appends `record` as one JSON line (with the trailing newline) to `buffer`.
    public static func append(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64,
                              values: some Collection<Double>, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"gen":"#.utf8)
        buffer.append(contentsOf: String(generatorID).utf8)
        buffer.append(contentsOf: #","key":"#.utf8)
        appendString(key, to: &buffer)
        buffer.append(contentsOf: #","seq":"#.utf8)
        buffer.append(contentsOf: String(sequence).utf8)
        buffer.append(contentsOf: #","ts":"#.utf8)
        buffer.append(contentsOf: String(eventTimeNanos).utf8)
        buffer.append(contentsOf: #","values":["#.utf8)
        var first = true
        for v in values {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            if v.isFinite { buffer.append(contentsOf: v.description.utf8) } else { buffer.append(contentsOf: "null".utf8) }
        }
        buffer.append(contentsOf: "]}\n".utf8)
    }

    /// `record` as one JSON line, without the newline.
    public static func encode(_ record: Record) -> String {
        var out: [UInt8] = []
        append(key: record.key, generatorID: record.generatorID, sequence: record.sequence,
               eventTimeNanos: record.eventTimeNanos, values: record.values, to: &out)
        out.removeLast()
        return String(decoding: out, as: UTF8.self)
    }

    static func appendString(_ s: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): buffer.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): buffer.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): buffer.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: #"\u00"#.utf8)
                buffer.append(hex[Int(b >> 4)]); buffer.append(hex[Int(b & 15)])
            default: buffer.append(b)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Parses one JSON line (surrounding whitespace allowed). Fields may come in any order;
    /// all five are required; unknown fields are an error.
    public static func decode(_ line: String) throws(RecordJSONError) -> Record {
        var p = JSONLineParser(Array(line.utf8))
        return try p.parseRecord()
    }
}

/// Why a line is not a JSON record.
public struct RecordJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong, e.g. `expected ':' after a key`.
    public var message: String
    /// Byte offset in the line where it was noticed.
    public var offset: Int

    public var description: String { "invalid JSON record at byte \(offset): \(message)" }
}

/// A strict parser for the flat record object; no general JSON values beyond what it needs.
struct JSONLineParser {
    let bytes: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ message: String) -> RecordJSONError { RecordJSONError(message: message, offset: i) }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func expect(_ c: Character) throws(RecordJSONError) {
        skipSpace()
        guard i < bytes.count, bytes[i] == c.asciiValue! else { throw fail("expected '\(c)'") }
        i += 1
    }

    mutating func parseRecord() throws(RecordJSONError) -> Record {
        var gen: UInt16?, key: String?, seq: UInt64?, ts: Int64?, values: [Double]?
        try expect("{")
        repeat {
            let name = try parseString()
            try expect(":")
            switch name {
            case "gen": gen = UInt16(try parseNumberText()); if gen == nil { throw fail("gen must be an integer 0…65535") }
            case "key": key = try parseString()
            case "seq": seq = UInt64(try parseNumberText()); if seq == nil { throw fail("seq must be an unsigned 64-bit integer") }
            case "ts": ts = Int64(try parseNumberText()); if ts == nil { throw fail("ts must be a signed 64-bit integer") }
            case "values": values = try parseValues()
            default: throw fail("unknown field '\(name)'")
            }
            skipSpace()
        } while try comma(closing: "}")
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected text after the record") }
        guard let gen, let key, let seq, let ts, let values else { throw fail("a record needs gen, key, seq, ts and values") }
        guard !values.isEmpty else { throw fail("values must not be empty") }
        return Record(key: key, generatorID: gen, sequence: seq, eventTimeNanos: ts, values: values)
    }

    /// Consumes ',' (true: more follows) or the closing character (false).
    mutating func comma(closing: Character) throws(RecordJSONError) -> Bool {
        skipSpace()
        guard i < bytes.count else { throw fail("expected ',' or '\(closing)'") }
        if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
        if bytes[i] == closing.asciiValue! { i += 1; return false }
        throw fail("expected ',' or '\(closing)'")
    }

    mutating func parseValues() throws(RecordJSONError) -> [Double] {
        try expect("[")
        var out: [Double] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return out }
        repeat {
            skipSpace()
            if bytes[i...].starts(with: "null".utf8) {
                i += 4
                out.append(.nan)
            } else {
                guard let v = Double(try parseNumberText()) else { throw fail("expected a number") }
                out.append(v)
            }
        } while try comma(closing: "]")
        return out
    }

    mutating func parseNumberText() throws(RecordJSONError) -> String {
        skipSpace()
        let start = i
        while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i])
            || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[i]) {
            i += 1
        }
        guard i > start else { throw fail("expected a number") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func parseString() throws(RecordJSONError) -> String {
        try expect("\"")
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") { out.append(b); continue }
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"): try parseUnicodeEscape(into: &out)
            default: throw fail("unknown escape")
            }
        }
        guard out.withUnsafeBytes({ RecordCodec.isValidUTF8($0) }) else { throw fail("string is not valid UTF-8") }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws(RecordJSONError) -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
        else { throw fail("expected four hex digits") }
        i += 4
        return v
    }

    mutating func parseUnicodeEscape(into out: inout [UInt8]) throws(RecordJSONError) {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw fail("lone surrogate")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let s = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
        out.append(contentsOf: String(Character(s)).utf8)
    }
}
