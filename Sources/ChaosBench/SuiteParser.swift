// The `.bench` suite format: a small `.chaos`-like language, parsed with the project's
// diagnostics (codes E7001–E7005, rendered by ChaosSource's renderers).
//
//   suite "NAME" {
//     description "TEXT"
//     seed 42 | iterations 10 | warmup 3
//     window 200 | stride 10 | embed 3 | delay 1 | maxdim 1 | threshold 2.5 | scales [1, 2, 4]
//     benchmark "NAME" points: 10000, scales: [1, 2], baseline: 100ms, iterations: 4, warmup: 0,
//                      window: 100, stride: 5, embed: 3, delay: 1
//   }
//
// Comments run from `//` or `#` to the end of the line. The parser recovers at the next
// setting keyword, so one typo gives one error.
import ChaosSource
import TDA

/// Stable codes of suite-file diagnostics.
public enum BenchDiagnosticCode {
    public static let syntax = DiagnosticCode("E7001", "bench-syntax")
    public static let unknownSetting = DiagnosticCode("E7002", "bench-unknown-setting")
    public static let invalidValue = DiagnosticCode("E7003", "bench-invalid-value")
    public static let duplicateName = DiagnosticCode("E7004", "bench-duplicate-name")
    public static let emptySuite = DiagnosticCode("E7005", "bench-empty-suite")
}

/// Parses `.bench` files into suites, with diagnostics.
public struct BenchSuiteParser {
    /// What a parse produced: the suites without errors, and every diagnostic.
    public struct Output: Sendable {
        public var file: SourceFile
        public var suites: [BenchSuite]
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    static let suiteSettings = ["description", "seed", "iterations", "warmup", "window", "stride", "embed", "delay",
                                "maxdim", "threshold", "scales", "benchmark"]
    static let benchmarkFields = ["points", "scales", "baseline", "iterations", "warmup", "window", "stride", "embed", "delay"]

    var tokens: [BenchToken]
    var index = 0
    var bag = DiagnosticBag()
    let file: SourceFile

    /// Parses one file's text.
    public static func parse(path: String, text: String) -> Output {
        let file = SourceFile(path: path, text: text)
        var parser = BenchSuiteParser(tokens: BenchLexer.tokens(file.bytes), file: file)
        let suites = parser.parseFile()
        return Output(file: file, suites: suites, diagnostics: parser.bag.sorted)
    }

    init(tokens: [BenchToken], file: SourceFile) {
        self.tokens = tokens
        self.file = file
    }

    var current: BenchToken { tokens[index] }
    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func text(_ t: BenchToken) -> String { t.kind == .end ? "the end of the file" : "'\(file.text(of: t.range))'" }

    mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                        notes: [String] = [], help: [String] = [], fixits: [FixIt] = []) {
        bag.add(Diagnostic(code, message, at: range, notes: notes, help: help, fixits: fixits))
    }

    mutating func parseFile() -> [BenchSuite] {
        var suites: [BenchSuite] = []
        var names: [String: SourceRange] = [:]
        while current.kind != .end {
            guard current.kind == .word, current.text == "suite" else {
                var notes = ["a suite file holds blocks like 'suite \"name\" { benchmark \"a\" points: 1000 }' (docs/bench.md)"]
                if file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") {
                    notes.append("the seed's test_config.yaml 'benchmarks:' keys are options: --seed, --warmup, --iterations")
                }
                error(BenchDiagnosticCode.syntax, "expected 'suite \"NAME\" {', found \(text(current))", at: current.range,
                      notes: notes)
                advance()
                while current.kind != .end && !(current.kind == .word && current.text == "suite") { advance() }
                continue
            }
            let start = current.range
            advance()
            let errorsBefore = bag.errorCount
            guard let (name, nameRange) = expectString("a suite name in quotes") else { skipBlock(); continue }
            if let first = names[name] {
                let loc = file.location(of: first.start)
                error(BenchDiagnosticCode.duplicateName, "suite '\(name)' is declared twice", at: nameRange,
                      notes: ["first declared at line \(loc.line)"])
            }
            names[name] = nameRange
            var suite = BenchSuite(name: name, description: "", seed: nil, iterations: nil, warmup: nil, benchmarks: [], path: file.path)
            parseSuiteBody(&suite, opener: start)
            if suite.benchmarks.isEmpty && bag.errorCount == errorsBefore {
                error(BenchDiagnosticCode.emptySuite, "suite '\(name)' declares no benchmark", at: nameRange,
                      help: ["add a line like 'benchmark \"small\" points: 1000'"])
            }
            if bag.errorCount == errorsBefore { suites.append(suite) }
        }
        return suites
    }

    mutating func skipBlock() {
        while current.kind != .end && current.kind != .rightBrace { advance() }
        advance()
    }

    mutating func expectString(_ what: String) -> (String, SourceRange)? {
        guard current.kind == .string else {
            error(BenchDiagnosticCode.syntax, "expected \(what), found \(text(current))", at: current.range)
            return nil
        }
        defer { advance() }
        return (current.text, current.range)
    }
}
