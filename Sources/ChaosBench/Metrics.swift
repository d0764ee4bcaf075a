// metrics.prom: a run's results in the Prometheus text format, for node_exporter's textfile
// collector (or a Pushgateway), which is what dashboards/benchmark-trends.json queries.

/// The metric families `chaosrun bench` exports; the dashboard test compares panels with it.
public enum BenchMetrics {
    /// Every exported metric name.
    public static let exportedNames = [
        "chaosrun_bench_duration_seconds",
        "chaosrun_bench_throughput_points_per_second",
        "chaosrun_bench_stddev_seconds",
        "chaosrun_bench_reference_ratio",
        "chaosrun_bench_baseline_change_ratio",
        "chaosrun_bench_regression",
        "chaosrun_bench_iterations",
        "chaosrun_bench_run_timestamp_seconds",
        "chaosrun_bench_info",
    ]

    /// The text exposition of `run` (and of its comparison with a baseline, if any).
    public static func text(_ run: BenchRun, comparison: BenchComparison?, unixTime: Double) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) { out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" }
        func labels(_ r: BenchResult) -> String { "suite=\"\(r.suite)\",benchmark=\"\(r.name)\"" }
        family("chaosrun_bench_duration_seconds", "summary", "Seconds per iteration of a benchmark (quantile 0 is the minimum, 1 the maximum).")
        for r in run.results {
            let s = r.statistics
            for (q, v) in [("0", s.min), ("0.5", s.median), ("0.95", s.p95), ("0.99", s.p99), ("1", s.max)] {
                out += "chaosrun_bench_duration_seconds{\(labels(r)),quantile=\"\(q)\"} \(v)\n"
            }
            out += "chaosrun_bench_duration_seconds_sum{\(labels(r))} \(r.samples.reduce(0, +))\n"
            out += "chaosrun_bench_duration_seconds_count{\(labels(r))} \(r.samples.count)\n"
        }
        family("chaosrun_bench_throughput_points_per_second", "gauge", "Points through the engine per second at the median duration.")
        for r in run.results { out += "chaosrun_bench_throughput_points_per_second{\(labels(r))} \(r.statistics.throughput)\n" }
        family("chaosrun_bench_stddev_seconds", "gauge", "Standard deviation of the iteration durations.")
        for r in run.results { out += "chaosrun_bench_stddev_seconds{\(labels(r))} \(r.statistics.stddev)\n" }
        family("chaosrun_bench_reference_ratio", "gauge", "Median divided by the seed's reference median (below 1 is faster).")
        for r in run.results {
            if let ref = r.referenceSeconds { out += "chaosrun_bench_reference_ratio{\(labels(r))} \(r.statistics.median / ref)\n" }
        }
        family("chaosrun_bench_baseline_change_ratio", "gauge", "Median divided by the baseline run's median, minus 1.")
        family("chaosrun_bench_regression", "gauge", "1 when the benchmark regressed against the baseline run, else 0.")
        if let comparison {
            for row in comparison.rows {
                let parts = row.id.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let l = "suite=\"\(parts[0])\",benchmark=\"\(parts[1])\""
                if let c = row.change { out += "chaosrun_bench_baseline_change_ratio{\(l)} \(c)\n" }
                out += "chaosrun_bench_regression{\(l)} \(row.verdict == .regression ? 1 : 0)\n"
            }
        }
        family("chaosrun_bench_iterations", "gauge", "Timed iterations of the benchmark in this run.")
        for r in run.results { out += "chaosrun_bench_iterations{\(labels(r))} \(r.samples.count)\n" }
        family("chaosrun_bench_run_timestamp_seconds", "gauge", "Unix time the run finished.")
        out += "chaosrun_bench_run_timestamp_seconds \(unixTime)\n"
        family("chaosrun_bench_info", "gauge", "The run's environment as labels (value 1).")
        let e = run.environment
        out += "chaosrun_bench_info{commit=\"\(e.gitCommit)\",build=\"\(e.buildConfiguration)\",swift=\"\(e.swiftVersion)\",librdkafka=\"\(e.librdkafkaVersion)\"} 1\n"
        return out
    }
}
