// YAML scalars read with the `.chaos` grammar: values, words, targets and criteria.
//
// A plain single-line scalar is its own source text, so it is parsed in place by `ChaosParser` on
// its byte range and every sub-range is exact. A quoted scalar is a string, except where the
// grammar needs structure (targets, criteria): then its content is parsed in place when it has no
// escapes and fits on one line, and otherwise in a private copy whose ranges all map onto the
// whole scalar. No YAML 1.1 typing happens anywhere: `on`, `no`, `yes` stay words.
import ChaosSource
import ChaosSyntax

extension YAMLReader {
    /// A value: a literal, word, target, list, or (for free text and quoted scalars) a string.
    mutating func expr(_ node: YNode, _ path: String, what: String) -> Expr {
        switch node {
        case .mapping(_, let r):
            report(.yamlWrongKind, "expected a value for \(what), found a mapping", r, path)
            return Expr(.invalid, r)
        case .sequence(let items, let r):
            // Nested lists (`[[1, 2], [3]]`) are kept, as in .chaos.
            let list = items.enumerated().map { k, item in expr(item, "\(path)[\(k)]", what: what) }
            return Expr(.list(list), r, spelling: "[" + list.map(\.spelling).joined(separator: ", ") + "]")
        case .scalar(let s):
            return scalarExpr(s, path, what: what)
        }
    }

