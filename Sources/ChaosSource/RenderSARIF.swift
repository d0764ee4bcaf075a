/// SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
public enum SARIFRenderer {
    public static func render(_ all: [LocatedDiagnostic], docs: [DiagnosticDoc], toolVersion: String) -> String {
        let usedCodes = Set(all.map(\.diagnostic.code.code))
        let rules: [JSON] = docs.filter { usedCodes.contains($0.code.code) }.sorted { $0.code.code < $1.code.code }.map { doc in
            .object([
                "id": .string(doc.code.code), "name": .string(doc.code.name),
                "shortDescription": .object(["text": .string(doc.summary)]),
                "fullDescription": .object(["text": .string(doc.explanation)]),
                "helpUri": .string("https://github.com/chaosrun/chaosrun/blob/main/docs/diagnostics.md#\(doc.code.code.lowercased())"),
                "defaultConfiguration": .object(["level": .string(level(doc.code.severity))]),
            ])
        }
        let results: [JSON] = all.map { ld in
            let d = ld.diagnostic, f = ld.file
            let a = f.location(of: d.range.start), b = f.location(of: d.range.end)
            var result: [String: JSON] = [
                "ruleId": .string(d.code.code), "level": .string(level(d.severity)),
                "message": .object(["text": .string(d.message)]),
                "locations": .array([.object(["physicalLocation": .object([
                    "artifactLocation": .object(["uri": .string(f.path)]),
                    "region": .object(["startLine": .int(a.line), "startColumn": .int(a.column),
                                       "endLine": .int(b.line), "endColumn": .int(b.column)]),
                ])])]),
            ]
            if !d.fixits.isEmpty {
                result["fixes"] = .array(d.fixits.map { fx in
                    let s = f.location(of: fx.range.start), e = f.location(of: fx.range.end)
                    return .object([
                        "description": .object(["text": .string(fx.message)]),
                        "artifactChanges": .array([.object([
                            "artifactLocation": .object(["uri": .string(f.path)]),
                            "replacements": .array([.object([
                                "deletedRegion": .object(["startLine": .int(s.line), "startColumn": .int(s.column),
                                                          "endLine": .int(e.line), "endColumn": .int(e.column)]),
                                "insertedContent": .object(["text": .string(fx.replacement)]),
                            ])]),
                        ])]),
                    ])
                })
            }
            return .object(result)
        }
        let doc: JSON = .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": .string("chaosrun"), "version": .string(toolVersion),
                    "informationUri": .string("https://github.com/chaosrun/chaosrun"), "rules": .array(rules),
                ])]),
                "columnKind": .string("unicodeCodePoints"),
                "results": .array(results),
            ])]),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    static func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }
}
