import Testing
@testable import Reports

@Suite struct SampleReportTests {
    @Test func samplesAreRealisticRuns() {
        for report in [Fixtures.passing, Fixtures.failing] {
            #expect(report.series.tMs.count >= 200)
            #expect(report.faults.count == 5)
            let n = report.series.tMs.count
            let s = report.series
            #expect([s.throughput.count, s.inputRate.count, s.lag.count, s.latencyP50Ms.count, s.latencyP99Ms.count,
                     s.errors.count, s.crashes.count, s.cpuPercent.count, s.rssMiB.count].allSatisfy { $0 == n })
            // The engine stalls during the partition: no throughput, no latency, growing lag.
            let partition = s.tMs.indices.filter { (41_000..<70_000).contains(s.tMs[$0]) }
            #expect(partition.allSatisfy { s.throughput[$0] == 0 && s.latencyP99Ms[$0] == nil })
            #expect((s.lag[partition.last!] ?? 0) > 100_000)
        }
        #expect(Fixtures.passing.criteria.allSatisfy { $0.passed })
        #expect(Fixtures.passing.verdict == .passed && Fixtures.passing.exitCode == 0)
        #expect(Fixtures.failing.criteria.filter { !$0.passed }.map(\.id) == ["c2", "c3", "c5"])
        #expect(Fixtures.failing.verdict == .failed && Fixtures.failing.exitCode == 1)
    }

    @Test func recoveryIsMeasuredOnTheSeries() {
        let recovery = Fixtures.failing.criteria[1]
        #expect(recovery.measured ?? 0 > 30)
        #expect(recovery.intervals.count == 5)
        #expect(Fixtures.passing.criteria[1].measured ?? 99 < 30)
    }

    @Test func soakRunsAreThinnedInThePlots() {
        var report = Fixtures.passing
        let n = 50_000
        report.durationMs = Int64(n) * 1000
        report.series = MetricSeries(intervalMs: 1000, tMs: (0..<n).map { Int64($0) * 1000 },
                                     throughput: (0..<n).map { Double($0 % 97) }, inputRate: Array(repeating: 50, count: n),
                                     lag: (0..<n).map { $0 == 31_337 ? 1e6 : Double($0 % 13) })
        let html = HTMLReport.render(report)
        let lagPlot = html.components(separatedBy: "id=\"plot-lag\"")[1].components(separatedBy: "</svg>")[0]
        #expect(lagPlot.occurrences(of: "L") < 6000)
        #expect(lagPlot.contains("L") && html.count < 2_000_000)
        #expect(ReportJSON.render(report).contains("1000000"))
    }
}

@Suite struct GitHubAndFilesTests {
    @Test func failedCriteriaBecomeErrorsAtTheirSource() {
        let text = GitHubAnnotations.render(Fixtures.failing)
        let lines = text.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("::error ") }
        #expect(errors.count == 3)
        #expect(errors[0].hasPrefix("::error file=scenarios/cascade.chaos,line=32,col=5,title=chaosrun%3A criterion c2 failed::recovery < 30s after each fault: measured "))
        #expect(errors[0].contains("%0Af1 network_partition: "))
        #expect(lines.filter { $0.hasPrefix("::warning file=scenarios/cascade.chaos,line=27,col=7,title=chaosrun%3A fault f5 cpu_spike::built-in stressor: stress-ng exited") }.count == 1)
        #expect(lines.last == "::notice title=chaosrun::FAILED  cascade_failure: 3 of 5 criteria failed (exit 1)")
    }

    @Test func passingRunIsOneNotice() {
        #expect(GitHubAnnotations.render(Fixtures.passing) == "::notice title=chaosrun::PASSED  cascade_failure: 5 of 5 criteria held (exit 0)\n")
    }

    @Test func annotationsStayOneLinePerCommand() {
        for report in Fixtures.all {
            let text = GitHubAnnotations.render(report)
            for line in text.split(separator: "\n") { #expect(line.hasPrefix("::"), "\(line)") }
            #expect(!text.contains("\u{1B}") && !text.contains("\r"))
        }
        #expect(GitHubAnnotations.render(Fixtures.empty).contains("::error title=chaosrun%3A ::the environment failed (exit 3): could not start the embedded cluster"))
    }

    @Test func defaultDirectoryIsFileSafe() {
        #expect(ReportFiles.defaultDirectory(for: Fixtures.passing) == "chaos-results/cascade_failure-20261125T140211Z")
        #expect(ReportFiles.defaultDirectory(for: Fixtures.hostile).hasPrefix("chaos-results/_script_alert_1___script_-"))
        #expect(ReportFiles.defaultDirectory(for: Fixtures.empty) == "chaos-results/run")
        var dots = Fixtures.passing
        dots.scenario = "../../etc"
        dots.startedAt = "2026-11-25T14:02:11.532Z"
        #expect(ReportFiles.defaultDirectory(for: dots) == "chaos-results/_._.._etc-20261125T140211Z")
    }
}
