// A built-in, deterministic RunReport of scenarios/cascade.chaos, passing or failing, for
// `chaosrun report-sample`, the docs screenshot, the headless-browser check and the tests. The
// series come from a small queue model (input, capacity, lag) sampled every 1.25 s, so the plots
// look like a real run: the engine stalls during the partition, lag piles up and drains after.

/// Sample reports for demos and tests (no run needed).
public enum SampleReport {
    /// The cascade scenario's report; `passing: false` gives a run where recovery, degradation
    /// and crashes fail (3 of 5 criteria) and one fault backend reported an error.
    public static func cascade(passing: Bool) -> RunReport {
        let faults = sampleFaults(passing: passing)
        let series = sampleSeries(passing: passing)
        let criteria = sampleCriteria(passing: passing, series: series, faults: faults)
        let failed = criteria.contains { !$0.passed }
        return RunReport(
            runID: passing ? "01JDQ8Z6W5K3M2P7R9T4V6X8Y0" : "01JDQ9B2C4E6G8J0L2N4Q6S8U0",
            scenario: "cascade_failure",
            description: "A network split grows into a broker crash, a processor crash and host pressure.",
            file: "scenarios/cascade.chaos",
            planHash: "sha256:7d3f0c9a1b2e4f60a8c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9",
            seed: 42, startedAt: "2026-11-25T14:02:11Z", durationMs: 240_000,
            environment: [
                KeyValue("os", "Debian GNU/Linux 12 (bookworm)"), KeyValue("kernel", "6.1.0-27-amd64"),
                KeyValue("cpu", "Intel(R) Xeon(R) Platinum 8375C @ 2.90GHz"), KeyValue("cores", "2"),
                KeyValue("memory", "7.8 GiB"), KeyValue("swift", "6.3.1"), KeyValue("librdkafka", "2.0.2"),
                KeyValue("chaosrun", "0.1.0"), KeyValue("mode", "embedded"), KeyValue("bootstrap", "127.0.0.1:39093"),
            ],
            phases: samplePhases(),
            faults: faults, criteria: criteria, series: series,
            audit: AuditSummary(produced: 1_061_204, processed: 1_061_204, lost: 0, duplicates: passing ? 0 : 312,
                                reordered: 0, worstStreams: passing ? [] : ["ticks.SYM-07: 0 lost, 312 duplicates"],
                                retentionDropped: 0),
            scheduling: SchedulingError(samples: 12, p50Ms: 0.8, p99Ms: passing ? 3.9 : 14.2, maxMs: passing ? 4.1 : 14.6),
            verdict: failed ? .failed : .passed, exitCode: failed ? 1 : 0,
            notes: passing ? [] : ["stress-ng exited early for f5; the built-in stressor held the CPU load instead."])
    }

    static func samplePhases() -> [PhaseTiming] {
        [
            PhaseTiming(name: "setup", plannedStartMs: 0, plannedEndMs: 0, actualStartMs: 0, actualEndMs: 0),
            PhaseTiming(name: "warmup", plannedStartMs: 0, plannedEndMs: 20_000, actualStartMs: 0, actualEndMs: 20_000),
            PhaseTiming(name: "timeline", plannedStartMs: 20_000, plannedEndMs: 240_000, actualStartMs: 20_000, actualEndMs: 240_002),
            PhaseTiming(name: "drain", plannedStartMs: 240_000, plannedEndMs: 300_000, actualStartMs: 240_002, actualEndMs: 268_750),
            PhaseTiming(name: "verdict", plannedStartMs: 300_000, plannedEndMs: 300_000, actualStartMs: 268_750, actualEndMs: 268_790),
            PhaseTiming(name: "teardown", plannedStartMs: 300_000, plannedEndMs: 300_000, actualStartMs: 268_790, actualEndMs: 269_410),
        ]
    }

