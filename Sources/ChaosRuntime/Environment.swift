// Environment capture for reports: OS, kernel, CPU, memory, toolchain and library versions.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Reports
import Streams

public enum EnvironmentCapture {
    public static func capture(mode: String, bootstrap: String, chaosrunVersion: String) -> [KeyValue] {
        var out: [KeyValue] = []
        let os = readSmallFile("/etc/os-release")?.split(separator: "\n")
            .first { $0.hasPrefix("PRETTY_NAME=") }.map { String($0.dropFirst(12)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        out.append(KeyValue("os", os ?? "unknown"))
        var u = utsname()
        uname(&u)
        let release = withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let machine = withUnsafeBytes(of: &u.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        out.append(KeyValue("kernel", "\(release) \(machine)"))
        let cpu = readSmallFile("/proc/cpuinfo")?.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
        out.append(KeyValue("cpu", cpu ?? "unknown"))
        out.append(KeyValue("cores", String(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        out.append(KeyValue("memory", "\(Stressor.totalMemory() >> 20) MiB"))
        #if swift(>=6.3)
        out.append(KeyValue("swift", "6.3 or later"))
        #else
        out.append(KeyValue("swift", "6.x"))
        #endif
        out.append(KeyValue("librdkafka", librdkafkaVersion()))
        out.append(KeyValue("chaosrun", chaosrunVersion))
        out.append(KeyValue("mode", mode))
        out.append(KeyValue("bootstrap", bootstrap))
        return out
    }

    /// The librdkafka this process loaded (`rd_kafka_version_str`), which is not always Debian's
    /// package: `LD_LIBRARY_PATH` can put a newer build first (docs/running.md, external clusters).
    static func librdkafkaVersion() -> String { Librdkafka.version }
}
