import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

@Suite struct JUnitReportTests {
    func parse(_ xml: String) throws -> XMLDocument {
        try XMLDocument(data: Data(xml.utf8), options: [])
    }

    func testCases(_ doc: XMLDocument) throws -> [XMLElement] {
        try doc.nodes(forXPath: "/testsuites/testsuite/testcase").compactMap { $0 as? XMLElement }
    }

    @Test(arguments: Fixtures.all)
    func isWellFormedXML(_ report: RunReport) throws {
        let doc = try parse(JUnitReport.render(report))
        let suite = try #require(try doc.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "name")?.stringValue == report.scenario)
    }

    @Test func oneTestCasePerCriterionNamedByItsText() throws {
        let report = Fixtures.passing
        let cases = try testCases(parse(JUnitReport.render(report)))
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == report.criteria.map(\.text))
        #expect(cases.allSatisfy { $0.attribute(forName: "classname")?.stringValue == "cascade_failure" })
        #expect(cases.allSatisfy { $0.elements(forName: "failure").isEmpty })
        #expect(cases[1].attribute(forName: "file")?.stringValue == "scenarios/cascade.chaos")
        #expect(cases[1].attribute(forName: "line")?.stringValue == "32")
    }

    @Test func failuresMatchFailingCriteriaExactly() throws {
        let report = Fixtures.failing
        let doc = try parse(JUnitReport.render(report))
        let failed = try testCases(doc).filter { !$0.elements(forName: "failure").isEmpty }
        let expected = report.criteria.filter { !$0.passed }
        #expect(failed.map { $0.attribute(forName: "name")?.stringValue } == expected.map(\.text))
        for (element, c) in zip(failed, expected) {
            let failure = try #require(element.elements(forName: "failure").first)
            #expect(failure.attribute(forName: "message")?.stringValue == "measured \(c.measuredText), threshold \(c.threshold)")
            #expect(failure.stringValue?.contains("at \(c.source)") == true)
        }
        let suite = try #require(try doc.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "failures")?.stringValue == "3")
        #expect(suite.attribute(forName: "tests")?.stringValue == "5")
        #expect(suite.attribute(forName: "errors")?.stringValue == "0")
    }

    @Test func propertiesCarryPlanHashSeedAndRunID() throws {
        let report = Fixtures.failing
        let props = try parse(JUnitReport.render(report)).nodes(forXPath: "//properties/property").compactMap { $0 as? XMLElement }
        var values: [String: String] = [:]
        for p in props { values[p.attribute(forName: "name")?.stringValue ?? ""] = p.attribute(forName: "value")?.stringValue }
        #expect(values["plan_hash"] == report.planHash)
        #expect(values["seed"] == "42")
        #expect(values["run_id"] == report.runID)
        #expect(values["env.librdkafka"] == "2.0.2")
    }

    @Test func hostileTextRoundTripsThroughEscaping() throws {
        let report = Fixtures.hostile
        let cases = try testCases(parse(JUnitReport.render(report)))
        let expectedName = Escape.markup(report.criteria[0].text)  // control characters replaced
        #expect(cases[0].attribute(forName: "name")?.stringValue?.contains("<script>alert('x')</script> & \"q\"") == true)
        #expect(cases[0].attribute(forName: "name")?.stringValue?.contains("\n") == true)
        #expect(!expectedName.contains("\u{1B}"))
        #expect(cases[0].attribute(forName: "file")?.stringValue == "dir:with:colons/<x>.chaos")
    }

    @Test func runErrorsBecomeAnErrorTestCase() throws {
        let doc = try parse(JUnitReport.render(Fixtures.empty))
        let cases = try testCases(doc)
        #expect(cases.count == 1)
        #expect(cases[0].attribute(forName: "name")?.stringValue == "run")
        let error = try #require(cases[0].elements(forName: "error").first)
        #expect(error.attribute(forName: "message")?.stringValue?.contains("could not start the embedded cluster") == true)
        let interrupted = try testCases(parse(JUnitReport.render(Fixtures.degenerate)))
        #expect(interrupted.count == Fixtures.degenerate.criteria.count + 1)
    }
}
