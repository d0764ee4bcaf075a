import ArgumentParser
import ChaosCheck
import ChaosSource
import Foundation

/// Output formats for diagnostics.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, short, json, sarif, github
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check scenario files and report every problem, compiler-style.",
        discussion: """
        PATH may be files or directories. Directories are searched recursively for *.chaos,
        *.chaos.yaml and *.chaos.yml; other YAML files are linted only when named.

        Exit status: 0 no errors (warnings allowed, unless --strict), 1 errors found,
        2 usage error or unreadable file.

        Examples:
          chaosrun lint scenarios/
          chaosrun lint --format github scenarios/        # annotations in GitHub Actions
          chaosrun lint --format sarif scenarios/ > chaosrun.sarif
          chaosrun explain E2101                           # what a code means
        """)

    @Argument(help: "Scenario files or directories.")
    var paths: [String]

    @Option(help: "Output format: \(DiagnosticFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Colour: auto (on a terminal), always, never.")
    var color: ColorChoice = .auto

    func run() throws {
        let (files, missing) = ScenarioFinder.expand(paths)
        var results: [CheckedFile] = files.map { Frontend.load(path: $0) }
        results += missing.map { Frontend.load(path: $0) }
        let located = results.flatMap { r in r.diagnostics.sorted.map { LocatedDiagnostic(file: r.source, diagnostic: $0) } }
        print(render(located, files: results), terminator: "")
        if results.contains(where: { !$0.readable }) || (files.isEmpty && missing.isEmpty) {
            if files.isEmpty && missing.isEmpty { FileHandle.standardError.write(Data("error: no scenario files found\n".utf8)) }
            throw ExitCode(2)
        }
        let errors = located.filter { $0.diagnostic.severity == .error }.count
        let warnings = located.filter { $0.diagnostic.severity == .warning }.count
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }

    func render(_ located: [LocatedDiagnostic], files: [CheckedFile]) -> String {
        switch format {
        case .json: return JSONRenderer.render(located)
        case .sarif: return SARIFRenderer.render(located, docs: DiagnosticCatalog.all, toolVersion: ChaosCommand.configuration.version)
        case .github: return located.map { GitHubRenderer.render($0) + "\n" }.joined()
        case .short: return located.map { ShortRenderer.render($0.diagnostic, in: $0.file) + "\n" }.joined()
        case .text:
            let renderer = RichRenderer(color: color.enabled)
            var out = located.map { renderer.render($0.diagnostic, in: $0.file) + "\n" }.joined()
            let errors = located.filter { $0.diagnostic.severity == .error }.count
            let warnings = located.filter { $0.diagnostic.severity == .warning }.count
            let noun = files.count == 1 ? "file" : "files"
            out += "\(files.count) \(noun) checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
            return out
        }
    }
}

/// Expands the paths given to a command into scenario files.
enum ScenarioFinder {
    static let extensions = [".chaos", ".chaos.yaml", ".chaos.yml"]

    /// Files found (sorted, deduplicated) and paths that do not exist (reported as unreadable).
    static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { missing.append(p); continue }
            if !isDir.boolValue { files.append(p); continue }
            guard let e = fm.enumerator(atPath: p) else { missing.append(p); continue }
            var found: [String] = []
            while let rel = e.nextObject() as? String {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                if extensions.contains(where: { rel.hasSuffix($0) }) {
                    found.append(p.hasSuffix("/") ? p + rel : p + "/" + rel)
                }
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, missing)
    }
}
