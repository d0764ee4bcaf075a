// The machine a run was measured on: what a reader needs to judge whether two runs compare.
import Foundation
import Streams

/// Where and how a benchmark run was taken.
public struct BenchEnvironment: Sendable, Equatable {
    public var os: String
    public var kernel: String
    public var architecture: String
    public var cpuModel: String
    public var cpuCount: Int
    public var memoryBytes: UInt64
    public var swiftVersion: String
    /// `debug` or `release` (the build of chaosrun that measured).
    public var buildConfiguration: String
    public var librdkafkaVersion: String
    /// The checked-out commit, or `unknown` outside a git work tree.
    public var gitCommit: String
    /// 1-minute load average when the run started (noise from other processes).
    public var loadAverage: Double
    public var hostname: String
    /// ISO 8601 UTC time the run started.
    public var timestamp: String
    public var seed: UInt64

    /// Every field, in table order, as (label, value) pairs for reports.
    public var rows: [(String, String)] {
        [("OS", os), ("kernel", kernel), ("architecture", architecture), ("CPU", cpuModel), ("CPU count", String(cpuCount)),
         ("memory", String(format: "%.1f GiB", Double(memoryBytes) / 1_073_741_824)), ("Swift", swiftVersion),
         ("build", buildConfiguration), ("librdkafka", librdkafkaVersion), ("git commit", gitCommit),
         ("load average (1 min)", String(format: "%.2f", loadAverage)), ("host", hostname), ("started", timestamp),
         ("seed", String(seed))]
    }

    /// The environment of this process now; `directory` is searched upwards for `.git`.
    public static func capture(seed: UInt64, directory: String = FileManager.default.currentDirectoryPath) -> BenchEnvironment {
        var u = utsname()
        uname(&u)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var load = [Double](repeating: 0, count: 3)
        let loads = getloadavg(&load, 3)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return BenchEnvironment(
            os: osName(fallback: field(u.sysname)), kernel: field(u.release), architecture: field(u.machine),
            cpuModel: cpuModel(), cpuCount: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: ProcessInfo.processInfo.physicalMemory, swiftVersion: swiftVersion,
            buildConfiguration: buildConfiguration, librdkafkaVersion: Librdkafka.version,
            gitCommit: gitCommit(from: directory) ?? gitCommit(from: executableDirectory) ?? "unknown", loadAverage: loads > 0 ? load[0] : 0,
            hostname: ProcessInfo.processInfo.hostName, timestamp: formatter.string(from: Date()), seed: seed)
    }

    /// The build configuration of this binary.
    public static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// The Swift compiler that built this binary (from `#if compiler`).
    public static var swiftVersion: String {
        #if compiler(>=6.4)
        ">= 6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    static func osName(fallback: String) -> String {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return fallback }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return fallback
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// The directory of this executable (a build inside a checkout finds the checkout's commit).
    static var executableDirectory: String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }

    /// The commit `HEAD` points at, read from `.git` without running git.
    public static func gitCommit(from directory: String) -> String? {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        let fm = FileManager.default
        while true {
            let git = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: git.path, isDirectory: &isDir), isDir.boolValue {
                return resolveHead(gitDirectory: git.path)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    static func resolveHead(gitDirectory git: String) -> String? {
        guard let head = try? String(contentsOfFile: git + "/HEAD", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        if let loose = try? String(contentsOfFile: git + "/" + ref, encoding: .utf8) {
            return loose.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let packed = try? String(contentsOfFile: git + "/packed-refs", encoding: .utf8) {
            for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                return String(line.prefix { $0 != " " })
            }
        }
        return nil
    }
}
