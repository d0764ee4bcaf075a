// swift-tools-version: 6.1
// chaosrun: a declarative chaos-scenario language, its interpreter and the streaming TDA engine it tests.
//
// Dependency direction (see docs/decisions.md):
//   ChaosSource <- ChaosSyntax <- ChaosYAML <- ChaosCheck <- ChaosPlan <- Reports
//   TDA, Generators, Records: pure, no dependencies
//   CRdKafka (system library) <- Streams
//   everything <- ChaosRuntime <- ChaosCLI <- chaosrun
// The language core (ChaosSource … ChaosPlan) never links librdkafka.
import PackageDescription

let package = Package(
    name: "chaosrun",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chaosrun", targets: ["chaosrun"]),
        .library(name: "ChaosLanguage", targets: ["ChaosSource", "ChaosSyntax", "ChaosYAML", "ChaosCheck", "ChaosPlan"]),
        .library(name: "TDA", targets: ["TDA"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Language core: no I/O beyond reading sources, no librdkafka.
        .target(name: "ChaosSource"),
        .target(name: "ChaosSyntax", dependencies: ["ChaosSource"]),
        .target(name: "ChaosYAML", dependencies: ["ChaosSource", "ChaosSyntax", .product(name: "Yams", package: "Yams")]),
        .target(name: "ChaosCheck", dependencies: ["ChaosSource", "ChaosSyntax", "ChaosYAML"]),
        .target(name: "ChaosPlan", dependencies: ["ChaosSource", "ChaosSyntax", "ChaosCheck"]),

        // Pure computational modules.
        // Hot paths are optimised in debug builds too, so tests over real data stay fast.
        .target(name: "TDA", swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Generators", swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Records", swiftSettings: [.unsafeFlags(["-O"])]),

        // Kafka: the C library is imported by Streams only.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(name: "Streams", dependencies: ["CRdKafka", "Records"]),

        .target(name: "Reports", dependencies: ["ChaosPlan"]),
        .target(name: "ChaosRuntime", dependencies: ["ChaosPlan", "TDA", "Generators", "Records", "Streams", "Reports"]),
        .target(name: "ChaosBench", dependencies: ["TDA", "Generators", "Records", "Streams", "ChaosCheck", "ChaosSource"]),
        .target(name: "ChaosCLI", dependencies: [
            "ChaosSource", "ChaosSyntax", "ChaosYAML", "ChaosCheck", "ChaosPlan", "TDA", "Generators", "Records",
            "Streams", "ChaosRuntime", "Reports", "ChaosBench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "chaosrun", dependencies: ["ChaosCLI"]),
        // Raw Kafka throughput on the embedded cluster (bench/streams.bench.sh).
        .executableTarget(name: "StreamsBench", dependencies: ["Streams"], path: "bench/StreamsBench"),

        // Golden files and loopback sockets shared by the test targets.
        .target(name: "ChaosTestSupport", path: "Tests/ChaosTestSupport"),
        .testTarget(name: "ChaosSyntaxTests", dependencies: ["ChaosSource", "ChaosSyntax"], resources: [.copy("Resources")]),
        .testTarget(name: "ChaosYAMLTests", dependencies: ["ChaosTestSupport", "ChaosSource", "ChaosSyntax", "ChaosYAML"], resources: [.copy("Resources")]),
        .testTarget(name: "ChaosCheckTests", dependencies: ["ChaosTestSupport", "ChaosSource", "ChaosSyntax", "ChaosYAML", "ChaosCheck", "ChaosPlan"], resources: [.copy("Resources")]),
        .testTarget(name: "TDATests", dependencies: ["TDA"], resources: [.copy("Resources")]),
        .testTarget(name: "GeneratorsTests", dependencies: ["Generators"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records"]),
        .testTarget(name: "StreamsTests", dependencies: ["ChaosTestSupport", "Streams", "Records"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "EngineTests", dependencies: ["ChaosRuntime", "Streams", "Records", "Generators", "TDA"]),
        .testTarget(name: "RuntimeTests", dependencies: ["ChaosTestSupport", "ChaosRuntime", "ChaosCheck", "ChaosPlan", "Reports", "Streams"]),
        .testTarget(name: "BenchTests", dependencies: ["ChaosBench"]),
        .testTarget(name: "CLITests", dependencies: ["ChaosTestSupport", "ChaosCLI"], resources: [.copy("Resources")]),
    ],
    swiftLanguageModes: [.v6]
)
