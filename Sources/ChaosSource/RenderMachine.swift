// Machine-readable renderers: JSON (one object per diagnostic), SARIF 2.1.0 (code scanning) and
// GitHub Actions workflow commands. Output is deterministic: keys sorted, diagnostics in order.

/// A diagnostic resolved against its file, for the machine formats.
public struct LocatedDiagnostic: Sendable {
    public var file: SourceFile
    public var diagnostic: Diagnostic
    public init(file: SourceFile, diagnostic: Diagnostic) { self.file = file; self.diagnostic = diagnostic }
}

/// Minimal deterministic JSON writer (sorted keys, no Foundation).
public indirect enum JSON: Sendable, Equatable {
    case string(String), int(Int), double(Double), bool(Bool), null
    case array([JSON]), object([String: JSON])

    public func serialized(pretty: Bool = false, indent: String = "") -> String {
        switch self {
        case .string(let s): return JSON.quote(s)
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN || d.isInfinite { return "null" }
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if !pretty { return "[" + items.map { $0.serialized() }.joined(separator: ",") + "]" }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.serialized(pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let dict):
            if dict.isEmpty { return "{}" }
            let keys = dict.keys.sorted()
            if !pretty { return "{" + keys.map { JSON.quote($0) + ":" + dict[$0]!.serialized() }.joined(separator: ",") + "}" }
            let inner = indent + "  "
            return "{\n" + keys.map { inner + JSON.quote($0) + ": " + dict[$0]!.serialized(pretty: true, indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}

public enum JSONRenderer {
    /// The documented JSON form of one diagnostic (docs/diagnostics.md).
    public static func object(_ ld: LocatedDiagnostic) -> JSON {
        let d = ld.diagnostic, f = ld.file
        let a = f.location(of: d.range.start), b = f.location(of: d.range.end)
        var o: [String: JSON] = [
            "file": .string(f.path), "line": .int(a.line), "column": .int(a.column),
            "endLine": .int(b.line), "endColumn": .int(b.column),
            "severity": .string(d.severity.rawValue), "code": .string(d.code.code), "name": .string(d.code.name),
            "message": .string(d.message), "notes": .array(d.notes.map(JSON.string)), "help": .array(d.help.map(JSON.string)),
            "labels": .array(d.labels.map { l in
                let s = f.location(of: l.range.start), e = f.location(of: l.range.end)
                return .object(["line": .int(s.line), "column": .int(s.column), "endLine": .int(e.line), "endColumn": .int(e.column),
                                "message": .string(l.message)])
            }),
            "fixits": .array(d.fixits.map { fx in
                let s = f.location(of: fx.range.start), e = f.location(of: fx.range.end)
                return .object(["line": .int(s.line), "column": .int(s.column), "endLine": .int(e.line), "endColumn": .int(e.column),
                                "replacement": .string(fx.replacement), "message": .string(fx.message)])
            }),
        ]
        if let k = d.keyPath { o["keyPath"] = .string(k) }
        return .object(o)
    }

    public static func render(_ all: [LocatedDiagnostic]) -> String {
        JSON.array(all.map(object)).serialized(pretty: true) + "\n"
    }
}

public enum GitHubRenderer {
    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=E2103 unknown-target::message`
    public static func render(_ ld: LocatedDiagnostic) -> String {
        let d = ld.diagnostic, f = ld.file
        let a = f.location(of: d.range.start), b = f.location(of: d.range.end)
        let level = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
        var message = d.message
        for h in d.help { message += "\nhelp: \(h)" }
        return "::\(level) file=\(escapeProperty(f.path)),line=\(a.line),col=\(a.column),endLine=\(b.line),endColumn=\(b.column),title=\(escapeProperty("\(d.code.code) \(d.code.name)"))::\(escapeData(message))"
    }

    static func escapeData(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    /// Replaces every occurrence of a one-character `target`.
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
