import ArgumentParser
import ChaosCheck
import Foundation

/// Regenerates the parts of docs/ that come from the language tables.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Regenerate docs/diagnostics.md, docs/scenario.schema.json and the tables of docs/language.md.",
        shouldDisplay: false)

    @Option(help: "The docs directory.")
    var dir = "docs"

    @Flag(help: "Only check that the docs are up to date (exit 1 if not).")
    var check = false

    func run() throws {
        var stale: [String] = []
        let diagnostics = "\(dir)/diagnostics.md"
        try update(diagnostics, DiagnosticCatalog.markdown(), &stale)
        let language = "\(dir)/language.md"
        let current = (try? String(contentsOfFile: language, encoding: .utf8)) ?? ""
        let generated = LanguageReference.markdown()
        let updated: String
        if let a = current.range(of: LanguageReference.beginMarker), let b = current.range(of: LanguageReference.endMarker) {
            updated = String(current[..<a.lowerBound]) + generated.dropLast() + String(current[b.upperBound...])
        } else {
            updated = current + "\n" + generated
        }
        try update(language, updated, &stale)
        try update("\(dir)/scenario.schema.json", ScenarioSchema.json().serialized(pretty: true) + "\n", &stale)
        if check && !stale.isEmpty {
            print("out of date: \(stale.joined(separator: ", ")) (run `chaosrun docs`)")
            throw ExitCode(1)
        }
    }

    func update(_ path: String, _ text: String, _ stale: inout [String]) throws {
        let old = try? String(contentsOfFile: path, encoding: .utf8)
        guard old != text else { return }
        stale.append(path)
        if !check { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    }
}
