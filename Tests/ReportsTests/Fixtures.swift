// Report fixtures: the built-in passing and failing cascade runs (216 samples, five faults), a
// run with hostile text everywhere, and degenerate runs (no samples, NaN, mismatched lengths,
// extreme times) that every renderer must survive.
import Foundation
import Testing
@testable import Reports

enum Fixtures {
    static let passing = SampleReport.cascade(passing: true)
    static let failing = SampleReport.cascade(passing: false)

    /// Markup, Markdown, control characters and an ESC sequence in every text field.
    static let hostileText = "<script>alert('x')</script> & \"q\" | *b* `c` \u{1B}[31mred\u{1B}[0m \u{01}\u{7F}\nnext"

    static var hostile: RunReport {
        var r = failing
        r.scenario = "<script>alert(1)</script>"
        r.description = hostileText
        r.runID = hostileText
        r.file = "dir:with:colons/<x>.chaos"
        r.environment.append(KeyValue("<k>", hostileText))
        r.notes = [hostileText, "]]> -->"]
        r.audit.worstStreams = [hostileText]
        for i in r.criteria.indices {
            r.criteria[i].text += " | " + hostileText
            r.criteria[i].details.append(hostileText)
            r.criteria[i].source = "dir:with:colons/<x>.chaos:\(30 + i):5"
        }
        for i in r.faults.indices { r.faults[i].kind += "<b>"; r.faults[i].targets.append(hostileText) }
        r.faults[0].error = hostileText
        return r
    }

    /// Nothing measured: a run that failed in setup.
    static var empty: RunReport {
        RunReport(runID: "", scenario: "", description: "", file: "", planHash: "", seed: 0, startedAt: "", durationMs: 0,
                  environment: [], phases: [], faults: [], criteria: [], series: MetricSeries(intervalMs: 0),
                  audit: AuditSummary(produced: 0, processed: 0, lost: 0, duplicates: 0, reordered: 0, worstStreams: [],
                                      retentionDropped: 0),
                  scheduling: SchedulingError(samples: 0, p50Ms: .nan, p99Ms: .infinity, maxMs: -.infinity),
                  verdict: .error, exitCode: 3, notes: ["could not start the embedded cluster"])
    }

    /// NaN and infinite samples, nil gaps, series of different lengths, faults outside the run,
    /// a fault that was never applied, criteria without a measurement and with odd intervals.
    static var degenerate: RunReport {
        var r = passing
        r.durationMs = 0
        r.series = MetricSeries(intervalMs: 1000, tMs: [0, 1000, 2000, 3000, 4000],
                                throughput: [.nan, 5, .infinity, -.infinity, 1e300], inputRate: [1],
                                lag: [nil, nil, 3, nil, 1], latencyP50Ms: [nil], latencyP99Ms: [],
                                errors: [0, 0, 0, 0, 0, 0, 0, 0], crashes: [], cpuPercent: [nil], rssMiB: [])
        r.faults[0].actualStartMs = nil; r.faults[0].actualEndMs = nil
        r.faults[1].plannedStartMs = -5000; r.faults[1].actualEndMs = Int64.max
        r.faults[2].actualStartMs = Int64.min
        r.criteria[0].measured = .nan; r.criteria[0].measuredText = ""; r.criteria[0].passed = false
        r.criteria[1].intervals = [ClosedInterval(9000, 1000), ClosedInterval(Int64.min, Int64.max)]
        r.phases[1].actualEndMs = nil
        r.verdict = .interrupted; r.exitCode = 130
        return r
    }

    static var all: [RunReport] { [passing, failing, hostile, empty, degenerate] }
}

extension String {
    /// Occurrences of `needle` (non-overlapping).
    func occurrences(of needle: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return components(separatedBy: needle).count - 1
    }
}

extension RunReport: CustomTestStringConvertible {
    /// Short argument labels in test output instead of the whole report.
    public var testDescription: String { "\(verdict.rawValue) run of '\(scenario)' (\(criteria.count) criteria)" }
}
