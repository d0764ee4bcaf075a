// Timeline items, groups and criteria in YAML.
//
//   - at: 40s                      -> Anchor(.at)       - after: 15s -> Anchor(.after)
//     fault: network_partition     -> FaultStmt.kind
//     target: kafka <-> tda        -> FaultStmt.targets (or `targets: [...]`)
//     value: 70%                   -> FaultStmt.positional
//     for: 30s / as: main-crash    -> duration / label; any other key -> FieldArg
//   - at: 2m
//     parallel: {for: 30s, items: [...]}   -> GroupStmt (or `parallel: [...]` for items only)
import ChaosSource
import ChaosSyntax

extension YAMLReader {
    static let anchorKeys = ["at", "after"]
    static let faultKeys = ["fault", "target", "targets", "for", "as", "value"]
    static let groupKinds = GroupKind.allCases.map(\.rawValue)
    static let groupKeys = ["for", "count", "every", "name", "items"]
    static var itemKeys: [String] { anchorKeys + faultKeys + groupKinds }

    mutating func readItems(_ items: [YNode], _ path: String) -> [TimelineItem] {
        var out: [TimelineItem] = []
        for (k, node) in items.enumerated() {
            if let item = readItem(node, "\(path)[\(k)]") { out.append(item) }
        }
        return out
    }

    mutating func readItem(_ node: YNode, _ path: String) -> TimelineItem? {
        guard let pairs = mapping(node, path, what: "a timeline item") else { return nil }
        var anchor: Anchor?
        if let a = exclusive(pairs, Self.anchorKeys, path, what: "a timeline item") {
            let kind: AnchorKind = a.key.value == "at" ? .at : .after
            let time = expr(a.value, Self.join(path, a.key.value), what: "'\(a.key.value)'")
            anchor = Anchor(kind: kind, time: time, keywordRange: a.key.range, range: a.range)
        }
        guard let body = exclusive(pairs, ["fault"] + Self.groupKinds, path, what: "a timeline item") else {
            var help: [String] = []
            var fixits: [FixIt] = []
            if let k = pairs.first(where: { ["kind", "type"].contains($0.key.value) }) {
                help.append("the fault kind is given with 'fault:', not '\(k.key.value):'")
                fixits.append(FixIt(range: contentRange(k.key), replacement: "fault", message: "replace with 'fault'"))
            }
            report(.yamlMissingKey, "expected 'fault:' or a group ('parallel', 'sequence', 'repeat', 'cascade') in this timeline item",
                   node.range, path, help: help, fixits: fixits)
            return nil
        }
        if body.key.value == "fault" {
            guard let fault = readFault(pairs, body, node.range, path) else { return nil }
            return TimelineItem(anchor: anchor, body: .fault(fault), range: node.range)
        }
        for pair in pairs where !Self.anchorKeys.contains(pair.key.value) && pair.key.value != body.key.value
            && !(["fault"] + Self.groupKinds).contains(pair.key.value) {
            let inner = Self.groupKeys.contains(pair.key.value)
            unknownKey(pair.key, path, in: "a '\(body.key.value)' item", candidates: Self.anchorKeys + [body.key.value],
                       help: inner ? ["put '\(pair.key.value)' inside the '\(body.key.value)' mapping"] : [])
        }
        guard let kind = GroupKind(rawValue: body.key.value),
              let group = readGroup(kind, body, Self.join(path, body.key.value)) else { return nil }
        return TimelineItem(anchor: anchor, body: .group(group), range: node.range)
    }

    mutating func readFault(_ pairs: [YPair], _ body: YPair, _ range: SourceRange, _ path: String) -> FaultStmt? {
        let kind = word(body.value, Self.join(path, "fault"), what: "the fault kind")
        var fault = FaultStmt(kind: kind ?? Ident("", body.value.range), targets: [], positional: nil, fields: [],
                              duration: nil, label: nil, range: range)
        let targetPair = exclusive(pairs, ["target", "targets"], path, what: "a fault")
        var fieldPairs: [YPair] = []
        for pair in pairs {
            let kp = Self.join(path, pair.key.value)
            switch pair.key.value {
            case "fault", "at", "after": continue
            case "target", "targets":
                guard pair.key.range == targetPair?.key.range else { continue }
                if case .sequence(let items, _) = pair.value {
                    for (k, t) in items.enumerated() { if let t = target(t, "\(kp)[\(k)]") { fault.targets.append(t) } }
                } else if let t = target(pair.value, kp) {
                    fault.targets.append(t)
                }
            case "for": fault.duration = expr(pair.value, kp, what: "'for'")
            case "as": fault.label = stringLit(pair.value, kp, what: "'as'")
            case "value": fault.positional = expr(pair.value, kp, what: "'value'")
            default:
                if Self.groupKinds.contains(pair.key.value) { continue }
                if Self.strictSuggestion(pair.key.value, Self.itemKeys) != nil {
                    unknownKey(pair.key, path, in: "a fault", candidates: Self.itemKeys, strict: true)
                } else {
                    fieldPairs.append(pair)
                }
            }
        }
        fault.fields = readFields(fieldPairs, path)
        return kind == nil ? nil : fault
    }

