// Benchmark suites as data: a suite names a workload family, its window parameters and its
// benchmarks. The seed's two suites are built in (`BenchSuite.builtinText`) and shipped as
// bench/suites/*.bench; a test keeps the two identical.
import TDA

/// One benchmark: a number of points through the streaming engine with given windows.
public struct BenchCase: Sendable, Equatable {
    /// The name inside its suite (`small`, `4_scales`).
    public var name: String
    /// Samples (records) of the seeded signal pushed through the engine per iteration.
    public var points: Int
    /// The window parameters (the suite's, with this benchmark's overrides).
    public var windows: WindowConfiguration
    /// The seed's reference median in seconds (`baseline: 10ms`), if declared.
    public var referenceSeconds: Double?
    /// Iterations and warmup for this benchmark only (`iterations: 4` on its line).
    public var iterations: Int?
    public var warmup: Int?
}

/// A named group of benchmarks with default run settings.
public struct BenchSuite: Sendable, Equatable {
    public var name: String
    public var description: String
    public var seed: UInt64?
    public var iterations: Int?
    public var warmup: Int?
    public var benchmarks: [BenchCase]
    /// The file the suite was declared in (`<builtin>` for the built-in ones).
    public var path: String
}

extension BenchSuite {
    /// The streaming engine's default windows (`chaosrun engine`: window 200, stride 10,
    /// embedding 3, delay 1, scales 1, 2, 4, H0 and H1), the default of every suite.
    public static let engineDefaultWindows = WindowConfiguration(
        window: 200, stride: 10, embedding: 3, delay: 1, threshold: nil, scales: [1, 2, 4], maxDim: 1, bettiRadii: [])

    /// The built-in suites' source, identical to bench/suites/*.bench.
    public static let builtinText: [(file: String, text: String)] = [
        ("streaming_tda.bench", """
        // The seed's streaming suite: a seeded IoT signal through the streaming TDA engine
        // (record decode + sliding windows at the engine's default parameters), no Kafka.
        // Baselines are the seed's reference medians.
        suite "streaming_tda" {
          description "Seeded IoT signal through the streaming engine at its default windows (200/10, embed 3, scales 1 2 4)."
          iterations 10
          warmup 2
          benchmark "small"  points: 1000,   baseline: 10ms
          benchmark "medium" points: 10000,  baseline: 100ms
          // ~30,000 windows of 198 points: minutes per iteration, so fewer of them.
          benchmark "large"  points: 100000, baseline: 1s, iterations: 4, warmup: 0
        }

        """),
        ("multi_scale.bench", """
        // The seed's multi-scale suite: the same stream at 2, 4 and 8 window lengths at once.
        // Every scale embeds the same number of points, so the cost grows with the scale count.
        suite "multi_scale" {
          description "5,000 samples at 2, 4 and 8 scales (window 200 × scale, stride 10)."
          iterations 6
          warmup 1
          benchmark "2_scales" points: 5000, scales: [1, 2]
          benchmark "4_scales" points: 5000, scales: [1, 2, 4, 8]
          benchmark "8_scales" points: 5000, scales: [1, 2, 3, 4, 5, 6, 7, 8]
        }

        """),
    ]

    /// The built-in suites, parsed.
    public static var builtin: [BenchSuite] {
        builtinText.flatMap { BenchSuiteParser.parse(path: "<builtin>/\($0.file)", text: $0.text).suites }
    }
}
