// The YAML front end: YAML scenario files (and the seed's test_config.yaml) into the shared AST.
//
// Pipeline: UTF-8 check -> prescan (depth, tabs, aliases, tags, duplicate keys, comments, node
// ends; see YAMLPrescan) -> Yams composition with the basic resolver (no YAML 1.1 typing) ->
// YNode tree with byte ranges (YAMLCompose) -> the scenario or test_config shape (YAMLReader,
// YAMLTimeline, YAMLTestConfig), with scalars read by the `.chaos` grammar (YAMLValues).
// Yams is imported by this module only, and no Yams type appears in its public API.
import ChaosSource
import ChaosSyntax

/// Reads YAML scenario files (and the seed's `test_config.yaml` shape) into the shared AST.
public enum YAMLFrontend {
    /// Parses `file`. Never throws: problems go into `bag`, and the returned tree holds every
    /// scenario that could be read.
    public static func parse(_ file: SourceFile, into bag: inout DiagnosticBag) -> ScenarioFile {
        guard file.isValidUTF8 else {
            let at = firstInvalidUTF8(file.bytes)
            bag.add(Diagnostic(.yamlInvalidUTF8, "the file is not valid UTF-8", at: SourceRange(at, min(at + 1, file.bytes.count)),
                               notes: ["scenario files are UTF-8; re-save the file as UTF-8"]))
            return ScenarioFile()
        }
        let (prescan, prescanDiagnostics) = YAMLPrescan.run(file.bytes)
        for d in prescanDiagnostics { bag.add(d) }
        let comments = prescan.comments
        if prescan.depthExceeded { return ScenarioFile(comments: comments) }

        var composer = YAMLComposer(file: file, prescan: prescan)
        let root = composer.compose()
        for d in composer.diagnostics { bag.add(d) }
        guard let root else {
            if !bag.hasErrors {
                bag.add(Diagnostic(.yamlEmpty, "the file holds no YAML document", at: .at(0),
                                   help: ["start the file with 'scenario:'"]))
            }
            return ScenarioFile(comments: comments)
        }
        if case .scalar(let s) = root, s.isNull {
            bag.add(Diagnostic(.yamlEmpty, "the file holds no YAML document", at: s.range,
                               help: ["start the file with 'scenario:'"]))
            return ScenarioFile(comments: comments)
        }
        var reader = YAMLReader(file: file, incompleteMappings: composer.incompleteMappings)
        let scenarios = reader.readFile(root)
        bag.append(contentsOf: reader.bag)
        return ScenarioFile(scenarios: scenarios, comments: comments)
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard len > 0, i + len <= bytes.count else { return i }
            if len > 1, String(validating: bytes[i..<(i + len)], as: UTF8.self) == nil { return i }
            i += len
        }
        return 0
    }
}
