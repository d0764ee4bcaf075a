import Foundation
import Testing
@testable import ChaosBench

@Suite struct OutputTests {
    func sampleRun(slowdown: Double = 1) -> BenchRun {
        let results = BenchRunner(options: BenchOptions(iterations: 5, warmup: 0, slowdown: slowdown)).run(tinySuite)
        return BenchRun(environment: .capture(seed: 3, directory: packageRoot), slowdown: slowdown, results: results)
    }

    @Test func resultsJSONRoundTrips() throws {
        let run = sampleRun()
        let text = run.json.serialized(pretty: true)
        let back = try BenchRun.decode(Data(text.utf8))
        #expect(back.results.count == 1)
        let a = run.results[0], b = back.results[0]
        #expect(a.id == b.id && a.points == b.points && a.windows == b.windows)
        // Foundation's JSON reader on Linux may be off by an ulp; the writer is shortest round-trip.
        #expect(zip(a.samples, b.samples).allSatisfy { abs($0 - $1) <= 1e-15 * $0 } && a.samples.count == b.samples.count)
        #expect(abs(a.statistics.median - b.statistics.median) <= 1e-12 * a.statistics.median)
        #expect(b.referenceSeconds == 0.001 && b.windowsEmitted == 56)
        #expect(back.environment == run.environment)
        for key in ["\"schema_version\": 1", "\"samples_seconds\"", "\"median\"", "\"p95\"", "\"p99\"", "\"stddev\"",
                    "\"throughput_points_per_second\"", "\"git_commit\"", "\"librdkafka_version\"", "\"build_configuration\"",
                    "\"cpu_model\"", "\"reference_ratio\""] {
            #expect(text.contains(key), "results.json lacks \(key)")
        }
    }

    @Test func badResultsAreRejectedWithAReason() {
        #expect(throws: BenchInputError.self) { try BenchRun.decode(Data("[]".utf8)) }
        #expect(throws: BenchInputError.self) { try BenchRun.decode(Data("{\"schema_version\": 99}".utf8)) }
        #expect(throws: BenchInputError.self) { try BenchRun.load("/nonexistent/results.json") }
    }

    @Test func environmentIsCaptured() {
        let e = BenchEnvironment.capture(seed: 9, directory: packageRoot)
        #expect(e.cpuCount >= 1 && e.memoryBytes > 0)
        #expect(e.buildConfiguration == "debug" || e.buildConfiguration == "release")
        #expect(e.librdkafkaVersion.first?.isNumber == true)
        #expect(e.gitCommit.count == 40, "git commit: \(e.gitCommit)")
        #expect(e.seed == 9)
    }

    @Test func filesAreWrittenAndSelfContained() throws {
        // Fixed samples, so the verdict does not depend on the machine's load.
        func run(_ samples: [Double]) -> BenchRun {
            let r = BenchResult(suite: "tiny", name: "a", points: 600, windows: tinySuite[0].benchmarks[0].windows, iterations: 5,
                                warmup: 0, samples: samples, windowsEmitted: 56, referenceSeconds: 0.001)
            return BenchRun(environment: .capture(seed: 3, directory: packageRoot), results: [r])
        }
        let base = run([0.010, 0.011, 0.0105, 0.012, 0.0102]), slow = run([0.031, 0.030, 0.034, 0.029, 0.0305])
        let comparison = BenchComparison(baseline: base.results, candidate: slow.results, tolerance: 0.1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try BenchOutputs.write(slow, baseline: base, comparison: comparison, baselineLabel: "base", to: dir)
        #expect(paths.count == 4)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg class=\"dist\" id=\"dist-tiny-a\""))
        #expect(html.contains("class=\"bar-base\"") && html.contains("class=\"reference\""))
        #expect(html.contains("<tr class=\"regression\">"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        let md = try String(contentsOfFile: dir + "/summary.md", encoding: .utf8)
        #expect(md.contains("**1 regression** against base"))
        #expect(md.contains("| tiny/a | 600 | 5 |"))
        let line = BenchOutputs.ciLine(slow, comparison: comparison)
        #expect(line.hasPrefix("{") && line.contains("\"status\":\"regression\"") && !line.contains("\n"))
    }

    @Test func metricsListMatchesTheExposition() throws {
        let run = sampleRun()
        let c = BenchComparison(baseline: run.results, candidate: run.results, tolerance: 0.1)
        let text = BenchMetrics.text(run, comparison: c, unixTime: 1)
        let typed = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
        #expect(typed == BenchMetrics.exportedNames)
        #expect(text.contains("chaosrun_bench_duration_seconds{suite=\"tiny\",benchmark=\"a\",quantile=\"0.5\"}"))
        #expect(text.contains("chaosrun_bench_regression{suite=\"tiny\",benchmark=\"a\"} 0"))
    }
}
