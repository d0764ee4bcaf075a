// The interpreter: runs an execution plan end to end.
//
//   setup     cluster (embedded or --bootstrap), topics, fault proxies, engine workers as
//             supervised child processes in one consumer group, the ack collector, the sampler
//   warmup    generators start at t = 0; the engine's throughput here is the baseline
//   timeline  planned events at their times on the monotonic clock (scheduling error measured)
//   drain     generators stopped; wait until every produced record is processed, or the bound
//   verdict   audit, criteria, reports
//   teardown  always: every fault reverted, every child ended, cluster stopped
//
// Nothing here prints a verdict or writes files; the CLI does that with the returned outcome.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import ChaosSource
import Foundation
import Records
import Reports
import Streams
import Synchronization

/// The result of `Runner.run()`: the report plus what teardown found.
public struct RunOutcome: Sendable {
    public var report: RunReport
    /// Reverts that failed and children that had to be killed at teardown.
    public var teardownProblems: [String]
}

public final class Runner: @unchecked Sendable {
    let plan: ExecutionPlan
    let source: SourceFile
    let options: RunOptions
    let runID: String
    let progress: Progress
    let ledger = RollbackLedger()
    let clock = RunClock()

    // Built during setup.
    var cluster: EmbeddedKafkaCluster?
    var config: KafkaConfig!
    var proxies: [Int: FaultProxy] = [:]
    var generatorProxy: FaultProxy?
    var supervisor: Supervisor!
    var store: MetricStore!
    var collector: AckCollector?
    var generators: GeneratorDriver?
    var producer: KafkaProducer?
    var sampler: Sampler?
    var faults: FaultContext!
    var trap: SignalTrap?
    let metrics = RunMetrics()
    var metricsServer: MetricsServer?

    // Measured.
    var phaseTimes: [String: (Int64?, Int64?)] = [:]
    var faultTimes: [String: (start: Int64?, end: Int64?, error: String?)] = [:]
    var schedulingErrors: [Double] = []
    var notes: [String] = []
    let startedAt = Progress.timestamp()

    public init(plan: ExecutionPlan, source: SourceFile, options: RunOptions) {
        self.plan = plan
        self.source = source
        self.options = options
        let hash = plan.contentHash.prefix(8)
        self.runID = "\(plan.scenario.name)-\(hash)-\(UInt32(truncatingIfNeeded: wallNanos() / 1000) % 1_000_000)"
        self.progress = Progress(mode: options.progress, runID: runID, jsonLogPath: options.reportDirectory + "/run.log.jsonl")
    }

    var nowMs: Int64 { clock.nowMs }
    var drainMs: Int64 { plan.phase("drain").map { $0.endMs - $0.startMs } ?? 60_000 }
    var topics: (input: String, output: String, acks: String) {
        let k = plan.scenario.kafka.params
        let input = k["topic"]?.stringValue ?? "chaos.input"
        return (input, k["output_topic"]?.stringValue ?? "chaos.features", input + ".acks")
    }
    var group: String { "chaosrun-engine-\(runID)" }

    /// Runs the plan. Never throws: environment failures and interruptions become verdicts.
    public func run() -> RunOutcome {
        trap = SignalTrap { [ledger] in
            _ = ledger.revertAll()
            ChildRegistry.shared.stopAll(grace: 0.5)
            err("\nchaosrun: interrupted twice; faults reverted, children ended\n")
            exit(130)
        }
        var verdictOverride: RunReport.Verdict?
        do {
            try mark("setup") { try setup() }
            try timeline()
            try mark("drain") { try drain() }
        } catch RuntimeError.interrupted {
            verdictOverride = .interrupted
            progress.event(nowMs, "interrupted: rolling back")
        } catch {
            verdictOverride = .error
            notes.append("environment failure: \(error)")
            progress.event(nowMs, "error: \(error)", level: "error")
        }
        if trap?.interrupted == true { verdictOverride = .interrupted }
        progress.finishLine()
        let report = verdict(override: verdictOverride)
        let problems = teardown()
        trap?.cancel()
        var outcome = RunOutcome(report: report, teardownProblems: problems)
        outcome.report.notes += problems.map { "teardown: \($0)" }
        return outcome
    }

    func mark(_ phase: String, _ body: () throws -> Void) throws {
        let start = nowMs
        phaseTimes[phase] = (start, nil)
        progress.event(start, "phase \(phase)")
        try body()
        phaseTimes[phase] = (start, nowMs)
    }

    func checkInterrupted() throws {
        if trap?.interrupted == true { throw RuntimeError.interrupted }
    }
}
