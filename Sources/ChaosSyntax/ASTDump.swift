// A stable, readable text form of the AST, used by the golden corpus and `chaosrun parse --dump`.
// One node per line, children indented by two spaces, ranges as `line:col-line:col` (columns in
// Unicode scalars, as in diagnostics). Output depends only on the tree and the file: no hashing,
// no dictionary order.
import ChaosSource

/// Renders an AST as indented text.
public enum ASTDump {
    /// The dump of a whole file, comments last.
    public static func dump(_ tree: ScenarioFile, in file: SourceFile) -> String {
        var d = Dumper(file: file)
        d.line(0, "ScenarioFile")
        for s in tree.scenarios { d.scenario(s, 1) }
        for c in tree.comments { d.line(1, "Comment \(quote(c.text)) \(d.span(c.range))") }
        return d.out
    }

    /// The dump of one value.
    public static func dump(_ expr: Expr, in file: SourceFile) -> String {
        var d = Dumper(file: file)
        d.expr(expr, 0, "")
        return d.out
    }

    /// The dump of one criterion.
    public static func dump(_ criterion: CriterionDecl, in file: SourceFile) -> String {
        var d = Dumper(file: file)
        d.criterion(criterion, 0)
        return d.out
    }

    /// The dump of one target.
    public static func dump(_ target: TargetExpr, in file: SourceFile) -> String {
        var d = Dumper(file: file)
        d.target(target, 0, "")
        return d.out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 || ch.value == 0x7F { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

struct Dumper {
    let file: SourceFile
    var out = ""

    mutating func line(_ indent: Int, _ text: String) {
        out += String(repeating: "  ", count: indent) + text + "\n"
    }

    func span(_ r: SourceRange) -> String {
        let a = file.location(of: r.start), b = file.location(of: r.end)
        return "\(a.line):\(a.column)-\(b.line):\(b.column)"
    }

    func ident(_ i: Ident) -> String { "\(i.name)@\(span(i.range))" }

    func str(_ s: StringLit) -> String { "\(ASTDump.quote(s.value))@\(span(s.range))" }

    mutating func scenario(_ s: ScenarioDecl, _ n: Int) {
        let name = s.name.map { " name=\(str($0))" } ?? ""
        line(n, "ScenarioDecl\(name) keyword=\(span(s.keywordRange)) \(span(s.range))")
        for m in s.members {
            switch m {
            case .setting(let x):
                line(n + 1, "SettingDecl \(ident(x.name)) \(span(x.range))")
                expr(x.value, n + 2, "value: ")
            case .system(let x):
                line(n + 1, "SystemDecl \(span(x.range))")
                for c in x.components {
                    line(n + 2, "ComponentDecl \(ident(c.kind)) \(span(c.range))")
                    fields(c.fields, n + 3)
                }
            case .generator(let g):
                let name = g.name.map { " name=\(str($0))" } ?? ""
                line(n + 1, "GeneratorDecl \(ident(g.kind))\(name) \(span(g.range))")
                fields(g.fields, n + 2)
            case .timeline(let t):
                line(n + 1, "TimelineDecl \(span(t.range))")
                for i in t.items { item(i, n + 2) }
            case .expect(let e):
                line(n + 1, "ExpectDecl \(span(e.range))")
                for c in e.criteria { criterion(c, n + 2) }
            }
        }
    }

    mutating func fields(_ fs: [FieldArg], _ n: Int) {
        for f in fs {
            line(n, "FieldArg \(ident(f.name)) \(span(f.range))")
            expr(f.value, n + 1, "value: ")
        }
    }

    mutating func item(_ i: TimelineItem, _ n: Int) {
        line(n, "TimelineItem \(span(i.range))")
        if let a = i.anchor {
            line(n + 1, "Anchor \(a.kind.rawValue) keyword=\(span(a.keywordRange)) \(span(a.range))")
            expr(a.time, n + 2, "time: ")
        }
        switch i.body {
        case .fault(let f): fault(f, n + 1)
        case .group(let g): group(g, n + 1)
        }
    }

    mutating func fault(_ f: FaultStmt, _ n: Int) {
        let label = f.label.map { " label=\(str($0))" } ?? ""
        line(n, "FaultStmt \(ident(f.kind))\(label) \(span(f.range))")
        for t in f.targets { target(t, n + 1, "target: ") }
        if let p = f.positional { expr(p, n + 1, "positional: ") }
        fields(f.fields, n + 1)
        if let d = f.duration { expr(d, n + 1, "for: ") }
    }

    mutating func group(_ g: GroupStmt, _ n: Int) {
        let name = g.name.map { " name=\(str($0))" } ?? ""
        line(n, "GroupStmt \(g.kind.rawValue)\(name) keyword=\(span(g.keywordRange)) \(span(g.range))")
        if let c = g.count { expr(c, n + 1, "count: ") }
        if let e = g.every { expr(e, n + 1, "every: ") }
        if let d = g.duration { expr(d, n + 1, "for: ") }
        for i in g.items { item(i, n + 1) }
    }

    mutating func target(_ t: TargetExpr, _ n: Int, _ prefix: String) {
        switch t {
        case .path(let p):
            line(n, "\(prefix)\(path(p))")
        case .link(let a, let b, let r):
            line(n, "\(prefix)Link \(span(r))")
            line(n + 1, path(a))
            line(n + 1, path(b))
        }
    }

    func path(_ p: TargetPath) -> String {
        let segs = p.segments.map { s in
            "\(ident(s.name))" + (s.index.map { "[\($0.spelling)]@\(span($0.range))" } ?? "")
        }
        return "Path \(p.spelling) \(span(p.range)) segments=\(segs.joined(separator: " "))"
    }

    mutating func criterion(_ c: CriterionDecl, _ n: Int) {
        line(n, "CriterionDecl \(span(c.range))")
        let m = c.metric
        var parts = ["name=\(ident(m.name))"]
        if let a = m.argument { parts.append("argument=\(ident(a))") }
        if let b = m.member { parts.append("member=\(ident(b))") }
        line(n + 1, "metric: \(m.spelling) \(span(m.range)) \(parts.joined(separator: " "))")
        line(n + 1, "op: \(c.op.rawValue)@\(span(c.opRange))")
        expr(c.threshold, n + 1, "threshold: ")
        if let w = c.window { line(n + 1, "window: \(window(w.kind)) \(span(w.range))") }
    }

    func window(_ k: WindowKind) -> String {
        switch k {
        case .during(let i?, _): "during kind=\(ident(i))"
        case .during(_, let s?): "during label=\(str(s))"
        case .during: "during"
        case .afterEachFault: "after each fault"
        case .after(let i): "after kind=\(ident(i))"
        case .outsideFaults: "outside faults"
        case .wholeRun: "whole run"
        case .warmup: "during warmup"
        }
    }

    mutating func expr(_ e: Expr, _ n: Int, _ prefix: String) {
        let head = "\(prefix)\(exprKind(e.kind)) \(ASTDump.quote(e.spelling)) \(span(e.range))"
        switch e.kind {
        case .list(let items):
            line(n, head)
            for i in items { expr(i, n + 1, "") }
        case .target(let t):
            line(n, head)
            target(t, n + 1, "")
        default:
            line(n, head)
        }
    }

    func exprKind(_ k: ExprKind) -> String {
        switch k {
        case .integer(let v): "integer(\(v))"
        case .float(let v): "float(\(v))"
        case .duration(let ms): "duration(\(ms)ms)"
        case .rate(let c, let per): "rate(\(c)/\(per.rawValue))"
        case .percent(let p): "percent(\(p))"
        case .size(let b): "size(\(b)B)"
        case .string(let s): "string(\(ASTDump.quote(s)))"
        case .bool(let b): "bool(\(b))"
        case .identifier(let s): "identifier(\(s))"
        case .list(let items): "list(\(items.count))"
        case .target: "target"
        case .invalid: "invalid"
        }
    }
}
