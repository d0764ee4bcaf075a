// The tabular sections of report.html after the plots: faults (planned vs actual, backend,
// errors), phases, the sequence audit with the scheduling error, environment and notes.

/// Table sections of report.html.
enum HTMLSections {
    static func faults(_ r: RunReport) -> String {
        var out = "<section id=\"faults\">\n<h2>Faults</h2>\n"
        guard !r.faults.isEmpty else { return out + "<p class=\"empty\">The timeline has no faults.</p>\n</section>\n" }
        out += "<table class=\"faults\">\n<thead><tr><th>fault</th><th>targets</th><th>planned</th><th>actual</th>"
        out += "<th>backend</th><th>source</th><th>error</th></tr></thead>\n<tbody>\n"
        for f in r.faults {
            let planned = MarkdownSummary.window(f.plannedStartMs, f.plannedEndMs)
            let actual = f.actualStartMs.map { MarkdownSummary.window($0, f.actualEndMs) } ?? "not applied"
            let start = ReportFormat.delta(planned: f.plannedStartMs, actual: f.actualStartMs)
            let end = ReportFormat.delta(planned: f.plannedEndMs, actual: f.actualEndMs)
            out += "<tr\(f.error == nil ? "" : " class=\"fail\"")>"
            out += "<td class=\"nowrap\"><span class=\"swatch\" style=\"background:\(FaultPalette.color(f.kind))\"></span>"
            out += "\(e(f.id)) <span class=\"kind\">\(e(f.kind))</span></td><td>\(e(f.targets.joined(separator: ", ")))</td>"
            out += "<td class=\"num\">\(e(planned))</td><td class=\"num\">\(e(actual))"
            out += "<span class=\"delay\">start \(start) · end \(end)</span></td>"
            out += "<td class=\"nowrap\">\(e(f.backend))</td><td class=\"src\"><code>\(e(f.source))</code></td>"
            out += "<td class=\"error\">\(e(f.error ?? ""))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func phases(_ r: RunReport) -> String {
        guard !r.phases.isEmpty else { return "" }
        var out = "<section id=\"phases\">\n<h2>Phases</h2>\n<table>\n"
        out += "<thead><tr><th>phase</th><th>planned</th><th>actual</th><th>actual length</th></tr></thead>\n<tbody>\n"
        for p in r.phases {
            let actual = p.actualStartMs.map { MarkdownSummary.window($0, p.actualEndMs) } ?? "–"
            var length = "–"
            if let s = p.actualStartMs, let end = p.actualEndMs { length = ReportFormat.duration(end &- s) }
            out += "<tr><td>\(e(p.name))</td><td class=\"num\">\(e(MarkdownSummary.window(p.plannedStartMs, p.plannedEndMs)))</td>"
            out += "<td class=\"num\">\(e(actual))</td><td class=\"num\">\(e(length))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func audit(_ r: RunReport) -> String {
        let a = r.audit
        var out = "<section id=\"audit\">\n<h2>Audit</h2>\n<div class=\"stats\">\n"
        let stats: [(String, Int, Bool)] = [
            ("produced", a.produced, false), ("processed", a.processed, false), ("lost", a.lost, a.lost > 0),
            ("duplicates", a.duplicates, a.duplicates > 0), ("reordered", a.reordered, false),
            ("retention dropped", a.retentionDropped, a.retentionDropped > 0),
        ]
        for (name, value, bad) in stats {
            out += "<div class=\"stat\(bad ? " bad" : "")\"><span class=\"value\">\(ReportFormat.count(value))</span>"
            out += "<span class=\"name\">\(name)</span></div>\n"
        }
        out += "</div>\n"
        if !a.worstStreams.isEmpty {
            out += "<p>Worst streams:</p>\n<ul>" + a.worstStreams.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        return out + scheduling(r.scheduling) + "</section>\n"
    }

    static func scheduling(_ s: SchedulingError) -> String {
        func ms(_ v: Double) -> String { ReportFormat.trimmed(ReportFormat.fixed(v, 2)) + " ms" }
        var out = "<h3>Fault scheduling error</h3>\n<p>How late faults were applied against the plan, over "
        out += "\(s.samples) event\(s.samples == 1 ? "" : "s"): p50 \(ms(s.p50Ms)), p99 \(ms(s.p99Ms)), max \(ms(s.maxMs))"
        if s.p99Ms.isFinite && s.p99Ms > 10 { out += " <strong class=\"fail\">(above the 10 ms target)</strong>" }
        return out + ".</p>\n"
    }

    static func environment(_ r: RunReport) -> String {
        guard !r.environment.isEmpty else { return "" }
        var out = "<section id=\"environment\">\n<h2>Environment</h2>\n<table class=\"kv\">\n<tbody>\n"
        for kv in r.environment { out += "<tr><th>\(e(kv.key))</th><td>\(e(kv.value))</td></tr>\n" }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func notes(_ r: RunReport) -> String {
        guard !r.notes.isEmpty else { return "" }
        return "<section id=\"notes\">\n<h2>Notes</h2>\n<ul>" + r.notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n</section>\n"
    }

    static func e(_ s: String) -> String { Escape.markup(s) }
}
