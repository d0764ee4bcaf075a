// The runner's Prometheus metrics (`run --metrics-port`), served by the same small HTTP
// endpoint as the engine's. Names follow the seed's dashboards: chaos_faults_injected_total and
// chaos_recovery_time_seconds, plus the run's view of the pipeline.
import ChaosCheck
import ChaosPlan
import Records
import Reports
import Synchronization

public final class RunMetrics: Sendable {
    struct State {
        var injected: [String: Int] = [:]
        var active: [String: Int] = [:]
        var removedAt: [(id: String, kind: String, ms: Int64)] = []
    }
    let state = Mutex(State())

    public init() {}

    func injected(kind: String) { state.withLock { $0.injected[kind, default: 0] += 1; $0.active[kind, default: 0] += 1 } }

    func removed(id: String, kind: String, atMs: Int64) {
        state.withLock {
            $0.active[kind] = max(0, ($0.active[kind] ?? 1) - 1)
            $0.removedAt.append((id, kind, atMs))
        }
    }

    /// Prometheus text exposition (version 0.0.4).
    func render(runner: Runner) -> String {
        let s = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) { out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" }
        family("chaos_faults_injected_total", "counter", "Faults injected so far, by kind.")
        for kind in Set(runner.plan.faults.map(\.fault.kind)).sorted() {
            out += "chaos_faults_injected_total{kind=\"\(kind)\"} \(s.injected[kind] ?? 0)\n"
        }
        family("chaos_faults_active", "gauge", "Faults currently applied, by kind.")
        for kind in Set(runner.plan.faults.map(\.fault.kind)).sorted() {
            out += "chaos_faults_active{kind=\"\(kind)\"} \(s.active[kind] ?? 0)\n"
        }
        family("chaos_recovery_time_seconds", "gauge", "Time from a fault's removal until the engine was back within tolerance (NaN until then).")
        let recoveries = runner.onlineRecoveries(s.removedAt)
        for r in s.removedAt {
            let v = recoveries[r.id].map { $0.isInfinite ? "NaN" : String($0 / 1000) } ?? "NaN"
            out += "chaos_recovery_time_seconds{fault=\"\(r.id)\",kind=\"\(r.kind)\"} \(v)\n"
        }
        let snap = runner.sampler?.snapshot
        family("chaos_engine_throughput_records_per_second", "gauge", "Records the engine processed per second in the last sample interval.")
        out += "chaos_engine_throughput_records_per_second \(snap?.throughput.last ?? 0)\n"
        family("chaos_input_rate_records_per_second", "gauge", "Records the generators produced per second in the last sample interval.")
        out += "chaos_input_rate_records_per_second \(snap?.inputRate.last ?? 0)\n"
        family("chaos_consumer_lag_records", "gauge", "Consumer lag of the engine's group on the input topic.")
        out += "chaos_consumer_lag_records \(runner.sampler?.lag.map { String($0) } ?? "NaN")\n"
        family("chaos_records_produced_total", "counter", "Records the generators produced.")
        out += "chaos_records_produced_total \(runner.generators?.produced ?? 0)\n"
        family("chaos_engine_crashes_total", "counter", "Engine worker exits not caused by an injected fault.")
        out += "chaos_engine_crashes_total \(runner.supervisor?.unexpectedCrashes.count ?? 0)\n"
        family("chaos_run_elapsed_seconds", "gauge", "Seconds since time 0 of the plan.")
        out += "chaos_run_elapsed_seconds \(Double(runner.nowMs) / 1000)\n"
        return out
    }
}

extension Runner {
    /// Recovery of the faults removed so far, measured on the samples taken so far.
    func onlineRecoveries(_ removed: [(id: String, kind: String, ms: Int64)]) -> [String: Double] {
        guard let samples = sampler?.snapshot, !removed.isEmpty else { return [:] }
        let audit = AuditSummary(produced: 0, processed: 0, lost: 0, duplicates: 0, reordered: 0, worstStreams: [], retentionDropped: 0)
        let evaluator = Evaluator(plan: plan, samples: samples, audit: audit, crashes: [], firstAckMs: collector?.firstAck,
                                  locate: { _ in "" })
        var out: [String: Double] = [:]
        for r in removed {
            let c = PlanCriterion(id: "online", criterion: onlineCriterion, intervals: [(r.ms, r.ms)], faultRefs: [r.id], source: "")
            var details: [String] = []
            if let v = evaluator.recovery(c, details: &details), !v.isInfinite { out[r.id] = v }
        }
        return out
    }

    var onlineCriterion: CheckedCriterion {
        CheckedCriterion(metric: "recovery", argument: nil, member: nil, op: .lt, threshold: .duration(milliseconds: 0),
                         window: .afterEachFault, range: .none, text: "recovery")
    }
}
