import Foundation
import Testing

/// `chaosrun run` end to end on the embedded default: real cluster, real engine worker
/// processes, real faults. Verdicts must pass when the system behaves and fail — exactly the
/// matching criteria, with measured values close to the injected truth — when the engine is
/// run with a deliberate defect.
@Suite(.serialized) struct RunIntegrationTests {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var binary: String {
        ProcessInfo.processInfo.environment["CHAOSRUN_BIN"] ?? repoRoot.appendingPathComponent(".build/debug/chaosrun").path
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var report: [String: Any]
        var dir: URL
        func criterion(_ metric: String) -> [String: Any]? {
            (report["criteria"] as? [[String: Any]])?.first { ($0["metric"] as? String) == metric }
        }
        var audit: [String: Any] { report["audit"] as? [String: Any] ?? [:] }
    }

    static func run(_ scenario: String, args: [String] = [], interruptAfter: Double? = nil) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chaosrun-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["run", scenario, "--report-dir", dir.path] + args
        p.currentDirectoryURL = repoRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        if let t = interruptAfter {
            Thread.sleep(forTimeInterval: t)
            kill(p.processIdentifier, SIGINT)
        }
        nonisolated(unsafe) var errData = Data()
        let g = DispatchGroup()
        g.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); g.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        g.wait()
        p.waitUntilExit()
        let json = (try? Data(contentsOf: dir.appendingPathComponent("report.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        return Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self), report: json, dir: dir)
    }

    static func scenarioFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("defect-\(UUID().uuidString).chaos")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// All engine workers are paused for 5 s: throughput during the pause is exactly 0.
    static let pauseScenario = """
    scenario "pause" {
      duration 26s
      warmup 8s
      drain 20s
      settle 2s
      system {
        kafka brokers: 3, partitions: 4, replication: 3
        tda window: 32, stride: 16, embed: 2, workers: 1
      }
      generate iot "s" devices: 10, rate: 300/s
      timeline {
        at 13s process_pause tda.worker[1] for 5s
      }
      expect {
        data_loss == 0
        degradation(throughput) < 20% during process_pause
        recovery < 10s after each fault
        crashes == 0
      }
    }
    """

    /// Processes of ours still alive (engine workers, stressors) after a run.
    static func leftovers() -> [String] {
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return procs.compactMap { pid -> String? in
            guard Int32(pid) != nil, let cmd = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return nil }
            let args = cmd.split(separator: "\0").map(String.init)
            // Only children of this test's binary (other runs on the machine are not ours).
            guard args.first == binary || args.first.map({ URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }) == URL(fileURLWithPath: binary).resolvingSymlinksInPath().path,
                  args.count > 1,
                  (args[1] == "engine" && args.contains { $0.hasPrefix("chaosrun-engine-") }) || args[1] == "stress" else { return nil }
            return args.joined(separator: " ")
        }
    }

    @Test func smokePassesOnTheEmbeddedDefault() throws {
        let r = try Self.run("scenarios/smoke.chaos")
        #expect(r.status == 0, "stdout:\n\(r.stdout)\nstderr:\n\(r.stderr.suffix(3000))")
        let produced = r.audit["produced"] as? Int ?? 0
        #expect(abs(produced - 15_000) <= 300, "30 s at 500/s, produced \(produced)")
        #expect(r.audit["lost"] as? Int == 0)
        for name in ["report.json", "junit.xml", "summary.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: r.dir.appendingPathComponent(name).path))
        }
        #expect(Self.leftovers().isEmpty, "left behind: \(Self.leftovers())")
    }

    /// The engine's link is cut for 20 s at 2k/s: 0 processed during the cut, then the 40k-record
    /// backlog is read well within 15 s. Guards the catch-up rate on the embedded cluster (one
    /// batch per partition per fetch: with 5 ms producer batches the engine read no faster than the
    /// input arrived and never recovered).
    static let partitionScenario = """
    scenario "partition" {
      duration 60s
      warmup 15s
      drain 30s
      settle 3s
      system {
        kafka brokers: 3, partitions: 6, replication: 3
        tda window: 64, stride: 16, embed: 3, delay: 2, scales: [1, 2], workers: 2
      }
      generate iot "s" devices: 100, rate: 2k/s, period: 60s, noise: 0.1
      timeline {
        at 20s network_partition kafka <-> tda for 20s
      }
      expect {
        data_loss == 0
        recovery < 15s after each fault
        crashes == 0
      }
    }
    """

    @Test func anEnginePartitionStallsThenCatchesUp() throws {
        let r = try Self.run(try Self.scenarioFile(Self.partitionScenario))
        #expect(r.status == 0, "stdout:\n\(r.stdout)\nstderr:\n\(r.stderr.suffix(3000))")
        let series = r.report["series"] as? [String: Any] ?? [:]
        func numbers(_ key: String) -> [Double] { (series[key] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? -1 } }
        let t = numbers("t_ms"), throughput = numbers("throughput")
        // Nothing is processed while the link is cut (a second's margin at each end).
        let during = zip(t, throughput).filter { $0.0 >= 22_000 && $0.0 <= 39_000 }.map(\.1)
        #expect(!during.isEmpty && during.allSatisfy { $0 == 0 }, "throughput during the partition: \(during)")
        #expect(Self.leftovers().isEmpty, "left behind: \(Self.leftovers())")
    }

    @Test func pausingEveryWorkerFailsExactlyTheDegradationCriterion() throws {
        let r = try Self.run(try Self.scenarioFile(Self.pauseScenario))
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr.suffix(2000))")
        let degradation = try #require(r.criterion("degradation"))
        #expect(degradation["passed"] as? Bool == false)
        let measured = degradation["measured"] as? Double ?? -1
        #expect(abs(measured - 100) <= 2, "truth: throughput 0 while paused, measured \(measured)%")
        for metric in ["data_loss", "recovery", "crashes"] {
            #expect(r.criterion(metric)?["passed"] as? Bool == true, "\(metric) should hold: \(r.criterion(metric) ?? [:])")
        }
    }

    /// The same pause, judged on recovery only: a worker that stays idle 6 s after SIGCONT
    /// (`resume-stall=6s`) recovers 6 s after the fault's removal, not at once.
    static var slowResumeScenario: String {
        pauseScenario.replacingOccurrences(of: """
            degradation(throughput) < 20% during process_pause
            recovery < 10s after each fault
        """, with: """
            recovery < 3s after each fault
        """)
    }

    @Test func aSlowResumeFailsExactlyTheRecoveryCriterion() throws {
        let scenario = Self.slowResumeScenario
        #expect(!scenario.contains("degradation"))
        let r = try Self.run(try Self.scenarioFile(scenario), args: ["--engine-defect", "resume-stall=6s"])
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr.suffix(2000))")
        let recovery = try #require(r.criterion("recovery"))
        #expect(recovery["passed"] as? Bool == false)
        let measured = (recovery["measured"] as? Double ?? -1) / 1000  // the report gives milliseconds
        #expect(abs(measured - 6) <= 1, "truth: idle 6 s after the pause ends, measured \(measured) s")
        for metric in ["data_loss", "crashes"] {
            #expect(r.criterion(metric)?["passed"] as? Bool == true, "\(metric) should hold: \(r.criterion(metric) ?? [:])")
        }
    }

    /// One of two workers paused 5 s, each owning one of two partitions: throughput during the
    /// pause drops by the paused worker's share of the records. That truth comes from the workers
    /// themselves (their "stopped after N records" counts; no rebalance happens, the pause is
    /// shorter than the session timeout), not from the sampled series the evaluator reads.
    static let halfPauseScenario = """
    scenario "half_pause" {
      duration 26s
      warmup 8s
      drain 20s
      settle 2s
      system {
        kafka brokers: 3, partitions: 2, replication: 3
        tda window: 32, stride: 16, embed: 2, workers: 2
      }
      generate iot "s" devices: 40, rate: 400/s
      timeline {
        at 13s process_pause tda.worker[1] for 5s
      }
      expect {
        data_loss == 0
        degradation(throughput) < 10% during process_pause
        crashes == 0
      }
    }
    """

    @Test func pausingOneWorkerDegradesByItsShare() throws {
        let r = try Self.run(try Self.scenarioFile(Self.halfPauseScenario))
        func processed(_ worker: Int) -> Double? {
            let log = (try? String(contentsOf: r.dir.appendingPathComponent("worker-\(worker).log"), encoding: .utf8)) ?? ""
            guard let line = log.split(separator: "\n").last(where: { $0.contains("stopped after") }),
                  let range = line.range(of: "stopped after ") else { return nil }
            return Double(line[range.upperBound...].prefix { $0.isNumber })
        }
        let n1 = try #require(processed(1), "worker 1's count"), n2 = try #require(processed(2), "worker 2's count")
        let truth = n1 / (n1 + n2) * 100
        #expect(r.audit["duplicates"] as? Int == 0, "a rebalance would move partitions and blur the truth")
        let degradation = try #require(r.criterion("degradation"))
        let measured = degradation["measured"] as? Double ?? -1
        #expect(abs(measured - truth) <= 2, "truth: worker 1 had \(Int(n1)) of \(Int(n1 + n2)) records (\(truth) %), measured \(measured) %")
        #expect((degradation["passed"] as? Bool) == (measured < 10))
        #expect(r.status == (measured < 10 ? 0 : 1), "\(r.stdout)")
        for metric in ["data_loss", "crashes"] {
            #expect(r.criterion(metric)?["passed"] as? Bool == true, "\(metric) should hold: \(r.criterion(metric) ?? [:])")
        }
    }

    @Test func droppingRecordsFailsDataLossWithTheDroppedCount() throws {
        let r = try Self.run(try Self.scenarioFile(Self.pauseScenario), args: ["--engine-defect", "drop=0.1"])
        #expect(r.status == 1)
        let loss = try #require(r.criterion("data_loss"))
        #expect(loss["passed"] as? Bool == false)
        let lost = Double(r.audit["lost"] as? Int ?? 0), produced = Double(r.audit["produced"] as? Int ?? 1)
        #expect(abs(lost / produced - 0.10) <= 0.02, "truth: 10 % dropped; lost \(Int(lost)) of \(Int(produced))")
        #expect(loss["measured"] as? Double == lost)
    }

    @Test func aCrashLoopFailsTheCrashCriterion() throws {
        let r = try Self.run(try Self.scenarioFile(Self.pauseScenario), args: ["--engine-defect", "crash-loop=6s"])
        #expect(r.status == 1)
        let crashes = try #require(r.criterion("crashes"))
        #expect(crashes["passed"] as? Bool == false)
        #expect((crashes["measured"] as? Double ?? 0) >= 2)
        #expect(Self.leftovers().isEmpty, "left behind: \(Self.leftovers())")
    }

    /// During setup (4 s), the warmup (11 s), the pause (15 s), and at a moment drawn afresh on
    /// every run anywhere from setup to the drain (its value is in any failure message).
    @Test(arguments: [4.0, 11.0, 15.0, Double(Int.random(in: 1...27)) + 0.5])
    func interruptingRollsBackAndLeavesNothing(_ after: Double) throws {
        let r = try Self.run(try Self.scenarioFile(Self.pauseScenario), interruptAfter: after)
        #expect(r.status == 130, "interrupted after \(after) s: \(r.stderr.suffix(2000))")
        #expect(Self.leftovers().isEmpty, "left behind: \(Self.leftovers())")
        #expect(r.report["verdict"] as? String == "interrupted")
    }
}
