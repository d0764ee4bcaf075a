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
            // run.sh passes -sanitize=fuzzer,address to every Swift module (coverage of the parser
            // and checker is what guides the fuzzer), and -parse-as-library for this file.
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        ),
    ]
)
