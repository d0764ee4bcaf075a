// Converting AST expressions to typed values against a field table.
import ChaosSource
import ChaosSyntax

extension Checker {
    /// Converts `expr` to `type`, reporting a mismatch (with a fix-it where the fix is clear).
    /// Returns nil on error or for an `.invalid` expression (already reported by the parser).
    func convert(_ expr: Expr, to type: ValueType, what: String) -> Value? {
        if case .invalid = expr.kind { return nil }
        if let v = coerce(expr.kind, to: type) { return v }
        // A quoted literal: accept it in both syntaxes (YAML users quote values often).
        if case .string(let s) = expr.kind, type != .string, let lit = LiteralLexer.classify(s),
           let v = coerce(lit, to: type) {
            return v
        }
        mismatch(expr, type: type, what: what)
        return nil
    }

    private func coerce(_ kind: ExprKind, to type: ValueType) -> Value? {
        switch (type, kind) {
        case (.integer, .integer(let v)): return .integer(v)
        case (.number, .integer(let v)): return .number(Double(v))
        case (.number, .float(let v)): return .number(v)
        case (.intensity, .integer(let v)): return .intensity(Double(v))
        case (.intensity, .float(let v)): return .intensity(v)
        case (.intensity, .percent(let p)): return .intensity(p / 100)
        case (.percent, .percent(let p)): return .percent(p)
        case (.duration, .duration(let ms)): return .duration(milliseconds: ms)
        case (.duration, .integer(0)): return .duration(milliseconds: 0)
        case (.rate, .rate(let count, let per)): return .rate(perSecond: count / per.seconds)
        case (.size, .size(let b)): return .size(bytes: b)
        case (.string, .string(let s)): return .string(s)
        case (.string, .identifier(let s)): return .string(s)
        case (.bool, .bool(let b)): return .bool(b)
        case (.choice(let words), .identifier(let w)) where words.contains(w): return .word(w)
        case (.choice(let words), .string(let w)) where words.contains(w): return .word(w)
        case (.list(let inner), .list(let items)):
            var out: [Value] = []
            for item in items {
                guard let v = coerce(item.kind, to: inner) else { return nil }
                out.append(v)
            }
            return .list(out)
        default: return nil
        }
    }

    private func mismatch(_ expr: Expr, type: ValueType, what: String) {
        let found = expr.spelling.isEmpty ? expr.kind.kindDescription : "'\(expr.spelling)'"
        var fixits: [FixIt] = []
        var help: [String] = []
        var message = "expected \(type.expectation) for \(what), found \(found)"
        switch (type, expr.kind) {
        case (.duration, .integer), (.duration, .float):
            let text = "\(expr.spelling)s"
            fixits.append(FixIt(range: expr.range, replacement: text, message: "add a unit: '\(text)'"))
            help.append("durations need a unit: ms, s, m or h")
        case (.rate, .integer), (.rate, .float):
            let text = "\(expr.spelling)/s"
            fixits.append(FixIt(range: expr.range, replacement: text, message: "make it a rate: '\(text)'"))
        case (.percent, .integer), (.percent, .float):
            let text = "\(expr.spelling)%"
            fixits.append(FixIt(range: expr.range, replacement: text, message: "make it a percentage: '\(text)'"))
        case (.size, .integer):
            let text = "\(expr.spelling)MiB"
            fixits.append(FixIt(range: expr.range, replacement: text, message: "add a unit: '\(text)'"))
        case (.choice(let words), .identifier(let w)), (.choice(let words), .string(let w)):
            message = "unknown value '\(w)' for \(what); expected \(type.expectation)"
            if let s = Suggest.closest(to: w, in: words) {
                help.append("did you mean '\(s)'?")
                fixits.append(FixIt(range: expr.range, replacement: s, message: "replace with '\(s)'"))
            }
            bag.add(Diagnostic(.invalidChoice, message, at: expr.range, help: help, fixits: fixits))
            return
        case (.string, _) where !expr.spelling.isEmpty:
            let text = "\"\(expr.spelling)\""
            fixits.append(FixIt(range: expr.range, replacement: text, message: "quote it: \(text)"))
        default:
            break
        }
        bag.add(Diagnostic(.typeMismatch, message, at: expr.range, help: help, fixits: fixits))
    }

    /// Reports a value outside its field's range. Returns false when out of range.
    func checkRange(_ value: Value, _ spec: FieldSpec, at expr: Expr, what: String) -> Bool {
        guard let r = spec.range else { return true }
        let values: [Value]
        if case .list(let items) = value { values = items } else { values = [value] }
        for v in values {
            guard let x = v.doubleValue else { continue }
            let low = r.min.map { x < $0 } ?? false, high = r.max.map { x > $0 } ?? false
            if low || high {
                let bounds = describe(r, spec.type)
                bag.add(Diagnostic(.outOfRange, "\(display(v)) is out of range for \(what): \(bounds)", at: expr.range,
                                   notes: [spec.doc]))
                return false
            }
        }
        return true
    }

    func describe(_ r: ValueRange, _ type: ValueType) -> String {
        let t: ValueType = if case .list(let inner) = type { inner } else { type }
        switch (r.min, r.max) {
        case (let a?, let b?): return "expected \(format(a, t)) to \(format(b, t))"
        case (let a?, nil): return "expected at least \(format(a, t))"
        case (nil, let b?): return "expected at most \(format(b, t))"
        default: return "any value"
        }
    }

    /// A canonical spelling of a value, as the formatter and messages write it.
    func display(_ v: Value) -> String {
        switch v {
        case .integer(let i): return "\(i)"
        case .number(let d), .intensity(let d): return trim(d)
        case .percent(let p): return "\(trim(p))%"
        case .duration(let ms): return DurationFormat.spell(ms)
        case .rate(let r): return "\(trim(r))/s"
        case .size(let b): return "\(b) bytes"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return "\(b)"
        case .word(let w): return w
        case .list(let items): return "[" + items.map(display).joined(separator: ", ") + "]"
        }
    }

    func format(_ x: Double, _ type: ValueType) -> String {
        switch type {
        case .duration: DurationFormat.spell(Int64(x))
        case .percent: "\(trim(x))%"
        case .rate: "\(trim(x))/s"
        case .size: "\(Int64(x)) bytes"
        case .intensity: trim(x) + (x <= 1 ? " (\(trim(x * 100))%)" : "")
        default: trim(x)
        }
    }

    func trim(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}

/// Spelling of integer-millisecond durations: `1m30s`, `250ms`.
public enum DurationFormat {
    public static func spell(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var rest = ms, out = ""
        if ms < 0 { return "-" + spell(-ms) }
        let h = rest / 3_600_000; rest %= 3_600_000
        let m = rest / 60_000; rest %= 60_000
        let s = rest / 1000; let milli = rest % 1000
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 { out += "\(s)s" }
        if milli > 0 { out += "\(milli)ms" }
        return out
    }
}
