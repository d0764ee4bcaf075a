import ArgumentParser
import ChaosCheck
import ChaosSource
import ChaosSyntax
import Foundation

enum ConvertTarget: String, ExpressibleByArgument, CaseIterable { case yaml, chaos }

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a scenario between .chaos and YAML (same plan both ways).",
        discussion: """
        Comments are kept as comments of the target syntax. The converted file compiles to the
        same plan as the original (`chaosrun plan --format json` is byte-identical).

        Examples:
          chaosrun convert scenarios/cascade.chaos --to yaml > cascade.chaos.yaml
          chaosrun convert test_config.yaml --to chaos
        """)

    @Argument(help: "A scenario file (.chaos or YAML).")
    var file: String

    @Option(help: "Target syntax: yaml or chaos.")
    var to: ConvertTarget

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        // Only syntax errors stop a conversion: checker errors carry over faithfully, and the
        // converted file reports them at the corresponding places.
        let r = Frontend.load(path: file)
        var bag = DiagnosticBag()
        let ast = r.readable ? Frontend.parse(r.source, syntax: r.syntax, into: &bag) : ScenarioFile()
        let errors = (r.readable ? bag : r.diagnostics).sorted.filter { $0.severity == .error }
        if !errors.isEmpty || !r.readable {
            let renderer = RichRenderer(color: ScenarioLoader.stderrColor)
            FileHandle.standardError.write(Data((errors.map { renderer.render($0, in: r.source) }.joined(separator: "\n")
                + "\nerror: \(file) has syntax errors; nothing converted\n").utf8))
            throw ExitCode(2)
        }
        let text = switch to {
        case .yaml: YAMLWriter.write(ast, file: r.source)
        case .chaos: ChaosWriter.write(ast, file: r.syntax == .chaos ? r.source : nil)
        }
        if let output { try text.write(toFile: output, atomically: true, encoding: .utf8) } else { print(text, terminator: "") }
    }
}
