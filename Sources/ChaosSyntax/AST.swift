// The abstract syntax tree shared by both front ends (`.chaos` parser and YAML).
//
// The checker cannot tell which syntax a node came from: both front ends build exactly these
// nodes, with byte ranges into their own source file. Nodes are generic where the language is
// table-driven (components, generators and faults are "a kind word plus named fields"), so adding
// a fault kind means adding a row to the checker's tables, not a new node type.
import ChaosSource

/// An identifier with its range.
public struct Ident: Hashable, Sendable {
    public var name: String
    public var range: SourceRange
    public init(_ name: String, _ range: SourceRange) { self.name = name; self.range = range }
}

/// A string literal with its (unescaped) value.
public struct StringLit: Hashable, Sendable {
    public var value: String
    public var range: SourceRange
    public init(_ value: String, _ range: SourceRange) { self.value = value; self.range = range }
}

/// A whole file: one or more scenarios, plus the comments the formatter must keep.
public struct ScenarioFile: Hashable, Sendable {
    public var scenarios: [ScenarioDecl]
    public var comments: [Comment]
    public init(scenarios: [ScenarioDecl] = [], comments: [Comment] = []) {
        self.scenarios = scenarios; self.comments = comments
    }
}

/// A `//` or `#` comment (its text includes the marker).
public struct Comment: Hashable, Sendable {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange) { self.text = text; self.range = range }
}

/// `scenario "name" { members }`
public struct ScenarioDecl: Hashable, Sendable {
    public var name: StringLit?
    public var members: [ScenarioMember]
    /// The `scenario` keyword (or YAML key) range.
    public var keywordRange: SourceRange
    public var range: SourceRange
    public init(name: StringLit?, members: [ScenarioMember], keywordRange: SourceRange, range: SourceRange) {
        self.name = name; self.members = members; self.keywordRange = keywordRange; self.range = range
    }

    public var settings: [SettingDecl] { members.compactMap { if case .setting(let s) = $0 { s } else { nil } } }
    public var systems: [SystemDecl] { members.compactMap { if case .system(let s) = $0 { s } else { nil } } }
    public var generators: [GeneratorDecl] { members.compactMap { if case .generator(let g) = $0 { g } else { nil } } }
    public var timelines: [TimelineDecl] { members.compactMap { if case .timeline(let t) = $0 { t } else { nil } } }
    public var expects: [ExpectDecl] { members.compactMap { if case .expect(let e) = $0 { e } else { nil } } }
}

/// What a scenario body holds, in source order.
public enum ScenarioMember: Hashable, Sendable {
    case setting(SettingDecl)
    case system(SystemDecl)
    case generator(GeneratorDecl)
    case timeline(TimelineDecl)
    case expect(ExpectDecl)
}

/// `seed 42`, `duration 4m`, `description "…"`: a scenario-level setting.
public struct SettingDecl: Hashable, Sendable {
    public var name: Ident
    public var value: Expr
    public var range: SourceRange
    public init(name: Ident, value: Expr, range: SourceRange) { self.name = name; self.value = value; self.range = range }
}

/// `system { components }`
public struct SystemDecl: Hashable, Sendable {
    public var components: [ComponentDecl]
    public var range: SourceRange
    public init(components: [ComponentDecl], range: SourceRange) { self.components = components; self.range = range }
}

/// `kafka brokers: 3, partitions: 6`: a system component with named fields.
public struct ComponentDecl: Hashable, Sendable {
    public var kind: Ident
    public var fields: [FieldArg]
    public var range: SourceRange
    public init(kind: Ident, fields: [FieldArg], range: SourceRange) { self.kind = kind; self.fields = fields; self.range = range }
}

/// `name: value`
public struct FieldArg: Hashable, Sendable {
    public var name: Ident
    public var value: Expr
    public var range: SourceRange
    public init(name: Ident, value: Expr, range: SourceRange) { self.name = name; self.value = value; self.range = range }
}

/// `generate iot "sensors" devices: 200, rate: 4k/s`
public struct GeneratorDecl: Hashable, Sendable {
    public var kind: Ident
    public var name: StringLit?
    public var fields: [FieldArg]
    public var range: SourceRange
    public init(kind: Ident, name: StringLit?, fields: [FieldArg], range: SourceRange) {
        self.kind = kind; self.name = name; self.fields = fields; self.range = range
    }
}

/// `timeline { items }`
public struct TimelineDecl: Hashable, Sendable {
    public var items: [TimelineItem]
    public var range: SourceRange
    public init(items: [TimelineItem], range: SourceRange) { self.items = items; self.range = range }
}

