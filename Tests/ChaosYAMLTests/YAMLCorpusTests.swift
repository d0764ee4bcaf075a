import ChaosSource
import ChaosSyntax
import ChaosYAML
import Foundation
import Testing

/// The YAML corpus, `Resources/yaml/`: `ok_NAME.yaml` parses without errors and has
/// `ok_NAME.ast` (the AST dump, then any warnings); `err_NAME.yaml` reports errors, stored in
/// `err_NAME.diag`.
/// A case never has both. When `ok_NAME.chaos` exists, the YAML and the `.chaos` parse must
/// give the same tree apart from source ranges (and string spellings of free text).
@Suite struct YAMLCorpusTests {
    static let cases = Golden.cases("yaml", suffix: ".yaml")

    static func parse(_ name: String) -> (SourceFile, ScenarioFile, DiagnosticBag) {
        let file = SourceFile(path: name, bytes: Golden.bytes("yaml", name))
        var bag = DiagnosticBag()
        let tree = YAMLFrontend.parse(file, into: &bag)
        return (file, tree, bag)
    }

    @Test(arguments: cases)
    func corpusCase(_ name: String) {
        let base = String(name.dropLast(".yaml".count))
        let dir = Golden.corpus("yaml")
        let astURL = dir.appendingPathComponent(base + ".ast"), diagURL = dir.appendingPathComponent(base + ".diag")
        let fm = FileManager.default
        #expect(!(fm.fileExists(atPath: astURL.path) && fm.fileExists(atPath: diagURL.path)),
                "\(base) has both an .ast and a .diag golden")
        let (file, tree, bag) = Self.parse(name)
        if base.hasPrefix("ok_") {
            #expect(!bag.hasErrors, "ok case \(base) has errors:\n\(GoldenRenderer.render(bag.sorted, in: file))")
            // Warnings are part of a successful result: they follow the tree in the golden.
            let warnings = bag.diagnostics.isEmpty ? "" : "--- warnings\n" + GoldenRenderer.render(bag.sorted, in: file)
            Golden.check(ASTDump.dump(tree, in: file) + warnings, at: astURL)
        } else {
            #expect(bag.hasErrors, "error case \(base) reports no error")
            Golden.check(GoldenRenderer.render(bag.sorted, in: file), at: diagURL)
        }
    }

    /// Every code of the catalog is triggered by at least one case (errors by `err_` cases).
    @Test func everyCodeHasACase() {
        var seen: Set<String> = []
        for name in Self.cases {
            for d in Self.parse(name).2.diagnostics { seen.insert(d.code.code) }
        }
        for doc in YAMLDiagnostics.catalog {
            #expect(seen.contains(doc.code.code), "no case triggers \(doc.code.code) \(doc.code.name)")
        }
    }

    /// The catalog is well-formed: unique codes in the E14xx range, each with its texts.
    @Test func catalogIsComplete() {
        let codes = YAMLDiagnostics.catalog.map(\.code.code)
        #expect(Set(codes).count == codes.count)
        for doc in YAMLDiagnostics.catalog {
            #expect(doc.code.code.hasPrefix("E14") || doc.code.code.hasPrefix("W14"))
            #expect(!doc.summary.isEmpty && !doc.explanation.isEmpty && !doc.example.isEmpty)
        }
    }

    static let twins = Golden.cases("yaml", suffix: ".chaos")

    /// `ok_NAME.yaml` and `ok_NAME.chaos` give the same tree, ranges aside.
    @Test(arguments: twins)
    func sameTreeAsChaos(_ name: String) {
        let base = String(name.dropLast(".chaos".count))
        let chaosFile = SourceFile(path: name, bytes: Golden.bytes("yaml", name))
        var chaosBag = DiagnosticBag()
        let chaosTree = ChaosParser.parse(chaosFile, into: &chaosBag)
        #expect(chaosBag.diagnostics.isEmpty, "\(name):\n\(GoldenRenderer.render(chaosBag.sorted, in: chaosFile))")
        let (yamlFile, yamlTree, _) = Self.parse(base + ".yaml")
        let a = Self.withoutRanges(ASTDump.dump(chaosTree, in: chaosFile))
        let b = Self.withoutRanges(ASTDump.dump(yamlTree, in: yamlFile))
        #expect(a == b, "\(base): the YAML tree differs from the .chaos tree:\n--- chaos\n\(a)\n--- yaml\n\(b)")
    }

    /// The dump without positions and comments, for comparing the two syntaxes.
    static func withoutRanges(_ dump: String) -> String {
        let span = #/@?\d+:\d+-\d+:\d+/#
        return dump.split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("Comment ") }
            .map { $0.replacing(span, with: "").replacing(#/ +$/#, with: "") }
            .joined(separator: "\n")
    }
}

/// The repository's example scenarios: every `scenarios/NAME.chaos.yaml` reads without
/// diagnostics into the same tree as `scenarios/NAME.chaos`, ranges aside.
@Suite struct ScenarioTwinTests {
    static func scenariosDir(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios")
    }

    static let yamlFiles = ((try? FileManager.default.contentsOfDirectory(atPath: scenariosDir().path)) ?? [])
        .filter { $0.hasSuffix(".chaos.yaml") }.sorted()

    @Test(arguments: yamlFiles)
    func yamlTwinMatchesChaos(_ name: String) throws {
        let dir = Self.scenariosDir()
        let yamlBytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
        let chaosName = String(name.dropLast(".yaml".count))
        let chaosBytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(chaosName)))
        let yamlFile = SourceFile(path: name, bytes: yamlBytes), chaosFile = SourceFile(path: chaosName, bytes: chaosBytes)
        var yamlBag = DiagnosticBag(), chaosBag = DiagnosticBag()
        let yamlTree = YAMLFrontend.parse(yamlFile, into: &yamlBag)
        let chaosTree = ChaosParser.parse(chaosFile, into: &chaosBag)
        #expect(yamlBag.diagnostics.isEmpty, "\(GoldenRenderer.render(yamlBag.sorted, in: yamlFile))")
        let a = YAMLCorpusTests.withoutRanges(ASTDump.dump(chaosTree, in: chaosFile))
        let b = YAMLCorpusTests.withoutRanges(ASTDump.dump(yamlTree, in: yamlFile))
        #expect(a == b, "\(name) differs from \(chaosName):\n--- chaos\n\(a)\n--- yaml\n\(b)")
    }
}
