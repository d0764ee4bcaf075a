// The human form of a plan: phases, an event table and an ASCII Gantt chart of faults over time
// with criterion windows.
import ChaosCheck
import ChaosSource

public enum PlanText {
    public static func render(_ plan: ExecutionPlan, width: Int = 60) -> String {
        let s = plan.scenario
        var out = "plan for scenario \"\(s.name)\" (sha256:\(plan.contentHash.prefix(12)))\n"
        if let d = s.settings["description"]?.stringValue, !d.isEmpty { out += "  \(d)\n" }
        out += "  seed \(s.seed) · \(s.brokers) brokers · \(s.workers) engine workers · \(plan.generators.count) generator(s)\n\n"
        out += "phases:\n"
        for p in plan.phases where p.endMs > p.startMs || p.name == "setup" {
            out += "  \(p.name.padding(9)) \(t(p.startMs).leftPad(7)) → \(t(p.endMs))\(p.name == "drain" ? " (at most)" : "")\n"
        }
        out += "\ngenerators:\n"
        for g in plan.generators {
            let rate = g.generator.params["rate"]?.doubleValue.map { fmtRate($0) } ?? "?"
            out += "  \(g.generator.name.padding(12)) \(g.generator.kind.padding(8)) \(rate.leftPad(8))  seed \(g.seed)  → \(g.topic)\n"
        }
        out += "\ntimeline:\n"
        for e in plan.events where e.action != .openWindow && e.action != .closeWindow {
            out += "  \(t(e.timeMs).leftPad(7))  \(e.action.rawValue.padding(16)) "
            out += [e.ref, e.kind].compactMap { $0 }.joined(separator: " ").padding(22)
            out += e.targets.joined(separator: ", ")
            if let to = e.timeoutMs { out += " (wait ≤ \(t(to)))" }
            out += "\n"
        }
        out += "\ncriteria:\n"
        for c in plan.criteria {
            let ivs = c.intervals.map { "\(t($0.startMs))–\(t($0.endMs))" }.joined(separator: ", ")
            out += "  \(c.id.padding(4)) \(c.criterion.text)\n       over \(ivs.isEmpty ? "(empty)" : ivs)\n"
        }
        out += "\n" + gantt(plan, width: width)
        return out
    }

    static func t(_ ms: Int64) -> String { DurationFormat.spell(ms) }

    static func fmtRate(_ r: Double) -> String {
        r >= 1000 && r.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(r / 1000))k/s" : "\(Int(r))/s"
    }

    /// One row per fault (`█` active), one per criterion (`░` window), warmup shaded with `·`.
    static func gantt(_ plan: ExecutionPlan, width: Int) -> String {
        let total = max(1, plan.scenario.durationMs)
        func col(_ ms: Int64) -> Int { Int((Double(min(ms, total)) / Double(total) * Double(width)).rounded(.down)) }
        func bar(_ spans: [(Int64, Int64)], _ ch: Character) -> String {
            var cells = [Character](repeating: " ", count: width)
            for i in 0..<col(plan.scenario.warmupMs) { cells[i] = "·" }
            for (a, b) in spans {
                let s = col(a), e = max(s + 1, col(b))
                for i in s..<min(e, width) { cells[i] = ch }
            }
            return String(cells)
        }
        var out = "gantt (0 → \(t(total)), · warmup, █ fault, ░ criterion window):\n"
        let labelWidth = 30
        for pf in plan.faults {
            let f = pf.fault
            let name = "\(pf.id) \(f.kind) \(f.targets.map(\.spelling).joined(separator: ","))"
            out += "  \(String(name.prefix(labelWidth)).padding(labelWidth)) |\(bar([(f.startMs, f.endMs ?? total)], "█"))|\n"
        }
        for c in plan.criteria {
            let name = "\(c.id) \(c.criterion.text)"
            out += "  \(String(name.prefix(labelWidth)).padding(labelWidth)) |\(bar(c.intervals.map { ($0.startMs, $0.endMs) }, "░"))|\n"
        }
        let axis = "0".padding(width / 2) + t(total / 2)
        out += "  \(String(repeating: " ", count: labelWidth))  \(axis.padding(width - t(total).count))\(t(total))\n"
        return out
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
