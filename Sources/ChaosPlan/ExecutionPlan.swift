// ChaosPlan owns the execution plan: what a run will do, in order, at integer millisecond
// times, compiled from a checked scenario. The plan is deterministic (sorted JSON keys, no
// dictionary order, integer times) and identical for a `.chaos` file and its YAML twin: it refers
// to sources by their syntax-independent path (`timeline[2].items[0]`), never by line.
import ChaosCheck
import ChaosSource

/// A phase of a run.
public struct PlanPhase: Hashable, Sendable {
    public var name: String
    public var startMs: Int64
    /// The planned end; for `drain` the upper bound.
    public var endMs: Int64
}

/// One planned action.
public struct PlanEvent: Hashable, Sendable {
    public enum Action: String, Sendable, CaseIterable {
        case startGenerators = "start_generators"
        case stopGenerators = "stop_generators"
        case inject
        case remove
        case healthGate = "health_gate"
        case openWindow = "open_window"
        case closeWindow = "close_window"
    }
    public var timeMs: Int64
    public var action: Action
    /// The fault (`f3`) or criterion (`c1`) it belongs to, if any.
    public var ref: String?
    public var kind: String?
    public var targets: [String]
    public var params: Params
    public var source: String?
    /// For a health gate: the longest wait.
    public var timeoutMs: Int64?
}

/// A fault with its id.
public struct PlanFault: Hashable, Sendable {
    public var id: String
    public var fault: ResolvedFault
}

/// A criterion with its windows resolved to intervals.
public struct PlanCriterion: Hashable, Sendable {
    public var id: String
    public var criterion: CheckedCriterion
    /// Half-open intervals `[start, end)` in ms; for `after …` windows one per fault, starting at
    /// its removal.
    public var intervals: [(startMs: Int64, endMs: Int64)]
    /// For `after …` windows: the fault each interval follows.
    public var faultRefs: [String]
    public var source: String

    public init(id: String, criterion: CheckedCriterion, intervals: [(startMs: Int64, endMs: Int64)], faultRefs: [String], source: String) {
        self.id = id; self.criterion = criterion; self.intervals = intervals; self.faultRefs = faultRefs; self.source = source
    }

    public static func == (a: PlanCriterion, b: PlanCriterion) -> Bool {
        a.id == b.id && a.criterion == b.criterion && a.source == b.source && a.faultRefs == b.faultRefs
            && a.intervals.map(\.startMs) == b.intervals.map(\.startMs) && a.intervals.map(\.endMs) == b.intervals.map(\.endMs)
    }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// A generator with its derived seed.
public struct PlanGenerator: Hashable, Sendable {
    public var generator: CheckedGenerator
    public var seed: UInt64
    public var topic: String
}

/// The compiled plan of one scenario.
public struct ExecutionPlan: Hashable, Sendable {
    public static let formatVersion = 1
    public var scenario: CheckedScenario
    public var phases: [PlanPhase]
    public var generators: [PlanGenerator]
    public var faults: [PlanFault]
    public var events: [PlanEvent]
    public var criteria: [PlanCriterion]

    /// SHA-256 of the canonical JSON without the hash itself.
    public var contentHash: String { SHA256.hex(Array(PlanJSON.json(self, includeHash: false).serialized().utf8)) }

    public func phase(_ name: String) -> PlanPhase? { phases.first { $0.name == name } }
}
