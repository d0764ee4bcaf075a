import Foundation
import Testing

/// Golden-file support: compare with the stored file, or record it when
/// `CHAOSRUN_UPDATE_GOLDENS=1` or when it is missing (a missing golden still fails the test).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["CHAOSRUN_UPDATE_GOLDENS"] == "1" }

    /// The test corpus in the source tree (goldens are recorded there, not in the bundle copy).
    static func corpus(_ sub: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Resources/\(sub)")
    }

    static func check(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if updating || expected == nil {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if expected == nil {
                Issue.record("golden \(url.lastPathComponent) was missing; recorded it", sourceLocation: sourceLocation)
            }
            return
        }
        #expect(actual == expected, "golden \(url.lastPathComponent) differs (re-record with CHAOSRUN_UPDATE_GOLDENS=1)",
                sourceLocation: sourceLocation)
    }

    static func cases(_ sub: String, extensions: [String]) -> [String] {
        let dir = corpus(sub)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { n in extensions.contains { n.hasSuffix($0) } }.sorted()
    }
}
