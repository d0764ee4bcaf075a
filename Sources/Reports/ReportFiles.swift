// The set of files `--report-dir` receives, rendered in memory. Writing them is the caller's job
// (the CLI or the interpreter), so Reports stays free of I/O.

/// One rendered report file.
public struct ReportFile: Sendable, Equatable {
    /// File name inside the report directory, e.g. `report.json`.
    public var name: String
    /// UTF-8 text.
    public var contents: String
    public init(name: String, contents: String) { self.name = name; self.contents = contents }
}

/// Renders every report file of a run.
public enum ReportFiles {
    /// The file names, in the order `render` returns them.
    public static let names = ["report.json", "junit.xml", "summary.md", "report.html"]

    /// The default report directory, relative to the working directory:
    /// `chaos-results/<scenario>-<start time>` with the start time as `20261125T140211Z` and
    /// anything but letters, digits, `.`, `_` and `-` in the scenario name replaced by `_`.
    public static func defaultDirectory(for report: RunReport) -> String {
        var name = fileSafe(report.scenario)
        while name.hasPrefix(".") { name = "_" + name.dropFirst() }
        let digits = report.startedAt.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "T" }.prefix(15)
        var time = String(String.UnicodeScalarView(digits))
        if !time.isEmpty && report.startedAt.hasSuffix("Z") { time += "Z" }
        return "chaos-results/" + (name.isEmpty ? "run" : name) + (time.isEmpty ? "" : "-" + time)
    }

    /// `s` with anything but ASCII letters, digits, `.`, `_` and `-` replaced by `_`.
    static func fileSafe(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || "._-".unicodeScalars.contains(u) ? u : "_"
        }))
    }

    /// report.json, junit.xml, summary.md and report.html for `report`.
    public static func render(_ report: RunReport) -> [ReportFile] {
        [
            ReportFile(name: "report.json", contents: ReportJSON.render(report)),
            ReportFile(name: "junit.xml", contents: JUnitReport.render(report)),
            ReportFile(name: "summary.md", contents: MarkdownSummary.render(report)),
            ReportFile(name: "report.html", contents: HTMLReport.render(report)),
        ]
    }
}
