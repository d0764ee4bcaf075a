// Typed numeric literals: integers, floats, durations, rates, percentages and sizes.
//
// The lexer cuts a "numeric word" (digits, letters, `_`, `%`, `.` before a digit, `/` before a
// letter, and an exponent sign) and hands it here; the YAML front end calls `classify` on plain
// scalars so `30s` means the same thing in both syntaxes. All unit arithmetic is exact integer
// arithmetic: durations are whole milliseconds and sizes whole bytes, or the literal is rejected.
import ChaosSource

/// Why a numeric literal was rejected, with a fix when one is clear.
public struct LiteralError: Error, Sendable, Hashable {
    public var code: DiagnosticCode
    public var message: String
    public var notes: [String]
    /// A corrected spelling of the whole literal (`30sec` → `30s`), if any.
    public var replacement: String?
    public init(_ code: DiagnosticCode, _ message: String, notes: [String] = [], replacement: String? = nil) {
        self.code = code; self.message = message; self.notes = notes; self.replacement = replacement
    }
}

/// Classifies and decodes literal text.
public enum LiteralLexer {
    /// Duration units in milliseconds, with their rank (larger units first in `1h2m3s`).
    static let durationUnits: [String: (ms: Int64, rank: Int)] = [
        "h": (3_600_000, 3), "m": (60_000, 2), "s": (1_000, 1), "ms": (1, 0),
    ]
    static let sizeUnits: [String: Int64] = [
        "B": 1, "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000, "TB": 1_000_000_000_000,
        "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
    ]
    static let rateMultipliers: [String: Double] = ["": 1, "k": 1e3, "M": 1e6]
    static let rateUnits: [String: RateUnit] = ["s": .perSecond, "min": .perMinute, "h": .perHour]
    static let unitWords = ["ms", "s", "m", "h", "B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"]
    static let unitAliases: [String: String] = [
        "sec": "s", "secs": "s", "second": "s", "seconds": "s",
        "msec": "ms", "msecs": "ms", "millis": "ms", "millisecond": "ms", "milliseconds": "ms",
        "min": "m", "mins": "m", "minute": "m", "minutes": "m",
        "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    ]
    static let rateUnitAliases: [String: String] = [
        "sec": "s", "second": "s", "seconds": "s", "m": "min", "mins": "min", "minute": "min",
        "minutes": "min", "hr": "h", "hour": "h", "hours": "h",
    ]
    static let unitNote = "durations use ms, s, m, h (1m30s); sizes use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB; rates use /s, /min, /h with an optional k or M (4k/s); percentages use %"

    /// The value of `text` if the whole text is one valid integer, float, duration, rate,
    /// percentage, size or boolean literal; `nil` otherwise (strings, words, malformed numbers).
    public static func classify(_ text: String) -> ExprKind? {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        guard case .success(let kind)? = scan(text) else { return nil }
        return kind
    }

    /// Decodes `text` as a numeric literal. `nil` if the text does not have the shape of one
    /// (it must start with a digit or `-` and a digit, and be a single word); otherwise the value
    /// or the reason it is invalid.
    public static func scan(_ text: String) -> Result<ExprKind, LiteralError>? {
        let bytes = Array(text.utf8)
        guard startsNumber(bytes, at: 0, limit: bytes.count),
              wordEnd(bytes, from: 0, limit: bytes.count) == bytes.count else { return nil }
        return decode(bytes[...])
    }

    /// True if a numeric word starts at `i`: a digit, or `-` followed by a digit.
    static func startsNumber(_ b: [UInt8], at i: Int, limit: Int) -> Bool {
        guard i < limit else { return false }
        if isDigit(b[i]) { return true }
        return b[i] == UInt8(ascii: "-") && i + 1 < limit && isDigit(b[i + 1])
    }

    /// The end of the numeric word starting at `start` (see the file comment for its shape).
    static func wordEnd(_ b: [UInt8], from start: Int, limit: Int) -> Int {
        var p = start + 1
        while p < limit {
            let c = b[p]
            let next: UInt8 = p + 1 < limit ? b[p + 1] : 0
            if isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "%") {
                p += 1
            } else if c == UInt8(ascii: "."), isDigit(next) {
                p += 1
            } else if c == UInt8(ascii: "/"), isLetter(next) {
                p += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-"), isDigit(next),
                      b[p - 1] | 0x20 == UInt8(ascii: "e"), p >= 2, isDigit(b[p - 2]) || b[p - 2] == UInt8(ascii: ".") {
                p += 1
            } else {
                break
            }
        }
        return p
    }

    // MARK: Decoding

    /// The digits of one number: integer part, fraction, exponent, and its plain spelling.
    struct NumberParts {
        var intDigits: [UInt8] = []
        var fracDigits: [UInt8] = []
        var hasFraction = false
        var hasExponent = false
        /// The spelling without `_`, for `Double(_:)`.
        var plain = ""
    }

    /// Decodes a numeric word. `suggest` is false when checking a suggestion, so that checking
    /// never suggests again (no recursion).
    static func decode(_ w: ArraySlice<UInt8>, suggest: Bool = true) -> Result<ExprKind, LiteralError> {
        let word = String(decoding: w, as: UTF8.self)
        var i = w.startIndex
        let negative = w[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let number: NumberParts
        switch readNumber(w, &i, allowExponent: true, word: word) {
        case .success(let n): number = n
        case .failure(let e): return .failure(e)
        }
        let suffix = w[i...]
        if suffix.isEmpty { return plainNumber(number, negative: negative, word: word) }
        if negative {
            return .failure(LiteralError(.invalidNumber, "invalid number '\(word)': only plain numbers can be negative"))
        }
        if suffix.first == UInt8(ascii: ".") || suffix.first == UInt8(ascii: "_") {
            return .failure(LiteralError(.invalidNumber, "invalid number '\(word)'",
                                         notes: ["a number has at most one decimal point, and '_' only separates digits"]))
        }
        if number.hasExponent {
            return .failure(LiteralError(.invalidNumber, "invalid number '\(word)': an exponent is only allowed in plain numbers"))
        }
        if suffix.elementsEqual("%".utf8) {
            return finiteDouble(number.plain, word: word).map { .percent($0) }
        }
        let at = i - w.startIndex
        if suffix.contains(UInt8(ascii: "/")) { return rate(number, suffix, word: word, prefixEnd: at, suggest: suggest) }
        return unitLiteral(number, suffix, word: word, prefixEnd: at, suggest: suggest)
    }

    /// Reads digits with `_` separators, an optional fraction and (if allowed) an exponent.
    static func readNumber(_ w: ArraySlice<UInt8>, _ i: inout Int, allowExponent: Bool,
                           word: String) -> Result<NumberParts, LiteralError> {
        var n = NumberParts()
        guard readDigits(w, &i, into: &n.intDigits) else { return .failure(underscoreError(word)) }
        if i + 1 < w.endIndex, w[i] == UInt8(ascii: "."), isDigit(w[i + 1]) {
            i += 1
            n.hasFraction = true
            guard readDigits(w, &i, into: &n.fracDigits) else { return .failure(underscoreError(word)) }
        }
        n.plain = String(decoding: n.intDigits, as: UTF8.self)
        if n.hasFraction { n.plain += "." + String(decoding: n.fracDigits, as: UTF8.self) }
        if allowExponent, i < w.endIndex, w[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            if j < w.endIndex, w[j] == UInt8(ascii: "+") || w[j] == UInt8(ascii: "-") { j += 1 }
            if j < w.endIndex, isDigit(w[j]) {
                var exp: [UInt8] = []
                guard readDigits(w, &j, into: &exp) else { return .failure(underscoreError(word)) }
                n.plain += String(decoding: w[i..<j], as: UTF8.self).replacingUnderscores()
                n.hasExponent = true
                i = j
            }
        }
        return .success(n)
    }

    static func underscoreError(_ word: String) -> LiteralError {
        LiteralError(.invalidNumber, "invalid number '\(word)': '_' must stand between two digits")
    }

    /// Reads `[0-9]([0-9_]*[0-9])?`; false if an underscore is not followed by a digit.
    static func readDigits(_ w: ArraySlice<UInt8>, _ i: inout Int, into out: inout [UInt8]) -> Bool {
        while i < w.endIndex {
            let c = w[i]
            if isDigit(c) {
                out.append(c)
            } else if c == UInt8(ascii: "_") {
                guard i + 1 < w.endIndex, isDigit(w[i + 1]) || w[i + 1] == UInt8(ascii: "_") else { return false }
            } else {
                break
            }
            i += 1
        }
        return true
    }

    static func plainNumber(_ n: NumberParts, negative: Bool, word: String) -> Result<ExprKind, LiteralError> {
        let spelled = (negative ? "-" : "") + n.plain
        if !n.hasFraction && !n.hasExponent {
            guard let v = Int64(spelled) else {
                return .failure(LiteralError(.numberOverflow, "integer '\(word)' does not fit in 64 bits",
                                             notes: ["the largest integer is 9223372036854775807"]))
            }
            return .success(.integer(v))
        }
        return finiteDouble(spelled, word: word).map { .float($0) }
    }

    static func finiteDouble(_ plain: String, word: String) -> Result<Double, LiteralError> {
        guard let d = Double(plain), d.isFinite else {
            return .failure(LiteralError(.numberOverflow, "number '\(word)' is too large"))
        }
        return .success(d)
    }
}

extension String {
    func replacingUnderscores() -> String { String(unicodeScalars.filter { $0 != "_" }) }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
@inline(__always) func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }
@inline(__always) func isIdentStart(_ c: UInt8) -> Bool { isLetter(c) || c == 95 }
@inline(__always) func isIdentContinue(_ c: UInt8) -> Bool { isAlnum(c) || c == 95 }
