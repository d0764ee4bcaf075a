// ChaosSource owns what every phase of the language shares: source files, byte ranges,
// and diagnostics as data (rendering lives in the Render*.swift files of this module).
//
// Positions are stored as UTF-8 byte offsets. Lines and columns are computed only when a
// diagnostic is rendered; columns are 1-based and counted in Unicode scalars (documented in
// docs/diagnostics.md), so editors that count characters agree for everything but wide glyphs.

/// One source text with a precomputed line table.
public final class SourceFile: Sendable {
    /// The path as the user named it (used verbatim in diagnostics).
    public let path: String
    /// The raw bytes. Invalid UTF-8 is kept as bytes; `text` repairs it for display.
    public let bytes: [UInt8]
    /// The text, with invalid UTF-8 sequences replaced by U+FFFD.
    public let text: String
    /// Byte offset of the first byte of each line.
    public let lineStarts: [Int]
    /// Whether the bytes were valid UTF-8.
    public let isValidUTF8: Bool

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        let valid = String(validating: bytes, as: UTF8.self)
        self.isValidUTF8 = valid != nil
        self.text = valid ?? String(decoding: bytes, as: UTF8.self)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let off = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        var col = 1
        for i in start..<off where bytes[i] & 0xC0 != 0x80 { col += 1 }
        return SourceLocation(line: lo + 1, column: col, offset: off)
    }

    /// Byte offset of a 1-based line and a 1-based column counted in Unicode scalars.
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        var i = lineStarts[line - 1]
        let end = lineEnd(ofLineStartingAt: i)
        var col = 1
        while col < column && i < end {
            i += 1
            while i < end && bytes[i] & 0xC0 == 0x80 { i += 1 }
            col += 1
        }
        return i
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        let end = lineEnd(ofLineStartingAt: start)
        var slice = Array(bytes[start..<end])
        if slice.last == UInt8(ascii: "\r") { slice.removeLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The source text of a range.
    public func text(of range: SourceRange) -> String {
        let s = max(0, min(range.start, bytes.count)), e = max(s, min(range.end, bytes.count))
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    func lineEnd(ofLineStartingAt start: Int) -> Int {
        var e = start
        while e < bytes.count && bytes[e] != UInt8(ascii: "\n") { e += 1 }
        return e
    }
}

/// A resolved position: 1-based line, 1-based column in Unicode scalars, and the byte offset.
public struct SourceLocation: Hashable, Sendable, Codable {
    public var line: Int
    public var column: Int
    public var offset: Int
    public init(line: Int, column: Int, offset: Int) {
        self.line = line; self.column = column; self.offset = offset
    }
}

/// A half-open byte range `[start, end)` in one source file.
public struct SourceRange: Hashable, Sendable, Comparable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start; self.end = max(start, end)
    }
    /// An empty range at an offset (used for "missing token" diagnostics).
    public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }
    /// A placeholder for nodes synthesized without a source position.
    public static let none = SourceRange(0, 0)
    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
    }
    public static func < (a: SourceRange, b: SourceRange) -> Bool {
        (a.start, a.end) < (b.start, b.end)
    }
}
