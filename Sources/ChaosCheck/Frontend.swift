// One entry point for every command: read a file, pick the front end by extension, parse,
// check. Bounded: files over `maxFileSize` are refused before parsing.
import ChaosSource
import ChaosSyntax
import ChaosYAML
#if canImport(Glibc)
import Glibc
#endif

/// Which syntax a file is written in.
public enum SourceSyntax: String, Sendable {
    case chaos, yaml

    /// `.yaml`/`.yml` (including `.chaos.yaml`) is YAML; everything else is `.chaos`.
    public static func of(path: String) -> SourceSyntax {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? .yaml : .chaos
    }
}

/// A parsed and checked file.
public struct CheckedFile: Sendable {
    public var source: SourceFile
    public var syntax: SourceSyntax
    public var ast: ScenarioFile
    public var scenarios: [CheckedScenario]
    public var diagnostics: DiagnosticBag
    /// False when the file could not be read at all (exit code 2 territory).
    public var readable: Bool
}

public enum Frontend {
    /// Largest accepted source file (8 MiB); real scenarios are a few KiB.
    public static let maxFileSize = 8 << 20

    /// Reads, parses and checks a file.
    public static func load(path: String) -> CheckedFile {
        switch readFile(path) {
        case .success(let bytes):
            return check(SourceFile(path: path, bytes: bytes), syntax: .of(path: path))
        case .failure(let problem):
            let file = SourceFile(path: path, bytes: [])
            var bag = DiagnosticBag()
            bag.add(problem.diagnostic)
            return CheckedFile(source: file, syntax: .of(path: path), ast: ScenarioFile(), scenarios: [], diagnostics: bag,
                               readable: problem.isReadable)
        }
    }

    /// Parses and checks source text that is already in memory.
    public static func check(_ file: SourceFile, syntax: SourceSyntax) -> CheckedFile {
        var bag = DiagnosticBag()
        let ast = parse(file, syntax: syntax, into: &bag)
        var scenarios: [CheckedScenario] = []
        if ast.scenarios.isEmpty {
            if !bag.hasErrors {
                bag.add(Diagnostic(.noScenario, "file contains no scenario", at: .at(0),
                                   help: [syntax == .yaml ? "start with 'scenario:' and a mapping" : "start with: scenario \"name\" { … }"]))
            }
        } else {
            scenarios = Checker.check(ast, into: &bag)
        }
        return CheckedFile(source: file, syntax: syntax, ast: ast, scenarios: scenarios, diagnostics: bag, readable: true)
    }

    /// Parses with the front end of `syntax`.
    public static func parse(_ file: SourceFile, syntax: SourceSyntax, into bag: inout DiagnosticBag) -> ScenarioFile {
        switch syntax {
        case .chaos: ChaosParser.parse(file, into: &bag)
        case .yaml: YAMLFrontend.parse(file, into: &bag)
        }
    }

    struct ReadProblem: Error {
        var diagnostic: Diagnostic
        var isReadable: Bool
    }

    static func readFile(_ path: String) -> Result<[UInt8], ReadProblem> {
        guard let fp = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            return .failure(ReadProblem(diagnostic: Diagnostic(.fileUnreadable, "cannot read '\(path)': \(reason.lowercased())", at: .at(0)),
                                        isReadable: false))
        }
        defer { fclose(fp) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, fp)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if bytes.count > maxFileSize {
                return .failure(ReadProblem(diagnostic: Diagnostic(.fileTooLarge, "'\(path)' is larger than \(maxFileSize >> 20) MiB; scenario files are refused above that size", at: .at(0)),
                                            isReadable: true))
            }
            if n < chunk.count {
                if ferror(fp) != 0 {
                    return .failure(ReadProblem(diagnostic: Diagnostic(.fileUnreadable, "cannot read '\(path)': read error", at: .at(0)), isReadable: false))
                }
                break
            }
        }
        return .success(bytes)
    }
}
