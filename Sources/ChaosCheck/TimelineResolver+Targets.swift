// Targets: `kafka.broker[2]`, `tda.worker[1..2]`, `host`, links `kafka <-> tda`.
// Broker and worker indices are 1-based ids (Kafka broker ids start at 1).
import ChaosSource
import ChaosSyntax

extension TimelineResolver {
    static let roots = ["kafka", "tda", "host", "generators"]

    /// Resolves and validates a fault's targets; nil when any is invalid.
    func resolveTargets(_ f: FaultStmt, _ spec: KindSpec) -> [ResolvedTarget]? {
        if f.targets.isEmpty {
            let example = spec.targets.first.map(Self.example) ?? "host"
            checker.report(Diagnostic(.targetCount, "\(spec.name) needs a target", at: f.kind.range,
                                      help: ["e.g. \(spec.name) \(example)"]))
            return nil
        }
        if spec.targets == [.link] && f.targets.count > 1 {
            checker.report(Diagnostic(.targetCount, "\(spec.name) takes one link, found \(f.targets.count) targets", at: f.targets[1].range))
            return nil
        }
        var out: [ResolvedTarget] = []
        var ok = true
        for t in f.targets {
            guard let resolved = resolve(t, for: spec) else { ok = false; continue }
            for r in resolved where !out.contains(r) { out.append(r) }
        }
        return ok ? out : nil
    }

    static func example(_ c: TargetClass) -> String {
        switch c {
        case .broker: "kafka.broker[1]"
        case .worker: "tda.worker[1]"
        case .host: "host"
        case .link: "kafka <-> tda"
        }
    }

    func notApplicable(_ spec: KindSpec, _ range: SourceRange, _ what: String) {
        let accepted = spec.targets.map(Self.example).joined(separator: " or ")
        checker.report(Diagnostic(.targetNotApplicable, "\(spec.name) cannot target \(what)", at: range,
                                  help: ["\(spec.name) takes \(accepted)"]))
    }

    func resolve(_ t: TargetExpr, for spec: KindSpec) -> [ResolvedTarget]? {
        switch t {
        case .link(let a, let b, let range):
            guard spec.targets.contains(.link) else { notApplicable(spec, range, "a link"); return nil }
            guard let ea = endpoint(a), let eb = endpoint(b) else { return nil }
            if ea == eb || sameComponent(ea, eb) {
                checker.report(Diagnostic(.targetNotApplicable, "a link needs two different components, found \(ea.spelling) and \(eb.spelling)", at: range))
                return nil
            }
            return [.link(min(ea, eb), max(ea, eb))]
        case .path(let p):
            return resolvePath(p, spec)
        }
    }

    func sameComponent(_ a: LinkEndpoint, _ b: LinkEndpoint) -> Bool {
        switch (a, b) {
        case (.kafka, .broker), (.broker, .kafka), (.tda, .worker), (.worker, .tda): true
        default: false
        }
    }

    func resolvePath(_ p: TargetPath, _ spec: KindSpec) -> [ResolvedTarget]? {
        guard let root = checkRoot(p) else { return nil }
        switch root {
        case "host":
            guard spec.targets.contains(.host) else { notApplicable(spec, p.range, "host"); return nil }
            return [.host]
        case "kafka", "tda":
            let cls: TargetClass = root == "kafka" ? .broker : .worker
            guard spec.targets.contains(cls) else { notApplicable(spec, p.range, p.spelling); return nil }
            guard let ids = members(p, root) else { return nil }
            return ids.map { cls == .broker ? .broker($0) : .worker($0) }
        default:
            notApplicable(spec, p.range, p.spelling)
            return nil
        }
    }

    func checkRoot(_ p: TargetPath) -> String? {
        guard let first = p.segments.first else { return nil }
        guard Self.roots.contains(first.name.name) else {
            checker.unknown(.unknownTarget, "target", first.name, candidates: Self.roots)
            return nil
        }
        if first.index != nil {
            checker.report(Diagnostic(.unknownTarget, "'\(first.name.name)' takes no index", at: first.index!.range,
                                      help: first.name.name == "kafka" ? ["write kafka.broker[i]"] : first.name.name == "tda" ? ["write tda.worker[i]"] : []))
            return nil
        }
        return first.name.name
    }

