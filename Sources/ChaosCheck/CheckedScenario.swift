// The checked model: a scenario whose names resolve, whose values have their units, and whose
// timeline is resolved to absolute integer times. The plan compiler starts from here.
import ChaosSource
import ChaosSyntax

/// A validated value in its canonical unit.
public enum Value: Hashable, Sendable {
    case integer(Int64)
    case number(Double)
    /// 0.0–1.0
    case intensity(Double)
    /// Percent points (20% is 20).
    case percent(Double)
    case duration(milliseconds: Int64)
    /// Events per second.
    case rate(perSecond: Double)
    case size(bytes: Int64)
    case string(String)
    case bool(Bool)
    case word(String)
    case list([Value])

    public var doubleValue: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .number(let v), .intensity(let v), .percent(let v): v
        case .duration(let ms): Double(ms)
        case .rate(let r): r
        case .size(let b): Double(b)
        default: nil
        }
    }
    public var int64Value: Int64? {
        switch self {
        case .integer(let v): v
        case .duration(let ms): ms
        case .size(let b): b
        default: nil
        }
    }
    public var stringValue: String? {
        switch self {
        case .string(let s), .word(let s): s
        default: nil
        }
    }
}

/// Named parameters in declaration order of their table (defaults filled in).
public struct Params: Hashable, Sendable {
    public var entries: [(name: String, value: Value)]
    public init(_ entries: [(name: String, value: Value)] = []) { self.entries = entries }
    public subscript(_ name: String) -> Value? { entries.first { $0.name == name }?.value }
    public static func == (a: Params, b: Params) -> Bool {
        a.entries.map(\.name) == b.entries.map(\.name) && a.entries.map(\.value) == b.entries.map(\.value)
    }
    public func hash(into h: inout Hasher) { for e in entries { h.combine(e.name); h.combine(e.value) } }
}

/// One end of a network link.
public enum LinkEndpoint: Hashable, Sendable, Comparable {
    case kafka
    case broker(Int)
    case tda
    case worker(Int)
    case generators

    public var spelling: String {
        switch self {
        case .kafka: "kafka"
        case .broker(let i): "kafka.broker[\(i)]"
        case .tda: "tda"
        case .worker(let i): "tda.worker[\(i)]"
        case .generators: "generators"
        }
    }
    public static func < (a: LinkEndpoint, b: LinkEndpoint) -> Bool { a.spelling < b.spelling }
}

/// A concrete fault target after index expansion.
public enum ResolvedTarget: Hashable, Sendable, Comparable {
    case broker(Int)
    case worker(Int)
    case host
    /// Endpoints sorted, so `a <-> b` and `b <-> a` are one link.
    case link(LinkEndpoint, LinkEndpoint)

    public var spelling: String {
        switch self {
        case .broker(let i): "kafka.broker[\(i)]"
        case .worker(let i): "tda.worker[\(i)]"
        case .host: "host"
        case .link(let a, let b): "\(a.spelling) <-> \(b.spelling)"
        }
    }
    public static func < (a: ResolvedTarget, b: ResolvedTarget) -> Bool { a.spelling < b.spelling }
}

/// A fault at absolute times (milliseconds from the start of the run, warmup included).
public struct ResolvedFault: Hashable, Sendable {
    public var kind: String
    public var targets: [ResolvedTarget]
    public var params: Params
    public var startMs: Int64
    /// nil: the fault is never removed during the run.
    public var endMs: Int64?
    public var label: String?
    /// Names of the enclosing cascade groups, outermost first.
    public var groups: [String]
    /// Where it was written.
    public var range: SourceRange
    /// Its path in the scenario (`timeline[3].items[1]`, with `#k` for repeat instances), the
    /// same in both syntaxes.
    public var path: String
}

/// The scope a criterion is measured over.
public enum CheckedWindow: Hashable, Sendable {
    case wholeRun
    case warmup
    case outsideFaults
    case duringKind(String)
    case duringLabel(String)
    case afterEachFault
    case afterKind(String)

    public var spelling: String {
        switch self {
        case .wholeRun: "whole run"
        case .warmup: "during warmup"
        case .outsideFaults: "outside faults"
        case .duringKind(let k): "during \(k)"
        case .duringLabel(let l): "during \"\(l)\""
        case .afterEachFault: "after each fault"
        case .afterKind(let k): "after \(k)"
        }
    }
}

/// A criterion with its threshold in canonical units.
public struct CheckedCriterion: Hashable, Sendable {
    public var metric: String
    public var argument: String?
    public var member: String?
    public var op: Comparator
    public var threshold: Value
    public var window: CheckedWindow
    public var range: SourceRange
    /// Canonical text, e.g. `recovery < 30s after each fault`.
    public var text: String

    public init(metric: String, argument: String?, member: String?, op: Comparator, threshold: Value, window: CheckedWindow,
                range: SourceRange, text: String) {
        self.metric = metric; self.argument = argument; self.member = member; self.op = op; self.threshold = threshold
        self.window = window; self.range = range; self.text = text
    }
}

/// A generator declaration with every parameter filled in.
public struct CheckedGenerator: Hashable, Sendable {
    public var kind: String
    public var name: String
    public var params: Params
    public var range: SourceRange
}

/// A system component with every parameter filled in.
public struct CheckedComponent: Hashable, Sendable {
    public var kind: String
    public var params: Params
}

/// A scenario that passed the checker (or the best that could be recovered from one that did not).
public struct CheckedScenario: Hashable, Sendable {
    public var name: String
    public var settings: Params
    public var kafka: CheckedComponent
    public var tda: CheckedComponent
    public var host: CheckedComponent
    public var generators: [CheckedGenerator]
    public var faults: [ResolvedFault]
    public var criteria: [CheckedCriterion]
    public var range: SourceRange

    public var durationMs: Int64 { settings["duration"]?.int64Value ?? 0 }
    public var warmupMs: Int64 { settings["warmup"]?.int64Value ?? 0 }
    public var seed: Int64 { settings["seed"]?.int64Value ?? 0 }
    public var brokers: Int { Int(kafka.params["brokers"]?.int64Value ?? 3) }
    public var workers: Int { Int(tda.params["workers"]?.int64Value ?? 2) }
}
