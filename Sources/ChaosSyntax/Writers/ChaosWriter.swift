// Writes an AST as canonical `.chaos` text: two-space indentation, one statement per line,
// `name: value` fields separated by ", ", a blank line between member groups, and every comment
// kept (leading comments above their node, trailing ones at the end of its line). `fmt` is this
// writer applied to the parse of a file; it is idempotent and never changes meaning (tests check
// that the plan of the output equals the plan of the input).
import ChaosSource

public struct ChaosWriter {
    var out = ""
    var comments: CommentQueue
    let file: SourceFile?

    /// `file` is the source the AST came from (for comment placement and blank lines); nil for
    /// an AST from another syntax.
    public static func write(_ ast: ScenarioFile, file: SourceFile?) -> String {
        var w = ChaosWriter(comments: CommentQueue(ast.comments, file: file), file: file)
        for (i, s) in ast.scenarios.enumerated() {
            if i > 0 { w.out += "\n" }
            w.scenario(s)
        }
        for c in w.comments.rest() { w.line(0, c.text) }
        return w.out
    }

    init(comments: CommentQueue, file: SourceFile?) { self.comments = comments; self.file = file }

    mutating func line(_ depth: Int, _ text: String) {
        out += String(repeating: "  ", count: depth) + text + "\n"
    }

    /// Emits the comments before `range`, then `text`, then a trailing comment.
    mutating func node(_ depth: Int, _ range: SourceRange, _ text: String, trailingAt end: Int? = nil) {
        for c in comments.leading(before: range.start) { line(depth, c.text) }
        var t = text
        if let c = comments.trailing(after: end ?? range.end) { t += " " + c.text }
        line(depth, t)
    }

    mutating func close(_ depth: Int, _ range: SourceRange) {
        for c in comments.leading(before: range.end) { line(depth + 1, c.text) }
        var t = "}"
        if let c = comments.trailing(after: range.end) { t += " " + c.text }
        line(depth, t)
    }

    mutating func scenario(_ s: ScenarioDecl) {
        let name = s.name.map { " " + Spelling.quote($0.value) } ?? ""
        node(0, s.range, "scenario\(name) {", trailingAt: s.name?.range.end ?? s.keywordRange.end)
        var previous: String?
        for m in s.members {
            let group = category(m)
            if previous != nil && (group != previous || group == "block") { out += "\n" }
            previous = group
            member(m)
        }
        close(0, s.range)
    }

    func category(_ m: ScenarioMember) -> String {
        switch m {
        case .setting: "setting"
        case .generator: "generator"
        default: "block"
        }
    }

    mutating func member(_ m: ScenarioMember) {
        switch m {
        case .setting(let s): node(1, s.range, "\(s.name.name) \(Spelling.expr(s.value))")
        case .system(let sys):
            node(1, sys.range, "system {", trailingAt: sys.range.start + 1)
            for c in sys.components {
                node(2, c.range, ([c.kind.name] + (c.fields.isEmpty ? [] : [fields(c.fields)])).joined(separator: " "))
            }
            close(1, sys.range)
        case .generator(let g):
            var parts = ["generate", g.kind.name]
            if let n = g.name { parts.append(Spelling.quote(n.value)) }
            if !g.fields.isEmpty { parts.append(fields(g.fields)) }
            node(1, g.range, parts.joined(separator: " "))
        case .timeline(let t):
            node(1, t.range, "timeline {", trailingAt: t.range.start + 1)
            for item in t.items { timelineItem(2, item) }
            close(1, t.range)
        case .expect(let e):
            node(1, e.range, "expect {", trailingAt: e.range.start + 1)
            for c in e.criteria { node(2, c.range, Spelling.criterion(c)) }
            close(1, e.range)
        }
    }

    func fields(_ f: [FieldArg]) -> String {
        f.map { "\($0.name.name): \(Spelling.expr($0.value))" }.joined(separator: ", ")
    }

    mutating func timelineItem(_ depth: Int, _ item: TimelineItem) {
        let anchor = item.anchor.map { "\($0.kind.rawValue) \(Spelling.expr($0.time)) " } ?? ""
        switch item.body {
        case .fault(let f):
            node(depth, item.range, anchor + fault(f))
        case .group(let g):
            var head = anchor + g.kind.rawValue
            if let n = g.name { head += " " + Spelling.quote(n.value) }
            if let c = g.count { head += " " + Spelling.expr(c) }
            if let e = g.every { head += " every " + Spelling.expr(e) }
            if let d = g.duration { head += " for " + Spelling.expr(d) }
            let brace = g.items.first?.range.start ?? g.range.end
            node(depth, item.range, head + " {", trailingAt: min(brace, g.range.end))
            for child in g.items { timelineItem(depth + 1, child) }
            close(depth, g.range)
        }
    }

    func fault(_ f: FaultStmt) -> String {
        var parts = [f.kind.name]
        if !f.targets.isEmpty { parts.append(f.targets.map(Spelling.target).joined(separator: ", ")) }
        if let p = f.positional { parts.append(Spelling.expr(p)) }
        if !f.fields.isEmpty { parts.append(fields(f.fields)) }
        if let d = f.duration { parts.append("for " + Spelling.expr(d)) }
        if let l = f.label { parts.append("as " + Spelling.quote(l.value)) }
        return parts.joined(separator: " ")
    }
}