    /// The ids a `kafka…`/`tda…` path names (all of them when no member is given).
    func members(_ p: TargetPath, _ root: String) -> [Int]? {
        let member = root == "kafka" ? "broker" : "worker"
        let count = root == "kafka" ? scenario.brokers : scenario.workers
        if p.segments.count == 1 { return Array(1...max(1, count)) }
        let seg = p.segments[1]
        guard seg.name.name == member, p.segments.count == 2 else {
            let bad = seg.name.name == member ? p.segments[2].name : seg.name
            checker.unknown(.unknownTarget, "target member", bad, candidates: [member], context: " of '\(root)'")
            return nil
        }
        guard let index = seg.index else { return Array(1...max(1, count)) }
        let noun = root == "kafka" ? "brokers" : "workers"
        func check(_ i: Int64) -> Bool {
            if i < 1 || i > Int64(count) {
                checker.report(Diagnostic(.indexOutOfRange, "\(root).\(member)[\(i)] is out of range: the system has \(count) \(noun)",
                                          at: index.range, notes: ["\(noun) are numbered \(root).\(member)[1] to \(root).\(member)[\(count)]"]))
                return false
            }
            return true
        }
        switch index.kind {
        case .all: return Array(1...max(1, count))
        case .single(let i): return check(i) ? [Int(i)] : nil
        case .range(let a, let b):
            guard a <= b else {
                checker.report(Diagnostic(.indexOutOfRange, "empty range [\(a)..\(b)]: the first index must not exceed the last", at: index.range))
                return nil
            }
            return check(a) && check(b) ? Array(Int(a)...Int(b)) : nil
        }
    }

    func endpoint(_ p: TargetPath) -> LinkEndpoint? {
        guard let root = checkRoot(p) else { return nil }
        switch root {
        case "generators":
            if p.segments.count > 1 { checker.unknown(.unknownTarget, "target member", p.segments[1].name, candidates: [], context: " of 'generators'"); return nil }
            return .generators
        case "host":
            checker.report(Diagnostic(.targetNotApplicable, "'host' is not a network endpoint", at: p.range,
                                      help: ["links join kafka, kafka.broker[i], tda, tda.worker[i] or generators"]))
            return nil
        default:
            if p.segments.count == 1 { return root == "kafka" ? .kafka : .tda }
            guard let ids = members(p, root) else { return nil }
            guard ids.count == 1 else {
                checker.report(Diagnostic(.targetCount, "a link endpoint names one component, found \(ids.count)", at: p.range))
                return nil
            }
            return root == "kafka" ? .broker(ids[0]) : .worker(ids[0])
        }
    }
}

extension Checker {
    /// Two faults of one kind on one target must not overlap in time.
    func checkOverlaps(_ faults: [ResolvedFault]) {
        let sorted = faults.enumerated().sorted { ($0.element.startMs, $0.offset) < ($1.element.startMs, $1.offset) }.map(\.element)
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] where b.kind == a.kind {
                let aEnd = a.endMs ?? Int64.max
                guard b.startMs < aEnd, b.startMs >= a.startMs else { continue }
                guard let shared = b.targets.first(where: { a.targets.contains($0) }) else { continue }
                let same = a.range == b.range
                let message = same
                    ? "repeats of this \(a.kind) on \(shared.spelling) overlap: the next starts at \(DurationFormat.spell(b.startMs)) before the previous ends"
                    : "\(b.kind) on \(shared.spelling) overlaps another \(a.kind) on the same target (active \(DurationFormat.spell(a.startMs))–\(a.endMs.map(DurationFormat.spell) ?? "end of run"))"
                report(Diagnostic(.overlappingFaults, message, at: b.range,
                                  labels: same ? [] : [DiagnosticLabel(a.range, "the earlier \(a.kind)")],
                                  help: ["start the second after \(a.endMs.map(DurationFormat.spell) ?? "the first ends"), or merge them"]))
            }
        }
    }
}
