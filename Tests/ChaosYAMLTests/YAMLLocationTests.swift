import ChaosSource
import ChaosSyntax
import ChaosYAML
import Testing

/// Locations are written as markers in the input (`1️⃣`), never as line and column numbers:
/// the marker is removed and its byte offset must be where the diagnostic or node starts.
@Suite struct YAMLLocationTests {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]

    /// The text without markers, and the byte offset of each marker.
    static func strip(_ marked: String) -> (String, [String: Int]) {
        var text = marked
        var offsets: [String: Int] = [:]
        while let (m, r) = markers.compactMap({ m in text.range(of: m).map { (m, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            offsets[m] = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
            text.removeSubrange(r)
        }
        return (text, offsets)
    }

    static func parse(_ text: String) -> (SourceFile, ScenarioFile, [Diagnostic]) {
        let file = SourceFile(path: "t.yaml", text: text)
        var bag = DiagnosticBag()
        let tree = YAMLFrontend.parse(file, into: &bag)
        return (file, tree, bag.sorted)
    }

    /// Each marker starts one diagnostic with the given code, in order.
    func expectDiagnostics(_ marked: String, _ codes: [DiagnosticCode], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (text, offsets) = Self.strip(marked)
        let (file, _, diags) = Self.parse(text)
        #expect(diags.map(\.code) == codes, "\(GoldenRenderer.render(diags, in: file))", sourceLocation: sourceLocation)
        for (k, d) in diags.enumerated() where k < Self.markers.count {
            #expect(d.range.start == offsets[Self.markers[k]],
                    "diagnostic \(k + 1) at \(file.location(of: d.range.start)), marker at \(file.location(of: offsets[Self.markers[k]] ?? -1))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func unknownKeyAfterNonASCII() {
        expectDiagnostics("""
        scenario:
          description: "Grüße → 🚀"
          system: {kafka: {topic: "Überlast ✓", brokers: 3}}
          1️⃣timline: []
        """, [.yamlUnknownKey])
    }

    @Test func valueErrorInsideFlowAfterNonASCII() {
        expectDiagnostics("""
        scenario:
          generate:
            - {iot: "Störung ✓", rate: 1️⃣4k/ss}
        """, [DiagnosticCode("E1008", "unknown-unit")])
    }

    @Test func criterionErrorInsideString() {
        expectDiagnostics("""
        scenario:
          expect:
            - "data_loss 1️⃣= 0"
            - {metric: recovery, op: "<", value: 2️⃣30x}
        """, [DiagnosticCode("E1106", "expected-comparator"), DiagnosticCode("E1008", "unknown-unit")])
    }

    @Test func duplicateKeyAtSecondOccurrence() {
        expectDiagnostics("""
        scenario:
          seed: 1
          1️⃣seed: 2
          system:
            kafka: {brokers: 3, 2️⃣brokers: 4}
        """, [.yamlDuplicateKey, .yamlDuplicateKey])
    }

    @Test func syntaxErrorAndTab() {
        expectDiagnostics("scenario:\n1️⃣\tname: x\n", [.yamlTab])
        expectDiagnostics("scenario:\n  name: [a, b\n  seed1️⃣: 1\n", [.yamlSyntax])
    }

    @Test func aliasAndTag() {
        expectDiagnostics("""
        scenario:
          name: x
          seed: 1️⃣!!int 3
          timeline:
            - {at: 1s, fault: cpu_spike, target: host, for: 2️⃣*d}
        """, [.yamlTag, .yamlAlias])
    }

    @Test func legacyLiteralAndNull() {
        expectDiagnostics("""
        scenario:
          duration: 1️⃣1:30
          seed: 2️⃣~
        """, [.yamlLegacyLiteral, .yamlNull])
    }

    /// A node's range covers exactly its text, also after multi-byte characters.
    @Test func nodeRangesAreExact() {
        let (text, o) = Self.strip("""
        scenario:
          name: 1️⃣Störung ✓2️⃣
          timeline:
            - fault: cpu_spike
              note: "é"
              target: 3️⃣kafka.broker[2]4️⃣
        """)
        let (file, tree, diags) = Self.parse(text)
        #expect(diags.isEmpty, "\(GoldenRenderer.render(diags, in: file))")
        let s = tree.scenarios.first
        #expect(s?.name?.range == SourceRange(o["1️⃣"]!, o["2️⃣"]!))
        guard case .fault(let f)? = s?.timelines.first?.items.first?.body else {
            Issue.record("no fault"); return
        }
        #expect(f.targets.first?.range == SourceRange(o["3️⃣"]!, o["4️⃣"]!))
        if case .path(let p)? = f.targets.first {
            #expect(file.text(of: p.segments[1].name.range) == "broker")
        }
    }

    /// libyaml counts columns in Unicode scalars, as `SourceFile` does: a key after emoji and
    /// combining characters on the same line lands on its own first byte.
    @Test func columnsCountUnicodeScalars() {
        let (text, o) = Self.strip("{scenario: {description: \"e\u{301}🚀👩‍👩‍👧\", 1️⃣nmae: x}}")
        let (_, _, diags) = Self.parse(text)
        #expect(diags.map(\.code) == [.yamlUnknownKey])
        #expect(diags.first?.range == SourceRange(o["1️⃣"]!, o["1️⃣"]! + 4))
    }

    /// A byte-order mark does not shift the first line, and control characters are located.
    @Test func byteOrderMarkAndControlCharacters() {
        expectDiagnostics("\u{FEFF}{scenario: {1️⃣nmae: x}}", [.yamlUnknownKey])
        expectDiagnostics("scenario:\n  name: a1️⃣\u{7}b\n", [.yamlSyntax])
    }

    /// libyaml also breaks lines at a lone CR and at U+2028: later marks must not shift.
    @Test func libyamlLineBreaks() {
        expectDiagnostics("scenario:\r  1️⃣nmae: x\r", [.yamlUnknownKey])
        expectDiagnostics("scenario:\n  description: \"a\u{2028}b\u{2029}c\"\n  1️⃣nmae: x\n", [.yamlUnknownKey])
        expectDiagnostics("scenario:\r\n  description: x\r\n  1️⃣nmae: x\r\n", [.yamlUnknownKey])
    }
}
