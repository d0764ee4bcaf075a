// The `.chaos` lexer: bytes in, tokens out, on demand (so a 50 MB file never becomes a 50 MB
// token array). Trivia — spaces, comments and characters that cannot start a token — is skipped
// and reported here; line breaks are collapsed into one `newline` token, because newlines end
// statements. Every diagnostic the lexer emits is final: the parser never re-reports a bad token.
import ChaosSource

/// Turns a byte range of a source file into tokens.
public struct Lexer {
    let bytes: [UInt8]
    let end: Int
    var pos: Int
    /// Lexical diagnostics, in source order.
    public internal(set) var diagnostics = DiagnosticBag()
    /// True once a `/*` comment ran to the end of the input.
    public internal(set) var unterminatedComment = false
    /// Every comment seen so far, in source order (the formatter keeps them).
    public internal(set) var comments: [Comment] = []

    /// Lexes `range` of `file`; offsets in tokens are offsets into the whole file.
    public init(file: SourceFile, range: SourceRange) {
        bytes = file.bytes
        end = max(0, min(range.end, file.bytes.count))
        pos = max(0, min(range.start, end))
        if pos == 0, end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        if !file.isValidUTF8, let bad = firstInvalidUTF8() {
            diagnostics.error(.invalidUTF8, "invalid UTF-8 byte sequence; the file is not valid UTF-8 text", at: bad,
                              notes: ["further invalid bytes are not reported; re-save the file as UTF-8"])
        }
    }

    /// The next token; `eof` forever once the input is exhausted.
    public mutating func next() -> Token {
        var newlineAt: Int?
        skipTrivia(&newlineAt)
        if let nl = newlineAt { return Token(.newline, SourceRange(nl, nl + 1)) }
        if pos >= end { return Token(.eof, .at(end)) }
        return lexToken()
    }

    // MARK: Trivia

    mutating func skipTrivia(_ newlineAt: inout Int?) {
        while pos < end {
            let c = bytes[pos]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C: pos += 1
            case 0x0A:
                if newlineAt == nil { newlineAt = pos }
                pos += 1
            case UInt8(ascii: "#"): lineComment()
            case UInt8(ascii: "/") where peekByte(1) == UInt8(ascii: "/"): lineComment()
            case UInt8(ascii: "/") where peekByte(1) == UInt8(ascii: "*"):
                if blockComment(), newlineAt == nil { newlineAt = pos }
            default:
                guard isUnknownStart(pos) else { return }
                unknownRun()
            }
        }
    }

    func peekByte(_ k: Int) -> UInt8 { pos + k < end ? bytes[pos + k] : 0 }

    mutating func lineComment() {
        let start = pos
        while pos < end, bytes[pos] != 0x0A { pos += 1 }
        var e = pos
        if e > start, bytes[e - 1] == 0x0D { e -= 1 }
        addComment(start, e)
    }

    /// Skips a nested `/* … */`; returns true if it spanned a line break (it then ends a statement).
    mutating func blockComment() -> Bool {
        let start = pos
        var depth = 0
        var sawNewline = false
        while pos < end {
            if bytes[pos] == UInt8(ascii: "/"), peekByte(1) == UInt8(ascii: "*") {
                depth += 1; pos += 2
            } else if bytes[pos] == UInt8(ascii: "*"), peekByte(1) == UInt8(ascii: "/") {
                depth -= 1; pos += 2
                if depth == 0 { addComment(start, pos); return sawNewline }
            } else {
                if bytes[pos] == 0x0A { sawNewline = true }
                pos += 1
            }
        }
        addComment(start, pos)
        unterminatedComment = true
        diagnostics.error(.unterminatedComment, "unterminated block comment", at: SourceRange(start, start + 2),
                          notes: ["block comments nest; every '/*' needs its own '*/'"],
                          fixits: [FixIt(range: .at(end), replacement: String(repeating: " */", count: max(1, depth)),
                                         message: "close the comment")])
        return sawNewline
    }

    mutating func addComment(_ start: Int, _ end: Int) {
        comments.append(Comment(String(decoding: bytes[start..<end], as: UTF8.self), SourceRange(start, end)))
    }

    /// True if the byte at `i` cannot start a token (or trivia).
    func isUnknownStart(_ i: Int) -> Bool {
        let c = bytes[i]
        let next: UInt8 = i + 1 < end ? bytes[i + 1] : 0
        if c >= 0x80 { return true }
        if isAlnum(c) { return false }
        switch c {
        case UInt8(ascii: "_"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ":"),
             UInt8(ascii: ";"), UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "="), UInt8(ascii: "#"), 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
            return false
        case UInt8(ascii: "!"): return next != UInt8(ascii: "=")
        case UInt8(ascii: "-"): return !isDigit(next)
        case UInt8(ascii: "/"): return next != UInt8(ascii: "/") && next != UInt8(ascii: "*")
        case UInt8(ascii: "'"): return closingQuote(from: i) == nil
        default: return true
        }
    }

    /// Skips a run of characters that cannot start a token and reports it once.
    mutating func unknownRun() {
        let start = pos
        var firstValid: Unicode.Scalar?
        var scalars = 0
        while pos < end, isUnknownStart(pos) {
            let (scalar, len) = decodeScalar(at: pos)
            if let s = scalar {
                if firstValid == nil { firstValid = s }
                scalars += 1
            }
            pos += len
        }
        guard let first = firstValid else { return }  // only invalid UTF-8: reported once already
        let run = String(decoding: bytes[start..<pos], as: UTF8.self)
        let printable = run.unicodeScalars.allSatisfy { isPrintable($0) }
        let shown = scalars == 1 ? "character \(describe(first))"
            : printable && run.unicodeScalars.count <= 16 ? "characters '\(run)'" : "characters starting with \(describe(first))"
        var notes: [String] = []
        if first == "'" { notes.append("strings use double quotes") }
        if first == "-" { notes.append("a link between two targets is written 'a <-> b'") }
        diagnostics.error(.unknownCharacter, "unexpected \(shown)", at: SourceRange(start, pos), notes: notes)
    }

    func describe(_ s: Unicode.Scalar) -> String {
        let hex = "U+" + String(s.value, radix: 16, uppercase: true).leftPadded(to: 4)
        if !isPrintable(s) { return hex }
        return s.isASCII ? "'\(s)'" : "'\(s)' (\(hex))"
    }

    func isPrintable(_ s: Unicode.Scalar) -> Bool {
        !(s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || s.properties.generalCategory == .format
          || s.properties.isWhitespace)
    }

    // MARK: UTF-8

    /// Decodes the scalar at `i`: the scalar (nil if the bytes are not valid UTF-8) and its length.
    func decodeScalar(at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let len: Int, minValue: UInt32
        switch b0 {
        case 0xC2...0xDF: len = 2; minValue = 0x80
        case 0xE0...0xEF: len = 3; minValue = 0x800
        case 0xF0...0xF4: len = 4; minValue = 0x10000
        default: return (nil, 1)
        }
        guard i + len <= end else { return (nil, 1) }
        var value = UInt32(b0) & (0xFF >> (len + 1))
        for k in 1..<len {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minValue, let s = Unicode.Scalar(value) else { return (nil, 1) }
        return (s, len)
    }

    func firstInvalidUTF8() -> SourceRange? {
        var i = pos
        while i < end {
            let (s, len) = decodeScalar(at: i)
            if s == nil { return SourceRange(i, i + len) }
            i += len
        }
        return nil
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
