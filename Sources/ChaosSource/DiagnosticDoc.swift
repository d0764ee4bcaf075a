/// Documentation of one diagnostic code, printed by `chaosrun explain` and collected into
/// docs/diagnostics.md. Each phase publishes the docs of the codes it emits.
public struct DiagnosticDoc: Sendable, Hashable {
    public let code: DiagnosticCode
    /// One line: what the diagnostic means.
    public let summary: String
    /// A paragraph: why it is a problem and how to fix it.
    public let explanation: String
    /// A small input that triggers it.
    public let example: String
    public init(_ code: DiagnosticCode, summary: String, explanation: String, example: String) {
        self.code = code; self.summary = summary; self.explanation = explanation; self.example = example
    }
}