    mutating func scalarExpr(_ s: YScalar, _ path: String, what: String) -> Expr {
        if s.isPlaceholder { return Expr(.invalid, s.range) }
        if s.isNull { reportNull(s, path, what: what); return Expr(.invalid, s.range) }
        let source = file.text(of: s.range)
        if s.isQuoted || s.strTagged || source != s.value {
            return Expr(.string(s.value), s.range, spelling: Self.chaosQuote(s.value))
        }
        // YAML 1.1 spellings are recognised before the chaos grammar sees them.
        if legacyLiteral(s, path, afterParse: false) { return Expr(.invalid, s.range) }
        var scratch = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: s.range, into: &scratch)
        if !scratch.hasErrors && e.kind != .invalid { return e }
        if legacyLiteral(s, path, afterParse: true) { return Expr(.invalid, s.range) }
        if looksLikeValue(s.value) {
            for var d in scratch.diagnostics {
                d.keyPath = d.keyPath ?? path
                bag.add(d)
            }
            return Expr(.invalid, s.range, spelling: source)
        }
        return Expr(.string(s.value), s.range, spelling: Self.chaosQuote(s.value))
    }

    /// The `.chaos` spelling of a string literal, so `fmt` and `convert` can reuse it.
    static func chaosQuote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// One word that starts like a number is a value attempt (`4mm`, `30sec`): its errors are worth
    /// reporting. Anything else that is not one chaos value is free text (`description: A network
    /// split`, `description: 3 brokers crash`), left to the checker's type rules.
    func looksLikeValue(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard let f = b.first, !b.contains(where: { $0 == 32 || $0 == 9 }) else { return false }
        func digit(_ x: UInt8) -> Bool { x >= 48 && x <= 57 }
        if digit(f) || f == UInt8(ascii: "[") { return true }
        if (f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".")) && b.count > 1 && digit(b[1]) { return true }
        return false
    }

    mutating func reportNull(_ s: YScalar, _ path: String, what: String) {
        let found = s.value.isEmpty ? "nothing" : "'\(s.value)'"
        report(.yamlNull, "expected a value for \(what), found \(found)", s.range, path,
               notes: ["scenario files have no null: give a value or remove the key"])
    }

    /// A kind, name or key that must be an identifier.
    mutating func word(_ node: YNode, _ path: String, what: String) -> Ident? {
        guard case .scalar(let s) = node else {
            report(.yamlWrongKind, "expected a word for \(what), found \(node.kindDescription)", node.range, path)
            return nil
        }
        if s.isPlaceholder { return nil }
        if s.isNull { reportNull(s, path, what: what); return nil }
        guard Self.isIdentifier(s.value) else {
            var fixits: [FixIt] = []
            let candidate = s.value.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            var help: [String] = []
            if Self.isIdentifier(candidate) {
                fixits.append(FixIt(range: s.range, replacement: candidate, message: "use '\(candidate)'"))
                help.append("did you mean '\(candidate)'?")
            }
            report(.yamlExpectedWord, "expected a word for \(what), found '\(s.value)'", s.range, path,
                   notes: ["words are letters, digits and '_', not starting with a digit"], help: help, fixits: fixits)
            return nil
        }
        return Ident(s.value, contentRange(s))
    }

    /// A name (`name: sensors`, `as: main-crash`): any non-null scalar.
    mutating func stringLit(_ node: YNode, _ path: String, what: String) -> StringLit? {
        guard case .scalar(let s) = node else {
            report(.yamlWrongKind, "expected a name for \(what), found \(node.kindDescription)", node.range, path)
            return nil
        }
        if s.isPlaceholder { return nil }
        if s.isNull { reportNull(s, path, what: what); return nil }
        return StringLit(s.value, s.range)
    }

    static func isIdentifier(_ text: String) -> Bool {
        var first = true
        for b in text.utf8 {
            let letter = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_")
            let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            guard letter || (!first && digit) else { return false }
            first = false
        }
        return !first
    }

    /// The range of a scalar's text without its quotes.
    func contentRange(_ s: YScalar) -> SourceRange {
        if (s.style == .singleQuoted || s.style == .doubleQuoted) && s.range.end - s.range.start >= 2 {
            return SourceRange(s.range.start + 1, s.range.end - 1)
        }
        return s.range
    }

    /// Where the grammar needs structure: the scalar's text, parsed in place when it is verbatim
    /// source, in a private copy mapped onto the scalar otherwise.
    mutating func parseStructured<T>(_ s: YScalar, _ path: String,
                                     _ parse: (SourceFile, SourceRange, inout DiagnosticBag) -> T,
                                     remap: (T, RangeMapper) -> T) -> T {
        let inner = contentRange(s)
        var scratch = DiagnosticBag()
        let result: T
        if file.text(of: inner) == s.value && s.style != .literal && s.style != .folded {
            result = parse(file, inner, &scratch)
        } else {
            let copy = SourceFile(path: file.path, text: s.value)
            let mapper = RangeMapper(pieces: [.init(synthetic: SourceRange(0, copy.bytes.count), original: s.range, exact: false)])
            result = remap(parse(copy, SourceRange(0, copy.bytes.count), &scratch), mapper)
            scratch = mapper.map(scratch)
        }
        for var d in scratch.diagnostics {
            d.keyPath = d.keyPath ?? path
            bag.add(d)
        }
        return result
    }

    mutating func target(_ node: YNode, _ path: String) -> TargetExpr? {
        guard case .scalar(let s) = node else {
            report(.yamlWrongKind, "expected a target like 'kafka.broker[2]', found \(node.kindDescription)", node.range, path)
            return nil
        }
        if s.isPlaceholder { return nil }
        if s.isNull { reportNull(s, path, what: "the target"); return nil }
        return parseStructured(s, path, { ChaosParser.parseTarget($0, range: $1, into: &$2) },
                               remap: { t, m in t.map { m.target($0) } })
    }

    mutating func criterion(_ s: YScalar, _ path: String) -> CriterionDecl? {
        if s.isPlaceholder { return nil }
        if s.isNull { reportNull(s, path, what: "the criterion"); return nil }
        return parseStructured(s, path, { ChaosParser.parseCriterion($0, range: $1, into: &$2) },
                               remap: { c, m in c.map { m.criterion($0) } })
    }

    /// YAML 1.1 spellings that other loaders would turn into numbers: reported with the fix.
    /// Digit separators are checked only once the chaos grammar has rejected the text.
    mutating func legacyLiteral(_ s: YScalar, _ path: String, afterParse: Bool) -> Bool {
        let t = s.value
        let body = t.hasPrefix("-") || t.hasPrefix("+") ? String(t.dropFirst()) : t
        let lower = body.lowercased()
        var message: String?
        var fixes: [(String, String)] = []
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        if afterParse {
            if body.contains("_"), body.first?.isNumber == true, Double(body.replacingOccurrences(of: "_", with: "")) != nil {
                message = "'\(t)' uses YAML 1.1 digit separators"
                fixes = [(t.replacingOccurrences(of: "_", with: ""), "without separators")]
            }
        } else if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            message = "'\(t)' is a YAML 1.1 sexagesimal number, not a duration"
            let n = parts.map { String(Int($0) ?? 0) }
            if n.count == 2 {
                fixes = [("\(n[0])m\(n[1])s", "minutes and seconds"), ("\(n[0])h\(n[1])m", "hours and minutes")]
            } else if n.count == 3 {
                fixes = [("\(n[0])h\(n[1])m\(n[2])s", "hours, minutes and seconds")]
            }
        } else if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            message = "'\(t)' is a YAML 1.1 number; scenario files write integers in decimal"
            if let v = Int64(lower.dropFirst(2).replacingOccurrences(of: "_", with: ""),
                             radix: lower.hasPrefix("0x") ? 16 : lower.hasPrefix("0o") ? 8 : 2) {
                fixes = [((t.hasPrefix("-") ? "-" : "") + "\(v)", "decimal")]
            }
        } else if Self.isTimestamp(body) {
            message = "'\(t)' is a YAML 1.1 timestamp, which scenario files do not have"
            fixes = [("\"\(t)\"", "a string")]
        } else if [".inf", ".nan"].contains(lower) {
            message = "'\(t)' is a YAML 1.1 special float, which scenario files do not have"
        }
        guard let message else { return false }
        report(.yamlLegacyLiteral, message, s.range, path,
               notes: ["scenario files do not apply YAML 1.1 typing"],
               help: fixes.map { "write '\($0.0)' (\($0.1))" },
               fixits: fixes.map { FixIt(range: s.range, replacement: $0.0, message: "write \($0.1)") })
        return true
    }

    /// `2001-12-14`, `2001-12-14T21:59:43Z`: the date part is enough to recognise one.
    static func isTimestamp(_ t: String) -> Bool {
        let b = Array(t.utf8)
        guard b.count >= 8 else { return false }
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= b.count && r.allSatisfy { b[$0] >= 48 && b[$0] <= 57 } }
        return digits(0..<4) && b[4] == UInt8(ascii: "-") && (digits(5..<7) && b[7] == UInt8(ascii: "-") || digits(5..<6) && b[6] == UInt8(ascii: "-"))
    }
}
