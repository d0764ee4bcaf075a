// Formatting shared by every report renderer: numbers without Foundation, times, escaping for
// HTML/XML/Markdown, and `file:line:col` parsing. Nothing here traps on NaN, infinities, huge or
// negative values: odd data prints as `n/a` or is clamped, never crashes.

/// Number, time and text formatting used by the report renderers.
enum ReportFormat {
    /// `x` with exactly `places` decimals (`fixed(3.14159, 2)` → `3.14`); `n/a` when not finite.
    static func fixed(_ x: Double, _ places: Int) -> String {
        guard x.isFinite else { return "n/a" }
        let p = max(0, min(places, 9))
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e18 else { return String(x) }
        let n = UInt64(scaled)
        let unit = UInt64(scale)
        let sign = x < 0 && n != 0 ? "-" : ""
        let whole = String(n / unit)
        guard p > 0 else { return sign + whole }
        let frac = String(n % unit)
        return sign + whole + "." + String(repeating: "0", count: p - frac.count) + frac
    }

    /// `x` rounded to `places` decimals for JSON; non-finite values stay as they are (JSON writes null).
    static func rounded(_ x: Double, _ places: Int = 3) -> Double {
        guard x.isFinite, abs(x) < 1e12 else { return x }
        var scale = 1.0
        for _ in 0..<max(0, min(places, 9)) { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return r == 0 ? 0 : r
    }

    /// A short human number: `0`, `12.5`, `950`, `4.21k`, `1.2M` (`n/a` when not finite).
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let a = abs(x)
        if a >= 1e9 { return trimmed(fixed(x / 1e9, a >= 1e11 ? 0 : 2)) + "G" }
        if a >= 1e6 { return trimmed(fixed(x / 1e6, a >= 1e8 ? 0 : 2)) + "M" }
        if a >= 1e4 { return trimmed(fixed(x / 1e3, a >= 1e5 ? 0 : 1)) + "k" }
        if a >= 100 || x == x.rounded() { return fixed(x, 0) }
        return trimmed(fixed(x, a >= 10 ? 1 : 2))
    }

    /// Drops trailing zeros of a decimal (`4.20` → `4.2`, `3.00` → `3`).
    static func trimmed(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    /// An integer with thousands separators: `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A run time as `m:ss.mmm` (`62345` → `1:02.345`); negative times get a sign.
    static func clock(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let a = ms.magnitude
        let minutes = a / 60_000, seconds = (a / 1000) % 60, millis = a % 1000
        let s = seconds < 10 ? "0\(seconds)" : "\(seconds)"
        let m = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(sign)\(minutes):\(s).\(m)"
    }

    /// A duration in the language's style: `250ms`, `45s`, `1m30s`, `2m`, `1h5m`, `12.5s`.
    static func duration(_ ms: Int64) -> String {
        if ms < 0 { return "-" + duration(Int64(clamping: ms.magnitude)) }
        if ms < 1000 { return "\(ms)ms" }
        if ms % 1000 != 0 && ms < 60_000 { return trimmed(fixed(Double(ms) / 1000, 3)) + "s" }
        let total = ms / 1000
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }

    /// The signed difference actual − planned as `+12ms` / `-3ms`, or `–` when either is missing.
    static func delta(planned: Int64?, actual: Int64?) -> String {
        guard let p = planned, let a = actual else { return "–" }
        let (d, overflow) = a.subtractingReportingOverflow(p)
        if overflow { return "–" }
        return (d >= 0 ? "+" : "-") + duration(Int64(clamping: d.magnitude))
    }
}

/// Escaping for the text formats.
enum Escape {
    /// Text and attribute values in HTML and XML: `& < > " '`, and characters XML 1.0 forbids
    /// (C0 controls other than tab, newline, carriage return; lone surrogates cannot occur in
    /// a Swift String) become U+FFFD.
    static func markup(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// An XML attribute value: like `markup`, and newlines and tabs as character references so
    /// parsers keep them.
    static func attribute(_ s: String) -> String {
        markup(s).replacingAll("\n", "&#10;").replacingAll("\r", "&#13;").replacingAll("\t", "&#9;")
    }

    /// Inline Markdown (GitHub): backslash-escapes punctuation Markdown or HTML would interpret,
    /// and folds line breaks into spaces so a table cell stays one cell.
    static func markdown(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~", "!", "&", "$":
                out += "\\"; out.unicodeScalars.append(u)
            case "\n", "\r", "\t": out += " "
            default:
                if u.value < 0x20 || u.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Terminal text: control characters (ESC included) become U+FFFD so data cannot move the cursor.
    static func terminal(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { out += u == "\t" ? " " : "\u{FFFD}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}

extension String {
    /// Replaces every occurrence of `target` (plain Swift, no Foundation).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// A `file:line:col` location split into its parts (the file may itself contain colons).
struct SourceLocation: Equatable {
    var file: String
    var line: Int
    var column: Int

    init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }

    /// Parses `path:line:col` or `path:line`; nil when there is no line number.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 3, let l = Int(parts[parts.count - 2]), let c = Int(parts[parts.count - 1]) {
            file = parts.dropLast(2).joined(separator: ":"); line = l; column = c
        } else if parts.count >= 2, let l = Int(parts[parts.count - 1]) {
            file = parts.dropLast().joined(separator: ":"); line = l; column = 0
        } else { return nil }
        if file.isEmpty { return nil }
    }
}
