import ChaosSource
import Foundation
import Testing
@testable import ChaosBench

/// The package root, from this file's path (Tests/BenchTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// `text` with `1️⃣` removed, and the byte offset where it was.
func marked(_ text: String) -> (String, Int) {
    let marker = "1️⃣"
    guard let r = text.range(of: marker) else { return (text, -1) }
    return (text.replacingCharacters(in: r, with: ""), text[..<r.lowerBound].utf8.count)
}

@Suite struct SuiteParserTests {
    @Test func builtinSuitesAreTheShippedFiles() throws {
        for (file, text) in BenchSuite.builtinText {
            let shipped = try String(contentsOfFile: packageRoot + "/bench/suites/" + file, encoding: .utf8)
            #expect(shipped == text, "bench/suites/\(file) differs from BenchSuite.builtinText")
            #expect(BenchSuiteParser.parse(path: file, text: text).diagnostics.isEmpty)
        }
    }

    @Test func builtinSuitesAreTheSeeds() {
        let suites = BenchSuite.builtin
        #expect(suites.map(\.name) == ["streaming_tda", "multi_scale"])
        let streaming = suites[0].benchmarks
        #expect(streaming.map(\.name) == ["small", "medium", "large"])
        #expect(streaming.map(\.points) == [1000, 10_000, 100_000])
        #expect(streaming.map(\.referenceSeconds) == [0.01, 0.1, 1.0])
        #expect(streaming.allSatisfy { $0.windows == BenchSuite.engineDefaultWindows })
        #expect(suites[1].benchmarks.map(\.name) == ["2_scales", "4_scales", "8_scales"])
        #expect(suites[1].benchmarks.map(\.windows.scales.count) == [2, 4, 8])
    }

    @Test func settingsAndOverrides() throws {
        let text = """
        suite "tiny" {  # a comment
          description "d"
          seed 7
          iterations 5
          warmup 0
          window 50
          stride 5
          embed 2
          benchmark "a" points: 1_000, scales: [1, 2], baseline: 250us, iterations: 3
        }
        """
        let out = BenchSuiteParser.parse(path: "t.bench", text: text)
        #expect(out.diagnostics.isEmpty)
        let suite = try #require(out.suites.first)
        #expect(suite.seed == 7 && suite.iterations == 5 && suite.warmup == 0 && suite.description == "d")
        let b = try #require(suite.benchmarks.first)
        #expect(b.points == 1000 && b.windows.window == 50 && b.windows.stride == 5 && b.windows.embedding == 2)
        #expect(b.windows.scales == [1, 2] && b.iterations == 3)
        #expect(abs(b.referenceSeconds! - 0.00025) < 1e-15)
    }

    /// One case per diagnostic code: the source with a `1️⃣` where the error points.
    @Test(arguments: [
        ("E7001", "suite \"x\" {\n  benchmark \"a\" points 1️⃣1000\n}\n", "expected ':' after 'points', found '1000'"),
        ("E7001", "suite \"x\" {\n  benchmark \"a\" 1️⃣, points: 1\n}\n", "expected a field like 'points: 1000', found ','"),
        ("E7002", "suite \"x\" {\n  1️⃣iteratons 5\n  benchmark \"a\" points: 10\n}\n", "unknown suite setting 'iteratons'"),
        ("E7003", "suite \"x\" {\n  benchmark \"a\" points: 10, baseline: 1️⃣10\n}\n",
         "expected a duration like '100ms' for 'baseline', found '10'"),
        ("E7003", "suite \"x\" {\n  iterations 1️⃣0\n  benchmark \"a\" points: 10\n}\n", "'iterations' must be 1…100000, found 0"),
        ("E7003", "suite \"x\" {\n  benchmark 1️⃣\"a\" points: 10, window: 4, embed: 3, delay: 2\n}\n",
         "benchmark 'a': window 4 is too short for embedding 3 with delay 2"),
        ("E7004", "suite \"x\" {\n  benchmark \"a\" points: 10\n  benchmark 1️⃣\"a\" points: 20\n}\n",
         "benchmark 'a' is declared twice in this suite"),
        ("E7005", "suite 1️⃣\"x\" {\n  seed 1\n}\n", "suite 'x' declares no benchmark"),
        ("E7001", "suite \"x\" {\n  benchmark \"a\" points: 10\n1️⃣", "expected '}' to close the suite, found the end of the file"),
    ])
    func diagnostics(code: String, source: String, message: String) {
        let (text, offset) = marked(source)
        let out = BenchSuiteParser.parse(path: "t.bench", text: text)
        #expect(out.diagnostics.count == 1, "\(out.diagnostics.map(\.message))")
        let d = out.diagnostics.first
        #expect(d?.code.code == code)
        #expect(d?.message == message)
        #expect(d?.range.start == offset)
        #expect(out.suites.isEmpty)
    }

    @Test func unknownSettingGetsAFixIt() throws {
        let out = BenchSuiteParser.parse(path: "t.bench", text: "suite \"x\" {\n  iteratons 5\n  benchmark \"a\" points: 10\n}\n")
        let d = try #require(out.diagnostics.first)
        #expect(d.help == ["did you mean 'iterations'?"])
        #expect(d.fixits.first?.replacement == "iterations")
        let rendered = RichRenderer(color: false).render(d, in: out.file)
        #expect(rendered.contains("--> t.bench:2:3"))
    }

    @Test func catalogSelectsAndSuggests() throws {
        let catalog = try BenchSuiteCatalog.load(configPath: nil)
        #expect(try catalog.select([]).count == 2)
        #expect(try catalog.select(["multi_scale"]).map(\.name) == ["multi_scale"])
        #expect(throws: BenchInputError.self) { try catalog.select(["streaming"]) }
        do {
            _ = try catalog.select(["streaming_tdaa"])
        } catch {
            #expect(error.message.contains("did you mean 'streaming_tda'?"))
        }
    }
}
