// results.json: writing with ChaosSource's deterministic JSON (sorted keys), reading back with
// Foundation for `--baseline` and `--compare`. Schema: docs/bench.md.
import ChaosSource
import Foundation
import TDA

extension BenchRun {
    /// The results.json document.
    public var json: JSON {
        .object([
            "schema_version": .int(ChaosBenchInfo.schemaVersion),
            "tool": .string("chaosrun bench"),
            "environment": environment.json,
            "slowdown": .double(slowdown),
            "benchmarks": .array(results.map(\.json)),
        ])
    }

    /// Reads a results.json document; `nil` with a reason when it is not one.
    public static func decode(_ data: Data) throws(BenchInputError) -> BenchRun {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchInputError("not a JSON object")
        }
        guard (root["schema_version"] as? Int) == ChaosBenchInfo.schemaVersion else {
            throw BenchInputError("expected schema_version \(ChaosBenchInfo.schemaVersion), found \(root["schema_version"] ?? "none")")
        }
        guard let items = root["benchmarks"] as? [[String: Any]] else { throw BenchInputError("no 'benchmarks' array") }
        var results: [BenchResult] = []
        for (k, item) in items.enumerated() {
            guard let suite = item["suite"] as? String, let name = item["name"] as? String,
                  let samples = item["samples_seconds"] as? [Double], !samples.isEmpty,
                  let points = item["points"] as? Int else {
                throw BenchInputError("benchmarks[\(k)] lacks suite, name, points or samples_seconds")
            }
            var windows = BenchSuite.engineDefaultWindows
            if let w = item["windows"] as? [String: Any] {
                windows.window = w["window"] as? Int ?? windows.window
                windows.stride = w["stride"] as? Int ?? windows.stride
                windows.embedding = w["embed"] as? Int ?? windows.embedding
                windows.delay = w["delay"] as? Int ?? windows.delay
                windows.scales = w["scales"] as? [Int] ?? windows.scales
                windows.maxDim = w["maxdim"] as? Int ?? windows.maxDim
                windows.threshold = w["threshold"] as? Double
            }
            results.append(BenchResult(suite: suite, name: name, points: points, windows: windows,
                                       iterations: item["iterations"] as? Int ?? samples.count, warmup: item["warmup"] as? Int ?? 0,
                                       samples: samples, windowsEmitted: item["windows_emitted"] as? Int ?? 0,
                                       referenceSeconds: item["reference_seconds"] as? Double))
        }
        let env = BenchEnvironment.decode(root["environment"] as? [String: Any] ?? [:])
        return BenchRun(environment: env, slowdown: root["slowdown"] as? Double ?? 1, results: results)
    }

    /// Reads `path`, or `path/results.json` when `path` is a directory.
    public static func load(_ path: String) throws(BenchInputError) -> BenchRun {
        var isDir: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            ? (path as NSString).appendingPathComponent("results.json") : path
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchInputError("cannot read \(file)") }
        do { return try decode(data) } catch { throw BenchInputError("\(file): \(error.message)") }
    }
}

/// A results file that cannot be used.
public struct BenchInputError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension BenchResult {
    var json: JSON {
        let s = statistics
        return .object([
            "suite": .string(suite), "name": .string(name), "id": .string(id), "points": .int(points),
            "iterations": .int(iterations), "warmup": .int(warmup), "windows_emitted": .int(windowsEmitted),
            "windows": .object([
                "window": .int(windows.window), "stride": .int(windows.stride), "embed": .int(windows.embedding),
                "delay": .int(windows.delay), "scales": .array(windows.scales.map { .int($0) }), "maxdim": .int(windows.maxDim),
                "threshold": windows.threshold.map { .double($0) } ?? .null,
            ]),
            "samples_seconds": .array(samples.map { .double($0) }),
            "stats": .object([
                "mean": .double(s.mean), "median": .double(s.median), "p95": .double(s.p95), "p99": .double(s.p99),
                "min": .double(s.min), "max": .double(s.max), "stddev": .double(s.stddev), "iqr": .double(s.iqr),
                "outliers": .int(s.outliers), "throughput_points_per_second": .double(s.throughput),
            ]),
            "reference_seconds": referenceSeconds.map { .double($0) } ?? .null,
            "reference_ratio": referenceSeconds.map { .double(s.median / $0) } ?? .null,
        ])
    }
}

extension BenchEnvironment {
    var json: JSON {
        .object([
            "os": .string(os), "kernel": .string(kernel), "architecture": .string(architecture), "cpu_model": .string(cpuModel),
            "cpu_count": .int(cpuCount), "memory_bytes": .double(Double(memoryBytes)), "swift_version": .string(swiftVersion),
            "build_configuration": .string(buildConfiguration), "librdkafka_version": .string(librdkafkaVersion),
            "git_commit": .string(gitCommit), "load_average_1m": .double(loadAverage), "hostname": .string(hostname),
            "timestamp": .string(timestamp), "seed": .string(String(seed)),
        ])
    }

    static func decode(_ o: [String: Any]) -> BenchEnvironment {
        func s(_ k: String) -> String { o[k] as? String ?? "unknown" }
        return BenchEnvironment(
            os: s("os"), kernel: s("kernel"), architecture: s("architecture"), cpuModel: s("cpu_model"),
            cpuCount: o["cpu_count"] as? Int ?? 0, memoryBytes: UInt64(o["memory_bytes"] as? Double ?? 0),
            swiftVersion: s("swift_version"), buildConfiguration: s("build_configuration"),
            librdkafkaVersion: s("librdkafka_version"), gitCommit: s("git_commit"),
            loadAverage: o["load_average_1m"] as? Double ?? 0, hostname: s("hostname"), timestamp: s("timestamp"),
            seed: UInt64(s("seed")) ?? 0)
    }
}
