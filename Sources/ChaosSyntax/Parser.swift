// PLACEHOLDER: the recursive-descent parser (being written; see grammar/chaos.ebnf).
import ChaosSource

struct Parser {
    let file: SourceFile
    let range: SourceRange
    var diagnostics = DiagnosticBag()

    init(file: SourceFile, range: SourceRange) { self.file = file; self.range = range }

    mutating func parseFile() -> ScenarioFile { ScenarioFile() }
    mutating func parseStandaloneExpression() -> Expr { Expr(.invalid, range) }
    mutating func parseStandaloneTarget() -> TargetExpr? { nil }
    mutating func parseStandaloneCriterion() -> CriterionDecl? { nil }
}
