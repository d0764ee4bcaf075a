import Testing
@testable import Reports

@Suite struct HTMLReportTests {
    @Test func hasOneSVGPerPlot() {
        let html = HTMLReport.render(Fixtures.passing)
        #expect(html.occurrences(of: "<svg ") == 3)
        #expect(html.occurrences(of: "</svg>") == 3)
        for id in ["plot-throughput", "plot-lag", "plot-latency"] { #expect(html.contains("id=\"\(id)\"")) }
        #expect(html.contains(">records/s</text>") && html.contains(">records</text>") && html.contains(">seconds</text>"))
        #expect(html.contains(">1m</text>") && html.contains(">4m</text>"))
    }

    @Test func shadesEveryFaultWindowAndMarksCriteria() {
        let report = Fixtures.failing
        let html = HTMLReport.render(report)
        let windows = report.faults.filter { $0.plannedEndMs != nil }.count
        #expect(html.occurrences(of: "<rect class=\"fault-band\"") == windows * 3)
        #expect(html.occurrences(of: "<line class=\"fault-band\"") == 3)  // f3, an instant
        #expect(html.occurrences(of: "<rect class=\"phase-band\"") == 2 * 3)  // warmup and drain
        for f in report.faults { #expect(html.occurrences(of: ">\(f.id) \(f.kind)</text>") == 3) }
        let intervals = report.criteria.map(\.intervals.count).reduce(0, +)
        #expect(html.occurrences(of: "<rect class=\"criterion-mark\"") == intervals * 3)
        let measured = report.criteria[1].measuredText
        #expect(html.contains("fill=\"#cf222e\"><title>c2 ✘ recovery &lt; 30s after each fault: measured \(measured), threshold 30s"))
    }

    @Test func verdictTableAndSections() {
        let report = Fixtures.failing
        let html = HTMLReport.render(report)
        #expect(html.occurrences(of: "<tr class=\"fail\"><td class=\"mark\">✘</td>") == 3)
        #expect(html.occurrences(of: "<tr class=\"pass\"><td class=\"mark\">✔</td>") == 2)
        #expect(html.contains("<span class=\"badge failed\">✘ FAILED</span>"))
        #expect(html.contains(report.planHash) && html.contains(report.runID) && html.contains(report.startedAt))
        for id in ["verdict", "plots", "faults", "phases", "audit", "environment", "notes"] {
            #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)")
        }
        #expect(html.contains("<span class=\"delay\">start +14ms · end +2ms</span>"))  // f5 started 14 ms late
        #expect(html.contains("(above the 10 ms target)"))
    }

    @Test func escapesScriptInScenarioNameAndEverywhereElse() {
        let html = HTMLReport.render(Fixtures.hostile)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("\u{1B}"))
        #expect(!html.contains("]]> -->"))
    }

    @Test(arguments: Fixtures.all)
    func isSelfContained(_ report: RunReport) {
        let html = HTMLReport.render(report)
        let lower = html.lowercased()
        #expect(!lower.contains("<script") && !lower.contains("<link") && !lower.contains("src=") && !lower.contains("@import"))
        let urls = lower.occurrences(of: "http://") + lower.occurrences(of: "https://")
        #expect(urls == lower.occurrences(of: "xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!lower.contains("nan") || !lower.contains(">nan<"))
        #expect(!html.contains("=\"nan\"") && !html.contains("=\"inf") && !html.contains("=\"-inf"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func emptyRunRendersEmptyPlots() {
        let html = HTMLReport.render(Fixtures.empty)
        #expect(html.contains("No samples were recorded."))
        #expect(html.occurrences(of: "<svg ") == 3)
        #expect(html.contains("The timeline has no faults."))
        #expect(html.contains("<span class=\"badge error\">✘ ERROR</span>"))
    }

    @Test func degenerateSeriesBreakLinesAtMissingValues() {
        let html = HTMLReport.render(Fixtures.degenerate)
        // lag [nil, nil, 3, nil, 1]: two isolated points, no path
        let lagPlot = html.components(separatedBy: "id=\"plot-lag\"")[1].components(separatedBy: "</svg>")[0]
        #expect(lagPlot.occurrences(of: "<circle ") == 2)
        #expect(!lagPlot.contains("class=\"series\""))
        #expect(html.contains("not applied"))
    }

    @Test func shortLatenciesArePlottedInMilliseconds() {
        var report = Fixtures.passing
        report.series.latencyP99Ms = report.series.latencyP99Ms.map { $0.map { min($0, 900) } }
        #expect(HTMLReport.render(report).contains(">ms</text>"))
    }

    @Test func passingReportHasNoFailureMarks() {
        let html = HTMLReport.render(Fixtures.passing)
        #expect(!html.contains("<tr class=\"fail\">"))
        #expect(!html.contains("fill=\"#cf222e\"><title>c"))
        #expect(html.contains("<span class=\"badge passed\">✔ PASSED</span>"))
    }

    @Test func reportFilesRenderAllFour() {
        let files = ReportFiles.render(Fixtures.passing)
        #expect(files.map(\.name) == ReportFiles.names)
        #expect(files.allSatisfy { !$0.contents.isEmpty })
    }
}
