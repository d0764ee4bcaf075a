import ChaosCheck
import ChaosSource
import ChaosSyntax
import Foundation
import Testing

/// The checker corpus: `Resources/sema/NAME.chaos` and its YAML twin `NAME.yaml`.
/// A valid case has `NAME.checked` (shared by both syntaxes: the checked model has no
/// positions); an invalid one has `NAME.diag` and `NAME.yaml.diag`, and both syntaxes must
/// report the same codes and messages in the same order.
@Suite struct SemaCorpusTests {
    static let chaosCases = Golden.cases("sema", extensions: [".chaos"])
    static let yamlCases = Golden.cases("sema", extensions: [".yaml"])

    static func load(_ name: String) -> CheckedFile {
        let url = Golden.corpus("sema").appendingPathComponent(name)
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return Frontend.check(SourceFile(path: name, bytes: bytes), syntax: .of(path: name))
    }

    static func outputs(_ base: String) -> (checked: URL, diag: URL) {
        let dir = Golden.corpus("sema")
        return (dir.appendingPathComponent(base + ".checked"), dir.appendingPathComponent(base + ".diag"))
    }

    @Test(arguments: chaosCases)
    func chaosCase(_ name: String) {
        let r = Self.load(name)
        let base = String(name.dropLast(".chaos".count))
        let (checkedURL, diagURL) = Self.outputs(base)
        let hasChecked = FileManager.default.fileExists(atPath: checkedURL.path)
        let hasDiag = FileManager.default.fileExists(atPath: diagURL.path)
        #expect(!(hasChecked && hasDiag), "\(base) has both a .checked and a .diag golden")
        if base.hasPrefix("ok_") {
            #expect(r.diagnostics.diagnostics.isEmpty,
                    "ok case \(base) has diagnostics:\n\(GoldenRenderer.render(r.diagnostics.sorted, in: r.source))")
            Golden.check(CheckedDump.render(r.scenarios), at: checkedURL)
        } else {
            #expect(!r.diagnostics.diagnostics.isEmpty, "error case \(base) reports nothing")
            Golden.check(GoldenRenderer.render(r.diagnostics.sorted, in: r.source), at: diagURL)
        }
    }

    @Test(arguments: yamlCases)
    func yamlTwin(_ name: String) {
        let base = String(name.dropLast(".yaml".count))
        let y = Self.load(name)
        let dir = Golden.corpus("sema")
        let twin = base + ".chaos"
        if base.hasPrefix("yaml_") {
            // A YAML-only case (the .chaos grammar cannot express the mistake).
            #expect(!y.diagnostics.diagnostics.isEmpty)
            Golden.check(GoldenRenderer.render(y.diagnostics.sorted, in: y.source), at: dir.appendingPathComponent(name + ".diag"))
            return
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(twin).path), "\(name) has no .chaos twin")
        let c = Self.load(twin)
        let (checkedURL, _) = Self.outputs(base)
        if base.hasPrefix("ok_") {
            #expect(y.diagnostics.diagnostics.isEmpty, "\(name):\n\(GoldenRenderer.render(y.diagnostics.sorted, in: y.source))")
            if let expected = try? String(contentsOf: checkedURL, encoding: .utf8) {
                #expect(CheckedDump.render(y.scenarios) == expected, "\(name) checks differently from its .chaos twin")
            }
        } else {
            Golden.check(GoldenRenderer.render(y.diagnostics.sorted, in: y.source), at: dir.appendingPathComponent(name + ".diag"))
            let codes = { (r: CheckedFile) in r.diagnostics.sorted.map { "\($0.code.code) \($0.message)" } }
            #expect(codes(y) == codes(c), "\(name) and \(twin) report different diagnostics")
        }
    }
}
