import Foundation
import Testing
@testable import ChaosBench

/// Every PromQL expression of a Grafana dashboard: panel targets (rows' nested panels too),
/// annotation queries and template variable queries.
func expressions(in dashboard: [String: Any]) -> [String] {
    var out: [String] = []
    func panels(_ list: [[String: Any]]) {
        for p in list {
            for t in p["targets"] as? [[String: Any]] ?? [] { if let e = t["expr"] as? String { out.append(e) } }
            panels(p["panels"] as? [[String: Any]] ?? [])
        }
    }
    panels(dashboard["panels"] as? [[String: Any]] ?? [])
    let annotations = (dashboard["annotations"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    out += annotations.compactMap { $0["expr"] as? String }
    let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    for v in variables where v["type"] as? String == "query" {
        if let q = (v["query"] as? [String: Any])?["query"] as? String ?? v["query"] as? String { out.append(q) }
    }
    return out
}

/// The metric names a PromQL expression selects: identifiers that are not functions (followed
/// by `(`), keywords, label names (inside `{}` or a `by`/`without`/`on`/`ignoring` list), range
/// selectors or strings.
func metricNames(in expr: String) -> Set<String> {
    var s = expr
    for pattern in [#""(?:[^"\\]|\\.)*""#, #"\{[^}]*\}"#, #"\[[^\]]*\]"#,
                    #"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#, #"\b[0-9][0-9.eE]*[a-z]*"#] {
        s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    let keywords: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
                                 "offset", "bool", "inf", "nan"]
    var names = Set<String>()
    let regex = try! NSRegularExpression(pattern: #"[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?"#)
    let ns = s as NSString
    for m in regex.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
        if m.range(at: 1).location != NSNotFound { continue }  // a function call
        let word = ns.substring(with: m.range)
        if keywords.contains(word.lowercased()) { continue }
        // `label_values(metric, label)`: the label after the comma is not a metric.
        let before = ns.substring(to: m.range.location).trimmingCharacters(in: .whitespaces)
        if before.hasSuffix(","), expr.hasPrefix("label_values") { continue }
        names.insert(word)
    }
    return names
}

/// Metric names the code exports: string literals in Swift sources that write a Prometheus
/// exposition (`# TYPE` lines), plus ChaosBench's own list.
func exportedMetricNames() throws -> Set<String> {
    var names = Set(BenchMetrics.exportedNames)
    let sources = URL(fileURLWithPath: packageRoot).appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
    let literal = try NSRegularExpression(pattern: #""([a-z][a-z0-9_]*_[a-z0-9_]+)""#)
    for case let url as URL in files where url.pathExtension == "swift" {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains("# TYPE") else { continue }
        let ns = text as NSString
        for m in literal.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            names.insert(ns.substring(with: m.range(at: 1)))
        }
    }
    return names
}

@Suite struct DashboardTests {
    static let files = ["streaming-tda-overview.json", "chaos-engineering.json", "benchmark-trends.json"]

    @Test func metricNamesAreExtractedFromPromQL() {
        #expect(metricNames(in: #"histogram_quantile(0.99, sum by (le, worker) (rate(x_bucket{worker=~"$w"}[$__rate_interval])))"#)
                == ["x_bucket"])
        #expect(metricNames(in: "a_total / on (suite) b{q=\"0.5\"} > 0 and c offset 5m") == ["a_total", "b", "c"])
        #expect(metricNames(in: "label_values(m_total, worker)") == ["m_total"])
        #expect(metricNames(in: "time() - max(t_seconds)") == ["t_seconds"])
    }

    @Test(arguments: files)
    func everyQueriedMetricIsExported(file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/dashboards/" + file))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["uid"] is String && dashboard["title"] is String)
        let exprs = expressions(in: dashboard)
        #expect(exprs.count >= 8, "\(file) has only \(exprs.count) queries")
        let exported = try exportedMetricNames()
        for expr in exprs {
            let names = metricNames(in: expr)
            #expect(!names.isEmpty, "\(file): no metric in '\(expr)'")
            for name in names {
                let base = name.replacingOccurrences(of: #"_(bucket|sum|count)$"#, with: "", options: .regularExpression)
                #expect(exported.contains(name) || exported.contains(base), "\(file): '\(name)' in '\(expr)' is not exported by any module")
            }
        }
    }

    @Test func theExportedNamesIncludeEngineAndRunner() throws {
        let exported = try exportedMetricNames()
        for name in ["streaming_tda_throughput_total", "streaming_tda_latency_seconds", "streaming_tda_errors_total",
                     "streaming_tda_windows_total", "chaos_faults_injected_total", "chaos_recovery_time_seconds",
                     "chaos_consumer_lag_records", "chaosrun_bench_duration_seconds"] {
            #expect(exported.contains(name))
        }
        #expect(!exported.contains("streaming_tda_made_up_total"))
    }
}
