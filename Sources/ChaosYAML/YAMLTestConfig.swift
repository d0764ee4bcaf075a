// The seed's `test_config.yaml` shape, read into the same AST as scenario files.
//
//   test_environment: {kafka: {...}, tda: {...}}   -> one SystemDecl shared by every scenario
//   chaos_scenarios: [{name, fault_types, duration_minutes, intensity, targets}]
//                                                  -> one ScenarioDecl per entry
//   benchmarks: {seed, warmup_iterations, ...}     -> `seed` and the other keys as settings
//   performance_baselines: {...}                   -> not mapped (documented in docs/yaml.md)
//
// Faults are synthesized one after another: after a warmup of min(30s, duration/10), the rest of
// the run is cut into one slot per fault type; each fault starts a quarter into its slot and lasts
// half of it (as `at T parallel for D { fault }`), leaving time to recover. Synthesized nodes carry the range of the YAML node they
// came from (the fault type's scalar, the `duration_minutes` value).
import ChaosSource
import ChaosSyntax

extension YAMLReader {
    static let testConfigKeys = ["test_environment", "chaos_scenarios", "benchmarks", "performance_baselines"]
    static let chaosScenarioKeys = ["name", "description", "fault_types", "duration_minutes", "intensity", "targets"]
    /// Seed spellings of component fields -> the scenario language's names.
    static let fieldRenames: [String: [String: String]] = [
        "kafka": ["num_brokers": "brokers", "broker_count": "brokers", "num_partitions": "partitions",
                  "replication_factor": "replication", "input_topic": "topic"],
        "tda": ["window_size": "window", "step": "stride", "embedding_dimension": "embed", "embedding_dim": "embed",
                "embedding_delay": "delay", "max_dimension": "maxdim", "num_workers": "workers", "max_radius": "threshold"],
    ]

    /// Seed fields with no scenario counterpart, and why.
    static let droppedFields: [String: [String: String]] = [
        "kafka": ["bootstrap_servers": "run against an external cluster with 'chaosrun run --bootstrap HOST:PORT'",
                  "topics": "generators produce to one topic, 'topic' (default \"chaos.input\")"],
    ]

    mutating func readTestConfig(_ pairs: [YPair], _ range: SourceRange) -> [ScenarioDecl] {
        var shared: [ScenarioMember] = []
        var benchmarkSettings: [SettingDecl] = []
        var entries: (YPair, [YNode])?
        for pair in pairs {
            switch pair.key.value {
            case "test_environment": shared += readEnvironment(pair)
            case "benchmarks": benchmarkSettings = readBenchmarks(pair)
            case "performance_baselines":
                ignored(pair.key, "'performance_baselines' is not enforced by chaosrun", "performance_baselines",
                        note: "write pass/fail criteria under 'expect' in a scenario file, e.g. 'latency.p99 < 500ms'")
            case "chaos_scenarios":
                entries = (pair, sequence(pair.value, "chaos_scenarios", what: "'chaos_scenarios'") ?? [])
            default:
                if Self.isExtensionKey(pair.key.value) { continue }
                unknownKey(pair.key, "", in: "a test configuration", candidates: Self.testConfigKeys)
            }
        }
        guard let (_, items) = entries else {
            report(.yamlMissingKey, "expected 'chaos_scenarios:' in a test configuration", SourceRange.at(range.start), "",
                   notes: ["the file has 'test_environment:', so it is read as a test_config.yaml"])
            return []
        }
        var scenarios: [ScenarioDecl] = []
        for (k, item) in items.enumerated() {
            let path = "chaos_scenarios[\(k)]"
            guard let entry = mapping(item, path, what: "a chaos scenario") else { continue }
            var decl = readChaosScenario(entry, item.range, keyword: entry.first?.key.range ?? .at(item.range.start), path)
            decl.members.append(contentsOf: benchmarkSettings.map { .setting($0) })
            decl.members.append(contentsOf: shared)
            decl.members.sort { rank($0) < rank($1) }
            scenarios.append(decl)
        }
        return scenarios
    }

