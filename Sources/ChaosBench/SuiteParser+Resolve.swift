// Turning parsed values into suite settings and benchmarks, with range checks.
import ChaosSource
import TDA

extension BenchSuiteParser {
    mutating func integer(_ key: String, _ value: BenchValue, _ range: SourceRange, _ valid: ClosedRange<Int>) -> Int? {
        guard case .integer(let i) = value else {
            error(BenchDiagnosticCode.invalidValue, "expected an integer for '\(key)', found '\(file.text(of: range))'", at: range)
            return nil
        }
        guard valid.contains(i) else {
            error(BenchDiagnosticCode.invalidValue,
                  "'\(key)' must be \(valid.lowerBound)…\(valid.upperBound), found \(i)", at: range)
            return nil
        }
        return i
    }

    mutating func scales(_ value: BenchValue, _ range: SourceRange) -> [Int]? {
        guard case .list(let items) = value, !items.isEmpty, items.allSatisfy({ (1...64).contains($0) }) else {
            error(BenchDiagnosticCode.invalidValue, "expected scales like '[1, 2, 4]' (integers 1…64), found '\(file.text(of: range))'",
                  at: range)
            return nil
        }
        return items
    }

    mutating func apply(_ key: String, _ value: BenchValue, _ range: SourceRange, to suite: inout BenchSuite,
                        windows: inout WindowConfiguration) {
        switch key {
        case "description":
            if case .string(let s) = value { suite.description = s } else {
                error(BenchDiagnosticCode.invalidValue, "expected a description in quotes", at: range)
            }
        case "seed": if let v = integer(key, value, range, 0...Int.max) { suite.seed = UInt64(v) }
        case "iterations": if let v = integer(key, value, range, 1...100_000) { suite.iterations = v }
        case "warmup": if let v = integer(key, value, range, 0...100_000) { suite.warmup = v }
        case "threshold":
            switch value {
            case .integer(let i) where i >= 0: windows.threshold = Double(i)
            case .number(let d) where d >= 0 && d.isFinite: windows.threshold = d
            default: error(BenchDiagnosticCode.invalidValue, "expected a non-negative radius for 'threshold'", at: range)
            }
        case "scales": if let v = scales(value, range) { windows.scales = v }
        default: window(key, value, range, &windows)
        }
    }

    /// `window`, `stride`, `embed`, `delay`, `maxdim`.
    mutating func window(_ key: String, _ value: BenchValue, _ range: SourceRange, _ windows: inout WindowConfiguration) {
        switch key {
        case "window": if let v = integer(key, value, range, 1...65_536) { windows.window = v }
        case "stride": if let v = integer(key, value, range, 1...65_536) { windows.stride = v }
        case "embed": if let v = integer(key, value, range, 1...16) { windows.embedding = v }
        case "delay": if let v = integer(key, value, range, 1...1024) { windows.delay = v }
        case "maxdim": if let v = integer(key, value, range, 0...1) { windows.maxDim = v }
        case "scales": if let v = scales(value, range) { windows.scales = v }
        default: break
        }
    }

    mutating func resolve(_ b: PendingBenchmark, base: WindowConfiguration) -> BenchCase? {
        var windows = base
        var points = 0
        var reference: Double?
        var iterations: Int?, warmup: Int?
        let before = bag.errorCount
        for key in b.fields.keys.sorted() {
            let (value, range) = b.fields[key]!
            switch key {
            case "points": points = integer(key, value, range, 1...100_000_000) ?? 0
            case "iterations": iterations = integer(key, value, range, 1...100_000)
            case "warmup": warmup = integer(key, value, range, 0...100_000)
            case "baseline":
                guard case .seconds(let s) = value, s > 0 else {
                    error(BenchDiagnosticCode.invalidValue, "expected a duration like '100ms' for 'baseline', found '\(file.text(of: range))'",
                          at: range)
                    continue
                }
                reference = s
            default: window(key, value, range, &windows)
            }
        }
        if let problem = windows.problem {
            error(BenchDiagnosticCode.invalidValue, "benchmark '\(b.name)': \(problem)", at: b.range)
        }
        guard bag.errorCount == before else { return nil }
        return BenchCase(name: b.name, points: points, windows: windows, referenceSeconds: reference,
                         iterations: iterations, warmup: warmup)
    }
}
