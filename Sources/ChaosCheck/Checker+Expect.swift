// Criteria: metric names, arguments and members, threshold units, and windows that must refer
// to faults the timeline has.
import ChaosSource
import ChaosSyntax

extension Checker {
    func checkCriteria(_ decl: ScenarioDecl, _ scenario: CheckedScenario) -> [CheckedCriterion] {
        var out: [CheckedCriterion] = []
        for e in decl.expects {
            for c in e.criteria {
                if let checked = checkCriterion(c, scenario) { out.append(checked) }
            }
        }
        return out
    }

    func checkCriterion(_ c: CriterionDecl, _ scenario: CheckedScenario) -> CheckedCriterion? {
        guard let spec = Tables.metric(c.metric.name.name) else {
            unknown(.unknownMetric, "metric", c.metric.name, candidates: Tables.metrics.map(\.name))
            return nil
        }
        guard checkMetricParts(c.metric, spec) else { return nil }
        var threshold: Value?
        if spec.name == "memory_growth", case .percent(let p) = c.threshold.kind {
            threshold = .percent(p)
        } else {
            threshold = convert(c.threshold, to: spec.type, what: "'\(c.metric.spelling)'")
        }
        let window = checkWindow(c, spec, scenario)
        guard let t = threshold, let w = window else { return nil }
        let argument = c.metric.argument?.name ?? (spec.arguments.isEmpty ? nil : spec.arguments[0])
        var text = spec.name + (argument.map { "(\($0))" } ?? "") + (c.metric.member.map { ".\($0.name)" } ?? "")
        text += " \(c.op.rawValue) \(c.threshold.spelling.isEmpty ? display(t) : c.threshold.spelling) \(w.spelling)"
        return CheckedCriterion(metric: spec.name, argument: argument, member: c.metric.member?.name, op: c.op,
                                threshold: t, window: w, range: c.range, text: text)
    }

    func checkMetricParts(_ m: MetricRef, _ spec: MetricSpec) -> Bool {
        if let arg = m.argument {
            if spec.arguments.isEmpty {
                report(Diagnostic(.invalidMetricPart, "'\(spec.name)' takes no argument", at: arg.range))
                return false
            }
            if !spec.arguments.contains(arg.name) {
                unknown(.invalidMetricPart, "argument", arg, candidates: spec.arguments, context: " of '\(spec.name)'")
                return false
            }
        }
        if let member = m.member {
            if spec.members.isEmpty {
                report(Diagnostic(.invalidMetricPart, "'\(spec.name)' has no members", at: member.range))
                return false
            }
            if !spec.members.contains(member.name) {
                unknown(.invalidMetricPart, "member", member, candidates: spec.members, context: " of '\(spec.name)'")
                return false
            }
        } else if spec.memberRequired {
            let fix = FixIt(range: .at(m.name.range.end), replacement: ".p99", message: "measure the 99th percentile")
            report(Diagnostic(.invalidMetricPart, "'\(spec.name)' needs a member: " + spec.members.map { "\(spec.name).\($0)" }.joined(separator: ", "),
                              at: m.range, fixits: [fix]))
            return false
        }
        return true
    }

