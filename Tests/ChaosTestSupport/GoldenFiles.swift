import Foundation
import Testing

/// Golden-file support shared by the test targets: compare with the stored file, or record it
/// into the source tree when `CHAOSRUN_UPDATE_GOLDENS=1` or when it is missing (a missing golden
/// is recorded and the test still fails).
///
/// Each test target declares `let Golden = GoldenFiles(testFile: #filePath)` once; corpora live
/// in `Resources/<sub>` next to that file (the source tree, not the bundle copy, so re-recording
/// writes into the repository).
public struct GoldenFiles: Sendable {
    public let resources: URL

    public init(testFile: String) {
        resources = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Resources")
    }

    public static var updating: Bool { ProcessInfo.processInfo.environment["CHAOSRUN_UPDATE_GOLDENS"] == "1" }

    /// `Resources/<sub>` in the source tree.
    public func corpus(_ sub: String) -> URL { resources.appendingPathComponent(sub) }

    public func check(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if Self.updating || expected == nil {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if expected == nil {
                Issue.record("golden \(url.lastPathComponent) was missing; recorded it", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(actual == expected, "golden \(url.lastPathComponent) differs (re-record with CHAOSRUN_UPDATE_GOLDENS=1)",
                sourceLocation: sourceLocation)
    }

    /// File names in `Resources/<sub>` ending in one of `extensions`, sorted.
    public func cases(_ sub: String, extensions: [String]) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus(sub).path)) ?? []
        return names.filter { n in extensions.contains { n.hasSuffix($0) } }.sorted()
    }

    public func cases(_ sub: String, suffix: String) -> [String] { cases(sub, extensions: [suffix]) }

    public func bytes(_ sub: String, _ name: String) -> [UInt8] {
        (try? Data(contentsOf: corpus(sub).appendingPathComponent(name))).map { [UInt8]($0) } ?? []
    }
}
