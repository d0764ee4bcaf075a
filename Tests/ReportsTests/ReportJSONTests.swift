import Foundation
import Testing
@testable import Reports

@Suite struct ReportJSONTests {
    func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test(arguments: Fixtures.all)
    func isValidJSONAndDeterministic(_ report: RunReport) throws {
        let text = ReportJSON.render(report)
        #expect(text == ReportJSON.render(report))
        #expect(text.hasSuffix("}\n"))
        let doc = try parse(text)
        #expect(doc["format"] as? Int == 1)
        #expect(doc["scenario"] as? String == report.scenario)
    }

    @Test func hasEveryFieldOfRunReport() throws {
        let doc = try parse(ReportJSON.render(Fixtures.failing))
        let expected: Set = [
            "format", "run_id", "scenario", "description", "file", "plan_hash", "seed", "started_at", "duration_ms",
            "verdict", "exit_code", "summary", "environment", "phases", "faults", "criteria", "series", "audit",
            "scheduling", "notes",
        ]
        #expect(Set(doc.keys) == expected)
        #expect(doc["seed"] as? Int == 42)
        #expect(doc["verdict"] as? String == "failed")
        #expect(doc["exit_code"] as? Int == 1)
        let summary = try #require(doc["summary"] as? [String: Int])
        #expect(summary == ["criteria": 5, "passed": 2, "failed": 3])
        let series = try #require(doc["series"] as? [String: Any])
        #expect(Set(series.keys) == ["interval_ms", "t_ms", "throughput", "input_rate", "lag", "latency_p50_ms",
                                     "latency_p99_ms", "errors", "crashes", "cpu_percent", "rss_mib"])
        #expect((series["t_ms"] as? [Int])?.count == Fixtures.failing.series.tMs.count)
        let env = try #require(doc["environment"] as? [[String: String]])
        #expect(env.map { $0["key"] ?? "" } == Fixtures.failing.environment.map(\.key))
    }

    @Test func containsEveryCriterion() throws {
        let report = Fixtures.failing
        let criteria = try #require(try parse(ReportJSON.render(report))["criteria"] as? [[String: Any]])
        #expect(criteria.count == report.criteria.count)
        for (json, c) in zip(criteria, report.criteria) {
            #expect(json["id"] as? String == c.id)
            #expect(json["text"] as? String == c.text)
            #expect(json["passed"] as? Bool == c.passed)
            #expect(json["threshold"] as? String == c.threshold)
            #expect(json["source"] as? String == c.source)
            #expect((json["intervals"] as? [[Int]])?.count == c.intervals.count)
        }
    }

    @Test func faultsKeepPlannedAndActualTimes() throws {
        let faults = try #require(try parse(ReportJSON.render(Fixtures.failing))["faults"] as? [[String: Any]])
        #expect(faults.count == 5)
        #expect(faults[2]["planned_end_ms"] is NSNull)
        #expect(faults[4]["actual_start_ms"] as? Int == 120_014)
        #expect(faults[4]["error"] as? String != nil)
        #expect(faults[0]["error"] is NSNull)
    }

    @Test func roundsNumbersAndWritesNonFiniteAsNull() throws {
        var report = Fixtures.degenerate
        report.series.inputRate = [1.0 / 3.0, 2.00049, 0.1 + 0.2]
        let text = ReportJSON.render(report)
        let series = try #require(try parse(text)["series"] as? [String: Any])
        let input = try #require(series["input_rate"] as? [Double])
        #expect(input == [0.333, 2, 0.3])
        let throughput = try #require(series["throughput"] as? [Any])
        #expect(throughput[0] is NSNull && throughput[2] is NSNull && throughput[3] is NSNull)
        #expect(!text.contains("nan") && !text.contains("inf"))
        let criteria = try #require(try parse(text)["criteria"] as? [[String: Any]])
        #expect(criteria[0]["measured"] is NSNull)
    }
}

@Suite struct ReportJSONLayoutTests {
    @Test func seriesAreOneLineEachAndTheLayoutIsStable() throws {
        let text = ReportJSON.render(Fixtures.passing)
        let lines = text.split(separator: "\n")
        #expect(lines.count < 400)
        #expect(lines.contains { $0.hasPrefix("    \"t_ms\": [0, 1250, 2500, ") })
        #expect(text.contains("\"intervals\": [\n        [0, 268750]\n      ],"))
        #expect(text.contains("\"targets\": [\"kafka <-> tda\"]\n"))
        #expect(text.contains("\"details\": [],"))
        #expect(text.hasPrefix("{\n  \"audit\": {\n    \"duplicates\": 0,\n"))
    }
}
