import Foundation
import Testing
@testable import ChaosRuntime

/// `chaosrun run --network-backend packet-filter` interrupted while its partition is applied
/// (root with nft or iptables; skipped otherwise): the rules exist during the fault and none is
/// left after the rollback.
@Suite(.serialized) struct PacketFilterRunTests {
    static let available = PacketFilter.detect() != nil && FileManager.default.isExecutableFile(atPath: RunIntegrationTests.binary)

    static let scenario = """
    scenario "pf_interrupt" {
      duration 40s
      warmup 8s
      drain 10s
      system {
        kafka brokers: 3, partitions: 2, replication: 3
        tda window: 32, stride: 16, embed: 2, workers: 1
      }
      generate iot "s" devices: 10, rate: 200/s
      timeline {
        at 10s network_partition kafka <-> tda for 20s
      }
      expect {
        data_loss == 0
      }
    }
    """

    @Test(.enabled(if: available, "needs root, nft or iptables, and the chaosrun binary"), arguments: ["SIGINT", "SIGKILL"])
    func anInterruptedRunLeavesNoRule(signal: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chaosrun-pf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: RunIntegrationTests.binary)
        p.arguments = ["run", try RunIntegrationTests.scenarioFile(Self.scenario), "--report-dir", dir.path,
                       "--network-backend", "packet-filter"]
        let logURL = dir.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = log
        try p.run()
        let stderr = { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
        let deadline = ContinuousClock.now + .seconds(90)
        while !stderr().contains("inject f1"), p.isRunning, ContinuousClock.now < deadline { usleep(100_000) }
        let tool = try #require(PacketFilter.detect())
        let tables = PacketFilter.namePrefix(tool, pid: p.processIdentifier)
        #expect(!PacketFilter.leftovers(tool, named: tables).isEmpty, "the partition's rules exist while it lasts:\n\(stderr())")

        kill(p.processIdentifier, signal == "SIGINT" ? SIGINT : SIGKILL)
        // A run killed with SIGKILL cannot stop its engine workers; they watch their parent
        // (`--parent-pid`) and stop by themselves within about a second.
        if signal == "SIGKILL" {
            let gone = ContinuousClock.now + .seconds(15)
            while !workers(log: stderr()).isEmpty, ContinuousClock.now < gone { usleep(100_000) }
            #expect(workers(log: stderr()).isEmpty, "engine workers outlived a run killed with SIGKILL")
            for pid in workers(log: stderr()) { kill(pid, SIGKILL) }  // only if the expectation failed
        }
        let end = ContinuousClock.now + .seconds(60)
        while p.isRunning, ContinuousClock.now < end { usleep(50_000) }
        try #require(!p.isRunning, "the run did not end:\n\(stderr())")
        #expect(p.terminationStatus == (signal == "SIGINT" ? 130 : SIGKILL))
        // After SIGKILL the guard deletes the table once it sees the run's socket close.
        let settle = ContinuousClock.now + .seconds(5)
        while !PacketFilter.leftovers(tool, named: tables).isEmpty, ContinuousClock.now < settle { usleep(50_000) }
        #expect(PacketFilter.leftovers(tool, named: tables).isEmpty)
        if signal == "SIGINT" {
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as? [String: Any]
            let fault = (report?["faults"] as? [[String: Any]])?.first
            #expect((fault?["backend"] as? String)?.hasPrefix("packet filter (\(tool.rawValue)") == true)
        }
        #expect(RunIntegrationTests.leftovers().isEmpty, "left behind: \(RunIntegrationTests.leftovers())")
    }

    /// The engine workers of the run whose log this is (their group is named in it).
    func workers(log: String) -> [Int32] {
        guard let range = log.range(of: "group chaosrun-engine-") else { return [] }
        let group = "chaosrun-engine-" + log[range.upperBound...].prefix { !$0.isWhitespace }
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return procs.compactMap(Int32.init).filter { pid in
            let args = ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").split(separator: "\0")
            return args.contains(Substring(group))
        }
    }
}
