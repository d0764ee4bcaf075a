// `chaosrun report-sample --output DIR` (hidden): writes report.json, junit.xml, summary.md and
// report.html of a built-in cascade run, for the headless-browser check and the docs screenshot.
import ArgumentParser
import Foundation
import Reports

/// Writes the report files of a built-in sample run (no Kafka, no engine).
struct ReportSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-sample",
        abstract: "Write the report files of a built-in sample run (for report tests and docs).",
        shouldDisplay: false)

    @Option(name: [.short, .long], help: "Directory to write the report files into (created if missing).")
    var output: String

    @Flag(help: "Write the passing sample instead of the failing one.")
    var passing = false

    @Flag(help: "Colour the verdict table printed to standard output.")
    var color = false

    func run() throws {
        let report = SampleReport.cascade(passing: passing)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for file in ReportFiles.render(report) {
            let path = (output as NSString).appendingPathComponent(file.name)
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
        print(TerminalVerdict.render(report, style: color ? .ansi : .plain), terminator: "")
    }
}
