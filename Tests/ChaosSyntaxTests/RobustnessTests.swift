import ChaosSource
@testable import ChaosSyntax
import Foundation
import Testing

/// Hostile input: random mutations of the corpus, deep nesting, large and binary files. These
/// assert behaviour (no crash, bounded and well-formed diagnostics), not speed.
@Suite struct RobustnessTests {
    /// xorshift64*: a seeded, platform-independent generator.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let interesting = Array("{}[]()\"'/*#\n\r\t ,:;.<->=!%_0123456789smhkMB@\\".utf8) + [0x00, 0xC3, 0xA9, 0xFF, 0xE2]

    static func mutate(_ input: [UInt8], _ rng: inout RNG) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + rng.below(8)) {
            let i = rng.below(b.count + 1)
            switch rng.below(5) {
            case 0 where !b.isEmpty: b[min(i, b.count - 1)] = interesting[rng.below(interesting.count)]
            case 1: b.insert(interesting[rng.below(interesting.count)], at: i)
            case 2 where !b.isEmpty:
                let n = min(b.count - min(i, b.count - 1), 1 + rng.below(16))
                b.removeSubrange(min(i, b.count - 1)..<(min(i, b.count - 1) + n))
            case 3 where !b.isEmpty:
                let s = rng.below(b.count), n = min(b.count - s, 1 + rng.below(32))
                b.insert(contentsOf: b[s..<(s + n)], at: i)
            default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
            }
        }
        return b
    }

    /// Every diagnostic is inside the file and the bag stays bounded.
    static func checkWellFormed(_ bytes: [UInt8], _ diags: [Diagnostic]) {
        #expect(diags.count <= 500)
        for d in diags {
            #expect(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= bytes.count, "\(d.code) \(d.range)")
            for f in d.fixits { #expect(f.range.end <= bytes.count) }
            #expect(!d.message.isEmpty)
        }
    }

    @Test func randomMutationsOfTheCorpusNeverCrash() throws {
        let dir = Corpus.bundleResources.appendingPathComponent("parse")
        let inputs = Corpus.cases("parse").compactMap { FileManager.default.contents(atPath: dir.appendingPathComponent("\($0).chaos").path) }
            .map { Array($0) }.filter { $0.count < 4000 }
        try #require(inputs.count > 50)
        var rng = RNG(state: 0x5EED_CA05)
        for _ in 0..<3000 {
            let bytes = Self.mutate(inputs[rng.below(inputs.count)], &rng)
            let (_, diags, file) = parse(bytes: bytes)
            Self.checkWellFormed(bytes, diags)
            // The standalone entries on a random sub-range, as the YAML front end uses them.
            let a = rng.below(bytes.count + 1), b = a + rng.below(bytes.count - a + 1)
            var bag = DiagnosticBag()
            _ = ChaosParser.parseExpression(file, range: SourceRange(a, b), into: &bag)
            _ = ChaosParser.parseTarget(file, range: SourceRange(a, b), into: &bag)
            _ = ChaosParser.parseCriterion(file, range: SourceRange(a, b), into: &bag)
            Self.checkWellFormed(bytes, bag.diagnostics)
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = RNG(state: 42)
        for _ in 0..<300 {
            let bytes = (0..<rng.below(600)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let (_, diags, _) = parse(bytes: bytes)
            Self.checkWellFormed(bytes, diags)
        }
    }

    // MARK: Nesting

    static func single(_ text: String) -> [Diagnostic] { parse(text).1 }

    @Test func tenThousandOpenBracketsGiveOneDiagnostic() {
        let d = Self.single("scenario \"x\" {\n  seed " + String(repeating: "[", count: 10_000) + "\n}\n")
        #expect(d.map(\.code) == [.nestingTooDeep])
    }

    @Test func tenThousandBalancedBracketsGiveOneDiagnostic() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let d = Self.single("scenario \"x\" {\n  seed \(deep)\n  duration 4m\n}\n")
        #expect(d.map(\.code) == [.nestingTooDeep])
    }

    @Test func tenThousandBracesGiveOneDiagnostic() {
        #expect(Self.single(String(repeating: "{", count: 10_000)).count == 1)
        #expect(Self.single("scenario \"x\" " + String(repeating: "{", count: 10_000)).count == 1)
        let groups = "scenario \"x\" {\n timeline {\n" + String(repeating: "parallel {\n", count: 10_000)
        #expect(Self.single(groups).map(\.code) == [.nestingTooDeep])
    }

    @Test func deepStandaloneExpressionGivesOneDiagnostic() {
        let file = SourceFile(path: "v", text: String(repeating: "[", count: 10_000))
        var bag = DiagnosticBag()
        _ = ChaosParser.parseExpression(file, range: SourceRange(0, file.bytes.count), into: &bag)
        #expect(bag.diagnostics.map(\.code) == [.nestingTooDeep])
    }

    /// The deepest input the parser accepts: scenario and timeline blocks take two levels,
    /// groups fill the rest but one, a list the last.
    static var deepestAccepted: String {
        let n = SyntaxDiagnostics.maxNestingDepth - 3
        let body = String(repeating: "parallel { ", count: n) + "cpu_spike host [1]" + String(repeating: " }", count: n)
        return "scenario \"x\" {\n timeline {\n \(body)\n }\n}\n"
    }

    @Test func maximumDepthIsAccepted() {
        #expect(Self.single(Self.deepestAccepted).isEmpty)
        let list = String(repeating: "[", count: SyntaxDiagnostics.maxNestingDepth - 1) + String(repeating: "]", count: SyntaxDiagnostics.maxNestingDepth - 1)
        #expect(Self.single("scenario \"x\" {\n seed \(list)\n}\n").isEmpty)
    }

    /// Secondary threads on macOS get 512 KiB of stack: the deepest input, and hostile ones,
    /// must parse there even in a debug build.
    @Test func deepInputFitsASmallThreadStack() {
        let inputs = [
            Self.deepestAccepted,
            "scenario \"x\" {\n timeline {\n" + String(repeating: "parallel {\n", count: 10_000),
            "scenario \"x\" {\n seed " + String(repeating: "[", count: 10_000),
        ]
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for text in inputs { _ = parse(text) }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        #expect(done.wait(timeout: .now() + 60) == .success)
    }

    // MARK: Size

    @Test func largeValidFileParsesCleanly() {
        var text = "scenario \"big\" {\n  timeline {\n"
        let line = "    at 40s network_latency kafka <-> tda delay: 200ms, jitter: 50ms for 20s as \"x\" // note\n"
        text.reserveCapacity(line.utf8.count * 20_000 + 100)
        for _ in 0..<20_000 { text += line }
        text += "  }\n}\n"
        let (tree, diags, _) = parse(text)
        #expect(diags.isEmpty)
        #expect(tree.scenarios.first?.timelines.first?.items.count == 20_000)
        #expect(tree.comments.count == 20_000)
    }

    @Test func largeGarbageIsBounded() {
        var rng = RNG(state: 7)
        let bytes = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let (_, diags, _) = parse(bytes: bytes)
        Self.checkWellFormed(bytes, diags)
        #expect(!diags.isEmpty)
    }

    @Test func hugeTokensGiveOneDiagnosticEach() {
        let digits = String(repeating: "9", count: 1_000_000)
        #expect(Self.single("scenario \"x\" {\n  seed \(digits)\n}\n").map(\.code) == [.numberOverflow])
        let string = "scenario \"x\" {\n  description \"" + String(repeating: "a", count: 1_000_000) + "\n}\n"
        #expect(Self.single(string).map(\.code) == [.unterminatedString])
        let comment = "scenario \"x\" {\n" + String(repeating: "/*", count: 100_000)
        #expect(Self.single(comment).map(\.code) == [.unterminatedComment])
        let junk = "scenario \"x\" {\n" + String(repeating: "@", count: 1_000_000) + "\n}\n"
        #expect(Self.single(junk).map(\.code) == [.unknownCharacter])
    }

    @Test func manyErrorsAreCapped() {
        let text = "scenario \"x\" {\n" + String(repeating: "  seed 30sec\n", count: 2000) + "}\n"
        let (_, diags, _) = parse(text)
        #expect(diags.count == 500)
    }

    @Test func invalidUTF8IsReportedOnce() {
        var bytes = Array("scenario \"x\" {\n  description \"".utf8)
        for _ in 0..<100 { bytes += [0xFF, 0xC3, 0x28, 0x41] }
        bytes += Array("\"\n  seed 1\n}\n".utf8)
        let (_, diags, _) = parse(bytes: bytes)
        #expect(diags.map(\.code) == [.invalidUTF8])
    }

    @Test func emptyAndWhitespaceFilesHaveNoScenarios() {
        for text in ["", "\n\n", "   ", "// only a comment", "\u{FEFF}"] {
            let (tree, diags, _) = parse(text)
            #expect(tree.scenarios.isEmpty)
            #expect(diags.isEmpty)
        }
    }
}
