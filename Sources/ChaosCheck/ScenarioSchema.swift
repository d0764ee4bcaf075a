// The JSON Schema (draft 2020-12) of YAML scenario files, generated from the checker's tables,
// so the schema, the docs and the checker never disagree. Editors use it through
// yaml-language-server (`# yaml-language-server: $schema=…`); pre-commit can run
// check-jsonschema with it. The schema checks shape and spelling; the checker remains the
// authority on meaning (ranges across fields, targets, timing).
import ChaosSource

public enum ScenarioSchema {
    public static func json() -> JSON {
        var defs: [String: JSON] = [:]
        defs["scenario"] = scenario()
        defs["items"] = .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/item")])])
        defs["item"] = .object(["oneOf": .array(Tables.faults.map(faultItem) + GroupWordsSchema.all.map(groupItem))])
        defs["criterion"] = .object(["oneOf": .array([
            .object(["type": .string("string"), "description": .string("A criterion in .chaos syntax, e.g. 'recovery < 30s after each fault'.")]),
            .object(["type": .string("object"), "additionalProperties": .bool(false), "required": .array([.string("metric"), .string("op"), .string("value")]),
                     "properties": .object(["metric": .object(["enum": .array(Tables.metrics.map { .string($0.name) })]),
                                            "op": .object(["enum": .array(["<", "<=", ">", ">=", "==", "!="].map(JSON.string))]),
                                            "value": .object(["type": .array([.string("string"), .string("number")])]),
                                            "window": .object(["type": .string("string")])])]),
        ])])
        defs["duration"] = type(.duration)
        defs["target"] = .object(["type": .string("string"),
                                  "pattern": .string(#"^[a-z_]+(\[[0-9*.]+\])?(\.[a-z_]+(\[[0-9*.]+\])?)*( *<-> *[a-z_]+(\[[0-9*.]+\])?(\.[a-z_]+(\[[0-9*.]+\])?)*)?$"#)])
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("https://chaosrun.dev/schema/scenario.schema.json"),
            "title": .string("chaosrun scenario (YAML)"),
            "description": .string("A chaosrun chaos scenario in YAML. Generated from the checker's tables by `chaosrun docs`."),
            "type": .string("object"),
            "oneOf": .array([
                .object(["required": .array([.string("scenario")]), "additionalProperties": .bool(false),
                         "properties": .object(["scenario": .object(["$ref": .string("#/$defs/scenario")])])]),
                .object(["required": .array([.string("scenarios")]), "additionalProperties": .bool(false),
                         "properties": .object(["scenarios": .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/scenario")])])])]),
                .object(["required": .array([.string("chaos_scenarios")]),
                         "description": .string("The seed's test_config.yaml shape."),
                         "properties": .object(["chaos_scenarios": .object(["type": .string("array")])])]),
            ]),
            "$defs": .object(defs),
        ])
    }

    static func scenario() -> JSON {
        var props: [String: JSON] = ["name": .object(["type": .string("string")])]
        for f in Tables.settings.fields { props[f.name] = field(f) }
        var system: [String: JSON] = [:]
        for c in Tables.components { system[c.name] = fields(c.fields, extra: [:], required: []) }
        props["system"] = .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(system)])
        props["generate"] = .object(["type": .string("array"), "items": .object(["oneOf": .array(Tables.generators.map(generator))])])
        props["timeline"] = .object(["$ref": .string("#/$defs/items")])
        props["expect"] = .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/criterion")])])
        let required = ["duration"]
        return .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(props),
                        "required": .array(required.map(JSON.string))])
    }

    static func generator(_ k: KindSpec) -> JSON {
        var extra: [String: JSON] = ["kind": .object(["const": .string(k.name)]), "name": .object(["type": .string("string")])]
        extra[k.name] = .object(["type": .string("string"), "description": .string("Short form: `\(k.name): NAME`.")])
        var o = fields(k.fields, extra: extra, required: [])
        if case .object(var d) = o {
            d["description"] = .string(k.doc)
            d["anyOf"] = .array([.object(["required": .array([.string("kind")])]), .object(["required": .array([.string(k.name)])])])
            o = .object(d)
        }
        return o
    }

    static var anchors: [String: JSON] {
        ["at": .object(["$ref": .string("#/$defs/duration")]), "after": .object(["$ref": .string("#/$defs/duration")])]
    }

    static func faultItem(_ k: KindSpec) -> JSON {
        var extra = anchors
        extra["fault"] = .object(["const": .string(k.name)])
        extra["target"] = .object(["$ref": .string("#/$defs/target")])
        extra["targets"] = .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/target")])])
        if k.duration != .forbidden { extra["for"] = durationSchema }
        extra["as"] = .object(["type": .string("string")])
        if let p = k.primaryField, let f = k.field(p) { extra["value"] = field(f) }
        return fields(k.fields, extra: extra, required: ["fault"], doc: k.doc)
    }

    static func groupItem(_ g: GroupWordsSchema) -> JSON {
        var body: [String: JSON] = ["items": .object(["$ref": .string("#/$defs/items")]), "for": durationSchema]
        if g.name == "repeat" { body["count"] = .object(["type": .string("integer"), "minimum": .int(1)]); body["every"] = durationSchema }
        if g.name == "cascade" { body["name"] = .object(["type": .string("string")]) }
        var props = anchors
        props[g.name] = .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(body),
                                 "required": .array([.string("items")])])
        return .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(props),
                        "required": .array([.string(g.name)]), "description": .string(g.doc)])
    }

    static func fields(_ fs: [FieldSpec], extra: [String: JSON], required: [String], doc: String? = nil) -> JSON {
        var props = extra
        for f in fs { props[f.name] = field(f) }
        var o: [String: JSON] = ["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(props)]
        if !required.isEmpty { o["required"] = .array(required.map(JSON.string)) }
        if let doc { o["description"] = .string(doc) }
        return .object(o)
    }

    static let durationSchema: JSON = .object(["$ref": .string("#/$defs/duration")])

    static func field(_ f: FieldSpec) -> JSON {
        guard case .object(var o) = type(f.type) else { return type(f.type) }
        o["description"] = .string(f.doc + (f.defaultValue.map { " Default: \($0)." } ?? ""))
        return .object(o)
    }

    static func pattern(_ p: String, _ example: String) -> JSON {
        .object(["type": .string("string"), "pattern": .string(p), "examples": .array([.string(example)])])
    }

    static func type(_ t: ValueType) -> JSON {
        switch t {
        case .integer: return .object(["type": .string("integer")])
        case .number: return .object(["type": .string("number")])
        case .intensity: return .object(["anyOf": .array([.object(["type": .string("number"), "minimum": .int(0), "maximum": .int(1)]),
                                                          pattern(#"^[0-9]+(\.[0-9]+)?%$"#, "70%")])])
        case .percent: return pattern(#"^[0-9]+(\.[0-9]+)?%$"#, "20%")
        case .duration: return .object(["anyOf": .array([pattern(#"^([0-9]+(\.[0-9]+)?(ms|h|m|s))+$"#, "30s"), .object(["const": .int(0)])])])
        case .rate: return pattern(#"^[0-9]+(\.[0-9]+)?[kM]?/(s|min|h)$"#, "4k/s")
        case .size: return pattern(#"^[0-9]+(\.[0-9]+)?(B|KB|MB|GB|KiB|MiB|GiB)$"#, "512MiB")
        case .string: return .object(["type": .string("string")])
        case .bool: return .object(["type": .string("boolean")])
        case .choice(let words): return .object(["enum": .array(words.map(JSON.string))])
        case .list(let inner): return .object(["type": .string("array"), "items": type(inner)])
        }
    }
}

/// Timeline group words for the schema.
struct GroupWordsSchema {
    let name: String
    let doc: String
    static let all = [
        GroupWordsSchema(name: "parallel", doc: "Children start together."),
        GroupWordsSchema(name: "sequence", doc: "Children run one after another."),
        GroupWordsSchema(name: "repeat", doc: "The items again every `every`, `count` times."),
        GroupWordsSchema(name: "cascade", doc: "A named sequence of faults that propagate."),
    ]
}
