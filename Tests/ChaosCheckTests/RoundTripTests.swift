import ChaosCheck
import ChaosPlan
import ChaosSource
import ChaosSyntax
import Foundation
import Testing

/// fmt is idempotent and keeps meaning; convert is lossless both ways; a `.chaos` file and its
/// YAML twin compile to byte-identical plans.
@Suite struct RoundTripTests {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every valid `.chaos` file we have: the shipped scenarios and the ok corpus cases.
    static let validFiles: [String] = {
        let fm = FileManager.default
        let scen = (try? fm.contentsOfDirectory(atPath: repoRoot.appendingPathComponent("scenarios").path)) ?? []
        let sema = Golden.cases("sema", extensions: [".chaos"]).filter { $0.hasPrefix("ok_") }
        return scen.filter { $0.hasSuffix(".chaos") }.sorted().map { "scenarios/\($0)" }
            + sema.map { "Tests/ChaosCheckTests/Resources/sema/\($0)" }
    }()

    static func check(_ text: String, path: String) -> CheckedFile {
        Frontend.check(SourceFile(path: path, text: text), syntax: .of(path: path))
    }

    static func planJSON(_ f: CheckedFile) -> String {
        f.scenarios.map { PlanJSON.render(PlanCompiler.compile($0)) }.joined()
    }

    static func read(_ rel: String) throws -> String {
        try String(contentsOf: repoRoot.appendingPathComponent(rel), encoding: .utf8)
    }

    @Test(arguments: validFiles)
    func fmtIsIdempotentAndKeepsMeaning(_ rel: String) throws {
        let text = try Self.read(rel)
        let original = Self.check(text, path: rel)
        #expect(!original.diagnostics.hasErrors)
        let once = ChaosWriter.write(original.ast, file: original.source)
        let formatted = Self.check(once, path: rel)
        #expect(!formatted.diagnostics.hasErrors, "formatted text does not parse:\n\(once)")
        let twice = ChaosWriter.write(formatted.ast, file: formatted.source)
        #expect(once == twice, "fmt is not idempotent for \(rel)")
        #expect(Self.planJSON(original) == Self.planJSON(formatted), "fmt changed the plan of \(rel)")
        #expect(original.ast.comments.map(\.text) == formatted.ast.comments.map(\.text), "fmt lost comments of \(rel)")
    }

    @Test(arguments: validFiles)
    func convertRoundTripKeepsThePlan(_ rel: String) throws {
        let original = Self.check(try Self.read(rel), path: rel)
        let yaml = YAMLWriter.write(original.ast, file: original.source)
        let fromYAML = Self.check(yaml, path: rel + ".yaml")
        #expect(!fromYAML.diagnostics.hasErrors, "YAML does not check:\n\(yaml)\n\(GoldenRenderer.render(fromYAML.diagnostics.sorted, in: fromYAML.source))")
        #expect(Self.planJSON(original) == Self.planJSON(fromYAML), "YAML twin of \(rel) plans differently")
        let back = ChaosWriter.write(fromYAML.ast, file: nil)
        let again = Self.check(back, path: rel)
        #expect(Self.planJSON(original) == Self.planJSON(again), "chaos → yaml → chaos changed the plan of \(rel)")
        #expect(original.ast.comments.count == fromYAML.ast.comments.count, "comments lost converting \(rel) to YAML")
    }

    /// The shipped YAML twins are checked in; they must plan byte-identically to their `.chaos` file.
    @Test func shippedTwinsPlanIdentically() throws {
        let fm = FileManager.default
        let dir = Self.repoRoot.appendingPathComponent("scenarios").path
        let twins = try fm.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".chaos.yaml") }
        #expect(twins.count >= 6)
        for twin in twins {
            let base = String(twin.dropLast(".yaml".count))
            let c = Self.check(try Self.read("scenarios/\(base)"), path: base)
            let y = Self.check(try Self.read("scenarios/\(twin)"), path: twin)
            #expect(!y.diagnostics.hasErrors && !c.diagnostics.hasErrors)
            #expect(Self.planJSON(c) == Self.planJSON(y), "\(twin) plans differently from \(base)")
        }
    }
}

/// Every shipped scenario's plan is checked in as a golden (`Resources/plans/NAME.plan.json`).
@Suite struct ShippedPlanGoldenTests {
    static let scenarios: [String] = {
        let dir = RoundTripTests.repoRoot.appendingPathComponent("scenarios").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".chaos") }.sorted()
    }()

    @Test(arguments: scenarios)
    func planGolden(_ name: String) throws {
        let f = RoundTripTests.check(try RoundTripTests.read("scenarios/\(name)"), path: name)
        #expect(!f.diagnostics.hasErrors)
        Golden.check(RoundTripTests.planJSON(f), at: Golden.corpus("plans").appendingPathComponent(name.replacingOccurrences(of: ".chaos", with: ".plan.json")))
    }
}
