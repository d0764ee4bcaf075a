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

    /// Rough engine capacity per worker, records/s, used only for the W2301 warning
    /// (docs/language.md explains the estimate).
    static let recordsPerSecondPerWorker = 50_000.0

    func checkCapacity(_ scenario: CheckedScenario, _ decls: [GeneratorDecl]) {
        let total = scenario.generators.compactMap { $0.params["rate"]?.doubleValue }.reduce(0, +)
        let capacity = Double(scenario.workers) * Self.recordsPerSecondPerWorker
        guard total > capacity, let last = decls.last(where: { Tables.generator($0.kind.name) != nil }) else { return }
        let rateField = last.fields.first { $0.name.name == "rate" }
        report(Diagnostic(.rateExceedsCapacity,
                          "generators produce \(trim(total))/s in total, more than \(scenario.workers) engine worker(s) can absorb (about \(trim(capacity))/s)",
                          at: rateField?.value.range ?? last.kind.range,
                          notes: ["the engine would fall behind before any fault, so degradation and recovery would measure the overload"],
                          help: ["lower the rates or raise 'workers' in the tda component"]))
    }
}
