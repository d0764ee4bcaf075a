// GitHub Actions workflow commands for a finished run: an `::error` at the source location of
// each failed criterion (shown on the scenario file in the pull request), a `::warning` for each
// fault whose backend reported an error, an `::error` when the run itself failed or was
// interrupted, and one `::notice` with the verdict. Data is escaped as workflow commands require.

/// Renders a `RunReport` as GitHub Actions annotations (print them to standard output in CI).
public enum GitHubAnnotations {
    /// One workflow command per line, ending in a newline.
    public static func render(_ report: RunReport) -> String {
        var lines: [String] = []
        for c in report.criteria where !c.passed {
            var message = "\(c.text): \(JUnitReport.failureMessage(c))"
            for d in c.details { message += "\n\(d)" }
            lines.append(command("error", at: c.source, title: "chaosrun: criterion \(c.id) failed", message))
        }
        for f in report.faults {
            guard let error = f.error else { continue }
            lines.append(command("warning", at: f.source, title: "chaosrun: fault \(f.id) \(f.kind)", "\(f.backend): \(error)"))
        }
        if let runError = JUnitReport.runErrorMessage(report) {
            lines.append(command("error", at: report.file, title: "chaosrun: \(report.scenario)", runError))
        }
        lines.append(command("notice", at: nil, title: "chaosrun", TerminalVerdict.summaryLine(report, style: .plain)))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `::level file=…,line=…,col=…,title=…::message`; the location is left out when `source`
    /// has no line number.
    static func command(_ level: String, at source: String?, title: String, _ message: String) -> String {
        var properties: [String] = []
        if let source {
            if let loc = SourceLocation(source) {
                properties.append("file=" + property(loc.file))
                properties.append("line=\(loc.line)")
                if loc.column > 0 { properties.append("col=\(loc.column)") }
            } else if !source.isEmpty {
                properties.append("file=" + property(source))
            }
        }
        properties.append("title=" + property(title))
        return "::\(level) " + properties.joined(separator: ",") + "::" + data(message)
    }

    /// Message text: `%`, CR and LF escaped; other control characters dropped.
    static func data(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: if u.value >= 0x20 && u.value != 0x7F { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Property values: like `data`, and `:` and `,` escaped.
    static func property(_ s: String) -> String {
        data(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}