/// When a timeline item starts.
public enum AnchorKind: String, Hashable, Sendable {
    /// `at T`: absolute time from the start of the timeline (after warmup ends is NOT implied:
    /// times are measured from the start of the run, warmup included).
    case at
    /// `after T`: relative to the start of the previous item in the same block (or, inside a
    /// `sequence` or `cascade`, to the end of the previous item).
    case after
}

/// `at 40s` / `after 10s`
public struct Anchor: Hashable, Sendable {
    public var kind: AnchorKind
    public var time: Expr
    public var keywordRange: SourceRange
    public var range: SourceRange
    public init(kind: AnchorKind, time: Expr, keywordRange: SourceRange, range: SourceRange) {
        self.kind = kind; self.time = time; self.keywordRange = keywordRange; self.range = range
    }
}

/// One entry of a timeline or group: an optional anchor and a fault or group.
public struct TimelineItem: Hashable, Sendable {
    public var anchor: Anchor?
    public var body: TimelineBody
    public var range: SourceRange
    public init(anchor: Anchor?, body: TimelineBody, range: SourceRange) {
        self.anchor = anchor; self.body = body; self.range = range
    }
}

public indirect enum TimelineBody: Hashable, Sendable {
    case fault(FaultStmt)
    case group(GroupStmt)
}

/// `broker_crash kafka.broker[2] 70% delay: 200ms for 45s as "label"`
public struct FaultStmt: Hashable, Sendable {
    public var kind: Ident
    public var targets: [TargetExpr]
    /// The optional unnamed value after the targets (`memory_pressure host 70%`), which the
    /// checker maps to the fault kind's primary field.
    public var positional: Expr?
    public var fields: [FieldArg]
    /// `for D`: how long the fault lasts. Absent means "until the end of the enclosing group",
    /// or an instantaneous fault (e.g. `process_crash`).
    public var duration: Expr?
    /// `as "label"`: a name criteria can refer to with `during "label"`.
    public var label: StringLit?
    public var range: SourceRange
    public init(kind: Ident, targets: [TargetExpr], positional: Expr?, fields: [FieldArg],
                duration: Expr?, label: StringLit?, range: SourceRange) {
        self.kind = kind; self.targets = targets; self.positional = positional; self.fields = fields
        self.duration = duration; self.label = label; self.range = range
    }
}

public enum GroupKind: String, Hashable, Sendable, CaseIterable {
    /// Children start together (their own `at`/`after` offsets are relative to the group start).
    case parallel
    /// Children run one after another; `after D` adds a gap.
    case sequence
    /// `repeat N every D { … }`: the body again every D, N times.
    case `repeat`
    /// `cascade "name" { … }`: a named sequence of faults that propagate; each step starts
    /// `after` the previous one started, and all steps are removed together at the end.
    case cascade
}

/// `parallel for 30s { … }`, `sequence { … }`, `repeat 3 every 45s { … }`, `cascade "n" { … }`
public struct GroupStmt: Hashable, Sendable {
    public var kind: GroupKind
    public var keywordRange: SourceRange
    public var name: StringLit?
    /// `for D`: the group's duration (children without `for` last this long).
    public var duration: Expr?
    /// `repeat N`: the count.
    public var count: Expr?
    /// `every D`: the period of a repeat.
    public var every: Expr?
    public var items: [TimelineItem]
    public var range: SourceRange
    public init(kind: GroupKind, keywordRange: SourceRange, name: StringLit? = nil, duration: Expr? = nil,
                count: Expr? = nil, every: Expr? = nil, items: [TimelineItem], range: SourceRange) {
        self.kind = kind; self.keywordRange = keywordRange; self.name = name; self.duration = duration
        self.count = count; self.every = every; self.items = items; self.range = range
    }
}

/// A fault target: a path like `kafka.broker[2]`, or a link `kafka <-> tda`.
public indirect enum TargetExpr: Hashable, Sendable {
    case path(TargetPath)
    case link(TargetPath, TargetPath, range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .path(let p): p.range
        case .link(_, _, let r): r
        }
    }
}

/// `kafka.broker[2]`, `tda.worker[1..2]`, `host`, `kafka.broker[*]`
public struct TargetPath: Hashable, Sendable {
    public var segments: [TargetSegment]
    public var range: SourceRange
    public init(segments: [TargetSegment], range: SourceRange) { self.segments = segments; self.range = range }
    /// Canonical spelling, e.g. `kafka.broker[1..3]`.
    public var spelling: String { segments.map(\.spelling).joined(separator: ".") }
}

public struct TargetSegment: Hashable, Sendable {
    public var name: Ident
    public var index: TargetIndex?
    public init(name: Ident, index: TargetIndex?) { self.name = name; self.index = index }
    public var spelling: String { name.name + (index.map { "[\($0.spelling)]" } ?? "") }
}

