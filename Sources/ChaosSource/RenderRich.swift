/// The rustc-like rendering: header, `-->` location, the source line with a caret underline,
/// secondary labels, notes, help and fix-its. Colour only when asked (the CLI asks on a TTY).
public struct RichRenderer: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ d: Diagnostic, in file: SourceFile) -> String {
        let sevColor = d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36"
        var out = paint("\(d.severity.rawValue)[\(d.code.code)]", sevColor) + paint(": \(d.message)", "1") + "\n"
        let start = file.location(of: d.range.start)
        let gutterWidth = String(max(start.line, file.location(of: d.range.end).line)).count + 1
        let pad = String(repeating: " ", count: gutterWidth)
        out += "\(pad)\(paint("-->", "1;34")) \(file.path):\(start.line):\(start.column)\n"
        if let key = d.keyPath { out += "\(pad)\(paint("=", "1;34")) key: \(key)\n" }
        if !file.bytes.isEmpty {
            out += "\(pad)\(paint("|", "1;34"))\n"
            var spans: [(SourceRange, String, Bool)] = [(d.range, "", true)]
            spans += d.labels.map { ($0.range, $0.message, false) }
            var lines: [Int: [(SourceRange, String, Bool)]] = [:]
            for s in spans { lines[file.location(of: s.0.start).line, default: []].append(s) }
            for line in lines.keys.sorted() {
                out += snippet(line: line, spans: lines[line]!, file: file, gutterWidth: gutterWidth, sevColor: sevColor)
            }
            out += "\(pad)\(paint("|", "1;34"))\n"
        }
        for n in d.notes { out += "\(pad)\(paint("=", "1;34")) \(paint("note", "1")): \(n)\n" }
        for h in d.help { out += "\(pad)\(paint("=", "1;34")) \(paint("help", "1;32")): \(h)\n" }
        for f in d.fixits {
            let loc = file.location(of: f.range.start)
            out += "\(pad)\(paint("=", "1;34")) \(paint("fix-it", "1;32")): \(f.message) (\(loc.line):\(loc.column))\n"
        }
        return out
    }

    func snippet(line: Int, spans: [(SourceRange, String, Bool)], file: SourceFile, gutterWidth: Int, sevColor: String) -> String {
        let raw = file.lineText(line)
        // Tabs are shown as four spaces so carets line up.
        let text = raw.replacingTabs()
        let digits = String(line)
        let number = digits + String(repeating: " ", count: max(0, gutterWidth - digits.count))
        var out = "\(paint(number, "1;34"))\(paint("|", "1;34")) \(text)\n"
        for (range, message, primary) in spans.sorted(by: { $0.2 && !$1.2 }) {
            let a = file.location(of: range.start)
            let endLoc = file.location(of: range.end)
            let lineLen = raw.unicodeScalars.count
            let startCol = displayColumn(raw, a.column)
            let endCol = endLoc.line == line ? displayColumn(raw, endLoc.column) : displayColumn(raw, lineLen + 1)
            let width = max(1, endCol - startCol)
            let marks = String(repeating: primary ? "^" : "-", count: width)
            let pad = String(repeating: " ", count: gutterWidth)
            out += "\(pad)\(paint("|", "1;34")) \(String(repeating: " ", count: max(0, startCol - 1)))"
            out += paint(marks + (message.isEmpty ? "" : " \(message)"), primary ? sevColor : "1;34") + "\n"
        }
        return out
    }

    /// Display column (tabs count four) of a scalar column.
    func displayColumn(_ line: String, _ column: Int) -> Int {
        var col = 1
        for (i, ch) in line.unicodeScalars.enumerated() where i < column - 1 { col += ch == "\t" ? 4 : 1 }
        return col
    }
}

extension String {
    func replacingTabs() -> String {
        var out = ""
        for ch in unicodeScalars { if ch == "\t" { out += "    " } else { out.unicodeScalars.append(ch) } }
        return out
    }
}
