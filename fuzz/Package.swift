// swift-tools-version: 6.1
// The libFuzzer target over the parser and checker, in both syntaxes. Built and run by
// `make fuzz` (fuzz/run.sh); kept out of the main package so normal builds never need the
// fuzzer runtime.
import PackageDescription

let package = Package(
    name: "ChaosFuzz",
    dependencies: [.package(name: "chaosrun", path: "..")],
    targets: [
        .executableTarget(
            name: "ChaosFuzz",
            dependencies: [.product(name: "ChaosLanguage", package: "chaosrun")],
            swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        ),
    ]
)
