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
