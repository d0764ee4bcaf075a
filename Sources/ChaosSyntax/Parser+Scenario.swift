// Scenarios and their members: settings, `system`, `generate`; blocks and field lists.
import ChaosSource

extension Parser {
    static let blockKeywords = ["system", "timeline", "expect"]

    /// A top-level declaration: `scenario "name" { … }`, or an error and a skip to the next `scenario`.
    mutating func parseTopLevel() -> ScenarioDecl? {
        if tok.isWord("scenario") { return parseScenario() }
        if tok.kind == .identifier, Suggest.closest(to: tok.text, in: ["scenario"]) != nil,
           [.string, .lbrace].contains(peek().kind) {
            error(.expectedScenario, "expected 'scenario', found \(describe(tok))", at: here,
                  help: ["did you mean 'scenario'?"],
                  fixits: [FixIt(range: tok.range, replacement: "scenario", message: "use 'scenario'")])
            return parseScenario()
        }
        error(.expectedScenario, "expected 'scenario', found \(describe(tok))", at: here,
              notes: ["a file holds one or more 'scenario \"name\" { … }' declarations"])
        while tok.kind != .eof, !tok.isWord("scenario") {
            if [.lbrace, .lbracket, .lparen].contains(tok.kind) { skipBalanced() } else { advance() }
        }
        return nil
    }

    mutating func parseScenario() -> ScenarioDecl {
        let kw = advance()
        var name: StringLit?
        if tok.kind == .string {
            let t = advance()
            name = StringLit(t.text, t.range)
        } else {
            name = expectString("a scenario name", example: "\"checkout_outage\"", after: kw,
                                quoteWordIf: peek().kind == .lbrace)
        }
        guard openBrace(after: kw) else {
            skipStatement()
            return ScenarioDecl(name: name, members: [], keywordRange: kw.range, range: rangeFrom(kw.range.start))
        }
        let block = parseBlock("'scenario' block",
                               closesAt: { $0.tok.isWord("scenario") && [.string, .lbrace].contains($0.peek().kind) },
                               item: { $0.parseMember() })
        return ScenarioDecl(name: name, members: block.items, keywordRange: kw.range, range: kw.range.union(block.range))
    }

    /// True where an inner block must have been left unclosed: a line that starts a scenario member.
    mutating func startsScenarioMember() -> Bool {
        if tok.isWord("scenario") || tok.isWord("generate") { return true }
        guard tok.kind == .identifier, Self.blockKeywords.contains(tok.text) else { return false }
        return peek().kind == .lbrace
    }

    /// Parses `{ item* }` with `tok` on `{`. Items report their own errors and return nil after
    /// one; the block then skips the rest of that statement.
    mutating func parseBlock<T>(_ what: String, closesAt: (inout Parser) -> Bool,
                                continues: (Token) -> Bool = { _ in false },
                                item: (inout Parser) -> T?) -> (items: [T], range: SourceRange) {
        let start = impliedOpener ?? tok.range
        guard let open = openBlock() else { return ([], rangeFrom(start.start)) }
        var items: [T] = []
        var closed = true
        while true {
            skipTerminators()
            if tok.kind == .rbrace { advance(); break }
            if tok.kind == .eof || closesAt(&self) { reportUnclosed(open, what); closed = false; break }
            let before = consumed
            blockClosedEarly = false
            if let x = item(&self) {
                items.append(x)
                if !(atStatementEnd || prevKind == .rbrace || blockClosedEarly || continues(tok)) {
                    reportExtraTokens()
                    skipStatement()
                }
            } else if !(atStatementEnd || blockClosedEarly || continues(tok)) {
                skipStatement()
            }
            if consumed == before, tok.kind != .rbrace, tok.kind != .eof { advance() }
        }
        depth -= 1
        blockClosedEarly = !closed
        return (items, rangeFrom(open.start))
    }

    /// Out of line so that the recursive `parseBlock` keeps a small stack frame.
    @inline(never)
    mutating func reportExtraTokens() {
        error(.extraTokens, "expected end of statement, found \(describe(tok))", at: here,
              notes: ["statements end at a line break, ';' or '}'"])
    }

