// Markdown tables of the language, generated from the same tables the checker uses.

public enum LanguageReference {
    public static let beginMarker = "<!-- BEGIN GENERATED: chaosrun docs -->"
    public static let endMarker = "<!-- END GENERATED -->"

    /// The generated part of docs/language.md.
    public static func markdown() -> String {
        var out = "\(beginMarker)\n\n"
        out += "### Scenario settings\n\n" + table(Tables.settings.fields)
        out += "\n### System components\n"
        for c in Tables.components { out += section(c, heading: "`\(c.name)`") }
        out += "\n### Generators\n"
        for g in Tables.generators { out += section(g, heading: "`generate \(g.name)`") }
        out += "\n### Fault kinds\n"
        for f in Tables.faults {
            out += section(f, heading: "`\(f.name)`")
            let targets = f.targets.map { "`\(exampleTarget($0))`" }.joined(separator: ", ")
            let duration = switch f.duration {
            case .required: "required (`for 30s`), unless its group has one"
            case .optional: "optional"
            case .forbidden: "not allowed: the length comes from its fields"
            }
            out += "\nTargets: \(targets). Duration: \(duration)."
            if let p = f.primaryField { out += " Unnamed value sets `\(p)`." }
            out += "\n"
        }
        out += "\n### Metrics\n\n| metric | threshold | arguments / members | windows | default window | example |\n|---|---|---|---|---|---|\n"
        for m in Tables.metrics {
            let parts = m.arguments.map { "(\($0))" } + m.members.map { ".\($0)" }
            out += "| `\(m.name)` | \(m.type.shortName) | \(parts.isEmpty ? "—" : parts.joined(separator: " ")) | \(m.windows.joined(separator: ", ")) | \(m.defaultWindow) | `\(m.example)` |\n"
        }
        out += "\n" + Tables.metrics.map { "- `\($0.name)`: \($0.doc)" }.joined(separator: "\n") + "\n"
        return out + "\n\(endMarker)\n"
    }

    static func exampleTarget(_ c: TargetClass) -> String {
        switch c {
        case .broker: "kafka.broker[i]"
        case .worker: "tda.worker[i]"
        case .host: "host"
        case .link: "a <-> b"
        }
    }

    static func section(_ k: KindSpec, heading: String) -> String {
        var out = "\n#### \(heading)\n\n\(k.doc)\n\n"
        if !k.example.isEmpty { out += "```\n\(k.example)\n```\n\n" }
        out += k.fields.isEmpty ? "No fields.\n" : table(k.fields)
        return out
    }

    static func table(_ fields: [FieldSpec]) -> String {
        var out = "| field | type | required | default | range | meaning |\n|---|---|---|---|---|---|\n"
        for f in fields {
            let range = f.range.map { r in
                let fmt = { (x: Double) in rangeValue(x, f.type) }
                switch (r.min, r.max) {
                case (let a?, let b?): return "\(fmt(a)) – \(fmt(b))"
                case (let a?, nil): return "≥ \(fmt(a))"
                case (nil, let b?): return "≤ \(fmt(b))"
                default: return ""
                }
            } ?? ""
            let type = if case .choice(let w) = f.type { w.joined(separator: " \\| ") } else { f.type.shortName }
            out += "| `\(f.name)` | \(type) | \(f.required ? "yes" : "no") | \(f.defaultValue.map { "`\($0)`" } ?? "—") | \(range) | \(f.doc) |\n"
        }
        return out
    }

    static func rangeValue(_ x: Double, _ t: ValueType) -> String {
        let inner: ValueType = if case .list(let i) = t { i } else { t }
        let n = x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        switch inner {
        case .duration: return DurationFormat.spell(Int64(x))
        case .percent: return n + "%"
        case .rate: return n + "/s"
        default: return n
        }
    }
}
