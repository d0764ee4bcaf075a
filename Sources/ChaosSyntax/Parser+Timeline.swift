// The timeline: anchored items, faults with targets and clauses, and groups.
import ChaosSource

extension Parser {
    /// Words that start or continue a timeline clause; they cannot name targets or fields.
    static let clauseWords: Set<String> = ["at", "after", "for", "as", "every"]

    /// `at` and `after` begin a new timeline item, even on the same line as the previous one.
    static func isAnchorWord(_ t: Token) -> Bool { t.isWord("at") || t.isWord("after") }

    /// `timeline { items }`
    mutating func parseTimeline() -> TimelineDecl? {
        let kw = advance()
        guard openBrace(after: kw) else { return nil }
        let block = parseItems("'timeline' block")
        return TimelineDecl(items: block.items, range: kw.range.union(block.range))
    }

    mutating func parseItems(_ what: String) -> (items: [TimelineItem], range: SourceRange) {
        parseBlock(what, closesAt: { $0.startsScenarioMember() }, continues: Self.isAnchorWord,
                   item: { $0.parseTimelineItem() })
    }

    /// `[at D | after D] (fault | group)`. Groups recurse through here, so the work is split
    /// into helpers to keep each frame on the recursion path small.
    mutating func parseTimelineItem() -> TimelineItem? {
        let start = tok.range.start
        let anchor = parseAnchor()
        guard let body = parseTimelineBody(after: anchor) else { return nil }
        return TimelineItem(anchor: anchor, body: body, range: rangeFrom(start))
    }

    @inline(never)
    mutating func parseAnchor() -> Anchor? {
        guard Self.isAnchorWord(tok) else { return nil }
        let kw = advance()
        let time = parseDuration(after: kw)
        return Anchor(kind: kw.text == "at" ? .at : .after, time: time, keywordRange: kw.range,
                      range: rangeFrom(kw.range.start))
    }

    mutating func parseTimelineBody(after anchor: Anchor?) -> TimelineBody? {
        guard tok.kind == .identifier, !Self.clauseWords.contains(tok.text) else {
            reportMissingItem(after: anchor)
            return nil
        }
        if let kind = GroupKind(rawValue: tok.text) { return parseGroup(kind).map { .group($0) } }
        return .fault(parseFaultOutOfLine())
    }

    @inline(never)
    mutating func parseFaultOutOfLine() -> FaultStmt { parseFault() }

    /// Out of line so that the recursive item parser keeps a small stack frame.
    @inline(never)
    mutating func reportMissingItem(after anchor: Anchor?) {
        let context = anchor.map { " after '\(text($0.range))'" } ?? ""
        error(.unexpectedToken, "expected a fault like 'broker_crash kafka.broker[1]' or a group (parallel, sequence, repeat, cascade)\(context), found \(describe(tok))",
              at: here)
    }

    // MARK: Faults

    /// `KIND targets [positional] [,] [fields] [for D] [as "label"]`
    mutating func parseFault() -> FaultStmt {
        let kind = advance()
        var targets: [TargetExpr] = []
        if startsTarget() {
            targets = parseTargets()
        } else {
            error(.expectedTarget, "expected a target like 'kafka.broker[2]' after '\(kind.text)', found \(describe(tok))",
                  at: here,
                  notes: ["a target is a path like 'kafka', 'kafka.broker[2]', 'tda.worker[*]' or a link 'kafka <-> tda'"])
        }
        var positional: Expr?
        if tok.kind.isLiteral || tok.kind == .lbracket { positional = parseValue() }
        if tok.kind == .comma, peek().kind == .identifier, [.colon, .assign].contains(peek(2).kind) { advance() }
        let fields = startsField() ? parseFieldList() : []
        var duration: Expr?
        var label: StringLit?
        while tok.isWord("for") || tok.isWord("as") {
            let kw = advance()
            if kw.text == "for" {
                let d = parseDuration(after: kw)
                if let first = duration { duplicateClause(kw, first: first.range) } else { duration = d }
            } else if let l = expectString("a label", example: "\"main-crash\"", after: kw) {
                if let first = label { duplicateClause(kw, first: first.range) } else { label = l }
            }
        }
        return FaultStmt(kind: ident(kind), targets: targets, positional: positional, fields: fields,
                         duration: duration, label: label, range: rangeFrom(kind.range.start))
    }

    mutating func duplicateClause(_ kw: Token, first: SourceRange) {
        error(.duplicateClause, "duplicate '\(kw.text)' clause", at: kw.range.union(.at(prevEnd)),
              labels: [DiagnosticLabel(first, "first given here")],
              fixits: [FixIt(range: kw.range.union(.at(prevEnd)), replacement: "", message: "remove it")])
    }

    func isTargetName(_ t: Token) -> Bool { t.kind == .identifier && !Self.clauseWords.contains(t.text) }

    /// A target starts with a name that is not a clause word and not a field name.
    mutating func startsTarget() -> Bool {
        tok.kind == .identifier && !Self.clauseWords.contains(tok.text) && ![.colon, .assign].contains(peek().kind)
    }

    /// A field starts with a name followed by `:` (or, mistakenly, `=` or a value).
    mutating func startsField() -> Bool {
        guard tok.kind == .identifier, !Self.clauseWords.contains(tok.text) else { return false }
        let next = peek().kind
        return next == .colon || next == .assign || next.isLiteral
    }

