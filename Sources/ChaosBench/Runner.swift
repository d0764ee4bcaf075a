// Running suites: for each benchmark, build the seeded input once, run `warmup` untimed
// iterations, then time `iterations` iterations one by one (monotonic clock). One sample is one
// full iteration, in seconds.
import Foundation
import TDA

/// How to run suites; `nil` fields fall back to the suite's settings, then to the defaults.
public struct BenchOptions: Sendable {
    public var iterations: Int?
    public var warmup: Int?
    public var seed: UInt64?
    /// Test-only work multiplier (`CHAOSRUN_BENCH_SLOWDOWN`), 1 normally.
    public var slowdown: Double
    /// Only benchmarks whose name is in this list (all when empty).
    public var only: [String]

    public init(iterations: Int? = nil, warmup: Int? = nil, seed: UInt64? = nil, slowdown: Double = 1, only: [String] = []) {
        self.iterations = iterations
        self.warmup = warmup
        self.seed = seed
        self.slowdown = slowdown
        self.only = only
    }

    /// Defaults when neither the command line nor the suite says.
    public static let defaultIterations = 10, defaultWarmup = 2
    public static let defaultSeed: UInt64 = 42

    /// The slowdown from `CHAOSRUN_BENCH_SLOWDOWN` (a test switch: values below 1 or unparsable
    /// ones count as 1).
    public static func slowdown(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        guard let text = environment["CHAOSRUN_BENCH_SLOWDOWN"], let v = Double(text), v.isFinite, v >= 1 else { return 1 }
        return v
    }
}

/// One benchmark's measurements.
public struct BenchResult: Sendable {
    public var suite: String
    public var name: String
    public var points: Int
    public var windows: WindowConfiguration
    public var iterations: Int
    public var warmup: Int
    /// Seconds per iteration, in the order measured.
    public var samples: [Double]
    public var statistics: BenchStatistics
    /// Feature records one iteration emitted (0 when read from a file that lacks it).
    public var windowsEmitted: Int
    /// The suite's reference median (the seed's baseline), if declared.
    public var referenceSeconds: Double?

    /// `suite/name`, the key results are matched by.
    public var id: String { "\(suite)/\(name)" }

    public init(suite: String, name: String, points: Int, windows: WindowConfiguration, iterations: Int, warmup: Int,
                samples: [Double], windowsEmitted: Int, referenceSeconds: Double?) {
        self.suite = suite
        self.name = name
        self.points = points
        self.windows = windows
        self.iterations = iterations
        self.warmup = warmup
        self.samples = samples
        self.statistics = BenchStatistics(samples: samples.isEmpty ? [0] : samples, items: points)!
        self.windowsEmitted = windowsEmitted
        self.referenceSeconds = referenceSeconds
    }
}

/// A whole run: where it was taken and every benchmark's result.
public struct BenchRun: Sendable {
    public var environment: BenchEnvironment
    public var slowdown: Double
    public var results: [BenchResult]

    public init(environment: BenchEnvironment, slowdown: Double = 1, results: [BenchResult]) {
        self.environment = environment
        self.slowdown = slowdown
        self.results = results
    }
}

/// Times suites.
public struct BenchRunner {
    public var options: BenchOptions
    /// Called before each benchmark and after each sample (for progress output).
    public var progress: @Sendable (BenchProgress) -> Void

    public init(options: BenchOptions, progress: @escaping @Sendable (BenchProgress) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    /// The seed used for `suite`.
    public func seed(for suite: BenchSuite) -> UInt64 { options.seed ?? suite.seed ?? BenchOptions.defaultSeed }

    /// Runs every benchmark of `suites` in order.
    public func run(_ suites: [BenchSuite]) -> [BenchResult] {
        var results: [BenchResult] = []
        for suite in suites {
            for bench in suite.benchmarks where options.only.isEmpty || options.only.contains(bench.name) {
                let iterations = max(1, options.iterations ?? bench.iterations ?? suite.iterations ?? BenchOptions.defaultIterations)
                let warmup = max(0, options.warmup ?? bench.warmup ?? suite.warmup ?? BenchOptions.defaultWarmup)
                progress(.started(suite: suite.name, benchmark: bench.name, iterations: iterations, warmup: warmup))
                let workload = BenchWorkload(points: bench.points, seed: seed(for: suite))
                var outcome = BenchWorkload.Outcome(windows: 0, checksum: 0)
                for _ in 0..<warmup { outcome = workload.run(windows: bench.windows, slowdown: options.slowdown) }
                var samples: [Double] = []
                let clock = ContinuousClock()
                for i in 0..<iterations {
                    let start = clock.now
                    outcome = workload.run(windows: bench.windows, slowdown: options.slowdown)
                    let elapsed = clock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    samples.append(seconds)
                    progress(.sample(suite: suite.name, benchmark: bench.name, index: i + 1, of: iterations, seconds: seconds))
                }
                results.append(BenchResult(suite: suite.name, name: bench.name, points: bench.points, windows: bench.windows,
                                           iterations: iterations, warmup: warmup, samples: samples,
                                           windowsEmitted: outcome.windows, referenceSeconds: bench.referenceSeconds))
            }
        }
        return results
    }
}

/// Progress events of a run.
public enum BenchProgress: Sendable {
    case started(suite: String, benchmark: String, iterations: Int, warmup: Int)
    case sample(suite: String, benchmark: String, index: Int, of: Int, seconds: Double)
}
