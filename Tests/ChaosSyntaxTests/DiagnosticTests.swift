import ChaosSource
@testable import ChaosSyntax
import Testing

/// Locations, fix-its and recovery, with positions marked in the input (`1️⃣`).
@Suite struct DiagnosticTests {
    static func wrapTimeline(_ s: String) -> String { "scenario \"t\" {\n  timeline {\n    \(s)\n  }\n}\n" }
    static func wrapExpect(_ s: String) -> String { "scenario \"t\" {\n  expect {\n    \(s)\n  }\n}\n" }

    @Test func bareNumberDurationGetsAFixIt() {
        expectSingle(Self.wrapTimeline("at 1️⃣30 broker_crash kafka.broker[1]"), .expectedDuration,
                     message: "expected a duration like '30s', found '30'", fixit: "30s")
        expectSingle(Self.wrapTimeline("at 1s broker_crash kafka.broker[1] for 1️⃣45"), .expectedDuration, fixit: "45s")
        expectSingle(Self.wrapTimeline("at 1s repeat 2 every 1️⃣10 { cpu_spike host 5% }"), .expectedDuration, fixit: "10s")
        expectSingle(Self.wrapTimeline("after 1️⃣2 ms cpu_spike host 5%"), .expectedDuration, fixit: "2ms")
    }

    @Test func unknownUnitSuggestsTheClosest() {
        expectSingle("scenario \"t\" {\n  duration 1️⃣30sec\n}", .unknownUnit, fixit: "30s")
        expectSingle("scenario \"t\" {\n  rate 1️⃣4k/sec\n}", .unknownUnit, fixit: "4k/s")
    }

    @Test func missingBracePointsAtTheOpeningBrace() {
        let m = Marked("scenario \"t\" 1️⃣{\n  timeline 2️⃣{\n    at 1s cpu_spike host 5%3️⃣\n  expect {\n    crashes == 0\n  }\n}\n")
        let (tree, diags, _) = parse(m.text)
        #expect(diags.count == 1)
        let d = diags.first
        #expect(d?.code == .unclosedDelimiter)
        #expect(d?.range.start == m["3️⃣"])
        #expect(d?.labels.first?.range.start == m["2️⃣"])
        // Recovery: the expect block after the unclosed timeline is still parsed.
        #expect(tree.scenarios.first?.expects.first?.criteria.count == 1)
    }

    @Test func missingBraceAtEndOfFile() {
        let m = Marked("scenario \"t\" 1️⃣{\n  seed 422️⃣\n")
        let (_, diags, _) = parse(m.text)
        #expect(diags.map(\.code) == [.unclosedDelimiter])
        #expect(diags.first?.range.start == m["2️⃣"])
        #expect(diags.first?.labels.first?.range.start == m["1️⃣"])
    }

    @Test func unterminatedStringAndComment() {
        expectSingle("scenario \"t\" {\n  description 1️⃣\"open\n  seed 1\n}", .unterminatedString, fixit: "\"")
        expectSingle("scenario \"t\" {\n  seed 1\n}\n1️⃣/* never closed", .unterminatedComment)
    }

    @Test func unknownCharacterIsReportedOnceAndSkipped() {
        let (tree, diags, _) = parse("scenario \"t\" {\n  seed @@42\n}")
        #expect(diags.map(\.code) == [.unknownCharacter])
        #expect(tree.scenarios.first?.settings.first?.value.kind == .integer(42))
    }

    @Test func badNumberAndOverflow() {
        expectSingle("scenario \"t\" {\n  noise 1️⃣1.2.3\n}", .invalidNumber)
        expectSingle("scenario \"t\" {\n  seed 1️⃣99999999999999999999\n}", .numberOverflow)
    }

    @Test func comparatorFixIts() {
        expectSingle(Self.wrapExpect("data_loss 1️⃣= 0"), .expectedComparator, fixit: "==")
        expectSingle(Self.wrapExpect("errors 1️⃣=> 1"), .expectedComparator, fixit: ">=")
        expectSingle(Self.wrapExpect("errors 1️⃣=< 1"), .expectedComparator, fixit: "<=")
    }

    @Test func windowFixIts() {
        expectSingle(Self.wrapExpect("recovery < 30s 1️⃣durring broker_crash"), .invalidWindow, fixit: "during")
        expectSingle(Self.wrapExpect("latency.p99 < 1s outside 1️⃣fault"), .invalidWindow, fixit: "faults")
        expectSingle(Self.wrapExpect("recovery < 1s after each 1️⃣faults"), .invalidWindow, fixit: "fault")
    }

    @Test func fieldFixIts() {
        expectSingle("scenario \"t\" {\n  system {\n    kafka brokers1️⃣ 3\n  }\n}", .expectedField, fixit: ":")
        expectSingle("scenario \"t\" {\n  system {\n    kafka brokers 1️⃣= 3\n  }\n}", .expectedField, fixit: ":")
    }

