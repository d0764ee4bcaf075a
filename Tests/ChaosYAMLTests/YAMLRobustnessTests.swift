import ChaosSource
import ChaosSyntax
import ChaosYAML
import Foundation
import Testing

/// Hostile and broken input: the front end returns diagnostics within bounded time and memory,
/// never crashes. Time bounds here are generous guards against hangs, not benchmarks.
@Suite struct YAMLRobustnessTests {
    static func parse(_ bytes: [UInt8]) -> (SourceFile, ScenarioFile, DiagnosticBag) {
        let file = SourceFile(path: "t.yaml", bytes: bytes)
        var bag = DiagnosticBag()
        let tree = YAMLFrontend.parse(file, into: &bag)
        return (file, tree, bag)
    }

    static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let d = clock.measure(body)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Every diagnostic lies inside the file.
    static func expectSane(_ file: SourceFile, _ bag: DiagnosticBag, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for d in bag.diagnostics {
            #expect(d.range.start >= 0 && d.range.end <= file.bytes.count && d.range.start <= d.range.end,
                    "\(d.code) \(d.message) at \(d.range) in \(file.bytes.count) bytes", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        "scenario: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
        "scenario: " + String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
        "scenario:\n  x: " + String(repeating: "- ", count: 10_000) + "1\n",
        "scenario:\n" + (0..<10_000).map { String(repeating: " ", count: $0 % 200 + 1) + "k:\n" }.joined(),
        String(repeating: "- ", count: 10_000) + "x\n",
        String(repeating: "[", count: 10_000),
    ])
    func deepNestingIsRefusedQuickly(_ text: String) {
        var result: (SourceFile, ScenarioFile, DiagnosticBag)?
        let t = Self.seconds { result = Self.parse(Array(text.utf8)) }
        guard let (file, _, bag) = result else { return }
        #expect(bag.hasErrors)
        #expect(t < 5, "took \(t) s")
        Self.expectSane(file, bag)
    }

