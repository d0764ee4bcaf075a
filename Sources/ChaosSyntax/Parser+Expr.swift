// Values: literals, lists, words and targets; and the typed slots of the grammar (durations after
// `at`/`after`/`for`/`every`, quoted names, repeat counts).
import ChaosSource

extension Parser {
    /// A value, or nil (nothing consumed) if `tok` cannot start one.
    mutating func parseValue() -> Expr? {
        if tok.kind.isLiteral {
            let t = advance()
            if t.kind == .integer || t.kind == .float, let joined = joinSpacedUnit(t) { return joined }
            return Expr(literalKind(t), t.range, spelling: text(t.range))
        }
        switch tok.kind {
        case .lbracket: return parseList()
        case .identifier:
            let next = peek()
            if next.kind == .dot || next.kind == .link || (next.kind == .lbracket && next.range.start == tok.range.end),
               let t = parseTarget() {
                return Expr(.target(t), t.range, spelling: text(t.range))
            }
            let t = advance()
            return Expr(.identifier(t.text), t.range, spelling: t.text)
        default:
            return nil
        }
    }

    /// `4 m`, `512 MiB`: a number followed by a unit word is reported with a fix-it and read
    /// as the joined literal.
    mutating func joinSpacedUnit(_ number: Token) -> Expr? {
        guard tok.kind == .identifier, !Self.clauseWords.contains(tok.text) else { return nil }
        let joined = text(number.range) + tok.text
        guard case .success(let value)? = LiteralLexer.scan(joined) else { return nil }
        let unit = advance()
        let r = number.range.union(unit.range)
        error(.extraTokens, "unexpected '\(unit.text)' after the number '\(text(number.range))'", at: unit.range,
              notes: ["a unit is written right after its number"], help: ["did you mean '\(joined)'?"],
              fixits: [FixIt(range: r, replacement: joined, message: "use '\(joined)'")])
        return Expr(value, r, spelling: joined)
    }

    func literalKind(_ t: Token) -> ExprKind {
        switch t.kind {
        case .string: .string(t.text)
        case .badLiteral: .invalid
        default: t.value ?? .invalid
        }
    }

    /// `[a, b, c]`: line breaks inside are ignored; a trailing comma is allowed.
    mutating func parseList() -> Expr {
        let open = tok.range
        guard enterNesting() else { return Expr(.invalid, rangeFrom(open.start)) }
        advance()
        defer { depth -= 1 }
        var elements: [Expr] = []
        skipNewlines()
        while tok.kind != .rbracket {
            guard let e = parseValue() else {
                listError(.missingElement, open)
                skipListRest()
                return Expr(.invalid, rangeFrom(open.start))
            }
            elements.append(e)
            if tok.kind == .newline, [.comma, .rbracket].contains(peek().kind) { advance() }
            if tok.kind == .comma {
                advance()
                skipNewlines()
            } else if tok.kind != .rbracket {
                if startsValue(tok) { listError(.missingComma, open); continue }
                listError(.unclosed, open)
                return Self.list(elements, rangeFrom(open.start))
            }
        }
        advance()
        return Self.list(elements, rangeFrom(open.start))
    }

    /// A list's spelling is canonical (`[1, 2, 4]`), as the YAML front end spells it, so both
    /// syntaxes give equal trees; literals inside keep their exact source spelling.
    static func list(_ elements: [Expr], _ r: SourceRange) -> Expr {
        Expr(.list(elements), r, spelling: "[" + elements.map(\.spelling).joined(separator: ", ") + "]")
    }

    enum ListError { case missingElement, missingComma, unclosed }

    /// Out of line so that the recursive `parseList` keeps a small stack frame.
    @inline(never)
    mutating func listError(_ kind: ListError, _ open: SourceRange) {
        switch kind {
        case .missingElement:
            error(.expectedValue, "expected a list element, found \(describe(tok))", at: here)
        case .missingComma:
            error(.unexpectedToken, "expected ',' between list elements, found \(describe(tok))", at: .at(prevEnd),
                  fixits: [FixIt(range: .at(prevEnd), replacement: ",", message: "insert ','")])
        case .unclosed:
            error(.unclosedDelimiter, "expected ']' to close the list, found \(describe(tok))", at: .at(prevEnd),
                  labels: [DiagnosticLabel(open, "list opened here")],
                  fixits: [FixIt(range: .at(prevEnd), replacement: "]", message: "insert ']'")])
        }
    }

