import ChaosSource
@testable import ChaosSyntax
import Testing

/// Typed literal values, checked through the public `LiteralLexer` (what YAML uses) and through
/// the parser (spelling and range must be the exact source text).
@Suite struct LiteralTests {
    static let values: [(String, ExprKind)] = [
        ("42", .integer(42)), ("0", .integer(0)), ("1_000", .integer(1000)), ("-3", .integer(-3)),
        ("007", .integer(7)), ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("0.2", .float(0.2)), ("1e-3", .float(0.001)), ("1.5E+10", .float(1.5e10)), ("-0.5", .float(-0.5)),
        ("2e3", .float(2000)), ("1_0.5", .float(10.5)),
        ("250ms", .duration(milliseconds: 250)), ("30s", .duration(milliseconds: 30_000)),
        ("5m", .duration(milliseconds: 300_000)), ("1h", .duration(milliseconds: 3_600_000)),
        ("1m30s", .duration(milliseconds: 90_000)), ("1h2m3s", .duration(milliseconds: 3_723_000)),
        ("1.5s", .duration(milliseconds: 1500)), ("0.5m", .duration(milliseconds: 30_000)),
        ("1_000ms", .duration(milliseconds: 1000)), ("2h0m1ms", .duration(milliseconds: 7_200_001)),
        ("1m30.5s", .duration(milliseconds: 90_500)), ("0s", .duration(milliseconds: 0)),
        ("1.0010s", .duration(milliseconds: 1001)),
        ("500/s", .rate(count: 500, per: .perSecond)), ("4k/s", .rate(count: 4000, per: .perSecond)),
        ("2M/min", .rate(count: 2_000_000, per: .perMinute)), ("10/h", .rate(count: 10, per: .perHour)),
        ("0.5/s", .rate(count: 0.5, per: .perSecond)), ("1.5k/s", .rate(count: 1500, per: .perSecond)),
        ("20%", .percent(20)), ("0.5%", .percent(0.5)), ("100%", .percent(100)), ("0%", .percent(0)),
        ("512MiB", .size(bytes: 512 << 20)), ("1GiB", .size(bytes: 1 << 30)), ("64KiB", .size(bytes: 65536)),
        ("2GB", .size(bytes: 2_000_000_000)), ("100MB", .size(bytes: 100_000_000)), ("10B", .size(bytes: 10)),
        ("1TiB", .size(bytes: 1 << 40)), ("1TB", .size(bytes: 1_000_000_000_000)), ("1.5KiB", .size(bytes: 1536)),
        ("0.5KB", .size(bytes: 500)),
        ("true", .bool(true)), ("false", .bool(false)),
    ]

    @Test(arguments: values) func classify(_ text: String, _ kind: ExprKind) {
        #expect(LiteralLexer.classify(text) == kind)
    }

    @Test(arguments: values) func parsedSpellingIsTheSource(_ text: String, _ kind: ExprKind) {
        let source = "  \(text)  "
        let file = SourceFile(path: "v", text: source)
        var bag = DiagnosticBag()
        let e = ChaosParser.parseExpression(file, range: SourceRange(0, file.bytes.count), into: &bag)
        #expect(bag.diagnostics.isEmpty)
        #expect(e.kind == kind)
        #expect(e.spelling == text)
        #expect(e.range == SourceRange(2, 2 + text.utf8.count))
    }

    static let notLiterals = ["", "abc", "\"x\"", "30 s", "kafka.broker[1]", "1..3", "-", "s30", "[1]", "yes", "on"]

    @Test(arguments: notLiterals) func notALiteral(_ text: String) {
        #expect(LiteralLexer.classify(text) == nil)
        #expect(LiteralLexer.scan(text) == nil)
    }

    static let errors: [(String, DiagnosticCode, String?)] = [
        ("30sec", .unknownUnit, "30s"), ("4k/sec", .unknownUnit, "4k/s"), ("5mins", .unknownUnit, "5m"),
        ("5min", .unknownUnit, "5m"), ("2hours", .unknownUnit, "2h"), ("4k", .unknownUnit, "4k/s"),
        ("1m30", .unknownUnit, "1m30s"), ("512mib", .unknownUnit, "512MiB"), ("2M/m", .unknownUnit, "2M/min"),
        ("4K/s", .unknownUnit, "4k/s"), ("10/minute", .unknownUnit, "10/min"), ("3xyz", .unknownUnit, nil),
        ("5x", .unknownUnit, nil), ("30us", .unknownUnit, nil), ("2d", .unknownUnit, nil), ("1S", .unknownUnit, "1s"),
        ("2gib", .unknownUnit, "2GiB"), ("5MS", .unknownUnit, "5ms"),
        ("1.2.3", .invalidNumber, nil), ("1_", .invalidNumber, nil), ("-5s", .invalidNumber, nil),
        ("30s1m", .invalidNumber, nil), ("1s1s", .invalidNumber, nil), ("1.5m30s", .invalidNumber, nil),
        ("1e5s", .invalidNumber, nil), ("-2%", .invalidNumber, nil),
        ("99999999999999999999", .numberOverflow, nil), ("1e999", .numberOverflow, nil),
        ("999999999999999h", .numberOverflow, nil), ("99999999999TiB", .numberOverflow, nil),
        ("1.0005s", .inexactValue, nil), ("0.5B", .inexactValue, nil), ("0.1ms", .inexactValue, nil),
    ]

    @Test(arguments: errors) func rejected(_ text: String, _ code: DiagnosticCode, _ replacement: String?) throws {
        let result = try #require(LiteralLexer.scan(text))
        guard case .failure(let e) = result else {
            Issue.record("'\(text)' was accepted as \(result)")
            return
        }
        #expect(e.code == code, "\(e.message)")
        #expect(e.replacement == replacement, "\(e.message)")
        #expect(LiteralLexer.classify(text) == nil)
    }

    @Test func everySuggestionIsValid() {
        for (text, _, replacement) in Self.errors {
            guard let r = replacement else { continue }
            #expect(LiteralLexer.classify(r) != nil, "suggestion '\(r)' for '\(text)' is not a valid literal")
        }
    }
}
