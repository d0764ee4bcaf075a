import Foundation
import Testing

/// Bad input of any kind gets a diagnostic and exit 1 or 2, in bounded time, never a crash.
@Suite struct HostileInputTests {
    static func temp(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chaosrun-hostile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func lint(_ path: String) throws -> CLI.Result {
        let start = Date()
        let r = try CLI.run(["lint", "--format", "short", path])
        #expect(Date().timeIntervalSince(start) < 20, "lint of \(path) took too long")
        #expect(r.status == 1 || r.status == 2, "exit \(r.status) for \(path): \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"), "crash: \(r.stderr)")
        #expect(r.stdout.contains("error["), "no diagnostic for \(path)")
        return r
    }

    static let cases: [(String, [UInt8])] = {
        var rng = SystemRandomNumberGenerator()
        let garbage = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let deepChaos = Array(("scenario \"d\" { duration 1m\n x " + String(repeating: "[", count: 10_000) + " }").utf8)
        let deepYAML = Array(("scenario:\n  x: " + String(repeating: "[", count: 10_000) + "\n").utf8)
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1...9 { bomb += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 9).joined(separator: ",") + "]\n" }
        bomb += "scenario:\n  name: *j\n"
        let invalidUTF8: [UInt8] = Array("scenario \"x".utf8) + [0xFF, 0xFE, 0xC3] + Array("\" { duration 1m }".utf8)
        return [
            ("garbage.chaos", garbage), ("garbage.yaml", garbage), ("deep.chaos", deepChaos), ("deep.yaml", deepYAML),
            ("bomb.yaml", Array(bomb.utf8)), ("invalid.chaos", invalidUTF8), ("invalid.yaml", invalidUTF8),
            ("empty.chaos", []), ("empty.yaml", []),
        ]
    }()

    @Test(arguments: 0..<cases.count)
    func hostile(_ i: Int) throws {
        let (name, bytes) = Self.cases[i]
        _ = try Self.lint(try Self.temp(name, bytes))
    }

    @Test func fiftyMegabytes() throws {
        let line = Array("  // padding padding padding padding padding padding padding padding\n".utf8)
        var bytes = Array("scenario \"big\" {\n".utf8)
        while bytes.count < 50 << 20 { bytes += line }
        let r = try Self.lint(try Self.temp("big.chaos", bytes))
        #expect(r.stdout.contains("E3002"))
    }
}
