// junit.xml: one <testsuite> named after the scenario, one <testcase> per criterion (classname =
// scenario, name = the criterion's canonical text). A failed criterion carries a <failure> whose
// message is `measured X, threshold Y` and whose body adds the source location and details. A run
// that ended in an environment error or an interrupt adds one `run` test case with an <error>, so
// CI never shows such a run as green. Every text and attribute is escaped.

/// Renders a `RunReport` as JUnit XML for CI test-report viewers.
public enum JUnitReport {
    /// The junit.xml text (UTF-8, a trailing newline).
    public static func render(_ report: RunReport) -> String {
        let r = report
        let failures = r.criteria.filter { !$0.passed }.count
        let runError = runErrorMessage(r)
        let tests = r.criteria.count + (runError == nil ? 0 : 1)
        let errors = runError == nil ? 0 : 1
        let time = seconds(runSpanMs(r))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"chaosrun\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time)\">\n"
        out += "  <testsuite name=\"\(attr(r.scenario))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\""
        out += " skipped=\"0\" time=\"\(time)\" timestamp=\"\(attr(r.startedAt))\">\n"
        out += properties(r)
        for c in r.criteria { out += testCase(c, scenario: r.scenario) }
        if let runError { out += errorCase(runError, scenario: r.scenario, file: r.file) }
        if !r.notes.isEmpty {
            out += "    <system-out>" + Escape.markup(r.notes.joined(separator: "\n")) + "</system-out>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// The failure message of a criterion: `measured 41.2s, threshold 30s`.
    public static func failureMessage(_ c: CriterionResult) -> String {
        let measured = c.measuredText.isEmpty ? "nothing (not measurable)" : c.measuredText
        return "measured \(measured), threshold \(c.threshold)"
    }

    static func properties(_ r: RunReport) -> String {
        var props: [(String, String)] = [
            ("plan_hash", r.planHash), ("seed", String(r.seed)), ("run_id", r.runID), ("file", r.file),
            ("started_at", r.startedAt), ("verdict", r.verdict.rawValue), ("exit_code", String(r.exitCode)),
        ]
        props += r.environment.map { ("env.\($0.key)", $0.value) }
        var out = "    <properties>\n"
        for (name, value) in props {
            out += "      <property name=\"\(attr(name))\" value=\"\(attr(value))\"/>\n"
        }
        return out + "    </properties>\n"
    }

    static func testCase(_ c: CriterionResult, scenario: String) -> String {
        var out = "    <testcase classname=\"\(attr(scenario))\" name=\"\(attr(c.text))\""
        if let loc = SourceLocation(c.source) { out += " file=\"\(attr(loc.file))\" line=\"\(loc.line)\"" }
        out += " time=\"0\""
        if c.passed { return out + "/>\n" }
        out += ">\n"
        var body = [failureMessage(c), "at \(c.source)"]
        if !c.window.isEmpty { body.append("window: \(c.window)") }
        body += c.details
        out += "      <failure message=\"\(attr(failureMessage(c)))\" type=\"criterion-failed\">"
        out += Escape.markup(body.joined(separator: "\n")) + "</failure>\n"
        return out + "    </testcase>\n"
    }

    static func errorCase(_ message: String, scenario: String, file: String) -> String {
        var out = "    <testcase classname=\"\(attr(scenario))\" name=\"run\" file=\"\(attr(file))\" time=\"0\">\n"
        out += "      <error message=\"\(attr(message))\" type=\"run-error\">" + Escape.markup(message) + "</error>\n"
        return out + "    </testcase>\n"
    }

    /// Why the run itself did not finish normally, or nil.
    static func runErrorMessage(_ r: RunReport) -> String? {
        switch r.verdict {
        case .passed, .failed: return nil
        case .error: return "the environment failed (exit \(r.exitCode))" + noteSuffix(r)
        case .interrupted: return "the run was interrupted (exit \(r.exitCode)); faults were rolled back" + noteSuffix(r)
        }
    }

    static func noteSuffix(_ r: RunReport) -> String {
        r.notes.first.map { ": \($0)" } ?? ""
    }

    /// The run's real length: the latest actual phase end, else the planned duration.
    static func runSpanMs(_ r: RunReport) -> Int64 {
        let ends = r.phases.compactMap { $0.actualEndMs }
        return max(0, ends.max() ?? r.durationMs)
    }

    static func seconds(_ ms: Int64) -> String { ReportFormat.fixed(Double(ms) / 1000, 3) }
    static func attr(_ s: String) -> String { Escape.attribute(s) }
}
