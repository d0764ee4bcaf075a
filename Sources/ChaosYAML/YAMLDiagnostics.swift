// The diagnostics of the YAML front end: codes E1401…E1417, W1401, and their documentation.
import ChaosSource

extension DiagnosticCode {
    /// libyaml could not scan or parse the text (bad indentation, unclosed bracket, stray `:`).
    public static let yamlSyntax = DiagnosticCode("E1401", "yaml-syntax")
    /// The file is not valid UTF-8.
    public static let yamlInvalidUTF8 = DiagnosticCode("E1402", "yaml-invalid-utf8")
    /// The file holds no YAML document (empty, only comments, or only `---`).
    public static let yamlEmpty = DiagnosticCode("E1403", "yaml-empty-file")
    /// A tab character is used for indentation.
    public static let yamlTab = DiagnosticCode("E1404", "yaml-tab-indentation")
    /// Nesting deeper than the front end accepts, or a document with too many nodes.
    public static let yamlLimit = DiagnosticCode("E1405", "yaml-limit-exceeded")
    /// An alias (`*name`) or merge key: scenario files do not expand aliases.
    public static let yamlAlias = DiagnosticCode("E1406", "yaml-alias")
    /// The same key twice in one mapping.
    public static let yamlDuplicateKey = DiagnosticCode("E1407", "yaml-duplicate-key")
    /// A mapping where a list was expected, a list where a value was expected, and so on.
    public static let yamlWrongKind = DiagnosticCode("E1408", "yaml-wrong-node-kind")
    /// A key the scenario shape does not know (with "did you mean" for structural keys).
    public static let yamlUnknownKey = DiagnosticCode("E1409", "yaml-unknown-key")
    /// A required key is missing (`fault` in a timeline item, `items` in a group…).
    public static let yamlMissingKey = DiagnosticCode("E1410", "yaml-missing-key")
    /// `~`, `null` or nothing where a value is required.
    public static let yamlNull = DiagnosticCode("E1411", "yaml-null-value")
    /// A kind or key that must be a plain word is not one (`fault: 42`, `fault: "broker crash"`).
    public static let yamlExpectedWord = DiagnosticCode("E1412", "yaml-expected-word")
    /// The top level is neither a scenario file nor the `test_config.yaml` shape.
    public static let yamlUnknownShape = DiagnosticCode("E1413", "yaml-unknown-shape")
    /// Two keys that exclude each other (`at` and `after`, `target` and `targets`, two group kinds).
    public static let yamlConflictingKeys = DiagnosticCode("E1414", "yaml-conflicting-keys")
    /// An explicit YAML tag other than `!!str`.
    public static let yamlTag = DiagnosticCode("E1415", "yaml-unsupported-tag")
    /// A YAML 1.1 literal (`1:30`, `0x10`, `1_000`, `.inf`) that means nothing in scenario files.
    public static let yamlLegacyLiteral = DiagnosticCode("E1416", "yaml11-literal")
    /// A value of the `test_config.yaml` shape that cannot be mapped (`duration_minutes: 0`).
    public static let yamlTestConfig = DiagnosticCode("E1417", "yaml-test-config")
    /// A part of the `test_config.yaml` shape that chaosrun does not use (warning).
    public static let yamlTestConfigIgnored = DiagnosticCode("W1401", "yaml-test-config-ignored", .warning)
}

