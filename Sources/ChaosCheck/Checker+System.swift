// System components and generators.
import ChaosSource
import ChaosSyntax

extension Checker {
    func checkSystem(_ systems: [SystemDecl]) -> (CheckedComponent, CheckedComponent, CheckedComponent) {
        var seen: [String: SourceRange] = [:]
        var checked: [String: Params] = [:]
        var decls: [String: ComponentDecl] = [:]
        for system in systems {
            for c in system.components {
                guard let spec = Tables.component(c.kind.name) else {
                    unknown(.unknownComponent, "system component", c.kind, candidates: Tables.components.map(\.name))
                    continue
                }
                if let first = seen[spec.name] {
                    report(Diagnostic(.duplicateComponent, "'\(spec.name)' is declared twice", at: c.kind.range,
                                      labels: [DiagnosticLabel(first, "first declared here")]))
                    continue
                }
                seen[spec.name] = c.kind.range
                decls[spec.name] = c
                checked[spec.name] = checkFields(c.fields, of: spec, owner: "'\(spec.name)'", ownerRange: c.kind.range)
            }
        }
        func component(_ name: String) -> CheckedComponent {
            CheckedComponent(kind: name, params: checked[name] ?? fill(Tables.component(name)!, [:]))
        }
        var kafka = component("kafka")
        let tda = component("tda"), host = component("host")
        // Replication defaults to min(3, brokers); a stated one must fit.
        let brokers = kafka.params["brokers"]?.int64Value ?? 3
        let statedReplication = decls["kafka"]?.fields.first { $0.name.name == "replication" }
        if let repl = kafka.params["replication"]?.int64Value, repl > brokers {
            if let stated = statedReplication {
                report(Diagnostic(.inconsistentSystem, "replication \(repl) needs at least \(repl) brokers, but the cluster has \(brokers)",
                                  at: stated.value.range,
                                  fixits: [FixIt(range: stated.value.range, replacement: "\(brokers)", message: "replicate to every broker")]))
            } else {
                kafka.params.entries = kafka.params.entries.map { $0.name == "replication" ? ($0.name, .integer(brokers)) : $0 }
            }
        }
        return (kafka, tda, host)
    }

    func checkGenerators(_ decls: [GeneratorDecl]) -> [CheckedGenerator] {
        var names: [String: SourceRange] = [:]
        var out: [CheckedGenerator] = []
        for g in decls {
            guard let spec = Tables.generator(g.kind.name) else {
                unknown(.unknownGenerator, "generator kind", g.kind, candidates: Tables.generators.map(\.name))
                continue
            }
            let name = g.name?.value ?? ""
            if g.name == nil || name.isEmpty {
                report(Diagnostic(.missingGeneratorName, "generator needs a name", at: g.kind.range,
                                  help: ["write generate \(spec.name) \"\(spec.name)_stream\" …"]))
            } else if let first = names[name] {
                report(Diagnostic(.duplicateName, "duplicate generator name '\(name)'", at: g.name!.range,
                                  labels: [DiagnosticLabel(first, "first declared here")]))
            } else {
                names[name] = g.name!.range
            }
            let params = checkFields(g.fields, of: spec, owner: "generator '\(name.isEmpty ? spec.name : name)'", ownerRange: g.kind.range)
            out.append(CheckedGenerator(kind: spec.name, name: name, params: params, range: g.range))
        }
        return out
    }

    /// Engine capacity per worker, records/s, for the W2301 warning: about 2,500 windows/s for a
    /// 64-sample window, with window cost growing with the square of its length (Rips on the
    /// window's points), a window every `stride` records per scale, and at most 50,000 records/s
    /// through Kafka. Measured: window 200, stride 10, three scales → about 750 records/s per
    /// worker; window 64, stride 16, two scales → about 20,000 (docs/benchmarks.md).
    static func recordsPerSecondPerWorker(_ tda: Params) -> Double {
        let window = Double(tda["window"]?.int64Value ?? 200)
        let stride = Double(tda["stride"]?.int64Value ?? 10)
        let scales: Double = if case .list(let l)? = tda["scales"] { Double(max(1, l.count)) } else { 1 }
        let windowsPerSecond = 2500 * (64 / max(window, 1)) * (64 / max(window, 1))
        return min(50_000, windowsPerSecond * stride / scales)
    }

    func checkCapacity(_ scenario: CheckedScenario, _ decls: [GeneratorDecl]) {
        let total = scenario.generators.compactMap { $0.params["rate"]?.doubleValue }.reduce(0, +)
        let capacity = Double(scenario.workers) * Self.recordsPerSecondPerWorker(scenario.tda.params)
        guard total > capacity, let last = decls.last(where: { Tables.generator($0.kind.name) != nil }) else { return }
        let rateField = last.fields.first { $0.name.name == "rate" }
        report(Diagnostic(.rateExceedsCapacity,
                          "generators produce \(trim(total))/s in total, more than \(scenario.workers) engine worker(s) can absorb (about \(trim(capacity))/s)",
                          at: rateField?.value.range ?? last.kind.range,
                          notes: ["the engine would fall behind before any fault, so degradation and recovery would measure the overload"],
                          help: ["lower the rates or raise 'workers' in the tda component"]))
    }
}