    @Test func blockAndKeywordDidYouMean() {
        expectSingle("scenario \"t\" {\n  1️⃣timelime {\n    at 1s cpu_spike host 5%\n  }\n}", .unknownBlock, fixit: "timeline")
        expectSingle("1️⃣scenaro \"t\" {\n}", .expectedScenario, fixit: "scenario")
        expectSingle("scenario 1️⃣t {\n}", .expectedString, fixit: "\"t\"")
    }

    @Test func oneErrorPerBrokenLine() {
        let m = Marked("""
            scenario "t" {
              seed 4 1️⃣2
              system {
                kafka brokers: 3
              }
              timeline {
                at 40s broker_crash 2️⃣for 30s
                at 55s broker_crash kafka.broker[2] for 45s
              }
              expect {
                data_loss 3️⃣= 0
                crashes == 0
              }
            }
            """)
        let (tree, diags, _) = parse(m.text)
        #expect(diags.map(\.range.start) == [m["1️⃣"], m["2️⃣"], m["3️⃣"]])
        #expect(tree.scenarios.first?.timelines.first?.items.count == 2)
        #expect(tree.scenarios.first?.expects.first?.criteria.count == 2)
    }

    @Test func statementsOnOneLineNeedSeparators() {
        expectSingle("scenario \"t\" {\n  seed 1 1️⃣duration 4m\n}", .extraTokens)
        #expect(parse("scenario \"t\" { seed 1; duration 4m }").1.isEmpty)
        #expect(parse("scenario \"t\" { system { kafka } timeline { at 1s cpu_spike host 5% } }").1.isEmpty)
    }

    @Test func lineBreakRules() {
        // A block comment spanning lines ends the statement; one on a single line does not.
        #expect(parse("scenario \"t\" {\n  seed 1 /* a\n b */ duration 2m\n}").1.isEmpty)
        expectSingle("scenario \"t\" {\n  seed 1 /* a */ 1️⃣duration 2m\n}", .extraTokens)
        // Lists, field lists and target lists continue after a comma; a link after `<->`.
        let ok = Self.wrapTimeline("at 1s broker_crash kafka.broker[1],\n      kafka.broker[2] delay: 1s,\n      jitter: 2ms for 5s\n    at 2s network_partition kafka <->\n      tda")
        let (tree, diags, _) = parse(ok)
        #expect(diags.isEmpty, "\(diags.map(\.message))")
        guard case .fault(let f)? = tree.scenarios.first?.timelines.first?.items.first?.body else {
            Issue.record("no fault"); return
        }
        #expect(f.targets.count == 2)
        #expect(f.fields.count == 2)
        #expect(f.duration?.kind == .duration(milliseconds: 5000))
        // Anywhere else a line break ends the statement.
        let m = Marked(Self.wrapTimeline("at 1s broker_crash1️⃣\n    kafka.broker[1]"))
        let first = parse(m.text).1.first
        #expect(first?.code == .expectedTarget)
        #expect(first?.range.start == m["1️⃣"])
    }

    @Test func indexRequiresNoSpace() {
        // `host [1, 2]` is a target and a positional list, `host[1]` an indexed target.
        let (tree, diags, _) = parse(Self.wrapTimeline("at 1s custom host [1, 2]"))
        #expect(diags.isEmpty)
        guard case .fault(let f)? = tree.scenarios.first?.timelines.first?.items.first?.body else {
            Issue.record("no fault"); return
        }
        #expect(f.targets.count == 1)
        if case .list(let xs)? = f.positional?.kind { #expect(xs.count == 2) } else { Issue.record("no positional list") }
    }

    @Test func commentsAreKeptInOrder() {
        let (tree, _, _) = parse("# a\nscenario \"t\" { // b\n  /* c */ seed 1\n}\n// d")
        #expect(tree.comments.map(\.text) == ["# a", "// b", "/* c */", "// d"])
    }

    // MARK: Catalog

    @Test func catalogIsWellFormed() {
        let codes = SyntaxDiagnostics.catalog.map(\.code.code)
        #expect(Set(codes).count == codes.count)
        #expect(Set(SyntaxDiagnostics.catalog.map(\.code.name)).count == codes.count)
        for doc in SyntaxDiagnostics.catalog {
            #expect(doc.code.code.hasPrefix("E10") || doc.code.code.hasPrefix("E11"))
            #expect(!doc.summary.isEmpty && !doc.explanation.isEmpty && !doc.example.isEmpty)
            #expect(doc.code.severity == .error)
        }
    }

    @Test(arguments: SyntaxDiagnostics.catalog.map(\.code.code))
    func catalogExampleTriggersItsCode(_ code: String) throws {
        let doc = try #require(SyntaxDiagnostics.catalog.first { $0.code.code == code })
        let bytes: [UInt8]
        if doc.code == .invalidUTF8 {
            bytes = Array("description \"caf".utf8) + [0xE9] + Array("\"".utf8)
        } else {
            bytes = Array(doc.example.utf8)
        }
        let (_, diags, _) = parse(bytes: bytes)
        #expect(diags.contains { $0.code == doc.code }, "example of \(code) gives \(diags.map { "\($0.code): \($0.message)" })")
    }
}
