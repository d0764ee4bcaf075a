// libFuzzer entry: every input is parsed and checked as `.chaos` and as YAML, then the valid
// ones are planned and written back out. Any crash, hang or sanitizer report is a bug.
import ChaosCheck
import ChaosPlan
import ChaosSource
import ChaosSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for syntax in [SourceSyntax.chaos, .yaml] {
        let file = SourceFile(path: syntax == .chaos ? "fuzz.chaos" : "fuzz.yaml", bytes: bytes)
        let checked = Frontend.check(file, syntax: syntax)
        for d in checked.diagnostics.diagnostics { _ = ShortRenderer.render(d, in: file) }
        if !checked.diagnostics.hasErrors {
            for s in checked.scenarios { _ = PlanJSON.render(PlanCompiler.compile(s)) }
            _ = ChaosWriter.write(checked.ast, file: file)
            _ = YAMLWriter.write(checked.ast, file: file)
        }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name; hand control to libFuzzer.
@_cdecl("ChaosFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzz(data, size) }
}
