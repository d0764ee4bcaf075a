// Compiles a checked scenario into an execution plan: phases, generator seeds, a sorted event
// timeline (rolling restarts expanded broker by broker with health gates) and criteria windows
// resolved to concrete intervals.
import ChaosCheck
import ChaosSource

public enum PlanCompiler {
    public static func compile(_ s: CheckedScenario) -> ExecutionPlan {
        let duration = s.durationMs, warmup = s.warmupMs
        let drain = s.settings["drain"]?.int64Value ?? 60_000
        let phases = [
            PlanPhase(name: "setup", startMs: 0, endMs: 0),
            PlanPhase(name: "warmup", startMs: 0, endMs: warmup),
            PlanPhase(name: "timeline", startMs: warmup, endMs: duration),
            PlanPhase(name: "drain", startMs: duration, endMs: duration + drain),
            PlanPhase(name: "verdict", startMs: duration + drain, endMs: duration + drain),
            PlanPhase(name: "teardown", startMs: duration + drain, endMs: duration + drain),
        ]
        let topic = s.kafka.params["topic"]?.stringValue ?? "chaos.input"
        let generators = s.generators.map { PlanGenerator(generator: $0, seed: deriveSeed(s.seed, $0.name), topic: topic) }
        let faults = s.faults.sorted { ($0.startMs, $0.path) < ($1.startMs, $1.path) }.enumerated().map {
            PlanFault(id: "f\($0.offset + 1)", fault: $0.element)
        }
        var events: [PlanEvent] = [
            PlanEvent(timeMs: 0, action: .startGenerators, targets: generators.map(\.generator.name), params: Params()),
            PlanEvent(timeMs: duration, action: .stopGenerators, targets: generators.map(\.generator.name), params: Params()),
        ]
        for f in faults { events += expand(f) }
        let criteria = s.criteria.enumerated().map { i, c in
            resolveWindow(id: "c\(i + 1)", c, faults: faults, scenario: s, drainEnd: duration + drain)
        }
        for c in criteria {
            for iv in c.intervals {
                events.append(PlanEvent(timeMs: iv.startMs, action: .openWindow, ref: c.id, kind: c.criterion.metric, targets: [], params: Params(), source: c.source))
                events.append(PlanEvent(timeMs: iv.endMs, action: .closeWindow, ref: c.id, kind: c.criterion.metric, targets: [], params: Params(), source: c.source))
            }
        }
        events.sort { a, b in
            (a.timeMs, order(a.action), a.ref ?? "", a.targets.joined()) < (b.timeMs, order(b.action), b.ref ?? "", b.targets.joined())
        }
        return ExecutionPlan(scenario: s, phases: phases, generators: generators, faults: faults, events: events, criteria: criteria)
    }

    /// Events at the same time happen in this order: windows close and faults are removed before
    /// new faults are injected and new windows open.
    static func order(_ a: PlanEvent.Action) -> Int {
        switch a {
        case .closeWindow: 0
        case .remove: 1
        case .healthGate: 2
        case .stopGenerators: 3
        case .startGenerators: 4
        case .inject: 5
        case .openWindow: 6
        }
    }

    static func expand(_ pf: PlanFault) -> [PlanEvent] {
        let f = pf.fault
        let targets = f.targets.map(\.spelling)
        func event(_ t: Int64, _ a: PlanEvent.Action, _ tg: [String], timeout: Int64? = nil) -> PlanEvent {
            PlanEvent(timeMs: t, action: a, ref: pf.id, kind: f.kind, targets: tg, params: f.params, source: f.path, timeoutMs: timeout)
        }
        switch f.kind {
        case "rolling_restart":
            let downtime = f.params["downtime"]?.int64Value ?? 5000
            let interval = f.params["interval"]?.int64Value ?? 0
            let gate = f.params["gate"]?.int64Value ?? 30_000
            var t = f.startMs, out: [PlanEvent] = []
            for target in targets {
                out.append(event(t, .inject, [target]))
                out.append(event(t + downtime, .remove, [target]))
                out.append(event(t + downtime, .healthGate, [target], timeout: gate))
                t += downtime + interval
            }
            return out
        default:
            var out = [event(f.startMs, .inject, targets)]
            if let end = f.endMs { out.append(event(end, .remove, targets)) }
            return out
        }
    }

    static func resolveWindow(id: String, _ c: CheckedCriterion, faults: [PlanFault], scenario s: CheckedScenario,
                              drainEnd: Int64) -> PlanCriterion {
        let duration = s.durationMs, warmup = s.warmupMs
        func span(_ f: ResolvedFault) -> (Int64, Int64) { (f.startMs, min(f.endMs ?? duration, duration)) }
        var intervals: [(startMs: Int64, endMs: Int64)] = []
        var refs: [String] = []
        switch c.window {
        case .wholeRun: intervals = [(0, duration)]
        case .warmup: intervals = [(0, warmup)]
        case .duringKind(let k): intervals = union(faults.filter { $0.fault.kind == k }.map { span($0.fault) })
        case .duringLabel(let l):
            intervals = union(faults.filter { $0.fault.label == l || $0.fault.groups.contains(l) }.map { span($0.fault) })
        case .outsideFaults:
            intervals = subtract((warmup, duration), union(faults.map { span($0.fault) }))
        case .afterEachFault, .afterKind:
            let kind: String? = if case .afterKind(let k) = c.window { k } else { nil }
            for f in faults where kind == nil || f.fault.kind == kind {
                guard let end = f.fault.endMs else { continue }
                intervals.append((end, drainEnd))
                refs.append(f.id)
            }
        }
        return PlanCriterion(id: id, criterion: c, intervals: intervals, faultRefs: refs, source: "expect[\(id.dropFirst())]")
    }

    /// Sorted, merged union of intervals.
    static func union(_ spans: [(Int64, Int64)]) -> [(startMs: Int64, endMs: Int64)] {
        var out: [(startMs: Int64, endMs: Int64)] = []
        for (a, b) in spans.sorted(by: { $0 < $1 }) where b > a {
            if let last = out.last, a <= last.endMs { out[out.count - 1].endMs = max(last.endMs, b) } else { out.append((a, b)) }
        }
        return out
    }

    static func subtract(_ whole: (Int64, Int64), _ holes: [(startMs: Int64, endMs: Int64)]) -> [(startMs: Int64, endMs: Int64)] {
        var out: [(startMs: Int64, endMs: Int64)] = []
        var cursor = whole.0
        for h in holes {
            if h.startMs > cursor { out.append((cursor, min(h.startMs, whole.1))) }
            cursor = max(cursor, h.endMs)
            if cursor >= whole.1 { break }
        }
        if cursor < whole.1 { out.append((cursor, whole.1)) }
        return out.filter { $0.endMs > $0.startMs }
    }

    /// A generator's seed: SplitMix64 of the scenario seed XOR the FNV-1a 64 hash of its name.
    /// Documented in docs/plan.md so other tools can reproduce a run's streams.
    public static func deriveSeed(_ seed: Int64, _ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        var z = UInt64(bitPattern: seed) ^ h
        z = z &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
