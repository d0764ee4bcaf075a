// Literals with units: durations (`1m30s`), sizes (`512MiB`), rates (`4k/s`), and the
// did-you-mean for unknown unit suffixes.
import ChaosSource

extension LiteralLexer {
    /// A literal whose suffix starts with letters: a duration or a size.
    static func unitLiteral(_ n: NumberParts, _ suffix: ArraySlice<UInt8>, word: String,
                            prefixEnd: Int, suggest: Bool) -> Result<ExprKind, LiteralError> {
        var j = suffix.startIndex
        while j < suffix.endIndex, isLetter(suffix[j]) { j += 1 }
        let unit = String(decoding: suffix[suffix.startIndex..<j], as: UTF8.self)
        if durationUnits[unit] != nil { return duration(n, suffix, word: word, prefixEnd: prefixEnd, suggest: suggest) }
        if let factor = sizeUnits[unit], j == suffix.endIndex {
            switch exactScaled(n, factor) {
            case .success(let v): return .success(.size(bytes: v))
            case .failure(.overflow): return .failure(LiteralError(.numberOverflow, "size '\(word)' is too large"))
            case .failure(.inexact): return .failure(LiteralError(.inexactValue, "size '\(word)' is not a whole number of bytes"))
            }
        }
        if unit.isEmpty {
            return .failure(LiteralError(.invalidNumber, "invalid number '\(word)'"))
        }
        return .failure(unknownUnit(unit, word: word, at: prefixEnd, slash: false, suggest: suggest))
    }

    /// `1h2m3.5s`: components from the largest unit to the smallest, fraction only in the last.
    static func duration(_ first: NumberParts, _ suffix: ArraySlice<UInt8>, word: String,
                         prefixEnd: Int, suggest: Bool) -> Result<ExprKind, LiteralError> {
        var total: Int64 = 0
        var number = first
        var j = suffix.startIndex
        var lastRank = Int.max
        let base = suffix.startIndex - prefixEnd
        while true {
            let unitStart = j
            while j < suffix.endIndex, isLetter(suffix[j]) { j += 1 }
            let unit = String(decoding: suffix[unitStart..<j], as: UTF8.self)
            guard let u = durationUnits[unit] else {
                if unit.isEmpty { return .failure(missingUnit(number, word: word, at: unitStart - base, suggest: suggest)) }
                return .failure(unknownUnit(unit, word: word, at: unitStart - base, slash: false, suggest: suggest))
            }
            guard u.rank < lastRank else {
                return .failure(LiteralError(.invalidNumber, "invalid duration '\(word)': write its parts from the largest unit to the smallest, each once, like '1h2m3s'"))
            }
            lastRank = u.rank
            switch exactScaled(number, u.ms) {
            case .success(let v):
                let (sum, o) = total.addingReportingOverflow(v)
                if o { return .failure(durationOverflow(word)) }
                total = sum
            case .failure(.overflow): return .failure(durationOverflow(word))
            case .failure(.inexact):
                return .failure(LiteralError(.inexactValue, "duration '\(word)' is not a whole number of milliseconds"))
            }
            if j == suffix.endIndex { return .success(.duration(milliseconds: total)) }
            if number.hasFraction || !isDigit(suffix[j]) {
                return .failure(LiteralError(.invalidNumber, "invalid duration '\(word)': only the last part may have a fraction, like '1m30.5s'"))
            }
            switch readNumber(suffix, &j, allowExponent: false, word: word) {
            case .success(let n): number = n
            case .failure(let e): return .failure(e)
            }
        }
    }

    /// `1m30`: a later duration part without its unit; the fix adds `s`.
    static func missingUnit(_ number: NumberParts, word: String, at offset: Int, suggest: Bool) -> LiteralError {
        let bytes = Array(word.utf8)
        let cut = min(bytes.count, offset)
        let fixed = String(decoding: bytes[..<cut], as: UTF8.self) + "s" + String(decoding: bytes[cut...], as: UTF8.self)
        return LiteralError(.unknownUnit, "missing unit after '\(number.plain)' in '\(word)'",
                            notes: [unitNote], replacement: suggest ? valid(fixed) : nil)
    }

    static func durationOverflow(_ word: String) -> LiteralError {
        LiteralError(.numberOverflow, "duration '\(word)' is too large", notes: ["durations are held in 64-bit milliseconds"])
    }

