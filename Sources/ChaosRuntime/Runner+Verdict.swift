// The verdict: audit after the drain, criteria, and the RunReport.
import ChaosCheck
import ChaosPlan
import ChaosSource
import Records
import Reports

extension Runner {
    func verdict(override: RunReport.Verdict?) -> RunReport {
        let verdictStart = nowMs
        sampler?.stop()
        let samples = sampler?.snapshot ?? Samples(intervalMs: 1000)
        let produced = generators?.perStream ?? [:]
        let auditReport = collector?.audit(produced: produced)
        let audit = summarize(auditReport)
        let evaluator = Evaluator(plan: plan, samples: samples, audit: audit, crashes: supervisor?.unexpectedCrashes ?? [],
                                  firstAckMs: collector?.firstAck, locate: { [source] c in Self.location(source, c.range) })
        let criteria = override == nil ? evaluator.evaluate() : []
        var verdict: RunReport.Verdict = override ?? (criteria.allSatisfy(\.passed) ? .passed : .failed)
        if verdict == .passed, (generators?.produced ?? 0) == 0 { verdict = .error; notes.append("no record was produced") }
        let exit: Int32 = switch verdict {
        case .passed: 0
        case .failed: 1
        case .error: 3
        case .interrupted: 130
        }
        phaseTimes["verdict"] = (verdictStart, nowMs)
        if let g = generators, g.slowProduces.load(ordering: .relaxed) > 0 {
            notes.append("the generators were held back \(g.slowProduces.load(ordering: .relaxed)) time(s) by a full producer queue (longest \(g.longestProduceMs.load(ordering: .relaxed)) ms): the input was not open-loop then")
        }
        if let g = generators, g.maxBehindMs.load(ordering: .relaxed) >= 1000 {
            notes.append("the generators fell up to \(g.maxBehindMs.load(ordering: .relaxed)) ms behind their schedule (the host was too busy to produce on time): the input rate dropped and caught up in a burst, and throughput measured against the baseline reflects that too")
        }
        if let g = generators, g.retries.load(ordering: .relaxed) > 0 {
            notes.append("the generators retried \(g.retries.load(ordering: .relaxed)) produce call(s); last error: \(g.lastError.withLock { $0 } ?? "")")
        }
        if let p = producer, p.counters.failed > 0 {
            notes.append("\(p.counters.failed) generated record(s) failed delivery to Kafka (last error: \(p.lastDeliveryError.map { "\($0)" } ?? "unknown")); they never reached the engine and count as lost")
        }
        if audit.retentionDropped > 0 {
            notes.append("the embedded cluster's retention (about 5 MiB per partition) dropped \(audit.retentionDropped) records before the engine read them; they count as lost")
        }
        return RunReport(
            runID: runID, scenario: plan.scenario.name, description: plan.scenario.settings["description"]?.stringValue ?? "",
            file: options.file, planHash: "sha256:" + plan.contentHash, seed: plan.scenario.seed, startedAt: startedAt,
            durationMs: plan.scenario.durationMs,
            environment: EnvironmentCapture.capture(mode: options.bootstrap == nil ? "embedded" : "external",
                                                   bootstrap: config?.bootstrapServers ?? "", chaosrunVersion: "0.1.0"),
            phases: phases(), faults: faultReports(), criteria: criteria, series: series(samples),
            audit: audit, scheduling: scheduling(), verdict: verdict, exitCode: exit, notes: notes)
    }

    static func location(_ source: SourceFile, _ range: SourceRange) -> String {
        let l = source.location(of: range.start)
        return "\(source.path):\(l.line):\(l.column)"
    }

    func summarize(_ r: AuditReport?) -> AuditSummary {
        guard let r else { return AuditSummary(produced: 0, processed: 0, lost: 0, duplicates: 0, reordered: 0, worstStreams: [], retentionDropped: 0) }
        let t = r.total
        var worst: [(String, UInt64, UInt64)] = []
        for (name, s) in zip(r.names, r.streams) where s.lost > 0 || s.duplicates > 0 { worst.append((name, s.lost, s.duplicates)) }
        worst.sort { ($0.1, $0.2, $1.0) > ($1.1, $1.2, $0.0) }
        return AuditSummary(produced: Int(t.produced), processed: Int(t.processed), lost: Int(t.lost), duplicates: Int(t.duplicates),
                            reordered: Int(t.reordered),
                            worstStreams: worst.prefix(10).map { "\($0.0): \($0.1) lost, \($0.2) duplicates" },
                            retentionDropped: sampler?.retentionDropped.load(ordering: .relaxed) ?? 0)
    }

    func phases() -> [PhaseTiming] {
        plan.phases.map { p in
            let t = phaseTimes[p.name]
            return PhaseTiming(name: p.name, plannedStartMs: p.startMs, plannedEndMs: p.endMs, actualStartMs: t?.0, actualEndMs: t?.1)
        }
    }

    func faultReports() -> [FaultTiming] {
        plan.faults.map { pf in
            let t = faultTimes[pf.id]
            return FaultTiming(id: pf.id, kind: pf.fault.kind, targets: pf.fault.targets.map(\.spelling), plannedStartMs: pf.fault.startMs,
                               plannedEndMs: pf.fault.endMs, actualStartMs: t?.start, actualEndMs: t?.end,
                               backend: faults?.backend(for: pf.fault.kind) ?? "", source: Self.location(source, pf.fault.range), error: t?.error)
        }
    }

    func series(_ s: Samples) -> MetricSeries {
        MetricSeries(intervalMs: s.intervalMs, tMs: (0..<s.count).map { Int64($0 + 1) * s.intervalMs }, throughput: s.throughput,
                     inputRate: s.inputRate, lag: s.lag,
                     latencyP50Ms: s.latency.map { LatencyBuckets.quantile($0, 0.5).map { $0 / 1e6 } },
                     latencyP99Ms: s.latency.map { LatencyBuckets.quantile($0, 0.99).map { $0 / 1e6 } },
                     errors: s.errors, crashes: cumulativeCrashes(s), cpuPercent: s.cpuPercent,
                     rssMiB: s.rssBytes.map { $0.map { $0 / 1_048_576 } })
    }

    func cumulativeCrashes(_ s: Samples) -> [Double] {
        let crashes = supervisor?.unexpectedCrashes.map(\.atMs) ?? []
        return (0..<s.count).map { i in Double(crashes.filter { $0 < Int64(i + 1) * s.intervalMs }.count) }
    }

    func scheduling() -> SchedulingError {
        let xs = schedulingErrors
        return SchedulingError(samples: xs.count, p50Ms: quantile(xs, 0.5) ?? 0, p99Ms: quantile(xs, 0.99) ?? 0, maxMs: xs.max() ?? 0)
    }
}