    mutating func readGroup(_ kind: GroupKind, _ pair: YPair, _ path: String) -> GroupStmt? {
        var group = GroupStmt(kind: kind, keywordRange: pair.key.range, items: [], range: pair.range)
        switch pair.value {
        case .sequence(let items, _):
            group.items = readItems(items, path)
            return group
        case .mapping(let pairs, let r):
            var sawItems = false
            for p in pairs {
                let kp = Self.join(path, p.key.value)
                switch p.key.value {
                case "for": group.duration = expr(p.value, kp, what: "'for'")
                case "count": group.count = expr(p.value, kp, what: "'count'")
                case "every": group.every = expr(p.value, kp, what: "'every'")
                case "name": group.name = stringLit(p.value, kp, what: "'name'")
                case "items":
                    sawItems = true
                    group.items = readItems(sequence(p.value, kp, what: "'items'") ?? [], kp)
                default:
                    let anchor = Self.anchorKeys.contains(p.key.value)
                    unknownKey(p.key, path, in: "'\(kind.rawValue)'", candidates: Self.groupKeys,
                               help: anchor ? ["put '\(p.key.value)' next to '\(kind.rawValue)', in the timeline item"] : [])
                }
            }
            if !sawItems {
                report(.yamlMissingKey, "expected 'items:' in '\(kind.rawValue)'", SourceRange.at(r.start), path,
                       help: ["list the group's timeline items under 'items:'"])
            }
            return group
        default:
            if case .scalar(let s) = pair.value, s.isPlaceholder { return nil }
            report(.yamlWrongKind, "expected a mapping or a list of items for '\(kind.rawValue)', found \(pair.value.kindDescription)",
                   pair.value.range, path)
            return nil
        }
    }

    // MARK: expect

    mutating func readExpect(_ pair: YPair, _ path: String) -> ExpectDecl {
        var criteria: [CriterionDecl] = []
        for (k, node) in (sequence(pair.value, path, what: "'expect'") ?? []).enumerated() {
            let kp = "\(path)[\(k)]"
            switch node {
            case .scalar(let s):
                if let c = criterion(s, kp) { criteria.append(c) }
            case .mapping(let pairs, let r):
                if let c = criterionMapping(pairs, r, kp) { criteria.append(c) }
            case .sequence(_, let r):
                report(.yamlWrongKind, "expected a criterion like 'data_loss == 0', found a list", r, kp)
            }
        }
        return ExpectDecl(criteria: criteria, range: pair.range)
    }

    /// `{metric: recovery, op: "<", value: 30s, window: after each fault}`: the parts are joined
    /// into one criterion text and parsed, with ranges mapped back onto each part.
    mutating func criterionMapping(_ pairs: [YPair], _ range: SourceRange, _ path: String) -> CriterionDecl? {
        let keys = ["metric", "op", "value", "window"]
        var parts: [String: YScalar] = [:]
        for p in pairs {
            let kp = Self.join(path, p.key.value)
            guard keys.contains(p.key.value) else {
                unknownKey(p.key, path, in: "a criterion", candidates: keys)
                continue
            }
            guard case .scalar(let s) = p.value else {
                report(.yamlWrongKind, "expected a value for '\(p.key.value)', found \(p.value.kindDescription)", p.value.range, kp)
                return nil
            }
            if s.isPlaceholder { return nil }
            if s.isNull { reportNull(s, kp, what: "'\(p.key.value)'"); return nil }
            parts[p.key.value] = s
        }
        let missing = keys.dropLast().filter { parts[$0] == nil }
        if !missing.isEmpty {
            report(.yamlMissingKey, "expected " + missing.map { "'\($0)'" }.joined(separator: ", ") + " in this criterion",
                   SourceRange.at(range.start), path, help: ["write {metric: recovery, op: \"<\", value: 30s, window: after each fault}"])
            return nil
        }
        var text = ""
        var pieces: [RangeMapper.Piece] = []
        for key in keys {
            guard let s = parts[key] else { continue }
            if !text.isEmpty { text += " " }
            let start = text.utf8.count
            text += s.value
            let verbatim = file.text(of: contentRange(s)) == s.value
            pieces.append(.init(synthetic: SourceRange(start, text.utf8.count), original: verbatim ? contentRange(s) : s.range,
                                exact: verbatim))
        }
        let copy = SourceFile(path: file.path, text: text)
        var scratch = DiagnosticBag()
        let mapper = RangeMapper(pieces: pieces)
        let parsed = ChaosParser.parseCriterion(copy, range: SourceRange(0, copy.bytes.count), into: &scratch)
        for var d in mapper.map(scratch).diagnostics {
            d.keyPath = d.keyPath ?? path
            bag.add(d)
        }
        guard var c = parsed.map({ mapper.criterion($0) }) else { return nil }
        c.range = range
        return c
    }
}