    static func sampleFaults(passing: Bool) -> [FaultTiming] {
        let file = "scenarios/cascade.chaos"
        return [
            FaultTiming(id: "f1", kind: "network_partition", targets: ["kafka <-> tda"], plannedStartMs: 40_000, plannedEndMs: 70_000,
                        actualStartMs: 40_002, actualEndMs: 70_001, backend: "fault-proxy", source: "\(file):22:5", error: nil),
            FaultTiming(id: "f2", kind: "broker_crash", targets: ["kafka.broker[2]"], plannedStartMs: 55_000, plannedEndMs: 100_000,
                        actualStartMs: 55_001, actualEndMs: 100_003, backend: "mock-cluster", source: "\(file):23:5", error: nil),
            FaultTiming(id: "f3", kind: "process_crash", targets: ["tda.worker[1]"], plannedStartMs: 70_000, plannedEndMs: nil,
                        actualStartMs: 70_003, actualEndMs: nil, backend: "signal", source: "\(file):24:5", error: nil),
            FaultTiming(id: "f4", kind: "memory_pressure", targets: ["host"], plannedStartMs: 120_000, plannedEndMs: 150_000,
                        actualStartMs: 120_001, actualEndMs: 150_002, backend: "stress-ng", source: "\(file):26:7", error: nil),
            FaultTiming(id: "f5", kind: "cpu_spike", targets: ["host"], plannedStartMs: 120_000, plannedEndMs: 150_000,
                        actualStartMs: passing ? 120_001 : 120_014, actualEndMs: 150_002,
                        backend: passing ? "stress-ng" : "built-in stressor", source: "\(file):27:7",
                        error: passing ? nil : "stress-ng exited with status 2 after 0.4s; fell back to the built-in stressor"),
        ]
    }

    /// The criteria, with recovery times and latency measured on the sample series.
    static func sampleCriteria(passing: Bool, series: MetricSeries, faults: [FaultTiming]) -> [CriterionResult] {
        let file = "scenarios/cascade.chaos"
        let whole = [ClosedInterval(0, series.tMs.last ?? 0)]
        var recoveries: [(FaultTiming, Int64, Int64)] = []  // fault, removal, recovery ms
        for f in faults {
            let removal = f.actualEndMs ?? f.actualStartMs ?? f.plannedStartMs
            recoveries.append((f, removal, recoveryMs(series, after: removal)))
        }
        let worst = recoveries.map(\.2).max() ?? 0
        let recovered = recoveries.allSatisfy { $0.2 < 30_000 }
        let quiet = [ClosedInterval(20_000, 40_002), ClosedInterval(100_003 + recoveries[1].2, 120_001),
                     ClosedInterval(150_002 + recoveries[3].2, 240_002)]
        let p99 = maxValue(series.latencyP99Ms, series.tMs, in: quiet)
        let degradation = passing ? 12.4 : 27.5
        return [
            CriterionResult(id: "c1", text: "data_loss == 0", metric: "data_loss", window: "whole run", threshold: "0",
                            measured: 0, measuredText: "0", passed: true, source: "\(file):31:5", details: [], intervals: whole),
            CriterionResult(id: "c2", text: "recovery < 30s after each fault", metric: "recovery", window: "after each fault",
                            threshold: "30s", measured: ReportFormat.rounded(Double(worst) / 1000, 1), measuredText: seconds(worst),
                            passed: recovered, source: "\(file):32:5",
                            details: recoveries.map { "\($0.0.id) \($0.0.kind): \(seconds($0.2))" + ($0.2 >= 30_000 ? " (over 30s)" : "") },
                            intervals: recoveries.map { ClosedInterval($0.1, $0.1 + $0.2) }),
            CriterionResult(id: "c3", text: "degradation(throughput) < 20% during broker_crash", metric: "degradation(throughput)",
                            window: "during broker_crash", threshold: "20%", measured: degradation,
                            measuredText: ReportFormat.fixed(degradation, 1) + "%", passed: passing, source: "\(file):33:5",
                            details: ["baseline 4,012 records/s (warmup median)"], intervals: [ClosedInterval(55_001, 100_003)]),
            CriterionResult(id: "c4", text: "latency.p99 < 500ms outside faults", metric: "latency.p99", window: "outside faults",
                            threshold: "500ms", measured: p99, measuredText: ReportFormat.fixed(p99, 0) + "ms", passed: p99 < 500,
                            source: "\(file):34:5", details: [], intervals: quiet),
            CriterionResult(id: "c5", text: "crashes == 0", metric: "crashes", window: "whole run", threshold: "0",
                            measured: passing ? 0 : 1, measuredText: passing ? "0" : "1", passed: passing, source: "\(file):35:5",
                            details: passing ? [] : ["tda.worker[0] exited with signal 9 (OOM kill) at 2:21.250, not injected"],
                            intervals: whole),
        ]
    }

    /// `42.5s`: a time in seconds with one decimal.
    static func seconds(_ ms: Int64) -> String { ReportFormat.trimmed(ReportFormat.fixed(Double(ms) / 1000, 1)) + "s" }
}
