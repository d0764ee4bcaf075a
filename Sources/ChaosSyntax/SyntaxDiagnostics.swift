// The diagnostic codes of the `.chaos` lexer (E10xx) and parser (E11xx), with their documentation.
// Every code here is triggered by at least one `.diag` golden in Tests/ChaosSyntaxTests.
import ChaosSource

extension DiagnosticCode {
    // Lexical errors.
    public static let invalidUTF8 = DiagnosticCode("E1001", "invalid-utf8")
    public static let unknownCharacter = DiagnosticCode("E1002", "unknown-character")
    public static let unterminatedString = DiagnosticCode("E1003", "unterminated-string")
    public static let unterminatedComment = DiagnosticCode("E1004", "unterminated-comment")
    public static let invalidEscape = DiagnosticCode("E1005", "invalid-escape")
    public static let invalidNumber = DiagnosticCode("E1006", "invalid-number")
    public static let numberOverflow = DiagnosticCode("E1007", "number-overflow")
    public static let unknownUnit = DiagnosticCode("E1008", "unknown-unit")
    public static let inexactValue = DiagnosticCode("E1009", "inexact-value")
    // Syntax errors.
    public static let unexpectedToken = DiagnosticCode("E1101", "unexpected-token")
    public static let unclosedDelimiter = DiagnosticCode("E1102", "unclosed-delimiter")
    public static let expectedDuration = DiagnosticCode("E1103", "expected-duration")
    public static let expectedValue = DiagnosticCode("E1104", "expected-value")
    public static let expectedTarget = DiagnosticCode("E1105", "expected-target")
    public static let expectedComparator = DiagnosticCode("E1106", "expected-comparator")
    public static let invalidWindow = DiagnosticCode("E1107", "invalid-window")
    public static let unknownBlock = DiagnosticCode("E1108", "unknown-block")
    public static let expectedScenario = DiagnosticCode("E1109", "expected-scenario")
    public static let extraTokens = DiagnosticCode("E1110", "extra-tokens")
    public static let nestingTooDeep = DiagnosticCode("E1111", "nesting-too-deep")
    public static let expectedField = DiagnosticCode("E1112", "expected-field")
    public static let invalidIndex = DiagnosticCode("E1113", "invalid-index")
    public static let expectedString = DiagnosticCode("E1114", "expected-string")
    public static let expectedCount = DiagnosticCode("E1115", "expected-count")
    public static let duplicateClause = DiagnosticCode("E1116", "duplicate-clause")
}

/// Documentation of every code the `.chaos` lexer and parser emit.
public enum SyntaxDiagnostics {
    /// The maximum nesting of `{`, `[` and `(` before the parser gives up on a construct.
    public static let maxNestingDepth = 32

    public static let catalog: [DiagnosticDoc] = lexical + syntactic

    static let lexical: [DiagnosticDoc] = [
        DiagnosticDoc(.invalidUTF8, summary: "the file is not valid UTF-8",
                      explanation: "Scenario files are UTF-8 text. The first invalid byte sequence is reported once; invalid bytes inside strings are replaced by U+FFFD and elsewhere ignored. Re-save the file as UTF-8.",
                      example: "description \"caf\\xE9\""),
        DiagnosticDoc(.unknownCharacter, summary: "a character that cannot start any token",
                      explanation: "Only ASCII letters, digits, `_`, quotes, and the punctuation `{ } [ ] ( ) , : ; . * < > = !` can appear outside strings and comments. Strings use double quotes; a run of unknown characters is reported once.",
                      example: "seed @42"),
        DiagnosticDoc(.unterminatedString, summary: "a string is missing its closing quote",
                      explanation: "Strings end with `\"` on the same line; they cannot span lines. Add the closing quote (write `\\n` for a line break inside the string).",
                      example: "description \"never closed"),
        DiagnosticDoc(.unterminatedComment, summary: "a `/*` comment is never closed",
                      explanation: "Block comments nest: every `/*` needs its own `*/`. The comment runs to the end of the file, so everything after it is ignored.",
                      example: "/* started but not ended"),
        DiagnosticDoc(.invalidEscape, summary: "an unknown escape sequence in a string",
                      explanation: "Strings accept `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` and `\\u{1F600}` (1 to 8 hex digits naming a Unicode scalar). Write `\\\\` for a literal backslash.",
                      example: "description \"C:\\data\""),
        DiagnosticDoc(.invalidNumber, summary: "a malformed numeric literal",
                      explanation: "Numbers are digits with optional `_` separators between digits, an optional fraction and, for plain numbers, an exponent (`1e-3`). Only plain numbers may be negative; duration parts go from largest to smallest unit (`1h2m3s`) and only the last part may have a fraction.",
                      example: "noise 1.2.3"),
        DiagnosticDoc(.numberOverflow, summary: "a literal too large to represent",
                      explanation: "Integers, durations (in milliseconds) and sizes (in bytes) are 64-bit signed integers; floats are 64-bit IEEE values. Use a smaller value or a larger unit.",
                      example: "seed 99999999999999999999"),
        DiagnosticDoc(.unknownUnit, summary: "a number followed by a unit the language does not know",
                      explanation: "Durations use `ms`, `s`, `m`, `h` (`1m30s`); sizes use `B`, `KB`, `MB`, `GB`, `TB`, `KiB`, `MiB`, `GiB`, `TiB`; rates use an optional `k` or `M` multiplier and `/s`, `/min` or `/h` (`4k/s`); percentages use `%`. The message suggests the closest unit.",
                      example: "duration 30sec"),
        DiagnosticDoc(.inexactValue, summary: "a value finer than its unit can hold",
                      explanation: "Durations are whole milliseconds and sizes whole bytes, so `1.0005s` or `0.5B` cannot be represented. Round the value or use a finer unit.",
                      example: "duration 1.0005s"),
    ]

