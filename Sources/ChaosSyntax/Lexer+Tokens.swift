// Token rules of the lexer: words, numeric literals, strings and punctuation.
import ChaosSource

extension Lexer {
    /// Lexes one token at `pos` (trivia already skipped, `pos < end`, not an unknown character).
    mutating func lexToken() -> Token {
        let start = pos
        let c = bytes[pos]
        if isIdentStart(c) { return word() }
        if LiteralLexer.startsNumber(bytes, at: pos, limit: end) { return number() }
        if c == UInt8(ascii: "\"") { return string() }
        if c == UInt8(ascii: "'") { return singleQuoted() }
        pos += 1
        let kind: TokenKind
        switch c {
        case UInt8(ascii: "{"): kind = .lbrace
        case UInt8(ascii: "}"): kind = .rbrace
        case UInt8(ascii: "["): kind = .lbracket
        case UInt8(ascii: "]"): kind = .rbracket
        case UInt8(ascii: "("): kind = .lparen
        case UInt8(ascii: ")"): kind = .rparen
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "."): kind = take(".") ? .dotdot : .dot
        case UInt8(ascii: "<"):
            if peekByte(0) == UInt8(ascii: "-"), peekByte(1) == UInt8(ascii: ">") { pos += 2; kind = .link }
            else { kind = take("=") ? .le : .lt }
        case UInt8(ascii: ">"): kind = take("=") ? .ge : .gt
        case UInt8(ascii: "="): kind = take("=") ? .eq : .assign
        default: pos += 1; kind = .ne  // `!=`: a lone `!` is an unknown character
        }
        return Token(kind, SourceRange(start, pos))
    }

    mutating func take(_ ch: Unicode.Scalar) -> Bool {
        if pos < end, bytes[pos] == UInt8(ascii: ch) { pos += 1; return true }
        return false
    }

    /// `[A-Za-z_][A-Za-z0-9_]*` with inner single `-` (`kafka-1`); `true`/`false` are booleans.
    mutating func word() -> Token {
        let start = pos
        pos += 1
        while pos < end {
            if isIdentContinue(bytes[pos]) {
                pos += 1
            } else if bytes[pos] == UInt8(ascii: "-"), pos + 1 < end, isIdentContinue(bytes[pos + 1]) {
                pos += 2
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let range = SourceRange(start, pos)
        if text == "true" || text == "false" { return Token(.bool, range, text: text, value: .bool(text == "true")) }
        return Token(.identifier, range, text: text)
    }

    mutating func number() -> Token {
        let start = pos
        pos = LiteralLexer.wordEnd(bytes, from: pos, limit: end)
        let range = SourceRange(start, pos)
        let full = diagnostics.diagnostics.count >= diagnostics.limit
        switch LiteralLexer.decode(bytes[start..<pos], suggest: !full) {
        case .success(let value):
            return Token(Self.kind(of: value), range, value: value)
        case .failure(let e):
            if full { return Token(.badLiteral, range) }
            var help: [String] = []
            var fixits: [FixIt] = []
            if let r = e.replacement {
                help.append("did you mean '\(r)'?")
                fixits.append(FixIt(range: range, replacement: r, message: "use '\(r)'"))
            }
            diagnostics.error(e.code, e.message, at: range, notes: e.notes, help: help, fixits: fixits)
            return Token(.badLiteral, range)
        }
    }

    static func kind(of value: ExprKind) -> TokenKind {
        switch value {
        case .integer: .integer
        case .float: .float
        case .duration: .duration
        case .rate: .rate
        case .percent: .percent
        case .size: .size
        default: .badLiteral
        }
    }

    // MARK: Strings

    /// A double-quoted string on one line, with escapes `\" \\ \n \t \r \u{…}`.
    mutating func string() -> Token {
        let start = pos
        pos += 1
        var value: [UInt8] = []
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return Token(.string, SourceRange(start, pos), text: String(decoding: value, as: UTF8.self))
            }
            if c == 0x0A { break }
            if c == UInt8(ascii: "\\") { escape(into: &value); continue }
            value.append(c)
            pos += 1
        }
        var lineEnd = pos
        if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        if value.last == 0x0D { value.removeLast() }
        diagnostics.error(.unterminatedString, "unterminated string", at: SourceRange(start, lineEnd),
                          notes: ["a string ends with '\"' on the line where it starts"],
                          fixits: [FixIt(range: .at(lineEnd), replacement: "\"", message: "close the string")])
        return Token(.string, SourceRange(start, lineEnd), text: String(decoding: value, as: UTF8.self))
    }

    /// Decodes one escape at `pos` (a backslash), reporting unknown ones.
    mutating func escape(into value: inout [UInt8]) {
        let start = pos
        pos += 1
        guard pos < end, bytes[pos] != 0x0A else { value.append(UInt8(ascii: "\\")); return }
        let c = bytes[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(c)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "u"): unicodeEscape(start: start, into: &value)
        default:
            let (_, len) = decodeScalar(at: pos - 1)
            pos += len - 1
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            diagnostics.error(.invalidEscape, "invalid escape sequence '\(text)' in string", at: SourceRange(start, pos),
                              notes: ["strings accept \\\", \\\\, \\n, \\t, \\r and \\u{…}"],
                              help: ["write '\\\\' for a backslash"],
                              fixits: [FixIt(range: SourceRange(start, start + 1), replacement: "\\\\", message: "escape the backslash")])
            value.append(contentsOf: bytes[start..<pos])
        }
    }

    /// `\u{1F600}`: 1 to 8 hex digits naming a Unicode scalar (`pos` is after the `u`).
    mutating func unicodeEscape(start: Int, into value: inout [UInt8]) {
        var scalar: Unicode.Scalar?
        if pos < end, bytes[pos] == UInt8(ascii: "{") {
            var j = pos + 1
            var v: UInt32 = 0
            var digits = 0
            while j < end, digits <= 8, let h = hexValue(bytes[j]) { v = v &* 16 &+ h; digits += 1; j += 1 }
            if j < end, bytes[j] == UInt8(ascii: "}"), (1...8).contains(digits) {
                scalar = Unicode.Scalar(v)
                pos = j + 1
            }
        }
        if let s = scalar {
            value.append(contentsOf: Array(String(s).utf8))
            return
        }
        diagnostics.error(.invalidEscape, "invalid unicode escape in string; expected '\\u{' 1 to 8 hex digits '}' naming a Unicode scalar",
                          at: SourceRange(start, pos), notes: ["for example '\\u{1F600}'"])
    }

    func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: UInt32(c - 48)
        case 65...70: UInt32(c - 55)
        case 97...102: UInt32(c - 87)
        default: nil
        }
    }

    /// The offset of the `'` closing a single-quoted string that starts at `i`, on the same line.
    func closingQuote(from i: Int) -> Int? {
        var j = i + 1
        while j < end, bytes[j] != 0x0A {
            if bytes[j] == UInt8(ascii: "'") { return j }
            j += 1
        }
        return nil
    }

    /// `'text'`: reported (strings use double quotes) and lexed as a string so parsing goes on.
    mutating func singleQuoted() -> Token {
        let start = pos
        let close = closingQuote(from: pos) ?? pos
        pos = close + 1
        let inner = String(decoding: bytes[(start + 1)..<close], as: UTF8.self)
        let quoted = "\"" + inner.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"") + "\""
        let range = SourceRange(start, pos)
        diagnostics.error(.unknownCharacter, "unexpected character '''; strings use double quotes", at: SourceRange(start, start + 1),
                          help: ["write \(quoted)"],
                          fixits: [FixIt(range: range, replacement: quoted, message: "use double quotes")])
        return Token(.string, range, text: inner)
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        guard contains(a) else { return self }
        return split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}
