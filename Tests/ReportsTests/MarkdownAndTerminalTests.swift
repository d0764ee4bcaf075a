import Testing
@testable import Reports

@Suite struct MarkdownSummaryTests {
    /// Table cells of a Markdown row, splitting on pipes that are not backslash-escaped.
    func cells(_ row: String) -> [String] {
        var cells: [String] = [], current = "", escaped = false
        for ch in row {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; current.append(ch); continue }
            if ch == "|" { cells.append(current); current = "" } else { current.append(ch) }
        }
        cells.append(current)
        return Array(cells.dropFirst().dropLast())
    }

    @Test func passingSummaryHasVerdictLineAndCriteriaTable() {
        let md = MarkdownSummary.render(Fixtures.passing)
        #expect(md.hasPrefix("## ✅ **cascade\\_failure** passed: 5 of 5 criteria held\n"))
        #expect(md.contains("| | Criterion | Measured | Threshold | Source |\n|---|---|---|---|---|\n"))
        #expect(md.occurrences(of: "| ✅ |") == 5)
        #expect(md.contains("`sha256:7d3f0c9a"))
        #expect(md.contains("| Fault | Kind | Targets | Planned | Actual | Backend | Error |"))
        #expect(md.contains("| f1 | network\\_partition | kafka \\<-\\> tda | 0:40.000 → 1:10.000 | 0:40.002 → 1:10.001 | fault-proxy |  |"))
        #expect(md.contains("| f3 | process\\_crash | tda.worker\\[1\\] | 1:10.000 | 1:10.003 | signal |  |"))
        #expect(md.contains("<details><summary>Environment</summary>"))
        #expect(md.contains("| 1,061,204 | 1,061,204 | 0 | 0 | 0 | 0 |"))
    }

    @Test func failingSummaryMarksEachFailedCriterion() {
        let report = Fixtures.failing
        let md = MarkdownSummary.render(report)
        #expect(md.hasPrefix("## ❌ **cascade\\_failure** failed: 3 of 5 criteria failed\n"))
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| ❌ |") }
        #expect(rows.count == 3)
        let recovery = report.criteria[1]
        #expect(rows[0].contains("| \(recovery.measuredText) | 30s | `scenarios/cascade.chaos:32:5` |"))
        #expect(md.contains("⚠️ stress-ng exited with status 2"))
        #expect(md.contains("### Notes"))
    }

    @Test func hostileTextKeepsTheTableShape() {
        let md = MarkdownSummary.render(Fixtures.hostile)
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = lines.firstIndex { $0.hasPrefix("| | Criterion") }!
        let rows = lines[start...].prefix { $0.hasPrefix("|") }
        #expect(rows.count == 2 + Fixtures.hostile.criteria.count)
        for row in rows { #expect(cells(row).count == 5, "\(row)") }
        // Raw markup may only appear inside code spans, which GitHub renders as text.
        let outsideCode = md.replacing(/(`+).*?\1/, with: "")
        #expect(!outsideCode.contains("<script>"))
        #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(!md.contains("\u{1B}") && !md.contains("\u{01}"))
    }

    @Test func emptyRunStillRenders() {
        let md = MarkdownSummary.render(Fixtures.empty)
        #expect(md.contains("could not run: the environment failed (exit 3)"))
        #expect(md.contains("*no criteria were evaluated*"))
        #expect(!md.contains("### Faults"))
    }
}

@Suite struct TerminalVerdictTests {
    @Test func plainTableHasOneRowPerCriterionAndNoControlCharacters() {
        let text = TerminalVerdict.render(Fixtures.failing, style: .plain)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("    criterion"))
        #expect(lines.filter { $0.hasPrefix("  ✔ ") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("  ✘ ") }.count == 3)
        #expect(text.contains("      · \(Fixtures.failing.criteria[1].details[0])\n"))
        #expect(Fixtures.failing.criteria[1].details[0].hasSuffix("(over 30s)"))
        #expect(lines.last == "FAILED  cascade_failure: 3 of 5 criteria failed (exit 1)")
    }

    @Test func columnsAreAligned() {
        let lines = TerminalVerdict.render(Fixtures.passing).split(separator: "\n").map(String.init)
        let rows = lines.filter { $0.hasPrefix("  ✔ ") || $0.hasPrefix("    criterion") }
        let starts = rows.map { row in TerminalVerdict.width(String(row.prefix(upTo: row.range(of: "scenarios/")?.lowerBound ?? row.range(of: "source")!.lowerBound)))
        }
        #expect(Set(starts).count == 1, "\(rows)")
        #expect(lines.last == "PASSED  cascade_failure: 5 of 5 criteria held (exit 0)")
    }

    @Test func ansiStyleColoursMarksAndStripsEscapesFromData() {
        let text = TerminalVerdict.render(Fixtures.hostile, style: .ansi)
        #expect(text.contains("\u{1B}[31m✘\u{1B}[0m"))
        #expect(text.contains("\u{1B}[32m✔\u{1B}[0m"))
        #expect(!text.contains("\u{1B}[31mred"))
        let plain = TerminalVerdict.render(Fixtures.hostile, style: .plain)
        #expect(!plain.contains("\u{1B}"))
    }

    @Test(arguments: Fixtures.all)
    func neverCrashes(_ report: RunReport) {
        #expect(!TerminalVerdict.render(report, style: .ansi).isEmpty)
        #expect(TerminalVerdict.summaryLine(report).contains("exit \(report.exitCode)"))
    }
}
