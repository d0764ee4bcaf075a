// The `.chaos` recursive-descent parser: tokens from the lexer in, the shared AST out.
//
// Design:
// - One token of lookahead plus a small peek buffer; the lexer runs on demand, so memory stays
//   proportional to nesting, not to file size.
// - Newlines end statements. Block parsers (`parseBlock`) skip blank lines, and every statement
//   must end at a newline, `;`, `}` or end of file; in a timeline `at`/`after` also start a new item.
//   A field list continues on the next line after a trailing comma; lists ignore line breaks.
// - Recovery: a failed statement is skipped to the end of its line (balanced brackets included),
//   a block is closed early at a keyword that cannot appear inside it, a block whose `{` is
//   missing but whose body is indented is parsed anyway, common slips (`30`, `4 m`, `=`, a
//   missing `:` or `,`) are read as what was meant with a fix-it, and no two syntax errors are
//   reported at the same position (panic mode), so one typo gives one error.
// - Nesting of `{`, `[` and `(` is capped (`SyntaxDiagnostics.maxNestingDepth`); deeper input is
//   skipped iteratively with one error, so hostile input cannot overflow the stack. Functions on
//   the recursion path keep their error reporting out of line, so that even a debug build
//   parses the deepest accepted input on a 512 KiB thread stack.
// - Every loop consumes a token or exits; nothing traps on user input.
import ChaosSource

struct Parser {
    let file: SourceFile
    let range: SourceRange
    var lexer: Lexer
    /// The current token.
    var tok: Token
    /// Tokens already lexed after `tok`.
    var ahead: [Token] = []
    /// End offset of the last consumed token (line breaks excluded, so ranges and "missing"
    /// positions end on the last real token).
    var prevEnd: Int
    /// Kind of the last consumed token (a statement ending in `}` needs no line break after it).
    var prevKind: TokenKind = .newline
    /// Number of tokens consumed so far (for progress checks).
    var consumed = 0
    /// Current nesting of `{`, `[` and `(`.
    var depth = 0
    var diagnostics = DiagnosticBag()
    /// Syntax errors at or before this offset are dropped (panic mode).
    var suppressThrough = -1
    /// Set when a block was closed by a keyword instead of `}`: the enclosing statement then
    /// ends there too.
    var blockClosedEarly = false
    /// Set by `openBrace` when `{` is missing but an indented body follows: the next block is
    /// parsed as if it had been opened there.
    var impliedOpener: SourceRange?

    init(file: SourceFile, range: SourceRange) {
        self.file = file
        self.range = range
        lexer = Lexer(file: file, range: range)
        tok = lexer.next()
        prevEnd = max(0, min(range.start, file.bytes.count))
    }

    // MARK: Cursor

    @discardableResult
    mutating func advance() -> Token {
        let t = tok
        if t.kind != .eof, t.kind != .newline { prevEnd = t.range.end; prevKind = t.kind }
        tok = ahead.isEmpty ? lexer.next() : ahead.removeFirst()
        consumed += 1
        return t
    }

    /// The token `k` places after the current one (`k >= 1`).
    mutating func peek(_ k: Int = 1) -> Token {
        while ahead.count < k { ahead.append(lexer.next()) }
        return ahead[k - 1]
    }

    /// Where a diagnostic about the current token points: the token, or just after the previous
    /// token when the current one is a line break or the end of input.
    var here: SourceRange { tok.kind == .newline || tok.kind == .eof ? .at(prevEnd) : tok.range }

    var atStatementEnd: Bool { tok.kind.isTerminator || tok.kind == .rbrace || tok.kind == .eof }

    mutating func skipTerminators() { while tok.kind.isTerminator { advance() } }

    mutating func skipNewlines() { while tok.kind == .newline { advance() } }

    /// Moves past a line break if the next line starts with `kind` (`timeline` ⏎ `{`).
    mutating func skipNewline(before kind: TokenKind) {
        if tok.kind == .newline, peek().kind == kind { advance() }
    }

    func text(_ r: SourceRange) -> String { file.text(of: r) }

    func ident(_ t: Token) -> Ident { Ident(t.text, t.range) }

    func rangeFrom(_ start: Int) -> SourceRange { SourceRange(start, max(start, prevEnd)) }

    // MARK: Diagnostics