    /// Consumes the `{` of a block (or takes the implied opener) and counts the nesting level;
    /// nil when nesting is too deep (reported, construct skipped).
    mutating func openBlock() -> SourceRange? {
        guard let implied = impliedOpener else {
            let open = tok.range
            guard enterNesting() else { return nil }
            advance()
            return open
        }
        impliedOpener = nil
        guard depth < SyntaxDiagnostics.maxNestingDepth else {
            error(.nestingTooDeep, "nesting is too deep: more than \(SyntaxDiagnostics.maxNestingDepth) levels of '{', '[' or '('",
                  at: implied)
            return nil
        }
        depth += 1
        return implied
    }

    @inline(never)
    mutating func reportUnclosed(_ open: SourceRange, _ what: String) {
        error(.unclosedDelimiter, "expected '}' to close the \(what)", at: .at(prevEnd),
              labels: [DiagnosticLabel(open, "\(what) opened here")],
              fixits: [FixIt(range: .at(prevEnd), replacement: "\n}", message: "insert '}'")])
    }

    /// `{` after a block keyword (possibly on the next line). If it is missing, reports it; when
    /// the next line is indented deeper than the keyword's line, the body is parsed anyway (the
    /// brace was forgotten, not the body) and true is returned.
    mutating func openBrace(after kw: Token) -> Bool {
        skipNewline(before: .lbrace)
        if tok.kind == .lbrace { return true }
        let missing = here
        error(.unexpectedToken, "expected '{' after '\(text(kw.range))', found \(describe(tok))", at: missing,
              fixits: tok.kind == .newline ? [FixIt(range: missing, replacement: " {", message: "insert '{'")] : [])
        guard tok.kind == .newline, peek().kind != .eof, indent(of: peek().range.start) > indent(of: kw.range.start) else {
            return false
        }
        impliedOpener = kw.range
        return true
    }

    /// The width of the spaces and tabs that start the line holding `offset`.
    func indent(of offset: Int) -> Int {
        let b = file.bytes
        var start = min(offset, b.count)
        while start > 0, b[start - 1] != 0x0A { start -= 1 }
        var n = 0
        while start + n < b.count, b[start + n] == 0x20 || b[start + n] == 0x09 { n += 1 }
        return n
    }

    // MARK: Members

    mutating func parseMember() -> ScenarioMember? {
        guard tok.kind == .identifier else {
            error(.unexpectedToken, "expected a setting like 'seed 42' or a 'system', 'generate', 'timeline' or 'expect' declaration, found \(describe(tok))",
                  at: here)
            return nil
        }
        switch tok.text {
        case "system": return parseSystem().map { .system($0) }
        case "timeline": return parseTimeline().map { .timeline($0) }
        case "expect": return parseExpect().map { .expect($0) }
        case "generate": return parseGenerator().map { .generator($0) }
        default:
            if peek().kind == .lbrace { return parseUnknownBlock() }
            return parseSetting().map { .setting($0) }
        }
    }

    /// `WORD {`: a misspelt block keyword is reported and parsed as the block it resembles.
    mutating func parseUnknownBlock() -> ScenarioMember? {
        let word = tok
        guard let s = Suggest.closest(to: word.text, in: Self.blockKeywords) else {
            error(.unknownBlock, "unknown block '\(word.text)'", at: word.range,
                  notes: ["a scenario holds 'system', 'timeline' and 'expect' blocks, 'generate' lines and 'WORD value' settings"])
            advance()
            skipBalanced()
            return nil
        }
        error(.unknownBlock, "unknown block '\(word.text)'", at: word.range, help: ["did you mean '\(s)'?"],
              fixits: [FixIt(range: word.range, replacement: s, message: "use '\(s)'")])
        switch s {
        case "system": return parseSystem().map { .system($0) }
        case "timeline": return parseTimeline().map { .timeline($0) }
        default: return parseExpect().map { .expect($0) }
        }
    }

