import ChaosSource
@testable import ChaosSyntax
import Foundation
import Testing

/// Where the golden corpus lives: read from the test bundle, recorded into the source tree.
enum Corpus {
    /// `Tests/ChaosSyntaxTests/Resources` in the repository (recording writes here).
    static let sourceResources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    /// The repository root (for `grammar/chaos.ebnf`).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The bundle copy of `Resources` (reading happens here).
    static var bundleResources: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil) ?? sourceResources
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["CHAOSRUN_UPDATE_GOLDENS"] == "1" }

    /// Case names (file names without `.chaos`) in a corpus folder, sorted.
    static func cases(_ folder: String) -> [String] {
        let dir = bundleResources.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".chaos") }.map { String($0.dropLast(6)) }.sorted()
    }

    static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Parses a file held in memory.
func parse(_ text: String, path: String = "test.chaos") -> (ScenarioFile, [Diagnostic], SourceFile) {
    parse(bytes: Array(text.utf8), path: path)
}

func parse(bytes: [UInt8], path: String = "test.chaos") -> (ScenarioFile, [Diagnostic], SourceFile) {
    let file = SourceFile(path: path, bytes: bytes)
    var bag = DiagnosticBag()
    let tree = ChaosParser.parse(file, into: &bag)
    return (tree, bag.sorted, file)
}

/// Location markers inside test input (`1️⃣` … `9️⃣`), swift-syntax style.
struct Marked {
    let text: String
    /// Byte offset of each marker in `text` (markers removed).
    let markers: [String: Int]

    static let names = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    init(_ source: String) {
        var out = ""
        var markers: [String: Int] = [:]
        var rest = Substring(source)
        while !rest.isEmpty {
            if let m = Self.names.first(where: { rest.hasPrefix($0) }) {
                markers[m] = out.utf8.count
                rest = rest.dropFirst(m.count)
            } else {
                out.append(rest.removeFirst())
            }
        }
        text = out
        self.markers = markers
    }

    subscript(_ name: String) -> Int { markers[name] ?? -1 }
}

/// Asserts exactly one diagnostic with `code`, starting at marker `at`.
func expectSingle(_ source: String, _ code: DiagnosticCode, at marker: String = "1️⃣",
                  message: String? = nil, fixit: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let m = Marked(source)
    let (_, diags, _) = parse(m.text)
    #expect(diags.count == 1, "diagnostics: \(diags.map { "\($0.code): \($0.message)" })", sourceLocation: sourceLocation)
    guard let d = diags.first else { return }
    #expect(d.code == code, "got \(d.code): \(d.message)", sourceLocation: sourceLocation)
    #expect(d.range.start == m[marker], "at \(d.range.start), marker at \(m[marker])", sourceLocation: sourceLocation)
    if let message { #expect(d.message == message, sourceLocation: sourceLocation) }
    if let fixit { #expect(d.fixits.first?.replacement == fixit, "fixits: \(d.fixits)", sourceLocation: sourceLocation) }
}