    func startsValue(_ t: Token) -> Bool {
        t.kind.isLiteral || t.kind == .lbracket || t.kind == .identifier
    }

    /// After a broken list element: skips to the closing `]` (consumed) or the end of the line.
    mutating func skipListRest() {
        while true {
            switch tok.kind {
            case .eof, .newline, .semicolon, .rbrace: return
            case .rbracket: advance(); return
            case .lbrace, .lbracket, .lparen: skipBalanced()
            default: advance()
            }
        }
    }

    // MARK: Typed slots

    /// The duration after `at`, `after`, `for` or `every`. A bare number gets a fix-it adding `s`.
    mutating func parseDuration(after kw: Token) -> Expr {
        switch tok.kind {
        case .duration, .badLiteral:
            let t = advance()
            return Expr(literalKind(t), t.range, spelling: text(t.range))
        case .integer, .float:
            let t = advance()
            var r = t.range
            var fixed = text(t.range) + "s"
            if tok.kind == .identifier, LiteralLexer.durationUnits[tok.text] != nil, tok.range.start > r.end {
                fixed = text(t.range) + tok.text
                r = r.union(advance().range)
            }
            error(.expectedDuration, "expected a duration like '30s', found '\(text(r))'", at: r,
                  help: ["add a unit: ms, s, m or h"],
                  fixits: [FixIt(range: r, replacement: fixed, message: "use '\(fixed)'")])
            return Expr(.invalid, r, spelling: text(r))
        default:
            if tok.kind.isLiteral {
                let t = advance()
                error(.expectedDuration, "expected a duration like '30s', found \(describe(t))", at: t.range,
                      notes: ["'\(text(kw.range))' takes a duration: 250ms, 30s, 5m, 1h, 1m30s"])
                return Expr(.invalid, t.range, spelling: text(t.range))
            }
            error(.expectedDuration, "expected a duration like '30s' after '\(text(kw.range))', found \(describe(tok))",
                  at: here)
            return Expr(.invalid, .at(prevEnd))
        }
    }

    /// A quoted name. A bare word is reported with a fix-it that quotes it and, if
    /// `quoteWordIf`, used as the name.
    mutating func expectString(_ what: String, example: String, after kw: Token, quoteWordIf: Bool = true) -> StringLit? {
        if tok.kind == .string {
            let t = advance()
            return StringLit(t.text, t.range)
        }
        if tok.kind == .identifier, quoteWordIf {
            let t = advance()
            let quoted = "\"\(t.text)\""
            error(.expectedString, "expected \(what) in quotes, found \(describe(t))", at: t.range,
                  fixits: [FixIt(range: t.range, replacement: quoted, message: "quote it: \(quoted)")])
            return StringLit(t.text, t.range)
        }
        error(.expectedString, "expected \(what) like \(example) after '\(text(kw.range))', found \(describe(tok))",
              at: here)
        return nil
    }

    /// The `N` of `repeat N every D`.
    mutating func parseCount(after kw: Token) -> Expr? {
        if tok.kind == .integer || tok.kind == .badLiteral {
            let t = advance()
            if case .integer(let n)? = t.value, n < 1 {
                error(.expectedCount, "expected a positive repeat count, found '\(text(t.range))'", at: t.range)
            }
            return Expr(literalKind(t), t.range, spelling: text(t.range))
        }
        if tok.kind.isLiteral {
            let t = advance()
            error(.expectedCount, "expected a whole repeat count like '3', found \(describe(t))", at: t.range)
            return Expr(.invalid, t.range, spelling: text(t.range))
        }
        error(.expectedCount, "expected a repeat count like '3' after 'repeat', found \(describe(tok))", at: here)
        return nil
    }
}