    /// `target {, target}`
    mutating func parseTargets() -> [TargetExpr] {
        var targets: [TargetExpr] = []
        if let t = parseTarget() { targets.append(t) }
        while tok.kind == .comma {
            // `a, b` or `a,` ⏎ `b`: a name after the comma that is not a field name.
            let k = peek().kind == .newline ? 2 : 1
            guard isTargetName(peek(k)), ![.colon, .assign].contains(peek(k + 1).kind) else { break }
            advance()
            skipNewlines()
            if let t = parseTarget() { targets.append(t) }
        }
        return targets
    }

    /// `path [<-> path]` with `tok` on a name.
    mutating func parseTarget() -> TargetExpr? {
        guard let a = parsePath() else { return nil }
        guard tok.kind == .link else { return .path(a) }
        let arrow = advance()
        skipNewlines()
        guard isTargetName(tok), let b = parsePath() else {
            error(.expectedTarget, "expected a target after '<->', found \(describe(tok))", at: here,
                  labels: [DiagnosticLabel(arrow.range, "link")])
            return .path(a)
        }
        return .link(a, b, range: a.range.union(b.range))
    }

    /// `name[index].name…`
    mutating func parsePath() -> TargetPath? {
        guard tok.kind == .identifier else { return nil }
        let start = tok.range.start
        var segments = [parseSegment()]
        while tok.kind == .dot {
            advance()
            guard isTargetName(tok) else {
                error(.expectedTarget, "expected a name after '.', found \(describe(tok))", at: here)
                break
            }
            segments.append(parseSegment())
        }
        return TargetPath(segments: segments, range: rangeFrom(start))
    }

    mutating func parseSegment() -> TargetSegment {
        let name = advance()
        let index = tok.kind == .lbracket && tok.range.start == name.range.end ? parseIndex() : nil
        return TargetSegment(name: ident(name), index: index)
    }

    /// `[2]`, `[1..3]`, `[*]`
    mutating func parseIndex() -> TargetIndex? {
        let open = tok.range
        guard enterNesting() else { return nil }
        advance()
        defer { depth -= 1 }
        let kind = parseIndexBody()
        if tok.kind == .rbracket {
            advance()
        } else if kind != nil {
            error(.unclosedDelimiter, "expected ']' to close the index, found \(describe(tok))", at: .at(prevEnd),
                  labels: [DiagnosticLabel(open, "index opened here")],
                  fixits: [FixIt(range: .at(prevEnd), replacement: "]", message: "insert ']'")])
        } else {
            while ![.rbracket, .newline, .semicolon, .rbrace, .eof].contains(tok.kind) { advance() }
            if tok.kind == .rbracket { advance() }
        }
        return kind.map { TargetIndex(kind: $0, range: rangeFrom(open.start)) }
    }

    mutating func parseIndexBody() -> TargetIndexKind? {
        if tok.kind == .star { advance(); return .all }
        if tok.kind == .badLiteral { advance(); return nil }
        guard case .integer(let a)? = tok.value else {
            error(.invalidIndex, "expected an index like '[2]', '[1..3]' or '[*]', found \(describe(tok))", at: here)
            return nil
        }
        let first = advance()
        guard a >= 0 else {
            error(.invalidIndex, "index '\(a)' is negative; indices start at 0", at: first.range)
            return nil
        }
        guard tok.kind == .dotdot else { return .single(a) }
        advance()
        guard case .integer(let b)? = tok.value else {
            if tok.kind == .badLiteral { advance(); return nil }
            error(.invalidIndex, "expected the upper bound of the range after '..', found \(describe(tok))", at: here)
            return nil
        }
        let last = advance()
        guard b >= a else {
            error(.invalidIndex, "index range '\(a)..\(b)' is empty; write the lower bound first", at: first.range.union(last.range),
                  fixits: [FixIt(range: first.range.union(last.range), replacement: "\(b)..\(a)", message: "swap the bounds")])
            return nil
        }
        return .range(a, b)
    }

    // MARK: Groups

    @inline(never)
    mutating func reportMissingEvery() {
        error(.unexpectedToken, "expected 'every' and a period after 'repeat', found \(describe(tok))", at: here,
              notes: ["write 'repeat 3 every 20s { … }'"])
    }

    /// `parallel [for D] {…}`, `sequence [for D] {…}`, `repeat N every D [for D] {…}`, `cascade "n" [for D] {…}`
    mutating func parseGroup(_ kind: GroupKind) -> GroupStmt? {
        let kw = advance()
        let head = parseGroupHead(kind, kw)
        guard openBrace(after: kw) else { return nil }
        let block = parseItems("'\(kw.text)' group")
        return GroupStmt(kind: kind, keywordRange: kw.range, name: head.name, duration: head.duration, count: head.count,
                         every: head.every, items: block.items, range: kw.range.union(block.range))
    }

    struct GroupHead { var name: StringLit?, count: Expr?, every: Expr?, duration: Expr? }

    /// Everything between the group keyword and its `{`.
    @inline(never)
    mutating func parseGroupHead(_ kind: GroupKind, _ kw: Token) -> GroupHead {
        var h = GroupHead()
        if kind == .repeat {
            h.count = parseCount(after: kw)
            if !tok.isWord("every") { reportMissingEvery() }
        } else if kind == .cascade {
            h.name = expectString("a cascade name", example: "\"meltdown\"", after: kw, quoteWordIf: true)
        }
        while tok.isWord("for") || (kind == .repeat && tok.isWord("every")) {
            let clause = advance()
            let d = parseDuration(after: clause)
            let slot = clause.text == "for" ? h.duration : h.every
            if let first = slot { duplicateClause(clause, first: first.range); continue }
            if clause.text == "for" { h.duration = d } else { h.every = d }
        }
        return h
    }
}
