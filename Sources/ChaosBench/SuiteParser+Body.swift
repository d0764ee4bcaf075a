// The inside of a `suite { … }` block: settings and benchmark lines.
import ChaosSource
import TDA

/// A value in a suite file.
enum BenchValue {
    case integer(Int), number(Double), seconds(Double), string(String), list([Int])
}

struct PendingBenchmark {
    var name: String
    var range: SourceRange
    var fields: [String: (BenchValue, SourceRange)] = [:]
}

extension BenchSuiteParser {
    mutating func parseSuiteBody(_ suite: inout BenchSuite, opener: SourceRange) {
        guard current.kind == .leftBrace else {
            error(BenchDiagnosticCode.syntax, "expected '{' after the suite name, found \(text(current))", at: current.range)
            skipBlock()
            return
        }
        advance()
        var windows = BenchSuite.engineDefaultWindows
        var pending: [PendingBenchmark] = []
        while current.kind != .rightBrace && current.kind != .end {
            guard current.kind == .word else {
                error(BenchDiagnosticCode.syntax, "expected a setting or 'benchmark', found \(text(current))", at: current.range)
                recover()
                continue
            }
            let key = current.text, keyRange = current.range
            guard Self.suiteSettings.contains(key) else {
                unknown(key, at: keyRange, in: Self.suiteSettings, what: "suite setting")
                advance()
                recover()
                continue
            }
            advance()
            if key == "benchmark" {
                if let b = parseBenchmarkLine(existing: pending) { pending.append(b) }
                continue
            }
            guard let (value, range) = parseValue() else { recover(); continue }
            apply(key, value, range, to: &suite, windows: &windows)
        }
        if current.kind == .end {
            error(BenchDiagnosticCode.syntax, "expected '}' to close the suite, found the end of the file", at: current.range,
                  notes: ["the suite opens here: line \(file.location(of: opener.start).line)"])
        }
        advance()
        suite.benchmarks = pending.compactMap { resolve($0, base: windows) }
    }

    /// Skips to the next setting keyword, `}` or the end.
    mutating func recover() {
        while current.kind != .end && current.kind != .rightBrace
            && !(current.kind == .word && Self.suiteSettings.contains(current.text)) { advance() }
    }

    mutating func unknown(_ word: String, at range: SourceRange, in candidates: [String], what: String) {
        var help: [String] = [], fixits: [FixIt] = []
        if let s = Suggest.closest(to: word, in: candidates) {
            help = ["did you mean '\(s)'?"]
            fixits = [FixIt(range: range, replacement: s, message: "replace '\(word)' with '\(s)'")]
        }
        error(BenchDiagnosticCode.unknownSetting, "unknown \(what) '\(word)'", at: range,
              notes: ["expected one of: " + candidates.joined(separator: ", ")], help: help, fixits: fixits)
    }

    mutating func parseValue() -> (BenchValue, SourceRange)? {
        let t = current
        switch t.kind {
        case .string: advance(); return (.string(t.text), t.range)
        case .number:
            advance()
            if let unit = t.unit {
                let scale: Double? = ["us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60][unit]
                guard let scale, let v = Double(t.text) else {
                    error(BenchDiagnosticCode.invalidValue, "unknown unit '\(unit)' in \(text(t))", at: t.range,
                          notes: ["durations are written like '10ms', '1s' or '250us'"])
                    return nil
                }
                return (.seconds(v * scale), t.range)
            }
            if let i = Int(t.text) { return (.integer(i), t.range) }
            if let d = Double(t.text) { return (.number(d), t.range) }
            error(BenchDiagnosticCode.invalidValue, "expected a number, found \(text(t))", at: t.range)
            return nil
        case .leftBracket:
            advance()
            var items: [Int] = []
            while current.kind == .number, current.unit == nil, let i = Int(current.text) {
                items.append(i)
                advance()
                if current.kind == .comma { advance() } else { break }
            }
            guard current.kind == .rightBracket else {
                error(BenchDiagnosticCode.syntax, "expected a list of integers like '[1, 2, 4]', found \(text(current))",
                      at: current.range)
                return nil
            }
            let range = t.range.union(current.range)
            advance()
            return (.list(items), range)
        default:
            error(BenchDiagnosticCode.syntax, "expected a value, found \(text(t))", at: t.range)
            return nil
        }
    }

    mutating func parseBenchmarkLine(existing: [PendingBenchmark]) -> PendingBenchmark? {
        guard let (name, range) = expectString("a benchmark name in quotes") else { recover(); return nil }
        if existing.contains(where: { $0.name == name }) {
            error(BenchDiagnosticCode.duplicateName, "benchmark '\(name)' is declared twice in this suite", at: range)
        }
        var b = PendingBenchmark(name: name, range: range)
        var first = true
        while first || current.kind == .comma {
            if !first { advance() }
            first = false
            let key = current.text, keyRange = current.range
            let next = tokens[min(index + 1, tokens.count - 1)]
            guard current.kind == .word, next.kind == .colon else {
                if current.kind == .word {
                    error(BenchDiagnosticCode.syntax, "expected ':' after '\(key)', found \(text(next))", at: next.range,
                          fixits: [FixIt(range: .at(keyRange.end), replacement: ":", message: "insert ':'")])
                } else {
                    error(BenchDiagnosticCode.syntax, "expected a field like 'points: 1000', found \(text(current))",
                          at: current.range)
                }
                recover()
                return nil
            }
            advance()
            advance()
            guard let value = parseValue() else { recover(); return nil }
            if Self.benchmarkFields.contains(key) {
                b.fields[key] = value
            } else {
                unknown(key, at: keyRange, in: Self.benchmarkFields, what: "benchmark field")
            }
        }
        if b.fields["points"] == nil {
            error(BenchDiagnosticCode.invalidValue, "benchmark '\(name)' needs 'points: N'", at: range)
            return nil
        }
        return b
    }
}
