// One benchmark's distribution as an SVG histogram: this run's samples (blue) over the
// baseline's (grey) on a shared axis, with both medians and the seed's reference marked.
import Foundation

struct BenchHistogram {
    var result: BenchResult
    var baseline: BenchResult?

    static let width = 450.0, height = 230.0
    static let left = 44.0, right = 30.0, top = 28.0, bottom = 44.0

    var svg: String {
        let w = Self.width, h = Self.height
        let plotW = w - Self.left - Self.right, plotH = h - Self.top - Self.bottom
        let base = baseline?.samples ?? []
        var lo = (result.samples + base).min() ?? 0, hi = (result.samples + base).max() ?? 1
        if let ref = result.referenceSeconds, ref <= hi * 3 { lo = min(lo, ref); hi = max(hi, ref) }
        if hi <= lo { hi = lo + max(lo * 0.01, 1e-9) }
        let pad = (hi - lo) * 0.05
        lo = max(0, lo - pad)
        hi += pad
        let n = max(result.samples.count, base.count)
        let bins = min(30, max(5, Int(Double(n).squareRoot().rounded(.up)) + 2))
        func counts(_ xs: [Double]) -> [Int] {
            var c = [Int](repeating: 0, count: bins)
            for x in xs { c[min(bins - 1, max(0, Int((x - lo) / (hi - lo) * Double(bins))))] += 1 }
            return c
        }
        let cNew = counts(result.samples), cBase = counts(base)
        let maxCount = max(1, (cNew + cBase).max() ?? 1)
        func x(_ v: Double) -> Double { Self.left + (v - lo) / (hi - lo) * plotW }
        func y(_ c: Int) -> Double { Self.top + plotH - Double(c) / Double(maxCount) * plotH }
        let binW = plotW / Double(bins)
        var s = "<svg class=\"dist\" id=\"dist-\(result.suite)-\(result.name)\" xmlns=\"http://www.w3.org/2000/svg\" "
        s += "width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\">\n"
        s += "<title>\(BenchHTMLReport.escape(result.id)): distribution of \(result.samples.count) iterations</title>\n"
        s += "<text class=\"title\" x=\"\(Self.left)\" y=\"17\">\(BenchHTMLReport.escape(result.id))</text>\n"
        for (i, c) in cBase.enumerated() where c > 0 {
            s += rect("bar-base", Self.left + Double(i) * binW + 1, y(c), binW - 2, Self.top + plotH - y(c))
        }
        for (i, c) in cNew.enumerated() where c > 0 {
            s += rect("bar", Self.left + Double(i) * binW + binW * 0.2, y(c), binW * 0.6, Self.top + plotH - y(c))
        }
        func vline(_ cls: String, _ v: Double) -> String { line(cls, x(v), Self.top, x(v), Self.top + plotH) }
        if let b = baseline { s += vline("median-base", b.statistics.median) }
        s += vline("median", result.statistics.median)
        if let ref = result.referenceSeconds, ref >= lo, ref <= hi { s += vline("reference", ref) }
        // Axes and ticks.
        let axisY = Self.top + plotH
        s += line("axis", Self.left, axisY, w - Self.right, axisY)
        s += line("axis", Self.left, Self.top, Self.left, axisY)
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            s += text(x(v), axisY + 14, BenchFormat.seconds(v), anchor: "middle")
        }
        s += text(Self.left - 6, Self.top + 4, String(maxCount), anchor: "end")
        s += text(Self.left - 6, axisY, "0", anchor: "end")
        // Legend.
        var legend = [("bar", "this run, median \(BenchFormat.seconds(result.statistics.median))")]
        if let b = baseline { legend.append(("bar-base", "baseline, median \(BenchFormat.seconds(b.statistics.median))")) }
        if let ref = result.referenceSeconds { legend.append(("reference", "seed \(BenchFormat.seconds(ref))")) }
        var lx = Self.left
        for (cls, label) in legend {
            if cls == "reference" {
                s += line("reference", lx, h - 12, lx + 14, h - 12)
            } else {
                s += rect(cls, lx, h - 18, 12, 10)
            }
            s += text(lx + 17, h - 9, label, anchor: "start")
            lx += 30 + Double(label.count) * 5.4
        }
        return s + "</svg>\n"
    }

    func n(_ v: Double) -> String { String(format: "%.1f", v) }

    func rect(_ cls: String, _ x: Double, _ y: Double, _ w: Double, _ h: Double) -> String {
        "<rect class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0.5, w)))\" height=\"\(n(max(0, h)))\"/>\n"
    }

    func line(_ cls: String, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
        "<line class=\"\(cls)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>\n"
    }

    func text(_ x: Double, _ y: Double, _ content: String, anchor: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\">\(BenchHTMLReport.escape(content))</text>\n"
    }
}
