// Constraints as data: every setting, system component, generator kind, fault kind and metric
// declares a table of fields (name, type, unit, required, default, range). The checker is a
// generic pass over these tables; the same tables generate the language reference and the JSON
// Schema, so the three never disagree.
import ChaosSource
import ChaosSyntax

/// The type of a field value, as the checker validates it.
public indirect enum ValueType: Hashable, Sendable {
    case integer
    case number
    /// A number in 0.0–1.0, or a percentage (`70%` is 0.7).
    case intensity
    case percent
    case duration
    case rate
    case size
    case string
    case bool
    /// One of a fixed set of words.
    case choice([String])
    case list(ValueType)

    /// How the type is named in messages: "a duration like '30s'".
    public var expectation: String {
        switch self {
        case .integer: "an integer like '3'"
        case .number: "a number like '0.2'"
        case .intensity: "an intensity like '0.7' or '70%'"
        case .percent: "a percentage like '20%'"
        case .duration: "a duration like '30s'"
        case .rate: "a rate like '4k/s'"
        case .size: "a size like '512MiB'"
        case .string: "a string like \"name\""
        case .bool: "'true' or 'false'"
        case .choice(let words): "one of " + words.map { "'\($0)'" }.joined(separator: ", ")
        case .list(let t): "a list of \(t.shortName)s like '[1, 2]'"
        }
    }

    /// A one-word name for docs and tables.
    public var shortName: String {
        switch self {
        case .integer: "integer"
        case .number: "number"
        case .intensity: "intensity"
        case .percent: "percentage"
        case .duration: "duration"
        case .rate: "rate"
        case .size: "size"
        case .string: "string"
        case .bool: "bool"
        case .choice: "word"
        case .list(let t): "list of \(t.shortName)"
        }
    }
}

/// An inclusive numeric range, in the type's canonical unit (ms, events/s, bytes, percent points,
/// intensity 0–1).
public struct ValueRange: Hashable, Sendable {
    public var min: Double?
    public var max: Double?
    public init(_ min: Double?, _ max: Double?) { self.min = min; self.max = max }
}

/// One row of a field table.
public struct FieldSpec: Hashable, Sendable {
    public var name: String
    public var type: ValueType
    public var required: Bool
    /// The default, spelled as in a `.chaos` file (`"10s"`, `"3"`), or nil when there is none.
    public var defaultValue: String?
    public var range: ValueRange?
    public var doc: String

    public init(_ name: String, _ type: ValueType, required: Bool = false, default defaultValue: String? = nil,
                range: ValueRange? = nil, doc: String) {
        self.name = name; self.type = type; self.required = required; self.defaultValue = defaultValue
        self.range = range; self.doc = doc
    }
}

/// What a fault may be applied to.
public enum TargetClass: String, Hashable, Sendable, CaseIterable {
    /// `kafka.broker[i]` (one or a range), or `kafka` meaning every broker.
    case broker
    /// `tda.worker[i]`, or `tda` meaning every worker.
    case worker
    /// `host`: the machine itself (resource faults).
    case host
    /// `a <-> b`: a network link between two components.
    case link
}

/// Whether a fault takes `for D`.
public enum DurationRule: Hashable, Sendable {
    /// It must say how long it lasts.
    case required
    /// Optional: without it the fault lasts until the end of its group, or is permanent.
    case optional
    /// Instantaneous (e.g. a restart whose length is given by a field).
    case forbidden
}

/// A fault kind, a generator kind or a system component: a word plus a field table.
public struct KindSpec: Hashable, Sendable {
    public var name: String
    public var doc: String
    public var fields: [FieldSpec]
    /// The field an unnamed value after the targets sets (`memory_pressure host 70%`).
    public var primaryField: String?
    public var targets: [TargetClass]
    public var duration: DurationRule
    public var example: String

    public init(_ name: String, doc: String, fields: [FieldSpec], primaryField: String? = nil,
                targets: [TargetClass] = [], duration: DurationRule = .optional, example: String = "") {
        self.name = name; self.doc = doc; self.fields = fields; self.primaryField = primaryField
        self.targets = targets; self.duration = duration; self.example = example
    }

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
