// The JSON form of a plan (documented by docs/plan-schema.json). Values carry their unit as the
// key of a one-field object: {"ms": 30000}, {"per_second": 4000}, {"percent": 20},
// {"bytes": 1024}, {"intensity": 0.7}; integers, numbers, strings and booleans are plain.
import ChaosCheck
import ChaosSource

public enum PlanJSON {
    public static func render(_ plan: ExecutionPlan) -> String {
        json(plan, includeHash: true).serialized(pretty: true) + "\n"
    }

    static func json(_ plan: ExecutionPlan, includeHash: Bool) -> JSON {
        let s = plan.scenario
        var o: [String: JSON] = [
            "format": .int(ExecutionPlan.formatVersion),
            "scenario": .object([
                "name": .string(s.name),
                "description": .string(s.settings["description"]?.stringValue ?? ""),
                "seed": .int(Int(s.seed)),
                "settings": params(s.settings),
            ]),
            "system": .object(["kafka": params(s.kafka.params), "tda": params(s.tda.params), "host": params(s.host.params)]),
            "phases": .array(plan.phases.map { .object(["name": .string($0.name), "start_ms": ms($0.startMs), "end_ms": ms($0.endMs)]) }),
            "generators": .array(plan.generators.map { g in
                .object(["name": .string(g.generator.name), "kind": .string(g.generator.kind), "seed": .string(String(g.seed)),
                         "topic": .string(g.topic), "params": params(g.generator.params)])
            }),
            "faults": .array(plan.faults.map { pf in
                let f = pf.fault
                var fo: [String: JSON] = [
                    "id": .string(pf.id), "kind": .string(f.kind), "targets": .array(f.targets.map { .string($0.spelling) }),
                    "start_ms": ms(f.startMs), "end_ms": f.endMs.map(ms) ?? .null, "params": params(f.params),
                    "groups": .array(f.groups.map(JSON.string)), "source": .string(f.path),
                ]
                fo["label"] = f.label.map(JSON.string) ?? .null
                return .object(fo)
            }),
            "events": .array(plan.events.map(event)),
            "criteria": .array(plan.criteria.map(criterion)),
        ]
        if includeHash { o["hash"] = .string("sha256:" + plan.contentHash) }
        return .object(o)
    }

    static func ms(_ v: Int64) -> JSON { .int(Int(v)) }

    static func event(_ e: PlanEvent) -> JSON {
        var o: [String: JSON] = ["t_ms": ms(e.timeMs), "action": .string(e.action.rawValue)]
        if let r = e.ref { o["ref"] = .string(r) }
        if let k = e.kind { o["kind"] = .string(k) }
        if !e.targets.isEmpty { o["targets"] = .array(e.targets.map(JSON.string)) }
        if !e.params.entries.isEmpty && (e.action == .inject) { o["params"] = params(e.params) }
        if let s = e.source { o["source"] = .string(s) }
        if let t = e.timeoutMs { o["timeout_ms"] = ms(t) }
        return .object(o)
    }

    static func criterion(_ c: PlanCriterion) -> JSON {
        let k = c.criterion
        var o: [String: JSON] = [
            "id": .string(c.id), "text": .string(k.text), "metric": .string(k.metric), "op": .string(k.op.rawValue),
            "threshold": value(k.threshold), "window": .string(k.window.spelling), "source": .string(c.source),
            "intervals": .array(c.intervals.map { .array([ms($0.startMs), ms($0.endMs)]) }),
        ]
        if let a = k.argument { o["argument"] = .string(a) }
        if let m = k.member { o["member"] = .string(m) }
        if !c.faultRefs.isEmpty { o["faults"] = .array(c.faultRefs.map(JSON.string)) }
        return .object(o)
    }

    static func params(_ p: Params) -> JSON {
        var o: [String: JSON] = [:]
        for e in p.entries { o[e.name] = value(e.value) }
        return .object(o)
    }

    public static func value(_ v: Value) -> JSON {
        switch v {
        case .integer(let i): .int(Int(i))
        case .number(let d): .double(d)
        case .intensity(let d): .object(["intensity": .double(d)])
        case .percent(let p): .object(["percent": .double(p)])
        case .duration(let ms): .object(["ms": .int(Int(ms))])
        case .rate(let r): .object(["per_second": .double(r)])
        case .size(let b): .object(["bytes": .int(Int(b))])
        case .string(let s), .word(let s): .string(s)
        case .bool(let b): .bool(b)
        case .list(let items): .array(items.map(value))
        }
    }
}
