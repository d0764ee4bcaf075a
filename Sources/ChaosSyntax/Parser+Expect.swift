// The `expect` block: criteria `metric OP threshold [window]`.
import ChaosSource

extension Parser {
    static let windowWords = ["during", "after", "outside", "whole"]

    /// `expect { criteria }`
    mutating func parseExpect() -> ExpectDecl? {
        let kw = advance()
        guard openBrace(after: kw) else { return nil }
        let block = parseBlock("'expect' block", closesAt: { $0.startsScenarioMember() }, item: { $0.parseCriterion() })
        return ExpectDecl(criteria: block.items, range: kw.range.union(block.range))
    }

    /// `metric OP threshold [window]`
    mutating func parseCriterion() -> CriterionDecl? {
        guard tok.kind == .identifier else {
            error(.unexpectedToken, "expected a criterion like 'data_loss == 0', found \(describe(tok))", at: here)
            return nil
        }
        let metric = parseMetric()
        let op: Comparator
        let opRange = tok.range
        if let c = tok.kind.comparator {
            op = c
            advance()
        } else if tok.kind == .assign, [.gt, .lt].contains(peek().kind), peek().range.start == tok.range.end {
            let eq = advance(), arrow = advance()
            op = arrow.kind == .gt ? .ge : .le
            let r = eq.range.union(arrow.range)
            error(.expectedComparator, "expected a comparison operator, found '\(text(r))'", at: r,
                  help: ["did you mean '\(op.rawValue)'?"], fixits: [FixIt(range: r, replacement: op.rawValue, message: "use '\(op.rawValue)'")])
        } else if tok.kind == .assign {
            error(.expectedComparator, "expected a comparison operator, found '='", at: here,
                  help: ["use '==' to compare"], fixits: [FixIt(range: tok.range, replacement: "==", message: "use '=='")])
            op = .eq
            advance()
        } else {
            error(.expectedComparator, "expected a comparison operator like '<' or '==' after '\(metric.spelling)', found \(describe(tok))",
                  at: here,
                  notes: ["operators: < <= > >= == !="])
            return nil
        }
        guard let threshold = parseValue() else {
            error(.expectedValue, "expected a threshold after '\(op.rawValue)', found \(describe(tok))",
                  at: here)
            return nil
        }
        let window = parseWindow()
        return CriterionDecl(metric: metric, op: op, opRange: opRange, threshold: threshold, window: window,
                             range: rangeFrom(metric.range.start))
    }

    /// `name`, `name(argument)`, `name.member`
    mutating func parseMetric() -> MetricRef {
        let name = advance()
        var argument: Ident?, member: Ident?
        if tok.kind == .lparen {
            let open = advance()
            if tok.kind == .identifier {
                argument = ident(advance())
            } else {
                error(.unexpectedToken, "expected a metric name inside '( )', found \(describe(tok))", at: here)
            }
            if tok.kind == .rparen {
                advance()
            } else {
                error(.unclosedDelimiter, "expected ')' to close the argument, found \(describe(tok))", at: .at(prevEnd),
                      labels: [DiagnosticLabel(open.range, "opened here")],
                      fixits: [FixIt(range: .at(prevEnd), replacement: ")", message: "insert ')'")])
            }
        }
        if tok.kind == .dot {
            advance()
            if tok.kind == .identifier {
                member = ident(advance())
            } else {
                error(.unexpectedToken, "expected a member name like 'p99' after '.', found \(describe(tok))", at: here)
            }
        }
        return MetricRef(name: ident(name), argument: argument, member: member, range: rangeFrom(name.range.start))
    }

    /// `during KIND|"label"|warmup`, `after each fault`, `after KIND`, `outside faults`, `whole run`.
    /// A misspelt window word gets a did-you-mean and is parsed as the word it resembles.
    mutating func parseWindow() -> WindowClause? {
        guard tok.kind == .identifier else { return nil }
        if !Self.windowWords.contains(tok.text) {
            guard let s = Suggest.closest(to: tok.text, in: Self.windowWords) else { return nil }
            error(.invalidWindow, "unknown window '\(tok.text)'", at: here, help: ["did you mean '\(s)'?"],
                  fixits: [FixIt(range: tok.range, replacement: s, message: "use '\(s)'")])
            tok.text = s
        }
        let kw = advance()
        let kind: WindowKind?
        switch kw.text {
        case "during": kind = parseDuringWindow(kw)
        case "after": kind = parseAfterWindow(kw)
        case "outside": kind = expectWindowWord("faults", after: kw, plural: "fault") ? .outsideFaults : nil
        default: kind = expectWindowWord("run", after: kw, plural: nil) ? .wholeRun : nil
        }
        return kind.map { WindowClause(kind: $0, range: rangeFrom(kw.range.start)) }
    }

    mutating func parseDuringWindow(_ kw: Token) -> WindowKind? {
        if tok.kind == .string {
            let t = advance()
            return .during(nil, StringLit(t.text, t.range))
        }
        if tok.kind == .identifier {
            let t = advance()
            return t.text == "warmup" ? .warmup : .during(ident(t), nil)
        }
        error(.invalidWindow, "expected a fault kind, a \"label\" or 'warmup' after 'during', found \(describe(tok))",
              at: here)
        return nil
    }

    mutating func parseAfterWindow(_ kw: Token) -> WindowKind? {
        if tok.isWord("each") {
            let each = advance()
            return expectWindowWord("fault", after: each, plural: "faults") ? .afterEachFault : nil
        }
        if tok.kind == .identifier {
            return .after(ident(advance()))
        }
        error(.invalidWindow, "expected 'each fault' or a fault kind after 'after', found \(describe(tok))",
              at: here)
        return nil
    }

    /// Consumes `word` (accepting its near miss `variant` with a fix-it); reports otherwise.
    mutating func expectWindowWord(_ word: String, after kw: Token, plural variant: String?) -> Bool {
        if tok.isWord(word) { advance(); return true }
        if let v = variant, tok.isWord(v) {
            error(.invalidWindow, "expected '\(word)' after '\(kw.text)', found '\(v)'", at: here,
                  fixits: [FixIt(range: tok.range, replacement: word, message: "use '\(word)'")])
            advance()
            return true
        }
        error(.invalidWindow, "expected '\(word)' after '\(kw.text)', found \(describe(tok))",
              at: here)
        return false
    }
}
