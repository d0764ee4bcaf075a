// Entry points of the `.chaos` front end. The YAML front end reuses the expression, target and
// criterion parsers on the text of YAML scalars, so both syntaxes share one grammar for values.
import ChaosSource

/// Parses `.chaos` source text into the shared AST.
public enum ChaosParser {
    /// Parses a whole file. Never throws: problems go into `bag`, and the returned tree holds
    /// everything that could be recovered.
    public static func parse(_ file: SourceFile, into bag: inout DiagnosticBag) -> ScenarioFile {
        var parser = Parser(file: file, range: SourceRange(0, file.bytes.count))
        let result = parser.parseFile()
        bag.append(contentsOf: parser.diagnostics)
        return result
    }

    /// Parses one value (literal, list, identifier or target) from a sub-range of `file`.
    /// Reports an error if anything but trivia follows the value.
    public static func parseExpression(_ file: SourceFile, range: SourceRange, into bag: inout DiagnosticBag) -> Expr {
        var parser = Parser(file: file, range: range)
        let result = parser.parseStandaloneExpression()
        bag.append(contentsOf: parser.diagnostics)
        return result
    }

    /// Parses a fault target (`kafka.broker[2]`, `kafka <-> tda`) from a sub-range of `file`.
    public static func parseTarget(_ file: SourceFile, range: SourceRange, into bag: inout DiagnosticBag) -> TargetExpr? {
        var parser = Parser(file: file, range: range)
        let result = parser.parseStandaloneTarget()
        bag.append(contentsOf: parser.diagnostics)
        return result
    }

    /// Parses one criterion (`recovery < 30s after each fault`) from a sub-range of `file`.
    public static func parseCriterion(_ file: SourceFile, range: SourceRange, into bag: inout DiagnosticBag) -> CriterionDecl? {
        var parser = Parser(file: file, range: range)
        let result = parser.parseStandaloneCriterion()
        bag.append(contentsOf: parser.diagnostics)
        return result
    }
}
