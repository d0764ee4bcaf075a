import ChaosCheck
import ChaosPlan
import ChaosRuntime
import ChaosSource
import Records
import Reports
import Testing

/// The criteria evaluator on synthetic series whose truth is known exactly.
@Suite struct EvaluatorTests {
    static func plan(_ text: String) throws -> ExecutionPlan {
        let f = Frontend.check(SourceFile(path: "t.chaos", text: text), syntax: .chaos)
        #expect(!f.diagnostics.hasErrors, "\(GoldenRenderer.render(f.diagnostics.sorted, in: f.source))")
        return PlanCompiler.compile(try #require(f.scenarios.first))
    }

    static let scenario = """
    scenario "t" {
      duration 60s
      warmup 10s
      settle 2s
      tolerance 10%
      generate iot "s" rate: 1k/s
      timeline {
        at 20s process_pause tda.worker[1] for 10s
      }
      expect {
        recovery < 3s after each fault
        degradation(throughput) < 20% during process_pause
        latency.p99 < 50ms outside faults
        data_loss == 0
      }
    }
    """

    /// 1 s samples: 1000/s throughput, lag 100, latency 10 ms; the fault halves throughput and
    /// builds lag; after removal at 30 s the engine needs `recoverySeconds` to catch up.
    static func samples(recoverySeconds: Int, degraded: Double) -> Samples {
        var s = Samples(intervalMs: 1000)
        for i in 0..<70 {
            let t = i * 1000
            let during = t >= 20_000 && t < 30_000
            let catchingUp = t >= 30_000 && t < 30_000 + recoverySeconds * 1000
            s.throughput.append(during ? degraded : catchingUp ? 400 : 1000)
            s.inputRate.append(i < 60 ? 1000 : 0)
            s.lag.append(during || catchingUp ? 20_000 : 100)
            var h = [UInt64](repeating: 0, count: LatencyBuckets.count)
            h[LatencyBuckets.index(nanos: during ? 900_000_000 : 10_000_000)] = 1000
            s.latency.append(h)
            s.errors.append(0)
            s.rssBytes.append(100_000_000)
            s.cpuPercent.append(50)
        }
        return s
    }

    static func evaluate(_ s: Samples, lost: Int = 0) throws -> [CriterionResult] {
        let audit = AuditSummary(produced: 60_000, processed: 60_000 - lost, lost: lost, duplicates: 0, reordered: 0,
                                 worstStreams: [], retentionDropped: 0)
        return Evaluator(plan: try plan(scenario), samples: s, audit: audit, crashes: [], firstAckMs: 1000,
                         locate: { _ in "t.chaos:1:1" }).evaluate()
    }

    @Test func recoveryAndDegradationMatchTheTruth() throws {
        let r = try Self.evaluate(Self.samples(recoverySeconds: 5, degraded: 500))
        let recovery = try #require(r.first { $0.metric == "recovery" })
        // Catch-up ends at 35 s: recovered 5 s after the removal at 30 s.
        #expect(abs((recovery.measured ?? -1) - 5000) <= 1000)
        #expect(!recovery.passed)
        let degradation = try #require(r.first { $0.metric == "degradation" })
        #expect(abs((degradation.measured ?? -1) - 50) <= 2)
        #expect(!degradation.passed)
        let latency = try #require(r.first { $0.metric == "latency" })
        #expect((latency.measured ?? 0) >= 10 && (latency.measured ?? 0) <= 12.5, "bucketed p99 of 10 ms")
        #expect(latency.passed)
        #expect(r.first { $0.metric == "data_loss" }?.passed == true)
    }

    @Test func quickRecoveryAndMildDegradationPass() throws {
        let r = try Self.evaluate(Self.samples(recoverySeconds: 1, degraded: 950))
        #expect(r.first { $0.metric == "recovery" }?.passed == true)
        let d = try #require(r.first { $0.metric == "degradation" })
        #expect(abs((d.measured ?? -1) - 5) <= 2)
        #expect(d.passed)
    }

    @Test func lossFailsDataLossWithTheExactCount() throws {
        let r = try Self.evaluate(Self.samples(recoverySeconds: 1, degraded: 950), lost: 37)
        let loss = try #require(r.first { $0.metric == "data_loss" })
        #expect(loss.measured == 37 && !loss.passed)
    }

    @Test func neverRecoveringIsInfinite() throws {
        let r = try Self.evaluate(Self.samples(recoverySeconds: 100, degraded: 0))
        let recovery = try #require(r.first { $0.metric == "recovery" })
        #expect(recovery.measured == .infinity && !recovery.passed)
        #expect(recovery.details.contains { $0.contains("not recovered") })
    }
}
