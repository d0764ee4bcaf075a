// Writes an AST as YAML in the shape the YAML front end reads (docs/yaml.md). Scalars are
// written so that the front end reads them back as the same AST: strings double-quoted, every
// other value in its `.chaos` spelling as a plain scalar, criteria as `.chaos` criterion text.
// Comments become `#` comments above the node they preceded.
import ChaosSource

public struct YAMLWriter {
    var out = ""
    var comments: CommentQueue

    public static func write(_ ast: ScenarioFile, file: SourceFile?) -> String {
        var w = YAMLWriter(comments: CommentQueue(ast.comments, file: file))
        if ast.scenarios.isEmpty {
            // Nothing but comments.
        } else if ast.scenarios.count == 1 {
            w.comment(0, before: ast.scenarios[0].range.start)
            w.out += "scenario:\n"
            w.scenario(ast.scenarios[0], depth: 1)
        } else {
            w.out += "scenarios:\n"
            for s in ast.scenarios {
                w.comment(1, before: s.range.start)
                w.out += "  -\n"
                w.scenario(s, depth: 2)
            }
        }
        for c in w.comments.rest() { w.line(0, "# " + CommentQueue.body(c)) }
        return w.out
    }

    init(comments: CommentQueue) { self.comments = comments }

    mutating func line(_ depth: Int, _ text: String) {
        out += String(repeating: "  ", count: depth) + text + "\n"
    }

    mutating func comment(_ depth: Int, before offset: Int) {
        for c in comments.leading(before: offset) {
            for l in CommentQueue.body(c).split(separator: "\n", omittingEmptySubsequences: false) {
                line(depth, l.isEmpty ? "#" : "# " + String(l).trimmingCharacters())
            }
        }
    }

    /// A plain scalar when the front end reads it back unchanged, else a quoted string.
    static func scalar(_ e: Expr) -> String {
        switch e.kind {
        case .string(let s): return Spelling.quote(s)
        case .list(let items): return "[" + items.map(scalar).joined(separator: ", ") + "]"
        default: return Spelling.expr(e)
        }
    }

    /// Text as a plain scalar when YAML reads it back verbatim, else double-quoted.
    static func plainOrQuoted(_ s: String) -> String {
        let risky = s.contains(": ") || s.contains(" #") || s.hasSuffix(":") || s.first.map { "!&*{}[]|>'\"%@`#,?:-".contains($0) } ?? true
        return risky ? Spelling.quote(s) : s
    }

    mutating func scenario(_ s: ScenarioDecl, depth d: Int) {
        if let n = s.name { line(d, "name: \(Spelling.quote(n.value))") }
        for set in s.settings {
            comment(d, before: set.range.start)
            line(d, "\(set.name.name): \(Self.scalar(set.value))")
        }
        let systems = s.systems.flatMap(\.components)
        if !systems.isEmpty {
            line(d, "system:")
            for c in systems {
                comment(d + 1, before: c.range.start)
                if c.fields.isEmpty { line(d + 1, "\(c.kind.name): {}"); continue }
                line(d + 1, "\(c.kind.name):")
                for f in c.fields { line(d + 2, "\(f.name.name): \(Self.scalar(f.value))") }
            }
        }
        if !s.generators.isEmpty {
            line(d, "generate:")
            for g in s.generators {
                comment(d + 1, before: g.range.start)
                line(d + 1, "- kind: \(g.kind.name)")
                if let n = g.name { line(d + 2, "name: \(Spelling.quote(n.value))") }
                for f in g.fields { line(d + 2, "\(f.name.name): \(Self.scalar(f.value))") }
            }
        }
        let items = s.timelines.flatMap(\.items)
        if !items.isEmpty {
            line(d, "timeline:")
            for item in items { timelineItem(item, depth: d + 1) }
        }
        let criteria = s.expects.flatMap(\.criteria)
        if !criteria.isEmpty {
            line(d, "expect:")
            for c in criteria {
                comment(d + 1, before: c.range.start)
                line(d + 1, "- " + Self.plainOrQuoted(Spelling.criterion(c)))
            }
        }
    }

    mutating func timelineItem(_ item: TimelineItem, depth d: Int) {
        comment(d, before: item.range.start)
        var first = true
        func key(_ w: inout YAMLWriter, _ text: String) {
            w.line(d + (first ? 0 : 1), (first ? "- " : "") + text)
            first = false
        }
        if let a = item.anchor { key(&self, "\(a.kind.rawValue): \(Spelling.expr(a.time))") }
        switch item.body {
        case .fault(let f):
            key(&self, "fault: \(f.kind.name)")
            if f.targets.count == 1 {
                key(&self, "target: \(Spelling.target(f.targets[0]))")
            } else if !f.targets.isEmpty {
                key(&self, "targets: [" + f.targets.map(Spelling.target).joined(separator: ", ") + "]")
            }
            if let p = f.positional { key(&self, "value: \(Self.scalar(p))") }
            for field in f.fields { key(&self, "\(field.name.name): \(Self.scalar(field.value))") }
            if let dur = f.duration { key(&self, "for: \(Spelling.expr(dur))") }
            if let l = f.label { key(&self, "as: \(Spelling.quote(l.value))") }
        case .group(let g):
            key(&self, "\(g.kind.rawValue):")
            let inner = d + 2
            if let n = g.name { line(inner, "name: \(Spelling.quote(n.value))") }
            if let c = g.count { line(inner, "count: \(Spelling.expr(c))") }
            if let e = g.every { line(inner, "every: \(Spelling.expr(e))") }
            if let dur = g.duration { line(inner, "for: \(Spelling.expr(dur))") }
            line(inner, "items:")
            for child in g.items { timelineItem(child, depth: inner + 1) }
        }
    }
}

extension String {
    func trimmingCharacters() -> String { Substring(self).trimmingSpaces() }
}