    /// `seed` becomes every scenario's seed; iteration counts do not apply to a chaos run.
    private mutating func readBenchmarks(_ pair: YPair) -> [SettingDecl] {
        var settings: [SettingDecl] = []
        var dropped: [YScalar] = []
        for b in mapping(pair.value, "benchmarks", what: "'benchmarks'") ?? [] {
            if b.key.value == "seed" {
                if let s = readSetting(b, "benchmarks.seed") { settings.append(s) }
            } else {
                dropped.append(b.key)
            }
        }
        if let first = dropped.first {
            ignored(first, "'benchmarks' keys " + dropped.map { "'\($0.value)'" }.joined(separator: ", ") + " are ignored",
                    "benchmarks.\(first.value)", note: "chaosrun runs each scenario once; only 'seed' is used",
                    more: dropped.dropFirst().map(\.range))
        }
        return settings
    }

    /// A warning for a part of the seed's shape that has no meaning in a scenario.
    mutating func ignored(_ key: YScalar, _ message: String, _ path: String, note: String, more: [SourceRange] = []) {
        report(.yamlTestConfigIgnored, message, key.range, path,
               labels: more.map { DiagnosticLabel($0, "also ignored") }, notes: [note])
    }

    private func rank(_ m: ScenarioMember) -> Int {
        switch m {
        case .setting: 0
        case .system: 1
        case .generator: 2
        case .timeline: 3
        case .expect: 4
        }
    }

    private mutating func readEnvironment(_ pair: YPair) -> [ScenarioMember] {
        var components: [ComponentDecl] = []
        var settings: [ScenarioMember] = []
        for c in mapping(pair.value, "test_environment", what: "'test_environment'") ?? [] {
            let kp = "test_environment.\(c.key.value)"
            guard case .mapping(let fieldPairs, _) = c.value else {
                if let s = readSetting(c, kp) { settings.append(.setting(s)) }
                continue
            }
            guard let kind = word(.scalar(c.key), kp, what: "a component kind") else { continue }
            let renames = Self.fieldRenames[kind.name] ?? [:]
            var kept: [YPair] = []
            for f in fieldPairs {
                if let why = Self.droppedFields[kind.name]?[f.key.value] {
                    ignored(f.key, "'\(f.key.value)' of '\(kind.name)' is ignored", Self.join(kp, f.key.value), note: why)
                } else {
                    kept.append(f)
                }
            }
            var fields = readFields(kept, kp)
            for k in fields.indices {
                if let to = renames[fields[k].name.name] { fields[k].name.name = to }
            }
            components.append(ComponentDecl(kind: kind, fields: fields, range: c.range))
        }
        return settings + (components.isEmpty ? [] : [.system(SystemDecl(components: components, range: pair.range))])
    }

    private mutating func readChaosScenario(_ pairs: [YPair], _ range: SourceRange, keyword: SourceRange,
                                            _ path: String) -> ScenarioDecl {
        var decl = ScenarioDecl(name: nil, members: [], keywordRange: keyword, range: range)
        var faultTypes: [(Ident, SourceRange)] = []
        var faultTypesPair: YPair?
        var durationMs: Int64?
        var durationRange = range
        var intensity: FieldArg?
        var targets: [TargetExpr] = []
        for p in pairs {
            let kp = Self.join(path, p.key.value)
            switch p.key.value {
            case "name": decl.name = stringLit(p.value, kp, what: "'name'")
            case "description":
                if let s = readSetting(p, kp) { decl.members.append(.setting(s)) }
            case "fault_types":
                faultTypesPair = p
                for (k, n) in Self.oneOrMany(p.value).enumerated() {
                    if let w = word(n, "\(kp)[\(k)]", what: "a fault type") { faultTypes.append((w, n.range)) }
                }
            case "duration_minutes":
                durationRange = p.value.range
                durationMs = readMinutes(p, kp)
            case "intensity":
                intensity = FieldArg(name: Ident("intensity", p.key.range), value: expr(p.value, kp, what: "'intensity'"), range: p.range)
            case "targets":
                for (k, n) in Self.oneOrMany(p.value).enumerated() { if let t = target(n, "\(kp)[\(k)]") { targets.append(t) } }
            default:
                unknownKey(p.key, path, in: "a chaos scenario", candidates: Self.chaosScenarioKeys)
            }
        }
        guard let ftPair = faultTypesPair, !faultTypes.isEmpty else {
            if faultTypesPair == nil {
                report(.yamlMissingKey, "expected 'fault_types:' in this chaos scenario", SourceRange.at(range.start), path)
            } else if let p = faultTypesPair {
                report(.yamlTestConfig, "expected at least one fault type in 'fault_types'", p.value.range, Self.join(path, "fault_types"))
            }
            return decl
        }
        guard let total = durationMs else {
            if !pairs.contains(where: { $0.key.value == "duration_minutes" }) {
                report(.yamlMissingKey, "expected 'duration_minutes:' in this chaos scenario", SourceRange.at(range.start), path)
            }
            return decl
        }
        synthesizeTimeline(&decl, total: total, durationRange: durationRange, faultTypes: faultTypes,
                           targets: targets, intensity: intensity, range: ftPair.range)
        return decl
    }

