// Faults: kind, targets, fields, duration and bounds.
import ChaosSource
import ChaosSyntax

extension TimelineResolver {
    mutating func resolveFault(_ f: FaultStmt, start: Int64, scope: Scope, anchorRange: SourceRange?) -> Int64? {
        guard let spec = Tables.fault(f.kind.name) else {
            checker.unknown(.unknownFault, "fault kind", f.kind, candidates: Tables.faults.map(\.name))
            return start
        }
        let targets = resolveTargets(f, spec)
        let params = checker.checkFields(Self.applyingIntensity(f, spec), positional: f.positional, of: spec,
                                         owner: "'\(spec.name)'", ownerRange: f.kind.range)
        if let label = f.label { claimLabel(label) }
        let end = faultEnd(f, spec, params, targets: targets, start: start, scope: scope)
        checkBounds(f, spec: spec, start: start, end: end, anchorRange: anchorRange)
        if let targets {
            out.append(ResolvedFault(kind: spec.name, targets: targets, params: params, startMs: start, endMs: end,
                                     label: f.label?.value, groups: scope.groups, range: f.range, path: scope.path))
        }
        return end
    }

    /// `intensity: x` stands for the primary percentage when neither a value nor the field is given.
    static func applyingIntensity(_ f: FaultStmt, _ spec: KindSpec) -> [FieldArg] {
        guard let primary = spec.primaryField, f.positional == nil, !f.fields.contains(where: { $0.name.name == primary }),
              spec.field(primary)?.type == .percent,
              let i = f.fields.first(where: { $0.name.name == "intensity" }) else { return f.fields }
        let percent: Double? = switch i.value.kind {
        case .float(let d): d * 100
        case .integer(let n): Double(n) * 100
        case .percent(let p): p
        default: nil
        }
        guard let percent, percent >= 0, percent <= 100 else { return f.fields }
        let text = (percent * 1000).rounded() / 1000
        let spelled = text == text.rounded() ? "\(Int(text))%" : "\(text)%"
        return f.fields + [FieldArg(name: Ident(primary, i.name.range), value: Expr(.percent(text), i.value.range, spelling: spelled), range: i.range)]
    }

    mutating func claimLabel(_ label: StringLit) {
        if let first = labels[label.value], first != label.range {
            checker.report(Diagnostic(.duplicateLabel, "label '\(label.value)' is used twice", at: label.range,
                                      labels: [DiagnosticLabel(first, "first used here")]))
        } else {
            labels[label.value] = label.range
        }
    }

    func faultEnd(_ f: FaultStmt, _ spec: KindSpec, _ params: Params, targets: [ResolvedTarget]?,
                  start: Int64, scope: Scope) -> Int64? {
        if let d = f.duration {
            if spec.duration == .forbidden {
                let lengthField = spec.fields.first { $0.type == .duration }?.name ?? "its fields"
                checker.report(Diagnostic(.durationNotAllowed, "\(spec.name) takes no 'for'; its length is set by '\(lengthField)'",
                                          at: d.range, fixits: [FixIt(range: d.range, replacement: "", message: "remove the duration")]))
                return start
            }
            guard let ms = time(d) else { return start }
            if ms <= 0 { checker.report(Diagnostic(.outOfRange, "a fault must last longer than 0s", at: d.range)); return start }
            return start + ms
        }
        let downtime = params["downtime"]?.int64Value ?? 5000
        switch (spec.duration, spec.name) {
        case (.forbidden, "rolling_restart"):
            let n = Int64(targets?.count ?? 1), interval = params["interval"]?.int64Value ?? 0
            return start + n * downtime + max(0, n - 1) * interval
        case (.forbidden, _): return start + downtime
        case (.required, _):
            if let e = scope.end { return e }
            checker.report(Diagnostic(.missingDuration, "\(spec.name) needs a duration", at: f.kind.range,
                                      help: ["say how long it lasts, e.g. '\(spec.name) … for 30s'"],
                                      fixits: [FixIt(range: .at(f.range.end), replacement: " for 30s", message: "add 'for 30s'")]))
            return start
        case (.optional, "process_crash"):
            return scope.end ?? start + (params["restart_delay"]?.int64Value ?? 1000)
        case (.optional, _):
            return scope.end
        }
    }

    func checkBounds(_ f: FaultStmt, spec: KindSpec, start: Int64, end: Int64?, anchorRange: SourceRange?) {
        let duration = scenario.durationMs, warmup = scenario.warmupMs
        let at = anchorRange ?? f.kind.range
        guard duration > 0 else { return }
        if start < warmup {
            checker.report(Diagnostic(.faultInWarmup, "\(spec.name) starts at \(DurationFormat.spell(start)), inside the \(DurationFormat.spell(warmup)) warmup",
                                      at: at, notes: ["the warmup measures the baseline; faults start after it"],
                                      help: ["start it at \(DurationFormat.spell(warmup)) or later"]))
        } else if start >= duration {
            checker.report(Diagnostic(.faultOutlastsScenario, "\(spec.name) starts at \(DurationFormat.spell(start)), after the scenario ends at \(DurationFormat.spell(duration))",
                                      at: at))
        } else if let e = end, e > duration {
            checker.report(Diagnostic(.faultOutlastsScenario, "\(spec.name) lasts until \(DurationFormat.spell(e)), past the end of the scenario at \(DurationFormat.spell(duration))",
                                      at: f.duration?.range ?? f.kind.range,
                                      help: ["end it by \(DurationFormat.spell(duration)) or make 'duration' longer"]))
        }
        if spec.name == "memory_pressure", let share = checkerValue(f, "share", spec), !allowUnsafe {
            let cap = scenario.host.params["memory_cap"]?.doubleValue ?? 50
            if share > cap { unsafe(f, spec, "memory_pressure of \(checker.trim(share))% exceeds the host's memory_cap of \(checker.trim(cap))%") }
        }
        if spec.name == "cpu_spike", let load = checkerValue(f, "load", spec), !allowUnsafe {
            let cap = scenario.host.params["cpu_cap"]?.doubleValue ?? 100
            if load > cap { unsafe(f, spec, "cpu_spike of \(checker.trim(load))% exceeds the host's cpu_cap of \(checker.trim(cap))%") }
        }
    }

    var allowUnsafe: Bool { scenario.settings["allow_unsafe"] == .bool(true) }

    func unsafe(_ f: FaultStmt, _ spec: KindSpec, _ message: String) {
        let at = f.positional?.range ?? f.fields.first { $0.name.name == spec.primaryField }?.value.range ?? f.kind.range
        checker.report(Diagnostic(.unsafeResource, message, at: at,
                                  notes: ["caps protect the machine running the scenario"],
                                  help: ["lower it, raise the cap in 'system { host … }', or set 'allow_unsafe true'"]))
    }

    /// The numeric value of a fault's field as written (positional or named), without reporting.
    func checkerValue(_ f: FaultStmt, _ field: String, _ spec: KindSpec) -> Double? {
        let expr = spec.primaryField == field ? (f.positional ?? f.fields.first { $0.name.name == field }?.value)
            : f.fields.first { $0.name.name == field }?.value
        if case .percent(let p)? = expr?.kind { return p }
        return nil
    }
}
