// What a person or a CI log sees during a run: on a terminal a live status line (phase,
// elapsed/total, active faults, throughput, lag); otherwise plain timestamped event lines with
// no control characters. Structured JSON lines go to the run log when LOG_LEVEL asks for them.
#if canImport(Glibc)
import Glibc
#endif
import Foundation

public final class Progress: @unchecked Sendable {
    public enum Mode: Sendable { case terminal, plain, quiet }
    let mode: Mode
    let runID: String
    let lock = NSLock()
    var lineShown = false
    let jsonLog: FileHandle?
    let debug: Bool

    public init(mode: Mode, runID: String, jsonLogPath: String?) {
        self.mode = mode
        self.runID = runID
        if let path = jsonLogPath {
            FileManager.default.createFile(atPath: path, contents: nil)
            jsonLog = FileHandle(forWritingAtPath: path)
        } else {
            jsonLog = nil
        }
        debug = ProcessInfo.processInfo.environment["LOG_LEVEL"]?.lowercased() == "debug"
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// An event line (and a JSON log line).
    public func event(_ atMs: Int64, _ message: String, fields: [String: String] = [:], level: String = "info") {
        log(level: level, message: message, atMs: atMs, fields: fields)
        guard mode != .quiet, level != "debug" || debug else { return }
        lock.lock(); defer { lock.unlock() }
        let stamp = String(format: "+%7.3fs", Double(atMs) / 1000)
        if mode == .terminal {
            if lineShown { err("\r\u{1B}[2K"); lineShown = false }
            err("\(stamp)  \(message)\n")
        } else {
            err("\(Self.timestamp()) \(stamp)  \(message)\n")
        }
    }

    /// The live status line (terminal only).
    public func status(_ text: String) {
        guard mode == .terminal else { return }
        lock.lock(); defer { lock.unlock() }
        err("\r\u{1B}[2K\(text)")
        lineShown = true
    }

    public func finishLine() {
        guard mode == .terminal else { return }
        lock.lock(); defer { lock.unlock() }
        if lineShown { err("\r\u{1B}[2K"); lineShown = false }
    }

    func log(level: String, message: String, atMs: Int64, fields: [String: String]) {
        guard let jsonLog, level != "debug" || debug else { return }
        var obj: [String: Any] = ["ts": Self.timestamp(), "level": level, "run_id": runID, "t_ms": atMs, "msg": message]
        for (k, v) in fields { obj[k] = v }
        if let data = try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]) {
            lock.lock(); defer { lock.unlock() }
            jsonLog.write(data + Data("\n".utf8))
        }
    }
}

/// Writes to standard error unbuffered.
func err(_ s: String) {
    var bytes = Array(s.utf8)
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + off, $0.count - off) }
        if n <= 0 { break }
        off += n
    }
}
