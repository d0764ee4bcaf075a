import Foundation
import Testing

/// `chaosrun cluster` as a user runs it: prints the bootstrap servers, serves kcat, stops cleanly
/// on SIGTERM. Needs the built binary (`CHAOSRUN_BIN`, set by `make test`).
@Suite struct ClusterCommandTests {
    static let binary = ProcessInfo.processInfo.environment["CHAOSRUN_BIN"]
    static let kcat = "/usr/bin/kcat"
    static var runnable: Bool {
        binary.map { FileManager.default.isExecutableFile(atPath: $0) } == true
            && FileManager.default.isExecutableFile(atPath: kcat)
    }

    @Test(.enabled(if: runnable))
    func clusterCommandServesKcatAndStopsOnSIGTERM() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["cluster", "--brokers", "2", "--partitions", "3", "--topic", "cli"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Read lines until the bootstrap line appears.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("bootstrap servers:"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("bootstrap servers:") })
        let bootstrap = String(line.dropFirst("bootstrap servers: ".count))
        #expect(bootstrap.split(separator: ",").count == 2)

        let kcat = Process()
        kcat.executableURL = URL(fileURLWithPath: Self.kcat)
        kcat.arguments = ["-b", bootstrap, "-L", "-t", "cli"]
        let meta = Pipe()
        kcat.standardOutput = meta
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        let listing = String(decoding: meta.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        kcat.waitUntilExit()
        #expect(kcat.terminationStatus == 0)
        #expect(listing.contains("2 brokers"))
        #expect(listing.contains("topic \"cli\" with 3 partitions"))

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("embedded Kafka cluster stopped"))
    }
}
