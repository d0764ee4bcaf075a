// report.json: every field of a RunReport in a documented, stable shape (docs/reports.md).
// Keys are snake_case like the plan's JSON, objects have sorted keys (ChaosSource's JSON
// writer), times are integer milliseconds from the start of the run, measured doubles are
// rounded to 3 decimals and non-finite values are written as null.
import ChaosSource

/// Renders a `RunReport` as report.json.
public enum ReportJSON {
    /// Version of the report.json shape; bumped on any incompatible change.
    public static let format = 1

    /// The report.json text: pretty-printed with sorted keys, arrays of numbers and strings on
    /// one line (a series is one line, not one line per sample), a trailing newline; the same
    /// report always gives the same bytes.
    public static func render(_ report: RunReport) -> String {
        serialize(object(report), indent: "") + "\n"
    }

    /// Pretty JSON like `JSON.serialized(pretty:)`, except that arrays holding only scalars are
    /// written on one line.
    static func serialize(_ value: JSON, indent: String) -> String {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            if items.allSatisfy(isScalar) { return "[" + items.map { $0.serialized() }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + serialize($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let dict) where !dict.isEmpty:
            let lines = dict.keys.sorted().map { inner + JSON.quote($0) + ": " + serialize(dict[$0] ?? .null, indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return value.serialized()
        }
    }

    static func isScalar(_ value: JSON) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// The report as a JSON value (for embedding in other documents).
    public static func object(_ r: RunReport) -> JSON {
        let failed = r.criteria.filter { !$0.passed }.count
        return .object([
            "format": .int(format),
            "run_id": .string(r.runID),
            "scenario": .string(r.scenario),
            "description": .string(r.description),
            "file": .string(r.file),
            "plan_hash": .string(r.planHash),
            "seed": .int(Int(truncatingIfNeeded: r.seed)),
            "started_at": .string(r.startedAt),
            "duration_ms": ms(r.durationMs),
            "verdict": .string(r.verdict.rawValue),
            "exit_code": .int(Int(r.exitCode)),
            "summary": .object([
                "criteria": .int(r.criteria.count), "passed": .int(r.criteria.count - failed), "failed": .int(failed),
            ]),
            "environment": .array(r.environment.map { .object(["key": .string($0.key), "value": .string($0.value)]) }),
            "phases": .array(r.phases.map(phase)),
            "faults": .array(r.faults.map(fault)),
            "criteria": .array(r.criteria.map(criterion)),
            "series": series(r.series),
            "audit": audit(r.audit),
            "scheduling": scheduling(r.scheduling),
            "notes": .array(r.notes.map(JSON.string)),
        ])
    }

    static func phase(_ p: PhaseTiming) -> JSON {
        .object([
            "name": .string(p.name),
            "planned_start_ms": ms(p.plannedStartMs), "planned_end_ms": ms(p.plannedEndMs),
            "actual_start_ms": ms(p.actualStartMs), "actual_end_ms": ms(p.actualEndMs),
        ])
    }

    static func fault(_ f: FaultTiming) -> JSON {
        .object([
            "id": .string(f.id), "kind": .string(f.kind), "targets": .array(f.targets.map(JSON.string)),
            "planned_start_ms": ms(f.plannedStartMs), "planned_end_ms": ms(f.plannedEndMs),
            "actual_start_ms": ms(f.actualStartMs), "actual_end_ms": ms(f.actualEndMs),
            "backend": .string(f.backend), "source": .string(f.source),
            "error": f.error.map(JSON.string) ?? .null,
        ])
    }

    static func criterion(_ c: CriterionResult) -> JSON {
        .object([
            "id": .string(c.id), "text": .string(c.text), "metric": .string(c.metric), "window": .string(c.window),
            "threshold": .string(c.threshold), "measured": number(c.measured), "measured_text": .string(c.measuredText),
            "passed": .bool(c.passed), "source": .string(c.source), "details": .array(c.details.map(JSON.string)),
            "intervals": .array(c.intervals.map { .array([ms($0.startMs), ms($0.endMs)]) }),
        ])
    }

    static func series(_ s: MetricSeries) -> JSON {
        .object([
            "interval_ms": ms(s.intervalMs),
            "t_ms": .array(s.tMs.map(ms)),
            "throughput": numbers(s.throughput), "input_rate": numbers(s.inputRate), "lag": numbers(s.lag),
            "latency_p50_ms": numbers(s.latencyP50Ms), "latency_p99_ms": numbers(s.latencyP99Ms),
            "errors": numbers(s.errors), "crashes": numbers(s.crashes),
            "cpu_percent": numbers(s.cpuPercent), "rss_mib": numbers(s.rssMiB),
        ])
    }

    static func audit(_ a: AuditSummary) -> JSON {
        .object([
            "produced": .int(a.produced), "processed": .int(a.processed), "lost": .int(a.lost),
            "duplicates": .int(a.duplicates), "reordered": .int(a.reordered),
            "retention_dropped": .int(a.retentionDropped), "worst_streams": .array(a.worstStreams.map(JSON.string)),
        ])
    }

    static func scheduling(_ s: SchedulingError) -> JSON {
        .object([
            "samples": .int(s.samples), "p50_ms": number(s.p50Ms), "p99_ms": number(s.p99Ms), "max_ms": number(s.maxMs),
        ])
    }

    /// Milliseconds as an integer (Int64 fits Int on every platform chaosrun supports).
    static func ms(_ v: Int64) -> JSON { .int(Int(truncatingIfNeeded: v)) }
    static func ms(_ v: Int64?) -> JSON { v.map(ms) ?? .null }

    /// A measured double rounded to 3 decimals; NaN and infinities become null.
    static func number(_ v: Double?) -> JSON {
        guard let v, v.isFinite else { return .null }
        return .double(ReportFormat.rounded(v))
    }
    static func numbers(_ vs: [Double]) -> JSON { .array(vs.map { number($0) }) }
    static func numbers(_ vs: [Double?]) -> JSON { .array(vs.map(number)) }
}
