// Reading the scenario shape (`scenario:` / `scenarios:`) from the YAML tree into the shared AST.
//
// Structural keys are owned here and checked with "did you mean"; every other key of a scenario
// becomes a `SettingDecl`, and every other key of a component, generator or fault a `FieldArg`,
// which the checker validates against its tables, exactly as for `.chaos` files.
import ChaosSource
import ChaosSyntax

struct YAMLReader {
    let file: SourceFile
    var bag = DiagnosticBag()

    static let scenarioKeys = ["name", "system", "generate", "timeline", "expect"]
    /// Settings the language knows; never "corrected" into a structural key.
    static let knownSettings: Set<String> = [
        "description", "seed", "duration", "warmup", "cooldown", "drain", "settle", "tolerance", "sample_interval", "allow_unsafe",
    ]

    /// Mappings that lost pairs to (reported) aliases: their missing keys are not reported again.
    let incompleteMappings: Set<Int>

    init(file: SourceFile, incompleteMappings: Set<Int> = []) {
        self.file = file; self.incompleteMappings = incompleteMappings
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ range: SourceRange, _ path: String,
                         labels: [DiagnosticLabel] = [], notes: [String] = [], help: [String] = [],
                         fixits: [FixIt] = []) {
        // Missing-key reports sit at the start of their mapping.
        if code == .yamlMissingKey, incompleteMappings.contains(range.start) { return }
        bag.add(Diagnostic(code, message, at: range, labels: labels, notes: notes, help: help, fixits: fixits,
                           keyPath: path.isEmpty ? nil : path))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: shapes

    mutating func mapping(_ node: YNode, _ path: String, what: String) -> [YPair]? {
        if case .mapping(let pairs, _) = node { return pairs }
        if case .scalar(let s) = node, s.isPlaceholder { return nil }
        report(.yamlWrongKind, "expected a mapping for \(what), found \(node.kindDescription)", node.range, path)
        return nil
    }

    mutating func sequence(_ node: YNode, _ path: String, what: String) -> [YNode]? {
        if case .sequence(let items, _) = node { return items }
        if case .scalar(let s) = node, s.isPlaceholder { return nil }
        report(.yamlWrongKind, "expected a list for \(what), found \(node.kindDescription)", node.range, path)
        return nil
    }

    /// Reports an unknown structural key, with a suggestion and a fix-it when one is close.
    mutating func unknownKey(_ key: YScalar, _ path: String, in what: String, candidates: [String], strict: Bool = false,
                             help extra: [String] = []) {
        let suggestion = strict ? Self.strictSuggestion(key.value, candidates) : Suggest.closest(to: key.value, in: candidates)
        var help = extra
        var fixits: [FixIt] = []
        if let suggestion {
            help.insert("did you mean '\(suggestion)'?", at: 0)
            fixits.append(FixIt(range: contentRange(key), replacement: suggestion, message: "replace with '\(suggestion)'"))
        } else if extra.isEmpty {
            help.append("expected one of: " + candidates.map { "'\($0)'" }.joined(separator: ", "))
        }
        report(.yamlUnknownKey, "unknown key '\(key.value)' in \(what)", key.range, Self.join(path, key.value),
               help: help, fixits: fixits)
    }

    /// A suggestion only for near misses, where unknown keys otherwise pass through as fields.
    static func strictSuggestion(_ word: String, _ candidates: [String]) -> String? {
        guard let c = Suggest.closest(to: word, in: candidates.filter { $0.count >= 3 }) else { return nil }
        return Suggest.distance(word, c) <= (word.count <= 6 ? 1 : 2) ? c : nil
    }

    /// The first pair with this key, reporting a second one from `exclusive`.
    mutating func exclusive(_ pairs: [YPair], _ keys: [String], _ path: String, what: String) -> YPair? {
        let found = pairs.filter { keys.contains($0.key.value) }
        guard let first = found.first else { return nil }
        for extra in found.dropFirst() {
            report(.yamlConflictingKeys, "'\(extra.key.value)' conflicts with '\(first.key.value)' in \(what)",
                   extra.key.range, Self.join(path, extra.key.value),
                   labels: [DiagnosticLabel(first.key.range, "'\(first.key.value)' is given here")],
                   help: ["keep only one of " + keys.map { "'\($0)'" }.joined(separator: ", ")])
        }
        return first
    }

    // MARK: file

    mutating func readFile(_ root: YNode) -> [ScenarioDecl] {
        guard case .mapping(let pairs, let range) = root else {
            report(.yamlUnknownShape, "expected a mapping with 'scenario:' at the top level, found \(root.kindDescription)",
                   root.range, "")
            return []
        }
        let keys = Set(pairs.map(\.key.value))
        if keys.contains("chaos_scenarios") || (keys.contains("test_environment") && !keys.contains("scenario") && !keys.contains("scenarios")) {
            return readTestConfig(pairs, range)
        }
        let known = ["scenario", "scenarios"]
        let extensions = pairs.filter { Self.isExtensionKey($0.key.value) }
        let relevant = pairs.filter { !Self.isExtensionKey($0.key.value) }
        if let first = relevant.first, !relevant.contains(where: { known.contains($0.key.value) || Suggest.closest(to: $0.key.value, in: known) != nil }) {
            report(.yamlUnknownShape, "expected 'scenario:' or 'scenarios:' at the top level, found '\(first.key.value)'",
                   first.key.range, "", notes: ["a test_config.yaml has 'chaos_scenarios:' instead",
                                                 "keys starting with 'x-' are ignored (extensions for other tools)"])
            return []
        }
        if relevant.isEmpty {
            report(.yamlUnknownShape, "expected 'scenario:' or 'scenarios:' at the top level", extensions.first?.key.range ?? .at(range.start), "")
            return []
        }
        var scenarios: [ScenarioDecl] = []
        let chosen = exclusive(relevant, known, "", what: "the file")
        for pair in relevant {
            switch pair.key.value {
            case "scenario":
                guard pair.key.range == chosen?.key.range else { continue }
                if let s = readScenario(pair.value, keyword: pair.key.range, path: "scenario") { scenarios.append(s) }
            case "scenarios":
                guard pair.key.range == chosen?.key.range, let items = sequence(pair.value, "scenarios", what: "'scenarios'") else { continue }
                for (k, item) in items.enumerated() {
                    if let s = readScenario(item, keyword: nil, path: "scenarios[\(k)]") { scenarios.append(s) }
                }
            default:
                unknownKey(pair.key, "", in: "the file", candidates: known,
                           help: Suggest.closest(to: pair.key.value, in: known) == nil ? ["keys starting with 'x-' are ignored (extensions for other tools)"] : [])
            }
        }
        return scenarios
    }

    /// `x-owner:` (the docker-compose convention): ignored, so other tools can keep metadata here.
    static func isExtensionKey(_ key: String) -> Bool { key.hasPrefix("x-") }

    // MARK: scenario

    /// `keyword` is the `scenario:` key; a list item of `scenarios:` has none, and its first key
    /// stands for it, so the ranges of list items never overlap.
    mutating func readScenario(_ node: YNode, keyword: SourceRange?, path: String) -> ScenarioDecl? {
        guard let pairs = mapping(node, path, what: "'\(path)'") else { return nil }
        let kw = keyword ?? pairs.first?.key.range ?? .at(node.range.start)
        var decl = ScenarioDecl(name: nil, members: [], keywordRange: kw, range: kw.union(node.range))
        for pair in pairs {
            let key = pair.key, kp = Self.join(path, key.value)
            switch key.value {
            case "name": decl.name = stringLit(pair.value, kp, what: "'name'")
            case "system": decl.members.append(.system(readSystem(pair, kp)))
            case "generate":
                guard let items = sequence(pair.value, kp, what: "'generate'") else { continue }
                for (k, item) in items.enumerated() {
                    if let g = readGenerator(item, "\(kp)[\(k)]") { decl.members.append(.generator(g)) }
                }
            case "timeline":
                let items = sequence(pair.value, kp, what: "'timeline'") ?? []
                decl.members.append(.timeline(TimelineDecl(items: readItems(items, kp), range: pair.range)))
            case "expect": decl.members.append(.expect(readExpect(pair, kp)))
            default:
                if !Self.knownSettings.contains(key.value), Self.strictSuggestion(key.value, Self.scenarioKeys) != nil {
                    unknownKey(key, path, in: "the scenario", candidates: Self.scenarioKeys, strict: true)
                    continue
                }
                if let s = readSetting(pair, kp) { decl.members.append(.setting(s)) }
            }
        }
        return decl
    }

    mutating func readSetting(_ pair: YPair, _ path: String) -> SettingDecl? {
        guard let name = word(.scalar(pair.key), path, what: "a setting name") else { return nil }
        if case .mapping(_, let r) = pair.value {
            report(.yamlWrongKind, "expected a value for setting '\(name.name)', found a mapping", r, path,
                   help: ["scenario settings take one value; structural keys are " + Self.scenarioKeys.map { "'\($0)'" }.joined(separator: ", ")])
            return nil
        }
        let value = expr(pair.value, path, what: "setting '\(name.name)'")
        return SettingDecl(name: name, value: value, range: pair.range)
    }

    mutating func readFields(_ pairs: some Sequence<YPair>, _ path: String) -> [FieldArg] {
        var fields: [FieldArg] = []
        for pair in pairs {
            let kp = Self.join(path, pair.key.value)
            guard let name = word(.scalar(pair.key), kp, what: "a field name") else { continue }
            fields.append(FieldArg(name: name, value: expr(pair.value, kp, what: "field '\(name.name)'"), range: pair.range))
        }
        return fields
    }

    // MARK: system and generators

    mutating func readSystem(_ pair: YPair, _ path: String) -> SystemDecl {
        var components: [ComponentDecl] = []
        for c in mapping(pair.value, path, what: "'system'") ?? [] {
            let kp = Self.join(path, c.key.value)
            guard let kind = word(.scalar(c.key), kp, what: "a component kind") else { continue }
            var fields: [FieldArg] = []
            switch c.value {
            case .mapping(let pairs, _): fields = readFields(pairs, kp)
            case .scalar(let s) where s.isNull: break
            default:
                report(.yamlWrongKind, "expected a mapping of fields for component '\(kind.name)', found \(c.value.kindDescription)",
                       c.value.range, kp, help: ["write '\(kind.name): {field: value}', or '\(kind.name): {}' for the defaults"])
            }
            components.append(ComponentDecl(kind: kind, fields: fields, range: c.range))
        }
        return SystemDecl(components: components, range: pair.range)
    }

    /// `- iot: sensors` + fields, or `- kind: iot` + `name: sensors` + fields, or `- iot`.
    mutating func readGenerator(_ node: YNode, _ path: String) -> GeneratorDecl? {
        if case .scalar(let s) = node, !s.isNull {
            guard let kind = word(node, path, what: "a generator kind") else { return nil }
            return GeneratorDecl(kind: kind, name: nil, fields: [], range: s.range)
        }
        guard let pairs = mapping(node, path, what: "a generator") else { return nil }
        guard let first = pairs.first else {
            report(.yamlMissingKey, "expected a generator kind, found an empty mapping", node.range, path,
                   help: ["write '- iot: sensors' or '- kind: iot'"])
            return nil
        }
        var kind: Ident?
        var name: StringLit?
        var rest: [YPair]
        if let kindPair = pairs.first(where: { $0.key.value == "kind" }) {
            kind = word(kindPair.value, Self.join(path, "kind"), what: "the generator kind")
            if let n = pairs.first(where: { $0.key.value == "name" }) {
                name = stringLit(n.value, Self.join(path, "name"), what: "the generator name")
            }
            rest = pairs.filter { $0.key.value != "kind" && $0.key.value != "name" }
        } else if first.key.value == "name" {
            report(.yamlMissingKey, "expected a generator kind before 'name'", first.key.range, Self.join(path, "name"),
                   help: ["write '- iot: \(first.value.scalarText ?? "NAME")' or add 'kind: iot'"])
            return nil
        } else {
            let kp = Self.join(path, first.key.value)
            kind = word(.scalar(first.key), kp, what: "a generator kind")
            if case .scalar(let s) = first.value, s.isNull {
                name = nil
            } else {
                name = stringLit(first.value, kp, what: "the generator name")
            }
            rest = Array(pairs.dropFirst())
            if let n = rest.first(where: { $0.key.value == "name" }) {
                report(.yamlConflictingKeys, "'name' conflicts with the '\(first.key.value): NAME' form of this generator",
                       n.key.range, Self.join(path, "name"),
                       labels: [DiagnosticLabel(first.range, "the kind and name are given here")],
                       help: ["write either '- \(first.key.value): NAME' or '- kind: \(first.key.value)' with 'name: NAME'"])
                rest.removeAll { $0.key.value == "name" }
            }
        }
        guard let kind else { return nil }
        return GeneratorDecl(kind: kind, name: name, fields: readFields(rest, path), range: node.range)
    }
}

extension YNode {
    /// The text of a non-null scalar.
    var scalarText: String? {
        if case .scalar(let s) = self, !s.isNull { return s.value }
        return nil
    }
}
