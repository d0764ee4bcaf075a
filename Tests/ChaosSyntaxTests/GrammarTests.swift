import ChaosSource
@testable import ChaosSyntax
import Foundation
import Testing

/// Keeps grammar/chaos.ebnf and the parser in sync: every production has an example, every
/// example parses cleanly with the entry its section names, every name used is defined.
@Suite struct GrammarTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let production: String
        let entry: String
        let text: String
        let line: Int
        var testDescription: String { "\(production) (line \(line)): \(text.replacingOccurrences(of: "\n", with: "⏎"))" }
    }

    struct Grammar {
        var productions: [(name: String, line: Int, rhs: String)] = []
        var examples: [Example] = []
    }

    static let primitives: Set<String> = ["LETTER", "DIGIT", "HEX", "LINE_BREAK", "CHAR", "ANY", "ANY_BUT_NL"]

    static let grammar: Grammar = load()

    static func load() -> Grammar {
        let url = Corpus.repoRoot.appendingPathComponent("grammar/chaos.ebnf")
        guard let text = Corpus.read(url) else { return Grammar() }
        var g = Grammar()
        var entry = "file"
        var inComment = false
        var current: String?
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inComment {
                if line.contains("*)") { inComment = false }
                continue
            }
            if line.hasPrefix("(* @entry:") {
                entry = line.dropFirst(10).replacingOccurrences(of: "*)", with: "").trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("(* example:"), let end = line.range(of: "*)", options: .backwards) {
                let body = line[line.index(line.startIndex, offsetBy: 11)..<end.lowerBound]
                let example = body.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "⏎", with: "\n")
                g.examples.append(Example(production: current ?? "?", entry: entry, text: example, line: i + 1))
            } else if line.hasPrefix("(*") {
                if !line.contains("*)") { inComment = true }
            } else if let eq = line.range(of: " = "), line[..<eq.lowerBound].allSatisfy({ $0.isLetter || $0 == "_" }) {
                let name = String(line[..<eq.lowerBound])
                current = name
                g.productions.append((name, i + 1, String(line[eq.upperBound...])))
            } else if !line.isEmpty, !g.productions.isEmpty {
                g.productions[g.productions.count - 1].rhs += " " + line
            }
        }
        return g
    }

    @Test func grammarIsThere() {
        #expect(Self.grammar.productions.count >= 40, "productions: \(Self.grammar.productions.map(\.name))")
    }

    @Test func everyProductionHasAnExample() {
        let withExamples = Set(Self.grammar.examples.map(\.production))
        for p in Self.grammar.productions {
            #expect(withExamples.contains(p.name), "production '\(p.name)' (line \(p.line)) has no example")
        }
    }

    @Test func everyNameIsDefined() {
        let defined = Set(Self.grammar.productions.map(\.name)).union(Self.primitives)
        for p in Self.grammar.productions {
            for name in Self.names(in: p.rhs) {
                #expect(defined.contains(name), "'\(name)' used in '\(p.name)' (line \(p.line)) is not defined")
            }
        }
    }

    /// Bare names on a right-hand side (outside quotes and comments).
    static func names(in rhs: String) -> [String] {
        var out: [String] = []
        var word = ""
        var quote: Character?
        var commentDepth = 0
        var prev: Character = " "
        func flush() { if !word.isEmpty { out.append(word); word = "" } }
        for c in rhs {
            defer { prev = c }
            if let q = quote { if c == q { quote = nil }; continue }
            if prev == "(" && c == "*" { commentDepth += 1; word = ""; continue }
            if prev == "*" && c == ")" && commentDepth > 0 { commentDepth -= 1; continue }
            if commentDepth > 0 { continue }
            if c == "\"" || c == "'" { flush(); quote = c; continue }
            if c.isLetter || c == "_" { word.append(c) } else { flush() }
        }
        flush()
        return out
    }

    @Test(arguments: grammar.examples) func exampleParses(_ e: Example) {
        let wrapped: String
        switch e.entry {
        case "scenario": wrapped = "scenario \"example\" {\n\(e.text)\n}\n"
        case "system", "timeline", "expect": wrapped = "scenario \"example\" {\n\(e.entry) {\n\(e.text)\n}\n}\n"
        default: wrapped = e.text
        }
        let file = SourceFile(path: "example.chaos", text: wrapped)
        let all = SourceRange(0, file.bytes.count)
        var bag = DiagnosticBag()
        switch e.entry {
        case "criterion":
            #expect(ChaosParser.parseCriterion(file, range: all, into: &bag) != nil)
        case "target":
            #expect(ChaosParser.parseTarget(file, range: all, into: &bag) != nil)
        case "expression":
            #expect(ChaosParser.parseExpression(file, range: all, into: &bag).kind != .invalid)
        case "file", "scenario", "system", "timeline", "expect":
            let tree = ChaosParser.parse(file, into: &bag)
            if e.entry != "file" { #expect(tree.scenarios.count == 1) }
        default:
            Issue.record("unknown entry '\(e.entry)' at line \(e.line)")
        }
        #expect(bag.diagnostics.isEmpty, "\(GoldenRenderer.render(bag.sorted, in: file))")
    }
}
