// The end-of-run verdict table for a terminal: criterion, measured, threshold, ✔/✘ and the
// source line, with the details of failed criteria indented below them. `.ansi` adds colour for
// a TTY; `.plain` has no control characters at all (CI logs). Data is stripped of control
// characters so a criterion text cannot move the cursor.

/// Renders the verdict table printed at the end of `chaosrun run`.
public enum TerminalVerdict {
    /// Colour or not.
    public enum Style: Sendable {
        /// ANSI colours and bold (only on a TTY).
        case ansi
        /// No escape sequences: for CI logs and files.
        case plain
    }

    /// The verdict table followed by a one-line summary, ending in a newline.
    public static func render(_ report: RunReport, style: Style = .plain) -> String {
        let paint = Painter(style: style)
        var lines: [String] = []
        if report.criteria.isEmpty {
            lines.append("  no criteria were evaluated")
        } else {
            lines += table(report.criteria, paint: paint)
        }
        lines.append("")
        lines.append(summaryLine(report, paint: paint))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `PASSED  cascade_failure: 5 of 5 criteria held (exit 0)` and the like.
    public static func summaryLine(_ r: RunReport, style: Style = .plain) -> String {
        summaryLine(r, paint: Painter(style: style))
    }

    static func summaryLine(_ r: RunReport, paint: Painter) -> String {
        let failed = r.criteria.filter { !$0.passed }.count
        let name = Escape.terminal(r.scenario)
        switch r.verdict {
        case .passed:
            return paint.green(paint.bold("PASSED")) + "  \(name): \(r.criteria.count) of \(r.criteria.count) criteria held (exit \(r.exitCode))"
        case .failed:
            return paint.red(paint.bold("FAILED")) + "  \(name): \(failed) of \(r.criteria.count) criteria failed (exit \(r.exitCode))"
        case .error:
            return paint.red(paint.bold("ERROR")) + "  \(name): the environment failed (exit \(r.exitCode))"
        case .interrupted:
            return paint.yellow(paint.bold("INTERRUPTED")) + "  \(name): faults were rolled back (exit \(r.exitCode))"
        }
    }

    static func table(_ criteria: [CriterionResult], paint: Painter) -> [String] {
        let headers = ["criterion", "measured", "threshold", "source"]
        let rows = criteria.map { c in
            [Escape.terminal(c.text), Escape.terminal(c.measuredText.isEmpty ? "–" : c.measuredText),
             Escape.terminal(c.threshold), Escape.terminal(c.source)]
        }
        var widths = headers.map(width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) } }
        var lines = ["    " + paint.bold(line(headers, widths))]
        for (c, row) in zip(criteria, rows) {
            let mark = c.passed ? paint.green("✔") : paint.red("✘")
            let cells = (0..<3).map { pad(row[$0], widths[$0]) }.joined() + paint.dim(row[3])
            lines.append("  \(mark) " + cells)
            if !c.passed {
                for d in c.details { lines.append("      " + paint.dim("· " + Escape.terminal(d))) }
            }
        }
        return lines
    }

    /// Cells padded to their column widths, separated by two spaces (no trailing blanks).
    static func line(_ cells: [String], _ widths: [Int]) -> String {
        cells.indices.map { $0 == cells.count - 1 ? cells[$0] : pad(cells[$0], widths[$0]) }.joined()
    }

    /// `cell` followed by spaces up to `width` and a two-space gutter.
    static func pad(_ cell: String, _ width: Int) -> String {
        cell + String(repeating: " ", count: max(0, width - Self.width(cell)) + 2)
    }

    /// Display width in terminal cells: one per scalar, zero for combining marks and variation
    /// selectors, two for East Asian wide and emoji ranges (a good approximation without tables).
    static func width(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            if (0x300...0x36F).contains(v) || (0xFE00...0xFE0F).contains(v) || v == 0x200D { continue }
            if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v) {
                w += 2
            } else { w += 1 }
        }
        return w
    }
}

/// Wraps text in ANSI SGR sequences, or not.
struct Painter {
    var style: TerminalVerdict.Style
    func sgr(_ code: String, _ s: String) -> String { style == .ansi ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { sgr("1", s) }
    func dim(_ s: String) -> String { sgr("2", s) }
    func red(_ s: String) -> String { sgr("31", s) }
    func green(_ s: String) -> String { sgr("32", s) }
    func yellow(_ s: String) -> String { sgr("33", s) }
}
