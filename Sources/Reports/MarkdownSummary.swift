// summary.md: GitHub-flavoured Markdown for CI step summaries (`cat summary.md >>
// $GITHUB_STEP_SUMMARY`). A verdict line with ✅/❌, the criteria table, the faults table (planned
// vs actual), the audit, scheduling error, notes, and the environment folded in <details>.
// Every piece of data is escaped so a scenario name cannot inject Markdown or HTML.

/// Renders a `RunReport` as a Markdown summary.
public enum MarkdownSummary {
    /// The summary.md text (a trailing newline).
    public static func render(_ report: RunReport) -> String {
        var parts = [header(report), criteriaTable(report)]
        if !report.faults.isEmpty { parts.append(faultsTable(report)) }
        parts.append(auditSection(report))
        if !report.notes.isEmpty {
            parts.append("### Notes\n\n" + report.notes.map { "- " + md($0) }.joined(separator: "\n"))
        }
        parts.append(environmentSection(report))
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The one-line verdict: `✅ **cascade_failure** passed: 5 of 5 criteria held`.
    public static func verdictLine(_ r: RunReport) -> String {
        let failed = r.criteria.filter { !$0.passed }.count
        let total = r.criteria.count
        let name = "**" + md(r.scenario) + "**"
        switch r.verdict {
        case .passed: return "✅ \(name) passed: \(total) of \(total) criteria held"
        case .failed: return "❌ \(name) failed: \(failed) of \(total) criteria failed"
        case .error: return "❌ \(name) could not run: the environment failed (exit \(r.exitCode))"
        case .interrupted: return "⚠️ \(name) was interrupted (exit \(r.exitCode)); faults were rolled back"
        }
    }

    static func header(_ r: RunReport) -> String {
        var lines = ["## " + verdictLine(r), ""]
        if !r.description.isEmpty { lines += [md(r.description), ""] }
        let meta = [
            "file " + code(r.file), "plan " + code(r.planHash), "seed " + code(String(r.seed)),
            "run " + code(r.runID), "started " + md(r.startedAt), "duration " + ReportFormat.duration(r.durationMs),
        ]
        lines.append(meta.joined(separator: " · "))
        return lines.joined(separator: "\n")
    }

    static func criteriaTable(_ r: RunReport) -> String {
        var rows = ["### Criteria", "", "| | Criterion | Measured | Threshold | Source |", "|---|---|---|---|---|"]
        if r.criteria.isEmpty { rows.append("| | *no criteria were evaluated* | | | |") }
        for c in r.criteria {
            var text = md(c.text)
            if !c.passed && !c.details.isEmpty { text += "<br>" + c.details.map(md).joined(separator: "<br>") }
            let measured = c.measuredText.isEmpty ? "–" : md(c.measuredText)
            rows.append("| \(c.passed ? "✅" : "❌") | \(text) | \(measured) | \(md(c.threshold)) | \(code(c.source)) |")
        }
        return rows.joined(separator: "\n")
    }

    static func faultsTable(_ r: RunReport) -> String {
        var rows = [
            "### Faults", "",
            "| Fault | Kind | Targets | Planned | Actual | Backend | Error |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in r.faults {
            let planned = window(f.plannedStartMs, f.plannedEndMs)
            let actual = f.actualStartMs.map { window($0, f.actualEndMs) } ?? "not applied"
            let targets = f.targets.map(md).joined(separator: ", ")
            let error = f.error.map { "⚠️ " + md($0) } ?? ""
            rows.append("| \(md(f.id)) | \(md(f.kind)) | \(targets) | \(planned) | \(actual) | \(md(f.backend)) | \(error) |")
        }
        return rows.joined(separator: "\n")
    }

    static func auditSection(_ r: RunReport) -> String {
        let a = r.audit
        var rows = [
            "### Audit", "",
            "| Produced | Processed | Lost | Duplicates | Reordered | Retention dropped |",
            "|---:|---:|---:|---:|---:|---:|",
            "| \(n(a.produced)) | \(n(a.processed)) | \(n(a.lost)) | \(n(a.duplicates)) | \(n(a.reordered)) | \(n(a.retentionDropped)) |",
        ]
        if !a.worstStreams.isEmpty {
            rows += ["", "Worst streams: " + a.worstStreams.map(md).joined(separator: "; ")]
        }
        let s = r.scheduling
        rows += ["", "Fault scheduling error over \(s.samples) events: p50 \(msText(s.p50Ms)), p99 \(msText(s.p99Ms)), max \(msText(s.maxMs))."]
        return rows.joined(separator: "\n")
    }

    static func environmentSection(_ r: RunReport) -> String {
        var rows = ["<details><summary>Environment</summary>", "", "| Key | Value |", "|---|---|"]
        for kv in r.environment { rows.append("| \(md(kv.key)) | \(md(kv.value)) |") }
        rows += ["", "</details>"]
        return rows.joined(separator: "\n")
    }

    /// `1:00.000 → 1:30.000`, or `1:10.000` for a fault that is never removed.
    static func window(_ start: Int64, _ end: Int64?) -> String {
        guard let end else { return ReportFormat.clock(start) }
        return ReportFormat.clock(start) + " → " + ReportFormat.clock(end)
    }

    static func md(_ s: String) -> String { Escape.markdown(s) }
    static func n(_ v: Int) -> String { ReportFormat.count(v) }
    static func msText(_ v: Double) -> String { ReportFormat.trimmed(ReportFormat.fixed(v, 2)) + " ms" }

    /// An inline code span that survives backticks and pipes in the text.
    static func code(_ s: String) -> String {
        let clean = String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
            .replacingAll("|", "\\|")
        let fence = clean.contains("`") ? "`` " : "`"
        return fence + clean + String(fence.reversed())
    }
}
