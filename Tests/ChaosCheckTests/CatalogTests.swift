import ChaosCheck
import ChaosSource
import Foundation
import Testing

/// Every diagnostic code is documented, unique, and triggered by at least one corpus case.
@Suite struct CatalogTests {
    static var testsRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    }

    /// All golden diagnostics text under Tests/*/Resources (.diag and CLI outputs).
    static func corpusText() -> String {
        var text = ""
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: testsRoot.path) else { return "" }
        while let rel = e.nextObject() as? String {
            guard rel.contains("/Resources/"), rel.hasSuffix(".diag") || rel.hasSuffix(".stdout") || rel.hasSuffix(".stderr") else { continue }
            text += (try? String(contentsOf: testsRoot.appendingPathComponent(rel), encoding: .utf8)) ?? ""
        }
        return text
    }

    @Test func codesAreUniqueAndDocumented() {
        let all = DiagnosticCatalog.all
        #expect(Set(all.map(\.code.code)).count == all.count, "duplicate codes")
        #expect(Set(all.map(\.code.name)).count == all.count, "duplicate names")
        for d in all {
            #expect(!d.summary.isEmpty && !d.explanation.isEmpty && !d.example.isEmpty, "\(d.code.code) is not fully documented")
            #expect(d.code.name.allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber }, "\(d.code.name) is not kebab-case")
        }
    }

    @Test func everyCodeIsTriggeredByTheCorpus() {
        let text = Self.corpusText()
        let missing = DiagnosticCatalog.all.map(\.code.code).filter { code in
            !text.contains("[\(code)]") && !text.contains("\"\(code)\"")
        }
        // E3002 (file too large) is exercised by HostileInputTests.fiftyMegabytes instead of a golden.
        let untriggered = missing.filter { $0 != "E3002" }
        #expect(untriggered.isEmpty, "codes no corpus case triggers: \(untriggered.joined(separator: ", "))")
    }

    @Test func docsAreGeneratedFromTheCatalog() throws {
        let docs = Self.testsRoot.deletingLastPathComponent().appendingPathComponent("docs")
        let diagnostics = try String(contentsOf: docs.appendingPathComponent("diagnostics.md"), encoding: .utf8)
        #expect(diagnostics == DiagnosticCatalog.markdown(), "docs/diagnostics.md is stale: run `chaosrun docs`")
        let language = try String(contentsOf: docs.appendingPathComponent("language.md"), encoding: .utf8)
        #expect(language.contains(LanguageReference.markdown().dropLast()), "docs/language.md tables are stale: run `chaosrun docs`")
    }
}
