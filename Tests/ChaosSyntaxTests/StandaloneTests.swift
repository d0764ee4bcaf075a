import ChaosSource
@testable import ChaosSyntax
import Testing

/// The entry points the YAML front end uses on the text of scalars: sub-ranges of a file,
/// absolute ranges, and an error on anything after the value.
@Suite struct StandaloneTests {
    static func range(_ m: Marked, _ a: String, _ b: String) -> SourceRange { SourceRange(m[a], m[b]) }

    @Test func expressionInASubRangeHasAbsoluteRanges() {
        let m = Marked("rate: 1️⃣4k/s2️⃣  # comment\n")
        let file = SourceFile(path: "x.yaml", text: m.text)
        var bag = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: Self.range(m, "1️⃣", "2️⃣"), into: &bag)
        #expect(bag.diagnostics.isEmpty)
        #expect(e.kind == .rate(count: 4000, per: .perSecond))
        #expect(e.range == Self.range(m, "1️⃣", "2️⃣"))
        #expect(e.spelling == "4k/s")
    }

    @Test func trailingTokensAreAnError() {
        let m = Marked("value: 1️⃣30s 2️⃣extra3️⃣\n")
        let file = SourceFile(path: "x.yaml", text: m.text)
        var bag = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: Self.range(m, "1️⃣", "3️⃣"), into: &bag)
        #expect(e.kind == .duration(milliseconds: 30_000))
        #expect(bag.diagnostics.map(\.code) == [.extraTokens])
        #expect(bag.diagnostics.first?.range.start == m["2️⃣"])
    }

    @Test func emptyExpressionIsAnError() {
        let file = SourceFile(path: "x", text: "   ")
        var bag = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: SourceRange(0, 3), into: &bag)
        #expect(e.kind == .invalid)
        #expect(bag.diagnostics.map(\.code) == [.expectedValue])
    }

    @Test func valuesOfEveryShape() {
        let cases: [(String, (ExprKind) -> Bool)] = [
            ("[1, 2, 4]", { if case .list(let xs) = $0 { xs.count == 3 } else { false } }),
            ("garch", { $0 == .identifier("garch") }),
            ("kafka.broker[2]", { if case .target(.path(let p)) = $0 { p.spelling == "kafka.broker[2]" } else { false } }),
            ("kafka <-> tda", { if case .target(.link) = $0 { true } else { false } }),
            ("\"text\"", { $0 == .string("text") }),
            ("true", { $0 == .bool(true) }),
        ]
        for (text, check) in cases {
            let file = SourceFile(path: "x", text: text)
            var bag = DiagnosticBag()
            let e = ChaosParser.parseExpression(file, range: SourceRange(0, file.bytes.count), into: &bag)
            #expect(bag.diagnostics.isEmpty, "\(text)")
            #expect(check(e.kind), "\(text) gave \(e.kind)")
            #expect(e.spelling == text)
        }
    }

    @Test func target() {
        let m = Marked("targets: [1️⃣kafka.broker[1..3]2️⃣, 3️⃣tda <->4️⃣ ]")
        let file = SourceFile(path: "x.yaml", text: m.text)
        var bag = DiagnosticBag()
        let t = ChaosParser.parseTarget(file, range: Self.range(m, "1️⃣", "2️⃣"), into: &bag)
        #expect(bag.diagnostics.isEmpty)
        if case .path(let p)? = t {
            #expect(p.spelling == "kafka.broker[1..3]")
            #expect(p.range == Self.range(m, "1️⃣", "2️⃣"))
        } else {
            Issue.record("expected a path, got \(String(describing: t))")
        }
        var bag2 = DiagnosticBag()
        _ = ChaosParser.parseTarget(file, range: Self.range(m, "3️⃣", "4️⃣"), into: &bag2)
        #expect(bag2.diagnostics.map(\.code) == [.expectedTarget])
        #expect(bag2.diagnostics.first?.range.start == m["4️⃣"])
    }

    @Test func criterion() {
        let text = "recovery < 30s after each fault"
        let file = SourceFile(path: "x", text: text)
        var bag = DiagnosticBag()
        let c = ChaosParser.parseCriterion(file, range: SourceRange(0, file.bytes.count), into: &bag)
        #expect(bag.diagnostics.isEmpty)
        #expect(c?.metric.spelling == "recovery")
        #expect(c?.op == .lt)
        #expect(c?.window?.kind == .afterEachFault)
        #expect(c?.range == SourceRange(0, file.bytes.count))

        let bad = SourceFile(path: "x", text: "crashes == 0 whole run now")
        var bag2 = DiagnosticBag()
        _ = ChaosParser.parseCriterion(bad, range: SourceRange(0, bad.bytes.count), into: &bag2)
        #expect(bag2.diagnostics.map(\.code) == [.extraTokens])
    }

    @Test func subRangeStopsAtItsEnd() {
        // The lexer must not read past the range, even in the middle of a token.
        let file = SourceFile(path: "x", text: "30s1m")
        var bag = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: SourceRange(0, 3), into: &bag)
        #expect(e.kind == .duration(milliseconds: 30_000))
        #expect(bag.diagnostics.isEmpty)
    }
}