    @Test func nestingJustUnderTheLimitParses() {
        let text = "scenario:\n  name: ok\n  tags: " + String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60) + "\n"
        let (file, tree, bag) = Self.parse(Array(text.utf8))
        #expect(!bag.diagnostics.contains { $0.code == .yamlLimit }, "\(GoldenRenderer.render(bag.sorted, in: file))")
        #expect(tree.scenarios.count == 1)
    }

    @Test func aliasBombsAreNeverExpanded() {
        // 30 levels of 10 aliases each: 10^30 nodes if expanded.
        var text = "x-0: &a0 [lol]\n"
        for k in 1...30 {
            text += "x-\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "scenario:\n  name: bomb\n  tags: *a30\n  more: {<<: *a30}\n  ? *a30\n  : 1\n"
        var result: (SourceFile, ScenarioFile, DiagnosticBag)?
        let t = Self.seconds { result = Self.parse(Array(text.utf8)) }
        guard let (file, _, bag) = result else { return }
        #expect(t < 5, "took \(t) s")
        #expect(bag.diagnostics.contains { $0.code == .yamlAlias })
        #expect(bag.diagnostics.count < 50, "\(bag.diagnostics.count) diagnostics")
        Self.expectSane(file, bag)
    }

    @Test func largeFileIsLinear() {
        var text = "scenario:\n  name: big\n  duration: 10h\n  timeline:\n"
        for k in 0..<10_000 {
            text += "    - {at: \(k)s, fault: cpu_spike, target: host, value: 50%, for: 1s}\n"
        }
        var result: (SourceFile, ScenarioFile, DiagnosticBag)?
        let t = Self.seconds { result = Self.parse(Array(text.utf8)) }
        guard let (file, tree, bag) = result else { return }
        #expect(bag.diagnostics.isEmpty, "\(GoldenRenderer.render(Array(bag.sorted.prefix(3)), in: file))")
        #expect(tree.scenarios.first?.timelines.first?.items.count == 10_000)
        #expect(t < 60, "took \(t) s for \(text.utf8.count) bytes")
    }

    @Test func invalidUTF8AndBinaryGarbage() {
        var rng = SplitMix64(seed: 7)
        for length in [1, 2, 17, 300, 4096] {
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let (file, _, bag) = Self.parse(bytes)
            #expect(bag.hasErrors)
            Self.expectSane(file, bag)
            bytes = Array("scenario:\n  name: ".utf8) + bytes
            let (file2, _, bag2) = Self.parse(bytes)
            #expect(bag2.hasErrors)
            Self.expectSane(file2, bag2)
        }
        let (_, _, nul) = Self.parse(Array("scenario:\n  name: a\u{0}b\n".utf8))
        #expect(nul.hasErrors)
    }

    @Test(arguments: ["", " ", "\n\n", "# c\n", "---\n", "---\n...\n", "~", "null", "42", "[]", "{}", "\u{FEFF}"])
    func emptyAndTrivialFiles(_ text: String) {
        let (file, tree, bag) = Self.parse(Array(text.utf8))
        #expect(bag.hasErrors, "no error for \(text.debugDescription)")
        #expect(tree.scenarios.isEmpty)
        Self.expectSane(file, bag)
    }

    /// Exotic but legal (or nearly legal) YAML: escapes, indicators, explicit keys, directives.
    @Test(arguments: [
        "scenario: {name: \"a\\0b\\uD800\"}", "scenario: {name: \"\\x80\\U0001F680\"}", "scenario:\n  ? complex\n  : key\n",
        "scenario:\n  ? [a, b]\n  : 1\n", "%TAG ! tag:example.com,2000:\n---\nscenario: !x {}\n", "scenario: |2\n    x\n",
        "scenario:\n  name: >-\n\n    folded\n\n  duration: 1m\n", "scenario: {name: a\n  b, duration: 1m}",
        "scenario: &s\n  name: x\nagain: *s\n", "scenario: *undefined\n", "&a scenario: 1\n", "!!map {scenario: {}}",
        "scenario:\n  name: x\n  timeline:\n  - {at: 1s, fault: cpu_spike, target: \"host\", value: '50%'}\n",
        "scenario: {name: x, timeline: [[], {}, ~, \"\", {fault: ~}]}", "scenario:\n  expect: [{}, {metric: ~}, [a]]\n",
    ])
    func exoticInputsDoNotCrash(_ text: String) {
        let (file, _, bag) = Self.parse(Array(text.utf8))
        Self.expectSane(file, bag)
    }

    /// Seeded mutations of every corpus file (byte deletions, insertions of YAML-significant
    /// characters, truncations, line duplications): never a crash, diagnostics inside the file.
    @Test func mutatedCorpusNeverCrashes() {
        let names = Golden.cases("yaml", suffix: ".yaml")
        #expect(names.count >= 30)
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("{}[]:,-?*&!|>#'\"\\\t\n %@`~.0123456789abcé🚀".unicodeScalars).map { Array(String($0).utf8) }
        for name in names {
            let original = Golden.bytes("yaml", name)
            guard !original.isEmpty else { continue }
            for _ in 0..<60 {
                var b = original
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(b.count + 1))
                    switch rng.next() % 5 {
                    case 0: if at < b.count { b.remove(at: at) }
                    case 1: b.insert(contentsOf: alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    case 2: b = Array(b.prefix(at))
                    case 3:
                        let lineStart = b[..<at].lastIndex(of: 10).map { $0 + 1 } ?? 0
                        let lineEnd = b[at...].firstIndex(of: 10) ?? b.count
                        b.insert(contentsOf: b[lineStart..<lineEnd] + [10], at: lineStart)
                    default: if at < b.count { b[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))].first ?? 32 }
                    }
                    if b.isEmpty { break }
                }
                let (file, _, bag) = Self.parse(b)
                Self.expectSane(file, bag)
            }
        }
    }
}

/// A small seeded generator, so failures reproduce.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
