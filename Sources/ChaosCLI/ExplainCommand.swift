import ArgumentParser
import ChaosCheck
import ChaosSource

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code.",
        discussion: """
        Examples:
          chaosrun explain E2101
          chaosrun explain unknown-target
          chaosrun explain --all                 # list every code
          chaosrun explain --all --markdown      # the docs/diagnostics.md reference
        """)

    @Argument(help: "A code like E2101 or a name like unknown-target.")
    var code: String?

    @Flag(help: "List every diagnostic.")
    var all = false

    @Flag(help: "Print Markdown (with --all: the whole reference).")
    var markdown = false

    func run() throws {
        if all {
            if markdown { print(DiagnosticCatalog.markdown(), terminator: ""); return }
            for d in DiagnosticCatalog.all { print("\(d.code.code)  \(d.code.name.padded(30)) \(d.summary)") }
            return
        }
        guard let code else { throw ValidationError("give a code like E2101, or --all") }
        guard let doc = DiagnosticCatalog.find(code) else {
            let names = DiagnosticCatalog.all.flatMap { [$0.code.code, $0.code.name] }
            let hint = Suggest.closest(to: code, in: names).map { " (did you mean \($0)?)" } ?? ""
            throw ValidationError("unknown diagnostic '\(code)'\(hint); `chaosrun explain --all` lists them")
        }
        print("\(doc.code.code) \(doc.code.name) (\(doc.code.severity.rawValue)): \(doc.summary)\n")
        print(doc.explanation)
        print("\nExample:\n")
        for line in doc.example.split(separator: "\n", omittingEmptySubsequences: false) { print("    \(line)") }
    }
}

extension String {
    func padded(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
}
