// Test-only defects of an engine worker. They exist so that the interpreter's own tests can
// prove a verdict fails when it should: a worker that loses records, recovers slowly, keeps
// crashing or stalls. Never use them outside tests; docs/engine.md lists them as test-only.
//
// Spelling (option `--defect`, environment `CHAOSRUN_ENGINE_DEFECT`), comma-separated:
//   drop=F          skip a fraction F (0…1) of the records: processed, committed, never acked
//   slow-start=D    sleep D after (re)start before consuming
//   crash-loop=D    exit(1) D after every start
//   stall=D@T       stop consuming for D, starting T after start
//   resume-stall=D  stop consuming for D after every SIGCONT (a process_pause that ends slowly)
// Durations: `250ms`, `2s`, `1m`, `1m30s`, or plain seconds (`1.5`).

/// The defects one worker runs with; all off by default.
public struct EngineDefects: Sendable, Equatable {
    /// Fraction of records silently skipped (never acked, so the audit counts them lost).
    public var dropFraction: Double = 0
    /// Sleep after start, before the first poll.
    public var slowStart: Duration?
    /// Exit with status 1 this long after start.
    public var crashAfter: Duration?
    /// Stop consuming for `.duration`, beginning `.start` after start.
    public var stall: (start: Duration, duration: Duration)?
    /// Stop consuming for this long after every SIGCONT: recovery from a `process_pause` is then
    /// late by a known amount.
    public var resumeStall: Duration?

    /// The environment variable that sets defects when `--defect` is not given.
    public static let environmentVariable = "CHAOSRUN_ENGINE_DEFECT"

    /// No defects.
    public init() {}

    /// Whether any defect is set.
    public var isEmpty: Bool { dropFraction == 0 && slowStart == nil && crashAfter == nil && stall == nil && resumeStall == nil }

    public static func == (a: EngineDefects, b: EngineDefects) -> Bool {
        a.dropFraction == b.dropFraction && a.slowStart == b.slowStart && a.crashAfter == b.crashAfter
            && a.stall?.start == b.stall?.start && a.stall?.duration == b.stall?.duration && a.resumeStall == b.resumeStall
    }

    /// Parses `drop=0.1,slow-start=2s,…`; throws a message that names the bad part.
    public static func parse(_ text: String) throws(EngineDefectError) -> EngineDefects {
        var d = EngineDefects()
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw EngineDefectError("expected NAME=VALUE, found '\(item)'") }
            let (name, value) = (parts[0], parts[1])
            switch name {
            case "drop":
                guard let f = Double(value), f >= 0, f <= 1 else {
                    throw EngineDefectError("drop: expected a fraction 0…1 like 0.1, found '\(value)'")
                }
                d.dropFraction = f
            case "slow-start": d.slowStart = try duration(value, name)
            case "crash-loop": d.crashAfter = try duration(value, name)
            case "resume-stall": d.resumeStall = try duration(value, name)
            case "stall":
                let pieces = value.split(separator: "@", maxSplits: 1).map(String.init)
                guard pieces.count == 2 else { throw EngineDefectError("stall: expected DURATION@START like 10s@30s, found '\(value)'") }
                d.stall = (start: try duration(pieces[1], name), duration: try duration(pieces[0], name))
            default:
                throw EngineDefectError("unknown defect '\(name)': expected drop, slow-start, crash-loop, stall or resume-stall")
            }
        }
        return d
    }

    /// `250ms`, `2s`, `1m30s`, `1.5` (seconds).
    static func duration(_ text: String, _ name: String) throws(EngineDefectError) -> Duration {
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return .milliseconds(Int64((seconds * 1000).rounded())) }
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var rest = Substring(text)
        var millis = 0.0
        var parsedAny = false
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let n = Double(digits), let scale = units.first(where: { $0.0 == unit })?.1 else {
                throw EngineDefectError("\(name): expected a duration like 250ms, 2s or 1m30s, found '\(text)'")
            }
            millis += n * scale
            parsedAny = true
        }
        guard parsedAny else { throw EngineDefectError("\(name): expected a duration like 2s, found '\(text)'") }
        return .milliseconds(Int64(millis.rounded()))
    }

    /// Drop decision for the next record: record n (from 1) is dropped when ⌊n·F⌋ grows, so
    /// exactly ⌊n·F⌋ of n records are skipped, spread evenly (deterministic, no random generator).
    struct DropCounter {
        let fraction: Double
        var seen: UInt64 = 0
        var dropped: UInt64 = 0
        mutating func shouldDrop() -> Bool {
            guard fraction > 0 else { return false }
            seen += 1
            // The epsilon keeps n·0.1 for n = 10k from landing just under k.
            let due = UInt64((Double(seen) * fraction + 1e-9).rounded(.down))
            guard due > dropped else { return false }
            dropped = due
            return true
        }
    }
}

/// A malformed defect specification.
public struct EngineDefectError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}
