// The checker: a generic pass over the field tables (Tables*.swift) that resolves names,
// converts values to their units, resolves the timeline to absolute times and validates the
// criteria. It reports every problem in one pass and skips broken subtrees, so one mistake gives
// one diagnostic. It never sees which syntax a node came from.
import ChaosSource
import ChaosSyntax

/// Checks parsed scenarios.
public final class Checker {
    var bag = DiagnosticBag()
    /// (code, range) pairs already reported: repeat expansion visits nodes more than once.
    var reported = Set<String>()
    /// Set when the timeline had errors: criteria windows then skip emptiness checks that would
    /// only repeat them.
    var timelineBroken = false

    /// Ranges of errors earlier phases reported: a subtree holding one is not re-diagnosed.
    var priorErrors: [SourceRange] = []

    init() {}

    /// Whether a parse error lies inside `range` (the subtree is broken; stay quiet about it).
    func hasPriorError(in range: SourceRange) -> Bool {
        priorErrors.contains { $0.start >= range.start && $0.start <= range.end }
    }

    /// Checks every scenario of a file. Returns what could be checked; `bag` gets the problems.
    public static func check(_ file: ScenarioFile, into bag: inout DiagnosticBag) -> [CheckedScenario] {
        let checker = Checker()
        checker.priorErrors = bag.diagnostics.filter { $0.severity == .error }.map(\.range)
        var names: [String: SourceRange] = [:]
        var out: [CheckedScenario] = []
        for decl in file.scenarios {
            let checked = checker.checkScenario(decl)
            if let name = decl.name {
                if let first = names[name.value] {
                    checker.bag.add(Diagnostic(.duplicateName, "duplicate scenario name '\(name.value)'", at: name.range,
                                               labels: [DiagnosticLabel(first, "first declared here")]))
                } else {
                    names[name.value] = name.range
                }
            }
            out.append(checked)
        }
        bag.append(contentsOf: checker.bag)
        return out
    }

    func report(_ d: Diagnostic) {
        let key = "\(d.code.code)@\(d.range.start)-\(d.range.end)"
        if reported.insert(key).inserted { bag.add(d) }
    }

    func checkScenario(_ decl: ScenarioDecl) -> CheckedScenario {
        if decl.name == nil || decl.name?.value.isEmpty == true {
            report(Diagnostic(.missingScenarioName, "scenario needs a name", at: decl.keywordRange,
                              help: ["write scenario \"my_scenario\" { … }"]))
        }
        let settings = checkSettings(decl)
        let (kafka, tda, host) = checkSystem(decl.systems)
        let generators = checkGenerators(decl.generators)
        var scenario = CheckedScenario(
            name: decl.name?.value ?? "", settings: settings, kafka: kafka, tda: tda, host: host,
            generators: generators, faults: [], criteria: [], range: decl.range)
        let errorsBefore = bag.errorCount
        var resolver = TimelineResolver(checker: self, scenario: scenario)
        scenario.faults = resolver.resolve(decl.timelines)
        timelineBroken = bag.errorCount > errorsBefore
        checkOverlaps(scenario.faults)
        checkCapacity(scenario, decl.generators)
        scenario.criteria = checkCriteria(decl, scenario)
        if scenario.criteria.isEmpty && !decl.expects.contains(where: { !$0.criteria.isEmpty }) {
            report(Diagnostic(.noCriteria, "scenario has no criteria, so every run passes", at: decl.keywordRange,
                              help: ["add an expect block, e.g. expect { data_loss == 0 }"]))
        }
        if scenario.faults.isEmpty && !decl.timelines.contains(where: { !$0.items.isEmpty }) {
            report(Diagnostic(.noTimeline, "scenario injects no faults", at: decl.keywordRange,
                              help: ["add a timeline block, e.g. timeline { at 30s broker_crash kafka.broker[1] for 20s }"]))
        }
        return scenario
    }

    // MARK: - Settings

