// A stable text dump of checked scenarios, without source positions, so a `.chaos` file and its
// YAML twin produce the same text. The test corpus stores it as `.checked` goldens.
import ChaosSource
import ChaosSyntax

public enum CheckedDump {
    public static func render(_ scenarios: [CheckedScenario]) -> String {
        var out = ""
        for s in scenarios {
            let d = DumpFormat()
            out += "scenario \"\(s.name)\"\n"
            out += "  settings " + d.params(s.settings) + "\n"
            for c in [s.kafka, s.tda, s.host] { out += "  \(c.kind) " + d.params(c.params) + "\n" }
            for g in s.generators { out += "  generate \(g.kind) \"\(g.name)\" " + d.params(g.params) + "\n" }
            for f in s.faults.sorted(by: { ($0.startMs, $0.path) < ($1.startMs, $1.path) }) {
                let end = f.endMs.map(DurationFormat.spell) ?? "never"
                out += "  fault \(DurationFormat.spell(f.startMs))..\(end) \(f.kind) " + f.targets.map(\.spelling).joined(separator: ", ")
                out += " " + d.params(f.params)
                if let l = f.label { out += " as \"\(l)\"" }
                if !f.groups.isEmpty { out += " in " + f.groups.joined(separator: "/") }
                out += " @\(f.path)\n"
            }
            for c in s.criteria { out += "  expect \(c.text) => \(c.metric) \(c.op.rawValue) \(d.value(c.threshold)) \(c.window.spelling)\n" }
        }
        return out
    }
}

struct DumpFormat {
    func params(_ p: Params) -> String {
        "{" + p.entries.map { "\($0.name): \(value($0.value))" }.joined(separator: ", ") + "}"
    }

    func value(_ v: Value) -> String {
        switch v {
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .intensity(let d): "intensity(\(d))"
        case .percent(let p): "\(p)%"
        case .duration(let ms): "\(ms)ms"
        case .rate(let r): "\(r)/s"
        case .size(let b): "\(b)B"
        case .string(let s): "\"\(s)\""
        case .bool(let b): "\(b)"
        case .word(let w): w
        case .list(let items): "[" + items.map(value).joined(separator: ", ") + "]"
        }
    }
}
