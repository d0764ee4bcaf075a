import Foundation
import Testing

/// Golden files of the YAML corpus: compared with the stored file, or recorded into the source
/// tree when `CHAOSRUN_UPDATE_GOLDENS=1` or when missing (a missing golden still fails the test).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["CHAOSRUN_UPDATE_GOLDENS"] == "1" }

    /// `Resources/<sub>` in the source tree, next to this file.
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

    static func cases(_ sub: String, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus(sub).path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    static func bytes(_ sub: String, _ name: String) -> [UInt8] {
        (try? Data(contentsOf: corpus(sub).appendingPathComponent(name))).map { [UInt8]($0) } ?? []
    }
}