/// Documentation of every diagnostic the YAML front end emits.
public enum YAMLDiagnostics {
    public static let catalog: [DiagnosticDoc] = [
        DiagnosticDoc(.yamlSyntax,
            summary: "the file is not well-formed YAML",
            explanation: "libyaml could not read the text: a mapping value in the wrong place, an unclosed bracket or quote, bad indentation or a second document. The location is where libyaml noticed the problem, which can be just after the real mistake.",
            example: "scenario:\n  name: [unclosed\n"),
        DiagnosticDoc(.yamlInvalidUTF8,
            summary: "the file is not valid UTF-8",
            explanation: "Scenario files are UTF-8. Re-save the file as UTF-8; the location is the first byte that is not part of a valid UTF-8 sequence.",
            example: "scenario:\n  name: caf\\xE9\n"),
        DiagnosticDoc(.yamlEmpty,
            summary: "the file holds no YAML document",
            explanation: "An empty file, one with only comments, or a bare `---` describes no scenario. Start with `scenario:` (or `scenarios:` for a list).",
            example: "# nothing yet\n"),
        DiagnosticDoc(.yamlTab,
            summary: "tabs are not allowed for indentation",
            explanation: "YAML forbids tab characters in indentation. Replace each tab with spaces; the fix-it uses two spaces per tab.",
            example: "scenario:\n\tname: x\n"),
        DiagnosticDoc(.yamlLimit,
            summary: "the document nests too deeply or has too many nodes",
            explanation: "The front end refuses documents nested deeper than \(YAMLLimits.maxDepth) levels or with more than \(YAMLLimits.maxNodes) nodes, so hostile input cannot exhaust the stack, time or memory. Real scenarios need fewer than 20 levels.",
            example: "scenario: [[[[[[ … 200 levels … ]]]]]]\n"),
        DiagnosticDoc(.yamlAlias,
            summary: "aliases and merge keys are not supported",
            explanation: "Scenario files do not expand YAML aliases (`*name`, `<<: *name`): every node must be written where it is used, so each diagnostic points at exactly one place and alias bombs cannot blow up. Repeat the value, or use a `repeat` group for repeated faults. Anchors (`&name`) without aliases are harmless and ignored.",
            example: "defaults: &d {for: 30s}\nscenario:\n  timeline:\n    - {fault: cpu_spike, target: host, <<: *d}\n"),
        DiagnosticDoc(.yamlDuplicateKey,
            summary: "a key appears twice in one mapping",
            explanation: "YAML mappings cannot repeat a key; most loaders silently keep the last one. The first occurrence is kept and the repeated one is ignored. Remove one of them.",
            example: "scenario:\n  seed: 1\n  seed: 2\n"),
        DiagnosticDoc(.yamlWrongKind,
            summary: "a node has the wrong kind (mapping, list or value)",
            explanation: "Each key of the scenario shape expects one kind of node: `system` a mapping of components, `timeline`, `generate` and `expect` lists, settings and fields a single value or a flat list. The message says what was expected and what was found.",
            example: "scenario:\n  system:\n    - kafka\n"),
        DiagnosticDoc(.yamlUnknownKey,
            summary: "a key the scenario shape does not know",
            explanation: "Structural keys (scenario, name, system, generate, timeline, expect, at, after, fault, target, targets, for, as, value, kind, items, count, every and the group kinds) are checked here, with a suggestion when a key is close to one. Field names of components, generators and faults are checked later against the field tables.",
            example: "scenario:\n  timline: []\n"),
        DiagnosticDoc(.yamlMissingKey,
            summary: "a required key is missing",
            explanation: "A timeline item needs `fault:` or a group key (`parallel`, `sequence`, `repeat`, `cascade`); a generator needs a kind; a mapping criterion needs `metric`, `op` and `value`; a `test_config.yaml` scenario needs `fault_types`.",
            example: "scenario:\n  timeline:\n    - at: 10s\n      target: host\n"),
        DiagnosticDoc(.yamlNull,
            summary: "a value is missing (`~`, `null` or nothing)",
            explanation: "Scenario files have no null: `~`, `null` and an empty value are reported instead of being read as a string or silently dropped. Give a value or remove the key. (A component with no fields may be written `host: {}`.)",
            example: "scenario:\n  seed: ~\n"),
        DiagnosticDoc(.yamlExpectedWord,
            summary: "a kind, name or key must be a plain word",
            explanation: "Fault kinds, component and generator kinds and field names are identifiers: letters, digits and `_`, not starting with a digit. Quoted or multi-word text is not accepted there.",
            example: "scenario:\n  timeline:\n    - at: 1s\n      fault: broker crash\n"),
        DiagnosticDoc(.yamlUnknownShape,
            summary: "the top level is not a scenario file",
            explanation: "A YAML scenario file is a mapping with `scenario:` (one scenario) or `scenarios:` (a list), or the `test_config.yaml` shape with `chaos_scenarios:`. Other top-level keys are reported.",
            example: "tests:\n  - name: x\n"),
        DiagnosticDoc(.yamlConflictingKeys,
            summary: "two keys that exclude each other",
            explanation: "A timeline item has at most one anchor (`at` or `after`), one of `target` and `targets`, and one body (`fault` or one group kind); a file has `scenario` or `scenarios`; a generator uses either the `kind:`/`name:` form or the `KIND: NAME` form.",
            example: "scenario:\n  timeline:\n    - {at: 1s, after: 2s, fault: cpu_spike, target: host}\n"),
        DiagnosticDoc(.yamlTag,
            summary: "an explicit YAML tag other than `!!str`",
            explanation: "Values are typed by the scenario language, not by YAML tags. `!!str` is accepted and makes a plain scalar a string; every other tag (`!!int`, `!!float`, custom `!tags`) is reported.",
            example: "scenario:\n  seed: !!int 42\n"),
        DiagnosticDoc(.yamlLegacyLiteral,
            summary: "a YAML 1.1 literal that means nothing in scenario files",
            explanation: "YAML 1.1 loaders read `1:30` as 90, `0x10` as 16, `1_000` as 1000 and `.inf` as infinity. Scenario files do not: write the value the scenario language understands (`1m30s`, `16`, `1000`). Plain words like `on`, `off`, `yes`, `no` are not booleans either: they stay words (`true`/`false` are the booleans).",
            example: "scenario:\n  duration: 1:30\n"),
        DiagnosticDoc(.yamlTestConfig,
            summary: "a value of the test_config.yaml shape cannot be mapped",
            explanation: "`duration_minutes` must be a positive number, `fault_types` a non-empty list of fault kinds, and `benchmarks.seed` an integer. See docs/yaml.md for how the shape maps onto scenarios.",
            example: "chaos_scenarios:\n  - name: x\n    fault_types: [broker_crash]\n    duration_minutes: 0\n"),
        DiagnosticDoc(.yamlTestConfigIgnored,
            summary: "a part of test_config.yaml that chaosrun does not use",
            explanation: "`performance_baselines` are measured numbers of the original test bench, not pass/fail criteria: write `expect` criteria in a scenario file instead. `benchmarks` keys other than `seed` (iteration counts) do not apply, as chaosrun runs each scenario once. `kafka.bootstrap_servers` is given on the command line (`--bootstrap`), and `kafka.topics` has no counterpart (generators produce to `topic`). The rest of the file is read normally.",
            example: "chaos_scenarios:\n  - {name: x, fault_types: [cpu_spike], duration_minutes: 1}\nperformance_baselines:\n  max_latency_ms: 500\n"),
    ]
}

/// Bounds that keep hostile YAML input cheap.
public enum YAMLLimits {
    /// Maximum nesting of collections (block and flow together).
    public static let maxDepth = 64
    /// Maximum number of YAML nodes in one file.
    public static let maxNodes = 1_000_000
}
