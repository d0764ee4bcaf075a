import ArgumentParser
import ChaosCheck
import ChaosPlan
import ChaosSource
import Foundation

enum PlanFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// Loads and checks a scenario file for commands that need a valid one; prints diagnostics to
/// stderr and exits 2 when it is invalid.
enum ScenarioLoader {
    static func load(_ path: String, scenario name: String?, color: Bool) throws -> [CheckedScenario] {
        let r = Frontend.load(path: path)
        let renderer = RichRenderer(color: color)
        let shown = r.diagnostics.sorted
        if !shown.isEmpty {
            let text = shown.map { renderer.render($0, in: r.source) + "\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
        }
        if r.diagnostics.hasErrors || !r.readable {
            FileHandle.standardError.write(Data("error: \(path) is not a valid scenario (\(r.diagnostics.errorCount) error(s))\n".utf8))
            throw ExitCode(2)
        }
        guard let name else { return r.scenarios }
        let chosen = r.scenarios.filter { $0.name == name }
        if chosen.isEmpty {
            let names = r.scenarios.map(\.name)
            throw ValidationError("no scenario named '\(name)' in \(path); it has: \(names.joined(separator: ", "))")
        }
        return chosen
    }

    static var stderrColor: Bool { isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show exactly what a run would do, in order, to which targets.",
        discussion: """
        Compiles the scenario into its execution plan: phases, generators with their seeds, every
        fault injection and removal at its planned time, rolling restarts expanded broker by broker
        with health gates, and each criterion's window as concrete intervals.

        The JSON form is the plan itself (schema: docs/plan-schema.json). A .chaos file and its
        YAML twin give byte-identical JSON; the hash identifies the plan in reports.

        Examples:
          chaosrun plan scenarios/cascade.chaos
          chaosrun plan --format json scenarios/cascade.chaos > plan.json
        """)

    @Argument(help: "A scenario file (.chaos or YAML).")
    var file: String

    @Option(help: "text (table and Gantt chart) or json.")
    var format: PlanFormat = .text

    @Option(help: "Pick one scenario of a file that holds several.")
    var scenario: String?

    func run() throws {
        let scenarios = try ScenarioLoader.load(file, scenario: scenario, color: ScenarioLoader.stderrColor)
        let plans = scenarios.map(PlanCompiler.compile)
        switch format {
        case .json:
            if plans.count == 1 { print(PlanJSON.render(plans[0]), terminator: "") } else {
                print("[\n" + plans.map { PlanJSON.render($0).trimmingCharacters(in: .newlines) }.joined(separator: ",\n") + "\n]")
            }
        case .text:
            print(plans.map { PlanText.render($0) }.joined(separator: "\n"), terminator: "")
        }
    }
}
