// One inline SVG time-series plot for report.html: value lines over run time, fault windows
// shaded and labelled by id and kind, warmup/drain shaded grey, and one row of thin bars per
// criterion under the plot marking the intervals it was evaluated over (green held, red failed).
// Pure string building; every text is escaped; no scripts, fonts or external references.

/// One line of a plot.
struct PlotLine {
    var name: String
    var color: String
    var values: [Double?]
    var dashed = false
}

/// A shaded window behind the lines (a fault or a phase).
struct PlotBand {
    var label: String
    var tooltip: String
    var startMs: Int64
    /// nil or equal to the start: an instant (drawn as a dashed vertical line).
    var endMs: Int64?
    var color: String
    var cssClass: String
}

/// The intervals one criterion was evaluated over.
struct PlotMark {
    var label: String
    var tooltip: String
    var intervals: [ClosedInterval]
    var passed: Bool
}

/// Everything one plot shows.
struct Plot {
    var id: String
    var title: String
    var unit: String
    var tMs: [Int64]
    var spanMs: Int64
    var lines: [PlotLine]
    var bands: [PlotBand]
    var marks: [PlotMark]
}

/// Renders a `Plot` as an inline `<svg>` element.
enum SVGPlot {
    static let width = 1000.0
    static let left = 64.0, right = 16.0, top = 26.0, plotHeight = 210.0
    static let markRow = 12.0

    static func render(_ plot: Plot) -> String {
        let span = max(plot.spanMs, plot.tMs.last ?? 0, 1)
        let bottom = top + plotHeight
        let marks = plot.marks.filter { !$0.intervals.isEmpty }
        let height = bottom + 26 + (marks.isEmpty ? 0 : 6 + Double(marks.count) * markRow) + 4
        let x = LinearScale(domain: (0, Double(span)), range: (left, width - right))
        let yTicks = valueTicks(plot.lines)
        let y = LinearScale(domain: (yTicks.lo, yTicks.hi), range: (bottom, top))
        var svg = "<svg class=\"plot\" id=\"\(Escape.attribute(plot.id))\" xmlns=\"http://www.w3.org/2000/svg\""
        svg += " viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(Escape.attribute(plot.title))\">\n"
        svg += "<title>\(Escape.markup(plot.title))</title>\n"
        svg += bands(plot.bands, x: x, bottom: bottom, span: span)
        svg += grid(yTicks.ticks, y: y, unit: plot.unit, bottom: bottom)
        svg += timeAxis(span: span, x: x, bottom: bottom)
        svg += lines(plot, x: x, y: y)
        svg += legend(plot.lines)
        svg += criterionMarks(marks, x: x, top: bottom + 32, span: span)
        return svg + "</svg>"
    }