/// `[2]`, `[1..3]` (inclusive), `[*]`
public enum TargetIndexKind: Hashable, Sendable {
    case single(Int64)
    case range(Int64, Int64)
    case all
}

public struct TargetIndex: Hashable, Sendable {
    public var kind: TargetIndexKind
    public var range: SourceRange
    public init(kind: TargetIndexKind, range: SourceRange) { self.kind = kind; self.range = range }
    public var spelling: String {
        switch kind {
        case .single(let i): "\(i)"
        case .range(let a, let b): "\(a)..\(b)"
        case .all: "*"
        }
    }
}

/// `expect { criteria }`
public struct ExpectDecl: Hashable, Sendable {
    public var criteria: [CriterionDecl]
    public var range: SourceRange
    public init(criteria: [CriterionDecl], range: SourceRange) { self.criteria = criteria; self.range = range }
}

public enum Comparator: String, Hashable, Sendable, CaseIterable {
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!="
}

/// `degradation(throughput) < 20% during broker_crash`
public struct CriterionDecl: Hashable, Sendable {
    public var metric: MetricRef
    public var op: Comparator
    public var opRange: SourceRange
    public var threshold: Expr
    public var window: WindowClause?
    public var range: SourceRange
    public init(metric: MetricRef, op: Comparator, opRange: SourceRange, threshold: Expr,
                window: WindowClause?, range: SourceRange) {
        self.metric = metric; self.op = op; self.opRange = opRange; self.threshold = threshold
        self.window = window; self.range = range
    }
}

/// `data_loss`, `degradation(throughput)`, `latency.p99`
public struct MetricRef: Hashable, Sendable {
    public var name: Ident
    /// `degradation(throughput)`: the argument.
    public var argument: Ident?
    /// `latency.p99`: the member.
    public var member: Ident?
    public var range: SourceRange
    public init(name: Ident, argument: Ident? = nil, member: Ident? = nil, range: SourceRange) {
        self.name = name; self.argument = argument; self.member = member; self.range = range
    }
    public var spelling: String {
        name.name + (argument.map { "(\($0.name))" } ?? "") + (member.map { ".\($0.name)" } ?? "")
    }
}

public enum WindowKind: Hashable, Sendable {
    /// `during broker_crash` or `during "label"`: while faults of that kind (or label) are active.
    case during(Ident?, StringLit?)
    /// `after each fault`: from each fault's removal (recovery windows).
    case afterEachFault
    /// `after broker_crash`: from the removal of each fault of that kind.
    case after(Ident)
    /// `outside faults`: all timeline time with no active fault.
    case outsideFaults
    /// `whole run` (the default).
    case wholeRun
    /// `during warmup`
    case warmup
}

public struct WindowClause: Hashable, Sendable {
    public var kind: WindowKind
    public var range: SourceRange
    public init(kind: WindowKind, range: SourceRange) { self.kind = kind; self.range = range }
}

/// A value with its range and the exact spelling it had in the source.
public struct Expr: Hashable, Sendable {
    public var kind: ExprKind
    public var range: SourceRange
    /// The source spelling of a literal (`4k/s`, `1m30s`); the formatter and `convert` reuse it.
    public var spelling: String
    public init(_ kind: ExprKind, _ range: SourceRange, spelling: String = "") {
        self.kind = kind; self.range = range; self.spelling = spelling
    }
}

public enum RateUnit: String, Hashable, Sendable {
    case perSecond = "s", perMinute = "min", perHour = "h"
    public var seconds: Double { self == .perSecond ? 1 : self == .perMinute ? 60 : 3600 }
}

public indirect enum ExprKind: Hashable, Sendable {
    case integer(Int64)
    case float(Double)
    /// A duration in integer milliseconds.
    case duration(milliseconds: Int64)
    /// Events per unit of time: `4k/s` is `.rate(count: 4000, per: .perSecond)`.
    case rate(count: Double, per: RateUnit)
    /// `20%` holds 20.
    case percent(Double)
    /// A size in bytes (`512MiB`, `2GB`).
    case size(bytes: Int64)
    case string(String)
    case bool(Bool)
    case identifier(String)
    case list([Expr])
    case target(TargetExpr)
    /// Placeholder where the parser recovered from an error; the checker ignores it silently.
    case invalid

    /// A short human name for messages: "a duration", "an integer".
    public var kindDescription: String {
        switch self {
        case .integer: "an integer"
        case .float: "a number"
        case .duration: "a duration"
        case .rate: "a rate"
        case .percent: "a percentage"
        case .size: "a size"
        case .string: "a string"
        case .bool: "a boolean"
        case .identifier: "a word"
        case .list: "a list"
        case .target: "a target"
        case .invalid: "an invalid value"
        }
    }
}
