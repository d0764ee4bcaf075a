// Moving AST ranges from a private copy of scalar text back onto the YAML file.
//
// When a value cannot be parsed in place (a quoted scalar with escapes, a folded scalar, a
// criterion assembled from the fields of a mapping), it is parsed in a synthetic `SourceFile`
// made of pieces. Each piece knows where it came from: an exact piece (verbatim source text)
// maps offsets one to one, an inexact piece maps every offset inside it onto the whole scalar.
import ChaosSource
import ChaosSyntax

struct RangeMapper {
    struct Piece {
        var synthetic: SourceRange
        var original: SourceRange
        var exact: Bool
    }

    var pieces: [Piece]

    func map(_ r: SourceRange) -> SourceRange {
        guard let first = pieces.first else { return r }
        func piece(for offset: Int, preferLeft: Bool) -> Piece {
            var best = first
            for p in pieces {
                if p.synthetic.start <= offset && offset <= p.synthetic.end {
                    if !preferLeft || offset < p.synthetic.end || p.synthetic.start == p.synthetic.end { return p }
                    best = p
                } else if p.synthetic.start <= offset {
                    best = p
                }
            }
            return best
        }
        let a = piece(for: r.start, preferLeft: false)
        let b = piece(for: r.end, preferLeft: true)
        let start = a.exact ? a.original.start + min(max(0, r.start - a.synthetic.start), a.original.end - a.original.start) : a.original.start
        let end = b.exact ? b.original.start + min(max(0, r.end - b.synthetic.start), b.original.end - b.original.start) : b.original.end
        return SourceRange(start, max(start, end))
    }

    func map(_ bag: DiagnosticBag) -> DiagnosticBag {
        var out = DiagnosticBag()
        for var d in bag.diagnostics {
            d.range = map(d.range)
            d.labels = d.labels.map { DiagnosticLabel(map($0.range), $0.message) }
            d.fixits = d.fixits.compactMap { f in
                // A fix-it can only be kept where the text is verbatim.
                let p = pieces.first { $0.synthetic.start <= f.range.start && f.range.end <= $0.synthetic.end }
                guard let p, p.exact else { return nil }
                return FixIt(range: map(f.range), replacement: f.replacement, message: f.message)
            }
            out.add(d)
        }
        return out
    }

    func ident(_ i: Ident) -> Ident { Ident(i.name, map(i.range)) }
    func string(_ s: StringLit) -> StringLit { StringLit(s.value, map(s.range)) }

    func expr(_ e: Expr) -> Expr {
        var kind = e.kind
        switch e.kind {
        case .list(let items): kind = .list(items.map(expr))
        case .target(let t): kind = .target(target(t))
        default: break
        }
        return Expr(kind, map(e.range), spelling: e.spelling)
    }

    func target(_ t: TargetExpr) -> TargetExpr {
        switch t {
        case .path(let p): .path(path(p))
        case .link(let a, let b, let r): .link(path(a), path(b), range: map(r))
        }
    }

    func path(_ p: TargetPath) -> TargetPath {
        TargetPath(segments: p.segments.map { s in
            TargetSegment(name: ident(s.name), index: s.index.map { TargetIndex(kind: $0.kind, range: map($0.range)) })
        }, range: map(p.range))
    }

    func criterion(_ c: CriterionDecl) -> CriterionDecl {
        CriterionDecl(metric: MetricRef(name: ident(c.metric.name), argument: c.metric.argument.map(ident),
                                        member: c.metric.member.map(ident), range: map(c.metric.range)),
                      op: c.op, opRange: map(c.opRange), threshold: expr(c.threshold),
                      window: c.window.map(window), range: map(c.range))
    }

    func window(_ w: WindowClause) -> WindowClause {
        let kind: WindowKind = switch w.kind {
        case .during(let i, let s): .during(i.map(ident), s.map(string))
        case .after(let i): .after(ident(i))
        default: w.kind
        }
        return WindowClause(kind: kind, range: map(w.range))
    }
}
