/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error
    var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A stable diagnostic identity: a code like `E2103` and a kebab-case name like `unknown-target`.
///
/// Codes are grouped by phase: `E1xxx` lexing and parsing of `.chaos`, `E14xx` the YAML front end,
/// `E2xxx` and `W2xxx` the checker, `E3xxx` input files and limits. Each code is registered in
/// `DiagnosticCatalog` with its documentation, which `chaosrun explain` prints.
public struct DiagnosticCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    public let name: String
    public let severity: Severity
    public init(_ code: String, _ name: String, _ severity: Severity = .error) {
        self.code = code; self.name = name; self.severity = severity
    }
    public var description: String { code }
}

/// A secondary range with a message (rendered as `-` underlines).
public struct DiagnosticLabel: Hashable, Sendable {
    public var range: SourceRange
    public var message: String
    public init(_ range: SourceRange, _ message: String) { self.range = range; self.message = message }
}

/// A textual edit that fixes the problem: replace `range` with `replacement`.
public struct FixIt: Hashable, Sendable {
    public var range: SourceRange
    public var replacement: String
    public var message: String
    public init(range: SourceRange, replacement: String, message: String) {
        self.range = range; self.replacement = replacement; self.message = message
    }
}

/// One problem found in a source file. Pure data; see the renderers for presentation.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// One line, lowercase, no trailing period: what was expected and what was found.
    public var message: String
    public var range: SourceRange
    public var labels: [DiagnosticLabel]
    public var notes: [String]
    public var help: [String]
    public var fixits: [FixIt]
    /// For YAML sources, the key path of the node (`timeline[2].for`).
    public var keyPath: String?

    public init(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                severity: Severity? = nil, labels: [DiagnosticLabel] = [], notes: [String] = [],
                help: [String] = [], fixits: [FixIt] = [], keyPath: String? = nil) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.range = range
        self.labels = labels
        self.notes = notes
        self.help = help
        self.fixits = fixits
        self.keyPath = keyPath
    }
}

/// Accumulates diagnostics for one file across phases. Phases keep going after an error.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// Upper bound on stored diagnostics, so hostile input cannot exhaust memory.
    public var limit = 500
    public private(set) var dropped = 0

    public init() {}

    public mutating func add(_ d: Diagnostic) {
        if diagnostics.count >= limit { dropped += 1; return }
        diagnostics.append(d)
    }

    public mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                               notes: [String] = [], help: [String] = [], fixits: [FixIt] = [],
                               labels: [DiagnosticLabel] = []) {
        add(Diagnostic(code, message, at: range, labels: labels, notes: notes, help: help, fixits: fixits))
    }

    public mutating func append(contentsOf other: DiagnosticBag) {
        for d in other.diagnostics { add(d) }
        dropped += other.dropped
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// Diagnostics in source order (stable for equal positions).
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.range.start, a.offset) < (b.element.range.start, b.offset)
        }.map(\.element)
    }
}