    /// `4k/s`, `500/s`, `2M/min`, `10/h`.
    static func rate(_ n: NumberParts, _ suffix: ArraySlice<UInt8>, word: String,
                     prefixEnd: Int, suggest: Bool) -> Result<ExprKind, LiteralError> {
        guard let slash = suffix.firstIndex(of: UInt8(ascii: "/")) else {
            return .failure(LiteralError(.invalidNumber, "invalid number '\(word)'"))
        }
        let base = suffix.startIndex - prefixEnd
        let mult = String(decoding: suffix[suffix.startIndex..<slash], as: UTF8.self)
        let unit = String(decoding: suffix[(slash + 1)...], as: UTF8.self)
        guard let m = rateMultipliers[mult] else {
            let fixed = rateMultipliers.keys.sorted().first { !$0.isEmpty && $0.lowercased() == mult.lowercased() }
            let replacement = fixed.map { String(decoding: Array(word.utf8.prefix(prefixEnd)), as: UTF8.self) + $0 + "/" + unit }
            return .failure(LiteralError(.unknownUnit, "unknown rate multiplier '\(mult)' in '\(word)'",
                                         notes: ["a rate is a count, an optional multiplier k (thousand) or M (million), and /s, /min or /h"],
                                         replacement: suggest ? replacement.flatMap(valid) : nil))
        }
        guard let per = rateUnits[unit] else {
            return .failure(unknownUnit(unit, word: word, at: slash + 1 - base, slash: true, suggest: suggest))
        }
        return finiteDouble(n.plain, word: word).flatMap { count in
            let v = count * m
            return v.isFinite ? .success(.rate(count: v, per: per))
                : .failure(LiteralError(.numberOverflow, "rate '\(word)' is too large"))
        }
    }

    /// An "unknown unit" error whose fix replaces the unit at byte offset `at` of `word`.
    static func unknownUnit(_ unit: String, word: String, at offset: Int, slash: Bool, suggest: Bool) -> LiteralError {
        let bytes = Array(word.utf8)
        let head = String(decoding: bytes[..<offset], as: UTF8.self)
        let tail = String(decoding: bytes[min(bytes.count, offset + unit.utf8.count)...], as: UTF8.self)
        var replacement: String?
        var notes = [unitNote]
        if !slash, ["us", "ns", "µs", "μs"].contains(unit) {
            notes.insert("durations are whole milliseconds; the smallest unit is 'ms'", at: 0)
        } else if !slash, ["d", "day", "days"].contains(unit) {
            notes.insert("there is no day unit; write hours, like '24h'", at: 0)
        } else if !suggest {
            // Checking a suggestion: no further suggestions.
        } else if !slash, unit == "k" || unit == "M" {
            replacement = valid(head + unit + "/s" + tail)
            notes.insert("a rate needs a time unit, like '4k/s'", at: 0)
        } else if let u = suggestUnit(unit, slash: slash) {
            replacement = valid(head + u + tail)
        }
        if replacement != nil { notes.removeLast() }
        let what = slash ? "unknown rate unit '/\(unit)'" : "unknown unit '\(unit)'"
        return LiteralError(.unknownUnit, "\(what) in '\(word)'", notes: notes, replacement: replacement)
    }

    static func suggestUnit(_ unit: String, slash: Bool) -> String? {
        let aliases = slash ? rateUnitAliases : unitAliases
        if let a = aliases[unit] ?? aliases[unit.lowercased()] { return a }
        let candidates = slash ? rateUnits.keys.sorted() : unitWords
        if let exact = candidates.first(where: { $0.lowercased() == unit.lowercased() }) { return exact }
        // One letter is too little to guess from (`5x` is not `5s`).
        guard unit.count > 1 else { return nil }
        return Suggest.closest(to: unit, in: candidates)
    }

    /// `text` if it scans as a valid literal (so a fix-it never proposes another error).
    static func valid(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard startsNumber(bytes, at: 0, limit: bytes.count),
              wordEnd(bytes, from: 0, limit: bytes.count) == bytes.count,
              case .success = decode(bytes[...], suggest: false) else { return nil }
        return text
    }

    enum ScaleError: Error { case overflow, inexact }

    /// `int.frac × factor` as an exact integer.
    static func exactScaled(_ n: NumberParts, _ factor: Int64) -> Result<Int64, ScaleError> {
        var frac = n.fracDigits
        while frac.last == UInt8(ascii: "0") { frac.removeLast() }
        var mantissa: Int64 = 0
        for d in n.intDigits + frac {
            let (a, o1) = mantissa.multipliedReportingOverflow(by: 10)
            let (b, o2) = a.addingReportingOverflow(Int64(d - 48))
            if o1 || o2 { return .failure(.overflow) }
            mantissa = b
        }
        let (scaled, o) = mantissa.multipliedReportingOverflow(by: factor)
        if o { return .failure(.overflow) }
        var divisor: Int64 = 1
        for _ in frac {
            let (d, o) = divisor.multipliedReportingOverflow(by: 10)
            if o { return .failure(.inexact) }
            divisor = d
        }
        return scaled % divisor == 0 ? .success(scaled / divisor) : .failure(.inexact)
    }
}