    /// `seed 42`, `description "…"`: any word followed by one value.
    mutating func parseSetting() -> SettingDecl? {
        let nameTok = advance()
        if tok.kind == .colon || tok.kind == .assign {
            let sep = advance()
            error(.expectedField, "unexpected '\(text(sep.range))' after setting '\(nameTok.text)'", at: sep.range,
                  notes: ["a setting is written 'NAME value', like 'seed 42'"],
                  fixits: [FixIt(range: sep.range, replacement: "", message: "remove '\(text(sep.range))'")])
        }
        guard let value = parseValue() else {
            error(.expectedValue, "expected a value after '\(nameTok.text)', found \(describe(tok))", at: here,
                  notes: ["a setting is written 'NAME value', like 'seed 42'"])
            return nil
        }
        return SettingDecl(name: ident(nameTok), value: value, range: rangeFrom(nameTok.range.start))
    }

    /// `system { kafka brokers: 3 … }`
    mutating func parseSystem() -> SystemDecl? {
        let kw = advance()
        guard openBrace(after: kw) else { return nil }
        let block = parseBlock("'system' block", closesAt: { $0.startsScenarioMember() }, item: { $0.parseComponent() })
        return SystemDecl(components: block.items, range: kw.range.union(block.range))
    }

    mutating func parseComponent() -> ComponentDecl? {
        guard tok.kind == .identifier else {
            error(.unexpectedToken, "expected a component like 'kafka brokers: 3', found \(describe(tok))", at: here)
            return nil
        }
        let kind = advance()
        let fields = tok.kind == .identifier ? parseFieldList() : []
        return ComponentDecl(kind: ident(kind), fields: fields, range: rangeFrom(kind.range.start))
    }

    /// `generate iot "sensors" devices: 200, rate: 4k/s`
    mutating func parseGenerator() -> GeneratorDecl? {
        let kw = advance()
        guard tok.kind == .identifier else {
            error(.unexpectedToken, "expected a generator kind like 'iot', 'market' or 'network' after 'generate', found \(describe(tok))",
                  at: here)
            return nil
        }
        let kind = advance()
        var name: StringLit?
        if tok.kind == .string {
            let t = advance()
            name = StringLit(t.text, t.range)
        }
        let fields = tok.kind == .identifier ? parseFieldList() : []
        return GeneratorDecl(kind: ident(kind), name: name, fields: fields, range: rangeFrom(kw.range.start))
    }

    // MARK: Fields

    /// `name: value, name: value` (a trailing comma continues the list on the next line).
    mutating func parseFieldList() -> [FieldArg] {
        var fields: [FieldArg] = []
        while true {
            fields.append(parseField())
            if tok.kind == .identifier, !Self.clauseWords.contains(tok.text), peek().kind == .colon {
                error(.expectedField, "expected ',' between fields, found \(describe(tok))", at: .at(prevEnd),
                      fixits: [FixIt(range: .at(prevEnd), replacement: ",", message: "insert ','")])
                continue
            }
            guard tok.kind == .comma else { break }
            advance()
            skipNewlines()
            if tok.kind == .rbrace || tok.kind == .eof { break }
            guard tok.kind == .identifier, !Self.clauseWords.contains(tok.text) else {
                error(.expectedField, "expected a field like 'name: value' after ',', found \(describe(tok))", at: here)
                break
            }
        }
        return fields
    }

    /// `name: value` with `tok` on the name; a missing `:` or a `=` is reported with a fix-it.
    mutating func parseField() -> FieldArg {
        let name = advance()
        if tok.kind == .colon {
            advance()
        } else if tok.kind == .assign {
            let eq = advance()
            error(.expectedField, "expected ':' after field name '\(name.text)', found '='", at: eq.range,
                  fixits: [FixIt(range: eq.range, replacement: ":", message: "use ':'")])
        } else {
            error(.expectedField, "expected ':' after field name '\(name.text)', found \(describe(tok))", at: .at(name.range.end),
                  labels: [DiagnosticLabel(name.range, "field name")],
                  fixits: [FixIt(range: .at(name.range.end), replacement: ":", message: "insert ':'")])
        }
        var value = Expr(.invalid, .at(prevEnd))
        if let v = parseValue() {
            value = v
        } else {
            error(.expectedValue, "expected a value for field '\(name.text)', found \(describe(tok))", at: here)
        }
        return FieldArg(name: ident(name), value: value, range: rangeFrom(name.range.start))
    }
}
