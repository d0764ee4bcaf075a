import Foundation
import Testing

/// Runs the real `chaosrun` binary.
enum CLI {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["CHAOSRUN_BIN"], !b.isEmpty { return b }
        return repoRoot.appendingPathComponent(".build/debug/chaosrun").path
    }

    struct Result { var stdout: String; var stderr: String; var status: Int32 }

    static func run(_ args: [String], stdin: String? = nil, cwd: URL? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes concurrently so a large output cannot deadlock.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: p.terminationStatus)
    }
}

/// `Resources/cli/NAME.args`: one argument per line, run from the repository root. Goldens:
/// `NAME.stdout`, `NAME.stderr`, `NAME.exit`.
@Suite struct CLICorpusTests {
    static let cases = Golden.cases("cli", extensions: [".args"])

    @Test(arguments: cases)
    func cliCase(_ name: String) throws {
        let dir = Golden.corpus("cli")
        let base = String(name.dropLast(".args".count))
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        let args = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { !$0.hasPrefix("#") }
        let r = try CLI.run(args)
        Golden.check(r.stdout, at: dir.appendingPathComponent(base + ".stdout"))
        Golden.check(r.stderr, at: dir.appendingPathComponent(base + ".stderr"))
        Golden.check("\(r.status)\n", at: dir.appendingPathComponent(base + ".exit"))
    }
}