    static func valueTicks(_ lines: [PlotLine]) -> (ticks: [Double], lo: Double, hi: Double) {
        var lo = 0.0, hi = 0.0
        for line in lines { for case let v? in line.values where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        return Ticks.nice(lo: lo, hi: hi * 1.05, target: 5)
    }

    static func bands(_ bands: [PlotBand], x: LinearScale, bottom: Double, span: Int64) -> String {
        var out = "<g class=\"bands\">\n"
        var labelRow = 0
        for b in bands where b.startMs <= span && (b.endMs ?? b.startMs) >= 0 {
            let start = min(max(b.startMs, 0), span)
            let x0 = x(Double(start))
            let tip = "<title>\(Escape.markup(b.tooltip))</title>"
            let cls = Escape.attribute(b.cssClass), color = Escape.attribute(b.color)
            if let end = b.endMs, end > b.startMs {
                let x1 = x(Double(min(max(end, start), span)))
                out += "<rect class=\"\(cls)\" x=\"\(n(x0))\" y=\"\(n(top))\" width=\"\(n(max(x1 - x0, 1)))\""
                out += " height=\"\(n(plotHeight))\" fill=\"\(color)\" fill-opacity=\"0.16\">\(tip)</rect>\n"
            } else {
                out += "<line class=\"\(cls)\" x1=\"\(n(x0))\" x2=\"\(n(x0))\" y1=\"\(n(top))\" y2=\"\(n(bottom))\""
                out += " stroke=\"\(color)\" stroke-width=\"2\" stroke-dasharray=\"4 3\">\(tip)</line>\n"
            }
            guard !b.label.isEmpty else { continue }
            let isPhase = b.cssClass == "phase-band"
            out += bandLabel(b.label, color: color, x: x0, y: isPhase ? bottom - 6 : top + 12 + Double(labelRow % 3) * 13)
            if !isPhase { labelRow += 1 }
        }
        return out + "</g>\n"
    }

    /// A band's label just right of its start, or right-aligned to the plot when it would overflow.
    static func bandLabel(_ label: String, color: String, x x0: Double, y: Double) -> String {
        let fits = x0 + 3 + Double(TerminalVerdict.width(label)) * 6.6 <= width - right
        let anchor = fits ? "" : " text-anchor=\"end\""
        let lx = fits ? x0 + 3 : width - right - 3
        return "<text class=\"band-label\" x=\"\(n(lx))\" y=\"\(n(y))\" fill=\"\(color)\"\(anchor)>" + Escape.markup(label) + "</text>\n"
    }

    static func grid(_ ticks: [Double], y: LinearScale, unit: String, bottom: Double) -> String {
        var out = "<g class=\"y-axis\">\n"
        for t in ticks {
            let py = n(y(t))
            out += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(py)\" y2=\"\(py)\"/>"
            out += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
            out += ReportFormat.short(t) + "</text>\n"
        }
        let mid = n((top + bottom) / 2)
        out += "<text class=\"axis-label\" x=\"14\" y=\"\(mid)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(mid))\">"
        out += Escape.markup(unit) + "</text>\n"
        return out + "</g>\n"
    }

    static func timeAxis(span: Int64, x: LinearScale, bottom: Double) -> String {
        var out = "<g class=\"x-axis\">\n"
        out += "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(bottom))\" y2=\"\(n(bottom))\"/>\n"
        for t in Ticks.time(spanMs: span) {
            let px = n(x(Double(t)))
            out += "<line class=\"axis\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(n(bottom))\" y2=\"\(n(bottom + 4))\"/>"
            out += "<text class=\"tick\" x=\"\(px)\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">"
            out += (t == 0 ? "0" : ReportFormat.duration(t)) + "</text>\n"
        }
        return out + "</g>\n"
    }

    static func lines(_ plot: Plot, x: LinearScale, y: LinearScale) -> String {
        var out = "<g class=\"lines\" fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
        for line in plot.lines {
            let color = Escape.attribute(line.color)
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            for segment in PlotPath.segments(tMs: plot.tMs, values: line.values, x: x, y: y) {
                if segment.count == 1 {
                    out += "<circle cx=\"\(n(segment[0].x))\" cy=\"\(n(segment[0].y))\" r=\"1.5\" fill=\"\(color)\"/>\n"
                } else {
                    out += "<path class=\"series\" d=\"\(PlotPath.data(segment))\" stroke=\"\(color)\" stroke-width=\"1.6\"\(dash)/>\n"
                }
            }
        }
        return out + "</g>\n"
    }

    static func legend(_ lines: [PlotLine]) -> String {
        var out = "<g class=\"legend\">\n"
        var lx = left
        for line in lines {
            let color = Escape.attribute(line.color)
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            out += "<line x1=\"\(n(lx))\" x2=\"\(n(lx + 18))\" y1=\"10\" y2=\"10\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash)/>"
            out += "<text class=\"legend-text\" x=\"\(n(lx + 23))\" y=\"10\" dominant-baseline=\"middle\">"
            out += Escape.markup(line.name) + "</text>\n"
            lx += 36 + Double(TerminalVerdict.width(line.name)) * 6.6
        }
        return out + "</g>\n"
    }

    static func criterionMarks(_ marks: [PlotMark], x: LinearScale, top: Double, span: Int64) -> String {
        guard !marks.isEmpty else { return "" }
        var out = "<g class=\"criteria\">\n"
        for (i, m) in marks.enumerated() {
            let rowY = top + Double(i) * markRow
            let color = m.passed ? "#1a7f37" : "#cf222e"
            out += "<text class=\"mark-label\" x=\"\(n(left - 6))\" y=\"\(n(rowY + 3.5))\" text-anchor=\"end\""
            out += " dominant-baseline=\"middle\">" + Escape.markup(m.label) + "</text>\n"
            for iv in m.intervals where iv.startMs <= span && iv.endMs >= 0 {
                let s = min(max(iv.startMs, 0), span), e = min(max(iv.endMs, s), span)
                let x0 = x(Double(s)), w = max(x(Double(e)) - x0, 2)
                out += "<rect class=\"criterion-mark\" x=\"\(n(x0))\" y=\"\(n(rowY))\" width=\"\(n(w))\" height=\"7\" rx=\"2\""
                out += " fill=\"\(color)\"><title>\(Escape.markup(m.tooltip))</title></rect>\n"
            }
        }
        return out + "</g>\n"
    }

    static func n(_ v: Double) -> String { ReportFormat.trimmed(ReportFormat.fixed(v, 1)) }
}
