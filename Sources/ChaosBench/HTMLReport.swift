// report.html: one self-contained page (inline CSS and SVG, no script, no external resource)
// with a distribution plot per benchmark — a histogram of this run's samples over the
// baseline's, the medians and the seed's reference marked — the statistics, the comparison
// with the baseline and the environment table.
import Foundation

/// The HTML report of a run.
public enum BenchHTMLReport {
    public static func render(_ run: BenchRun, baseline: BenchRun?, comparison: BenchComparison?) -> String {
        var body = "<h1>chaosrun bench</h1>\n"
        if let comparison {
            let n = comparison.regressions.count
            body += "<p class=\"verdict \(n == 0 ? "pass" : "fail")\">"
            body += n == 0 ? "No regression" : "\(n) regression\(n == 1 ? "" : "s")"
            body += " against the baseline (tolerance \(BenchFormat.percent(comparison.tolerance)), one-sided Mann–Whitney p &lt; \(comparison.alpha))</p>\n"
        }
        body += statisticsTable(run)
        if let comparison { body += comparisonTable(comparison) }
        body += "<h2>Distributions</h2>\n<div class=\"plots\">\n"
        let base = Dictionary((baseline?.results ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for r in run.results { body += BenchHistogram(result: r, baseline: base[r.id]).svg }
        body += "</div>\n<h2>Environment</h2>\n<table class=\"env\">\n"
        for (k, v) in run.environment.rows { body += "<tr><th>\(escape(k))</th><td>\(escape(v))</td></tr>\n" }
        if let b = baseline {
            body += "<tr><th>baseline commit</th><td>\(escape(b.environment.gitCommit))</td></tr>\n"
            body += "<tr><th>baseline started</th><td>\(escape(b.environment.timestamp))</td></tr>\n"
        }
        body += "</table>\n"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>chaosrun bench</title>
        <style>\(style)</style></head>
        <body>
        \(body)</body></html>

        """
    }

    static func statisticsTable(_ run: BenchRun) -> String {
        var out = "<h2>Results</h2>\n<table class=\"stats\"><tr><th>benchmark</th><th>points</th><th>n</th><th>median</th><th>mean</th>"
        out += "<th>p95</th><th>p99</th><th>min</th><th>max</th><th>stddev</th><th>outliers</th><th>throughput</th><th>vs seed</th></tr>\n"
        for r in run.results {
            let s = r.statistics
            let cells = [String(r.points), String(s.count), BenchFormat.seconds(s.median), BenchFormat.seconds(s.mean),
                         BenchFormat.seconds(s.p95), BenchFormat.seconds(s.p99), BenchFormat.seconds(s.min),
                         BenchFormat.seconds(s.max), BenchFormat.seconds(s.stddev), String(s.outliers),
                         BenchFormat.rate(s.throughput),
                         r.referenceSeconds.map { "\(BenchFormat.ratio(s.median / $0)) of \(BenchFormat.seconds($0))" } ?? "—"]
            out += "<tr><th>\(escape(r.id))</th>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }

    static func comparisonTable(_ c: BenchComparison) -> String {
        var out = "<h2>Against the baseline</h2>\n<table class=\"compare\"><tr><th>benchmark</th><th>baseline</th><th>new</th>"
        out += "<th>change</th><th>p</th><th>noise base / new</th><th>verdict</th></tr>\n"
        for r in c.rows {
            let cells = [r.baselineMedian.map(BenchFormat.seconds) ?? "—", r.candidateMedian.map(BenchFormat.seconds) ?? "—",
                         r.change.map(BenchFormat.signedPercent) ?? "—", r.pValue.map(BenchFormat.pValue) ?? "—",
                         "\(r.baselineNoise.map(BenchFormat.percent) ?? "—") / \(r.candidateNoise.map(BenchFormat.percent) ?? "—")"]
            out += "<tr class=\"\(r.verdict.rawValue)\"><th>\(escape(r.id))</th>" + cells.map { "<td>\(escape($0))</td>" }.joined()
            out += "<td class=\"v\">\(r.verdict.rawValue)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let style = """
    body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1200px;color:#1d2330;padding:0 16px}
    h1{font-size:24px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
    table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{padding:4px 10px;border-bottom:1px solid #e6e9ef;text-align:right}
    th:first-child,table.env td{text-align:left}tr th{background:#f6f8fb}
    .verdict{display:inline-block;padding:6px 12px;border-radius:4px;font-weight:600}.pass{background:#e3f4e6;color:#1d6b2c}.fail{background:#fde3e1;color:#a2231b}
    tr.regression td.v{color:#a2231b;font-weight:700}tr.improvement td.v{color:#1d6b2c;font-weight:700}tr.noisy td.v,tr.insufficient td.v{color:#8a6d00}
    .plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(455px,1fr));gap:16px}
    svg.dist{background:#fff;border:1px solid #e1e5ec;border-radius:4px}
    svg.dist text{font:11px system-ui,sans-serif;fill:#444}svg.dist .title{font-size:13px;font-weight:600;fill:#1d2330}
    .bar{fill:#3b6fd8;fill-opacity:.8}.bar-base{fill:#9aa3b2;fill-opacity:.55}.median{stroke:#1b3f8f;stroke-width:2}
    .median-base{stroke:#5b6474;stroke-width:2;stroke-dasharray:4 3}.reference{stroke:#c0392b;stroke-width:1.5;stroke-dasharray:6 4}
    .axis{stroke:#888}.legend rect{stroke:none}
    """
}
