// Shared pieces of the two writers (`ChaosWriter` for `fmt` and `convert --to chaos`,
// `YAMLWriter` for `convert --to yaml`): canonical spellings of values, criteria and windows, and
// the placement of comments relative to the nodes they precede or trail.
import ChaosSource

/// Canonical spellings, shared by both writers.
public enum Spelling {
    /// A value as `.chaos` writes it: literals keep their source spelling.
    public static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .string(let s): return quote(s)
        case .list(let items): return "[" + items.map(expr).joined(separator: ", ") + "]"
        case .target(let t): return target(t)
        case .identifier(let w): return w
        case .bool(let b): return b ? "true" : "false"
        default:
            if !e.spelling.isEmpty { return e.spelling }
            switch e.kind {
            case .integer(let i): return "\(i)"
            case .float(let d): return "\(d)"
            case .duration(let ms): return durationSpelling(ms)
            case .rate(let c, let per): return "\(trim(c))/\(per.rawValue)"
            case .percent(let p): return "\(trim(p))%"
            case .size(let b): return "\(b)B"
            default: return "<invalid>"
            }
        }
    }

    public static func target(_ t: TargetExpr) -> String {
        switch t {
        case .path(let p): p.spelling
        case .link(let a, let b, _): "\(a.spelling) <-> \(b.spelling)"
        }
    }

    public static func window(_ w: WindowClause) -> String {
        switch w.kind {
        case .during(let k?, _): "during \(k.name)"
        case .during(nil, let l?): "during \(quote(l.value))"
        case .during(nil, nil): "during"
        case .afterEachFault: "after each fault"
        case .after(let k): "after \(k.name)"
        case .outsideFaults: "outside faults"
        case .wholeRun: "whole run"
        case .warmup: "during warmup"
        }
    }

    public static func criterion(_ c: CriterionDecl) -> String {
        var s = "\(c.metric.spelling) \(c.op.rawValue) \(expr(c.threshold))"
        if let w = c.window { s += " " + window(w) }
        return s
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }

    static func trim(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }

    static func durationSpelling(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var rest = ms, out = ""
        for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"; rest %= size
        }
        return out
    }
}

/// Hands out a file's comments in source order, so writers can emit those that precede a node
/// and those that trail it on its line.
struct CommentQueue {
    var pending: [Comment]
    let file: SourceFile?

    init(_ comments: [Comment], file: SourceFile?) {
        self.pending = comments.sorted { $0.range.start < $1.range.start }
        self.file = file
    }

    /// Comments that start before `offset` and stand on their own line.
    mutating func leading(before offset: Int) -> [Comment] {
        var out: [Comment] = []
        while let c = pending.first, c.range.start < offset {
            out.append(c); pending.removeFirst()
        }
        return out
    }

    /// A comment on the same line as `end` (after it), if any.
    mutating func trailing(after end: Int) -> Comment? {
        guard let file, let c = pending.first, c.range.start >= end else { return nil }
        let line = file.location(of: end).line
        guard file.location(of: c.range.start).line == line else { return nil }
        pending.removeFirst()
        return c
    }

    mutating func rest() -> [Comment] { defer { pending = [] }; return pending }

    /// The comment text without its marker.
    static func body(_ c: Comment) -> String {
        var t = Substring(c.text)
        if t.hasPrefix("//") { t = t.dropFirst(2) } else if t.hasPrefix("#") { t = t.dropFirst(1) }
        else if t.hasPrefix("/*") { t = t.dropFirst(2); if t.hasSuffix("*/") { t = t.dropLast(2) } }
        return t.trimmingSpaces()
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