    func checkWindow(_ c: CriterionDecl, _ spec: MetricSpec, _ s: CheckedScenario) -> CheckedWindow? {
        let kinds = Set(s.faults.map(\.kind))
        let labels = Set(s.faults.compactMap(\.label) + s.faults.flatMap(\.groups))
        let range = c.window?.range ?? c.range
        let window: CheckedWindow
        var scope = "whole"
        switch c.window?.kind {
        case nil:
            window = spec.defaultWindow == "after each fault" ? .afterEachFault : .wholeRun
            scope = spec.defaultWindow == "after each fault" ? "after" : "whole"
        case .wholeRun?: window = .wholeRun
        case .warmup?: window = .warmup; scope = "warmup"
        case .outsideFaults?: window = .outsideFaults; scope = "outside"
        case .afterEachFault?: window = .afterEachFault; scope = "after"
        case .after(let k)?:
            guard checkKind(k, kinds) else { return nil }
            window = .afterKind(k.name); scope = "after"
        case .during(let k, let l)?:
            scope = "during"
            if let k {
                guard checkKind(k, kinds) else { return nil }
                window = .duringKind(k.name)
            } else if let l {
                guard labels.contains(l.value) else {
                    var help: [String] = []
                    if let s = Suggest.closest(to: l.value, in: labels) { help.append("did you mean \"\(s)\"?") }
                    report(Diagnostic(.unknownLabel, "no fault or cascade is labelled \"\(l.value)\"", at: l.range,
                                      notes: ["label a fault with 'as \"name\"' or name a cascade"], help: help))
                    return nil
                }
                window = .duringLabel(l.value)
            } else { return nil }
        }
        guard spec.windows.contains(scope) else {
            report(Diagnostic(.windowNotApplicable, "'\(spec.name)' cannot be measured \(window.spelling)", at: range,
                              help: ["'\(spec.name)' is measured \(spec.defaultWindow)"]))
            return nil
        }
        return checkWindowContent(window, spec, s, range: range) ? window : nil
    }

    func checkKind(_ k: Ident, _ present: Set<String>) -> Bool {
        guard Tables.fault(k.name) != nil else {
            unknown(.unknownFault, "fault kind", k, candidates: Tables.faults.map(\.name))
            return false
        }
        guard present.contains(k.name) else {
            if timelineBroken { return false }
            var help: [String] = []
            var fixits: [FixIt] = []
            if let s = Suggest.closest(to: k.name, in: present) ?? (present.count == 1 ? present.first : nil) {
                help.append("did you mean '\(s)'?")
                fixits.append(FixIt(range: k.range, replacement: s, message: "replace with '\(s)'"))
            }
            let notes = present.isEmpty ? ["the timeline has no faults"] : ["the timeline has: " + present.sorted().joined(separator: ", ")]
            report(Diagnostic(.windowLacksFault, "the timeline has no \(k.name) fault", at: k.range, notes: notes, help: help, fixits: fixits))
            return false
        }
        return true
    }

    /// An empty window or a recovery that can never be measured is an error.
    func checkWindowContent(_ w: CheckedWindow, _ spec: MetricSpec, _ s: CheckedScenario, range: SourceRange) -> Bool {
        let relevant: [ResolvedFault]
        switch w {
        case .afterEachFault: relevant = s.faults
        case .afterKind(let k): relevant = s.faults.filter { $0.kind == k }
        case .outsideFaults:
            if coversTimeline(s) && !timelineBroken {
                report(Diagnostic(.emptyWindow, "'outside faults' is empty: faults are active from the end of warmup to the end of the run", at: range))
                return false
            }
            return true
        default: return true
        }
        if relevant.isEmpty {
            if timelineBroken { return false }
            report(Diagnostic(.emptyWindow, "'\(w.spelling)' is empty: the timeline has no faults", at: range))
            return false
        }
        if spec.name == "recovery", let endless = relevant.first(where: { $0.endMs == nil }) {
            report(Diagnostic(.recoveryOfEndlessFault, "recovery after \(endless.kind) can never be measured: that fault is never removed",
                              at: range, labels: [DiagnosticLabel(endless.range, "this fault has no end")],
                              help: ["give the fault a duration with 'for 30s'"]))
            return false
        }
        return true
    }

    func coversTimeline(_ s: CheckedScenario) -> Bool {
        var cursor = s.warmupMs
        for f in s.faults.sorted(by: { $0.startMs < $1.startMs }) {
            if f.startMs > cursor { return false }
            cursor = max(cursor, f.endMs ?? Int64.max)
        }
        return cursor >= s.durationMs && !s.faults.isEmpty
    }
}
