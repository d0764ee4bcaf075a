import ChaosSource
@testable import ChaosSyntax
import Foundation
import Testing

/// The parse corpus: every `Resources/parse/NAME.chaos` has exactly one golden, `NAME.ast` when it
/// parses cleanly or `NAME.diag` when it does not. Cases named `ok-*` must parse cleanly and
/// `err-*` must not. `CHAOSRUN_UPDATE_GOLDENS=1` re-records; a missing golden is recorded and fails.
@Suite struct ParseCorpusTests {
    static let cases = Corpus.cases("parse")

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.filter { $0.hasPrefix("ok-") }.count >= 25)
        #expect(Self.cases.filter { $0.hasPrefix("err-") }.count >= 30)
    }

    @Test(arguments: cases) func golden(_ name: String) throws {
        let dir = Corpus.bundleResources.appendingPathComponent("parse")
        let input = try #require(FileManager.default.contents(atPath: dir.appendingPathComponent("\(name).chaos").path))
        let (tree, diags, file) = parse(bytes: Array(input), path: "\(name).chaos")
        let clean = diags.isEmpty
        let ext = clean ? "ast" : "diag"
        let actual = clean ? ASTDump.dump(tree, in: file) : GoldenRenderer.render(diags, in: file)
        if name.hasPrefix("ok-") { #expect(clean, "ok case has diagnostics:\n\(actual)") }
        if name.hasPrefix("err-") { #expect(!clean, "error case parsed cleanly") }
        try checkGolden(folder: "parse", name: name, ext: ext, other: clean ? "diag" : "ast", actual: actual)
    }

    /// Compares with (or records) `folder/name.ext`, and insists the other kind of golden is absent.
    func checkGolden(folder: String, name: String, ext: String, other: String, actual: String) throws {
        let bundle = Corpus.bundleResources.appendingPathComponent(folder)
        let source = Corpus.sourceResources.appendingPathComponent(folder)
        let sourceGolden = source.appendingPathComponent("\(name).\(ext)")
        let otherGolden = source.appendingPathComponent("\(name).\(other)")
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("\(name).\(other)").path) {
            if Corpus.updating {
                try? FileManager.default.removeItem(at: otherGolden)
            } else {
                Issue.record("\(name) has a .\(other) golden but now produces .\(ext) output")
            }
        }
        guard let expected = Corpus.read(bundle.appendingPathComponent("\(name).\(ext)")) else {
            try actual.write(to: sourceGolden, atomically: true, encoding: .utf8)
            Issue.record("recorded missing golden \(folder)/\(name).\(ext); check it and re-run")
            return
        }
        if expected != actual {
            if Corpus.updating {
                try actual.write(to: sourceGolden, atomically: true, encoding: .utf8)
            } else {
                #expect(actual == expected, "golden \(folder)/\(name).\(ext) differs (CHAOSRUN_UPDATE_GOLDENS=1 re-records)")
            }
        }
    }

    @Test func everyCatalogCodeHasAGolden() {
        let dir = Corpus.bundleResources.appendingPathComponent("parse")
        var seen = Set<String>()
        for name in Self.cases {
            guard let text = Corpus.read(dir.appendingPathComponent("\(name).diag")) else { continue }
            for line in text.split(separator: "\n") where !line.hasPrefix(" ") {
                if let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") {
                    seen.insert(String(line[line.index(after: open)..<close]))
                }
            }
        }
        for doc in SyntaxDiagnostics.catalog {
            #expect(seen.contains(doc.code.code), "no .diag golden triggers \(doc.code.code) \(doc.code.name)")
        }
    }
}