    /// Reports a syntax error unless panic mode or the diagnostic cap drops it.
    mutating func error(_ code: DiagnosticCode, _ message: String, at r: SourceRange,
                        labels: [DiagnosticLabel] = [], notes: [String] = [], help: [String] = [],
                        fixits: [FixIt] = []) {
        guard r.start > suppressThrough else { return }
        guard diagnostics.diagnostics.count < diagnostics.limit else { suppressThrough = r.start; return }
        // An unterminated comment swallowed the rest of the input: missing `}` are its echo.
        if tok.kind == .eof, lexer.unterminatedComment { return }
        suppressThrough = r.start
        diagnostics.add(Diagnostic(code, message, at: r, labels: labels, notes: notes, help: help, fixits: fixits))
    }

    /// How a token is named in messages: `'kafka'`, `end of line`, `end of file`.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return t.range.end >= file.bytes.count && range.end >= file.bytes.count ? "end of file" : "end of input"
        case .newline: return "end of line"
        default:
            var s = text(t.range)
            if s.count > 24 { s = String(s.prefix(21)) + "..." }
            return "'\(s)'"
        }
    }

    /// Merges the lexer's diagnostics with the parser's, in source order.
    mutating func finishDiagnostics() {
        var all = diagnostics.diagnostics + lexer.diagnostics.diagnostics
        all = all.enumerated().sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }.map(\.element)
        var merged = DiagnosticBag()
        for d in all { merged.add(d) }
        diagnostics = merged
    }

    // MARK: Recovery

    /// Skips to the end of the current statement (not consuming the newline, `;` or `}`).
    mutating func skipStatement() {
        while true {
            switch tok.kind {
            case .eof, .newline, .semicolon, .rbrace: return
            case .lbrace, .lbracket, .lparen: skipBalanced()
            default: advance()
            }
        }
    }

    /// `tok` is an opening delimiter: skips to just after its partner (or to end of file).
    mutating func skipBalanced() {
        var level = 0
        repeat {
            switch tok.kind {
            case .eof:
                // Unbalanced to the end: every "missing closer" from here on is an echo.
                suppressThrough = max(suppressThrough, tok.range.start)
                return
            case .lbrace, .lbracket, .lparen: level += 1
            case .rbrace, .rbracket, .rparen: level -= 1
            default: break
            }
            advance()
        } while level > 0
    }

    /// Called with `tok` on an opening delimiter. Returns false (after one error and skipping the
    /// whole construct) when nesting is too deep; otherwise counts the level (caller decrements).
    mutating func enterNesting() -> Bool {
        guard depth >= SyntaxDiagnostics.maxNestingDepth else { depth += 1; return true }
        let open = tok.range
        error(.nestingTooDeep, "nesting is too deep: more than \(SyntaxDiagnostics.maxNestingDepth) levels of '{', '[' or '('",
              at: open, notes: ["the whole construct is skipped"])
        skipBalanced()
        suppressThrough = max(suppressThrough, tok.range.start)
        return false
    }

    // MARK: Entry points

    mutating func parseFile() -> ScenarioFile {
        var scenarios: [ScenarioDecl] = []
        while true {
            skipTerminators()
            if tok.kind == .eof { break }
            blockClosedEarly = false
            if let s = parseTopLevel() {
                scenarios.append(s)
                if !atStatementEnd && !blockClosedEarly {
                    error(.extraTokens, "expected end of line after the scenario, found \(describe(tok))", at: here)
                    skipStatement()
                }
            }
            if tok.kind == .rbrace { advance() }
        }
        finishDiagnostics()
        return ScenarioFile(scenarios: scenarios, comments: lexer.comments)
    }

    mutating func parseStandaloneExpression() -> Expr {
        skipTerminators()
        guard let e = parseValue() else {
            error(.expectedValue, "expected a value, found \(describe(tok))", at: here)
            finishDiagnostics()
            return Expr(.invalid, range)
        }
        finishStandalone("value")
        return e
    }

    mutating func parseStandaloneTarget() -> TargetExpr? {
        skipTerminators()
        guard tok.kind == .identifier else {
            error(.expectedTarget, "expected a target like 'kafka.broker[2]', found \(describe(tok))", at: here)
            finishDiagnostics()
            return nil
        }
        let t = parseTarget()
        finishStandalone("target")
        return t
    }

    mutating func parseStandaloneCriterion() -> CriterionDecl? {
        skipTerminators()
        let c = parseCriterion()
        if c != nil { finishStandalone("criterion") } else { finishDiagnostics() }
        return c
    }

    mutating func finishStandalone(_ what: String) {
        skipTerminators()
        if tok.kind != .eof {
            error(.extraTokens, "unexpected \(describe(tok)) after the \(what)", at: here,
                  notes: ["only one \(what) is allowed here"])
        }
        finishDiagnostics()
    }
}
