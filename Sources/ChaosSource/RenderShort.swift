/// One line per diagnostic, `file:line:col: severity[CODE]: message`, for editors and
/// problem matchers; and the golden-file form used by the test corpus.
public enum ShortRenderer {
    public static func render(_ d: Diagnostic, in file: SourceFile) -> String {
        let loc = file.location(of: d.range.start)
        return "\(file.path):\(loc.line):\(loc.column): \(d.severity.rawValue)[\(d.code.code)]: \(d.message)"
    }
}

/// The stable text form of diagnostics stored in `.diag` golden files: positions as
/// `line:col-line:col`, then notes, help, secondary labels and fix-its, one per line.
public enum GoldenRenderer {
    public static func render(_ diagnostics: [Diagnostic], in file: SourceFile) -> String {
        var out = ""
        for d in diagnostics {
            out += "\(span(d.range, file)) \(d.severity.rawValue)[\(d.code.code)] \(d.code.name): \(d.message)\n"
            if let k = d.keyPath { out += "  key: \(k)\n" }
            for l in d.labels { out += "  label \(span(l.range, file)): \(l.message)\n" }
            for n in d.notes { out += "  note: \(n)\n" }
            for h in d.help { out += "  help: \(h)\n" }
            for f in d.fixits { out += "  fixit \(span(f.range, file)) \(quoted(f.replacement)): \(f.message)\n" }
        }
        return out
    }

    static func span(_ r: SourceRange, _ file: SourceFile) -> String {
        let a = file.location(of: r.start), b = file.location(of: r.end)
        return "\(a.line):\(a.column)-\(b.line):\(b.column)"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
