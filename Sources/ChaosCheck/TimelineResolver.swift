// Resolves the timeline to absolute times: `at` is measured from the start of the run (warmup
// included); `after` from the previous item's start (or, in a sequence, its end); groups expand
// (`repeat` into instances, `cascade` into staggered steps). Each fault is then checked against
// the scenario's bounds.
import ChaosSource
import ChaosSyntax

struct TimelineResolver {
    let checker: Checker
    let scenario: CheckedScenario
    var labels: [String: SourceRange] = [:]
    var out: [ResolvedFault] = []

    init(checker: Checker, scenario: CheckedScenario) { self.checker = checker; self.scenario = scenario }

    enum Mode { case timeline, parallel, sequence, cascade }

    /// The context children of a group are resolved in.
    struct Scope {
        var mode: Mode
        var start: Int64
        var end: Int64?
        var path: String
        var groups: [String]
    }

    mutating func resolve(_ timelines: [TimelineDecl]) -> [ResolvedFault] {
        var index = 0
        for t in timelines {
            var prevStart: Int64 = 0
            for item in t.items {
                let scope = Scope(mode: .timeline, start: 0, end: nil, path: "timeline[\(index)]", groups: [])
                index += 1
                guard let anchor = item.anchor else {
                    checker.report(Diagnostic(.missingAnchor, "timeline item needs a start time", at: item.range,
                                              help: ["start it with 'at 30s' (from the start of the run) or 'after 10s' (from the previous item)"]))
                    continue
                }
                guard let offset = time(anchor.time) else { continue }
                let start = anchor.kind == .at ? offset : prevStart + offset
                prevStart = start
                _ = resolveBody(item, start: start, scope: scope)
            }
        }
        return out
    }

    func time(_ e: Expr) -> Int64? {
        guard let v = checker.convert(e, to: .duration, what: "a time"), case .duration(let ms) = v else { return nil }
        return ms
    }

    /// Resolves a list of items in a scope; returns the latest end (nil: something never ends;
    /// `.some(nil)` is not used — a missing start yields no end contribution).
    mutating func resolveItems(_ items: [TimelineItem], scope: Scope) -> (end: Int64, endless: Bool) {
        var prevStart = scope.start, cursor = scope.start
        var latest = scope.start, endless = false
        for (i, item) in items.enumerated() {
            var start: Int64
            var offset: Int64 = 0
            if let a = item.anchor {
                guard let t = time(a.time) else { continue }
                offset = t
                if a.kind == .at {
                    start = scope.start + t
                } else {
                    start = (scope.mode == .sequence ? cursor : prevStart) + t
                }
            } else {
                start = scope.mode == .sequence ? cursor : (scope.mode == .cascade ? prevStart : scope.start)
            }
            _ = offset
            prevStart = start
            var child = scope
            child.path = "\(scope.path).items[\(i)]"
            let end = resolveBody(item, start: start, scope: child)
            if let e = end { cursor = e; latest = max(latest, e) } else { endless = true; cursor = start }
        }
        return (latest, endless)
    }

    /// Resolves one item starting at `start`; returns its end (nil when it never ends).
    mutating func resolveBody(_ item: TimelineItem, start: Int64, scope: Scope) -> Int64? {
        switch item.body {
        case .fault(let f): return resolveFault(f, start: start, scope: scope, anchorRange: item.anchor?.range)
        case .group(let g): return resolveGroup(g, start: start, scope: scope)
        }
    }

    mutating func resolveGroup(_ g: GroupStmt, start: Int64, scope: Scope) -> Int64? {
        var groupEnd: Int64? = scope.end
        if let d = g.duration, let ms = time(d) {
            if ms <= 0 { checker.report(Diagnostic(.outOfRange, "a group must last longer than 0s", at: d.range)) }
            groupEnd = start + ms
        }
        var groups = scope.groups
        if g.kind == .cascade {
            let name = g.name?.value ?? "cascade@\(scope.path)"
            if let n = g.name { claimLabel(n) }
            groups.append(name)
        }
        switch g.kind {
        case .parallel, .sequence, .cascade:
            let mode: Mode = g.kind == .parallel ? .parallel : g.kind == .sequence ? .sequence : .cascade
            let r = resolveItems(g.items, scope: Scope(mode: mode, start: start, end: groupEnd, path: scope.path, groups: groups))
            if let e = groupEnd, g.duration != nil { return e }
            return r.endless ? nil : r.end
        case .repeat:
            return resolveRepeat(g, start: start, scope: scope, groupEnd: g.duration == nil ? nil : groupEnd)
        }
    }

    mutating func resolveRepeat(_ g: GroupStmt, start: Int64, scope: Scope, groupEnd: Int64?) -> Int64? {
        var count: Int64?, every: Int64?
        if let c = g.count, let v = checker.convert(c, to: .integer, what: "'repeat'"), case .integer(let n) = v {
            if n < 1 || n > 1000 {
                checker.report(Diagnostic(.outOfRange, "repeat count \(n) is out of range: expected 1 to 1000", at: c.range))
            } else { count = n }
        }
        if let e = g.every, let v = time(e) {
            if v <= 0 { checker.report(Diagnostic(.outOfRange, "'every' must be longer than 0s", at: e.range)) } else { every = v }
        }
        if g.count == nil || g.every == nil {
            if checker.hasPriorError(in: g.range) { return start }
            checker.report(Diagnostic(.invalidGroup, "repeat needs a count and a period", at: g.keywordRange,
                                      help: ["write: repeat 3 every 30s { … }"]))
            return start
        }
        guard let n = count, let period = every else { return start }
        var latest = start, endless = false
        for k in 0..<n {
            let s = start + k * period
            let instanceEnd = groupEnd.map { s + ($0 - start) }
            let r = resolveItems(g.items, scope: Scope(mode: .parallel, start: s, end: instanceEnd,
                                                       path: "\(scope.path)#\(k)", groups: scope.groups))
            latest = max(latest, instanceEnd ?? r.end)
            if r.endless { endless = true }
        }
        return endless ? nil : latest
    }
}