    static let syntactic: [DiagnosticDoc] = [
        DiagnosticDoc(.unexpectedToken, summary: "a token where the grammar expects something else",
                      explanation: "The message says what the parser expected and what it found. The parser skips to the end of the line (or the next `}`) and continues, so one mistake gives one error.",
                      example: "scenario \"x\" {\n  system {\n    42\n  }\n}"),
        DiagnosticDoc(.unclosedDelimiter, summary: "a `{`, `[` or `(` without its closing partner",
                      explanation: "The error points where the closing delimiter is missing and its label at the opening one. The parser also closes a block when it meets a keyword that cannot appear inside it (`expect {` inside `timeline`).",
                      example: "scenario \"x\" {\n  seed 42\n"),
        DiagnosticDoc(.expectedDuration, summary: "a duration is required here",
                      explanation: "`at`, `after`, `for` and `every` take a duration with a unit: `250ms`, `30s`, `5m`, `1h`, `1m30s`. A bare number gets a fix-it that adds `s`.",
                      example: "scenario \"x\" {\n  timeline {\n    at 30 broker_crash kafka.broker[1]\n  }\n}"),
        DiagnosticDoc(.expectedValue, summary: "a value is missing",
                      explanation: "Settings (`seed 42`), fields (`brokers: 3`), list elements and criterion thresholds need a value: a literal, a word, a list or a target.",
                      example: "scenario \"x\" {\n  seed\n}"),
        DiagnosticDoc(.expectedTarget, summary: "a fault is missing its target",
                      explanation: "A fault names what it hits after its kind: a path such as `kafka.broker[2]`, `tda.worker[*]`, `host`, or a link `kafka <-> tda`. Several targets are separated by commas.",
                      example: "scenario \"x\" {\n  timeline {\n    at 5s broker_crash for 10s\n  }\n}"),
        DiagnosticDoc(.expectedComparator, summary: "a criterion is missing its comparison operator",
                      explanation: "A criterion is `metric OP threshold [window]` with OP one of `<`, `<=`, `>`, `>=`, `==`, `!=`. A single `=` gets a fix-it to `==`.",
                      example: "scenario \"x\" {\n  expect {\n    data_loss = 0\n  }\n}"),
        DiagnosticDoc(.invalidWindow, summary: "a malformed criterion window",
                      explanation: "Windows are `during KIND`, `during \"label\"`, `during warmup`, `after each fault`, `after KIND`, `outside faults` and `whole run`.",
                      example: "scenario \"x\" {\n  expect {\n    recovery < 30s after each\n  }\n}"),
        DiagnosticDoc(.unknownBlock, summary: "a block keyword the scenario does not know",
                      explanation: "A scenario holds `system { }`, `timeline { }` and `expect { }` blocks, `generate` lines and `WORD value` settings. A misspelt block keyword gets a did-you-mean and is parsed as the suggested block.",
                      example: "scenario \"x\" {\n  timelime {\n  }\n}"),
        DiagnosticDoc(.expectedScenario, summary: "something other than a scenario at the top level",
                      explanation: "A `.chaos` file holds one or more `scenario \"name\" { … }` declarations. The parser skips to the next `scenario` keyword.",
                      example: "seed 42"),
        DiagnosticDoc(.extraTokens, summary: "unexpected tokens after a complete statement or value",
                      explanation: "Each statement ends at a line break, `;` or `}`. Put each statement on its own line. For values parsed on their own (YAML scalars), nothing may follow the value.",
                      example: "scenario \"x\" {\n  seed 42 43\n}"),
        DiagnosticDoc(.nestingTooDeep, summary: "brackets or blocks nested too deeply",
                      explanation: "The parser accepts at most 32 levels of `{`, `[` and `(` so that hostile input cannot exhaust the stack. The whole over-deep construct is skipped with a single error.",
                      example: "scenario \"x\" {\n  seed " + String(repeating: "[", count: 40) + "\n}"),
        DiagnosticDoc(.expectedField, summary: "a named field is malformed",
                      explanation: "Fields are written `name: value` and separated by commas; a list of fields may continue on the next line after a trailing comma. A missing `:` or a `=` gets a fix-it.",
                      example: "scenario \"x\" {\n  system {\n    kafka brokers 3\n  }\n}"),
        DiagnosticDoc(.invalidIndex, summary: "a malformed target index",
                      explanation: "A target index is `[2]`, an inclusive range `[1..3]` with the lower bound first, or `[*]` for all instances. Indices are non-negative integers.",
                      example: "scenario \"x\" {\n  timeline {\n    at 5s broker_crash kafka.broker[x]\n  }\n}"),
        DiagnosticDoc(.expectedString, summary: "a quoted name is required here",
                      explanation: "Scenario names, cascade names and `as` labels are strings in double quotes. A bare word gets a fix-it that quotes it.",
                      example: "scenario cascade {\n}"),
        DiagnosticDoc(.expectedCount, summary: "`repeat` needs a whole number of repetitions",
                      explanation: "Write `repeat N every D { … }` with N a positive integer literal.",
                      example: "scenario \"x\" {\n  timeline {\n    at 1s repeat every 10s { process_pause tda.worker[0] for 1s }\n  }\n}"),
        DiagnosticDoc(.duplicateClause, summary: "a clause given twice on one fault or group",
                      explanation: "A fault takes at most one `for` and one `as`; a group at most one `for` and one `every`. Remove the repetition.",
                      example: "scenario \"x\" {\n  timeline {\n    at 1s broker_crash kafka.broker[1] for 5s for 6s\n  }\n}"),
    ]
}