    func checkSettings(_ decl: ScenarioDecl) -> Params {
        let table = Tables.settings
        var seen: [String: SourceRange] = [:]
        var values: [String: Value] = [:]
        for s in decl.settings {
            guard let spec = table.field(s.name.name) else {
                unknown(.unknownSetting, "setting", s.name, candidates: table.fields.map(\.name))
                continue
            }
            if let first = seen[spec.name] {
                report(Diagnostic(.duplicateSetting, "'\(spec.name)' is set twice", at: s.name.range,
                                  labels: [DiagnosticLabel(first, "first set here")]))
                continue
            }
            seen[spec.name] = s.name.range
            if let v = convert(s.value, to: spec.type, what: "'\(spec.name)'"), checkRange(v, spec, at: s.value, what: "'\(spec.name)'") {
                values[spec.name] = v
            }
        }
        if seen["duration"] == nil {
            report(Diagnostic(.missingSetting, "scenario needs a 'duration'", at: decl.keywordRange,
                              help: ["add a line like: duration 2m"]))
        }
        let params = fill(table, values)
        if let d = params["duration"]?.int64Value, let w = params["warmup"]?.int64Value, seen["duration"] != nil, w >= d {
            let at = decl.settings.first { $0.name.name == "warmup" }?.value.range ?? decl.keywordRange
            report(Diagnostic(.warmupTooLong, "warmup (\(DurationFormat.spell(w))) leaves no time for faults in a \(DurationFormat.spell(d)) run",
                              at: at, help: ["make warmup shorter than duration"]))
        }
        return params
    }

    /// Fills defaults in table order.
    func fill(_ table: KindSpec, _ values: [String: Value]) -> Params {
        var entries: [(name: String, value: Value)] = []
        for f in table.fields {
            if let v = values[f.name] {
                entries.append((f.name, v))
            } else if let d = f.defaultValue, let v = defaultValue(d, f.type) {
                entries.append((f.name, v))
            }
        }
        return Params(entries)
    }

    func defaultValue(_ text: String, _ type: ValueType) -> Value? {
        let file = SourceFile(path: "<default>", text: text)
        var scratch = DiagnosticBag()
        let expr = ChaosParser.parseExpression(file, range: SourceRange(0, file.bytes.count), into: &scratch)
        let saved = bag
        let v = convert(expr, to: type, what: "default")
        bag = saved
        return v
    }

    /// Reports an unknown word with a "did you mean" help and fix-it.
    func unknown(_ code: DiagnosticCode, _ what: String, _ word: Ident, candidates: [String], context: String = "") {
        var help: [String] = []
        var fixits: [FixIt] = []
        if let s = Suggest.closest(to: word.name, in: candidates) {
            help.append("did you mean '\(s)'?")
            fixits.append(FixIt(range: word.range, replacement: s, message: "replace '\(word.name)' with '\(s)'"))
        }
        let list = candidates.count <= 12 ? ["expected one of: " + candidates.joined(separator: ", ")] : []
        report(Diagnostic(code, "unknown \(what) '\(word.name)'\(context)", at: word.range, notes: list, help: help, fixits: fixits))
    }

    // MARK: - Fields of a kind

    /// Checks `fields` (and an optional positional value) against a kind's table.
    func checkFields(_ fields: [FieldArg], positional: Expr? = nil, of spec: KindSpec, owner: String,
                     ownerRange: SourceRange) -> Params {
        var seen: [String: SourceRange] = [:]
        var values: [String: Value] = [:]
        var pairs: [(Ident, Expr)] = fields.map { ($0.name, $0.value) }
        if let p = positional {
            if let primary = spec.primaryField {
                pairs.insert((Ident(primary, p.range), p), at: 0)
            } else {
                report(Diagnostic(.unexpectedValue, "\(owner) takes no unnamed value", at: p.range,
                                  notes: spec.fields.isEmpty ? [] : ["its fields are: " + spec.fields.map(\.name).joined(separator: ", ")]))
            }
        }
        for (name, value) in pairs {
            guard let f = spec.field(name.name) else {
                unknown(.unknownField, "field", name, candidates: spec.fields.map(\.name), context: " for \(owner)")
                continue
            }
            if let first = seen[f.name] {
                report(Diagnostic(.duplicateField, "'\(f.name)' is given twice for \(owner)", at: name.range,
                                  labels: [DiagnosticLabel(first, "first given here")]))
                continue
            }
            seen[f.name] = name.range
            let what = "'\(f.name)' of \(owner)"
            if let v = convert(value, to: f.type, what: what), checkRange(v, f, at: value, what: what) {
                values[f.name] = v
            }
        }
        for f in spec.fields where f.required && seen[f.name] == nil {
            let example = f.type.expectation
            report(Diagnostic(.missingField, "\(owner) needs '\(f.name)' (\(example))", at: ownerRange,
                              notes: [f.doc]))
        }
        return fill(spec, values)
    }
}