    static func oneOrMany(_ node: YNode) -> [YNode] {
        if case .sequence(let items, _) = node { return items }
        return [node]
    }

    /// `duration_minutes` in whole milliseconds, or nil (reported) when it is not a usable number.
    private mutating func readMinutes(_ p: YPair, _ path: String) -> Int64? {
        let e = expr(p.value, path, what: "'duration_minutes'")
        let minutes: Double? = switch e.kind {
        case .integer(let i): Double(i)
        case .float(let f): f
        default: nil
        }
        if let minutes, minutes > 0, minutes <= 24 * 60 { return Int64((minutes * 60_000).rounded()) }
        if e.kind != .invalid {
            report(.yamlTestConfig, "expected a positive number of minutes (at most 1440) for 'duration_minutes', found \(e.kind.kindDescription) '\(e.spelling)'",
                   e.range, path)
        }
        return nil
    }

    /// `duration`, `warmup` and one fault per type, one after another (see the file comment).
    private func synthesizeTimeline(_ decl: inout ScenarioDecl, total: Int64, durationRange: SourceRange,
                                    faultTypes: [(Ident, SourceRange)], targets: [TargetExpr], intensity: FieldArg?,
                                    range: SourceRange) {
        let warmup = min(30_000, total / 10) / 1000 * 1000
        decl.members.append(.setting(SettingDecl(name: Ident("duration", durationRange),
                                                 value: durationExpr(total, durationRange), range: durationRange)))
        decl.members.append(.setting(SettingDecl(name: Ident("warmup", durationRange),
                                                 value: durationExpr(warmup, durationRange), range: durationRange)))
        let slot = (total - warmup) / Int64(faultTypes.count)
        var items: [TimelineItem] = []
        for (k, (kind, r)) in faultTypes.enumerated() {
            let roundTo: Int64 = slot >= 4_000 ? 1000 : 1
            let start = (warmup + Int64(k) * slot + slot / 4) / roundTo * roundTo
            let length = max(1, slot / 2 / roundTo * roundTo)
            // `at T parallel for D { KIND targets }`: the group gives the fault its length, which is
            // valid for every kind, also instantaneous (`process_crash`) and self-timed ones
            // (`broker_restart`), where a `for` on the fault itself would not be.
            let fault = FaultStmt(kind: kind, targets: faultTargets(kind.name, targets), positional: nil,
                                  fields: intensity.map { [$0] } ?? [], duration: nil, label: nil, range: r)
            let group = GroupStmt(kind: .parallel, keywordRange: r, duration: durationExpr(length, r),
                                  items: [TimelineItem(anchor: nil, body: .fault(fault), range: r)], range: r)
            items.append(TimelineItem(anchor: Anchor(kind: .at, time: durationExpr(start, r), keywordRange: r, range: r),
                                      body: .group(group), range: r))
        }
        decl.members.append(.timeline(TimelineDecl(items: items, range: range)))
    }

    /// A partition between two named components is the link between them.
    private func faultTargets(_ kind: String, _ targets: [TargetExpr]) -> [TargetExpr] {
        if kind == "network_partition", targets.count == 2, case .path(let a) = targets[0], case .path(let b) = targets[1] {
            return [.link(a, b, range: a.range.union(b.range))]
        }
        return targets
    }

    func durationExpr(_ ms: Int64, _ range: SourceRange) -> Expr {
        Expr(.duration(milliseconds: ms), range, spelling: Self.durationSpelling(ms))
    }

    /// The canonical `.chaos` spelling of a duration: `4m`, `1m30s`, `250ms`.
    static func durationSpelling(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var rest = ms, out = ""
        for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
