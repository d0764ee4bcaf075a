import Foundation
import TDA

/// Access to the fixture files copied from shared/fixtures/tda into Resources/.
enum Fixture {
    static let root: URL = Bundle.module.bundleURL.appendingPathComponent("Resources")

    static func text(_ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    static func points(_ path: String) throws -> PointCloud {
        try TDAText.parsePoints(text(path))
    }

    static func diagram(_ path: String) -> PersistenceDiagram? {
        PersistenceDiagram.parseCSV(text(path))
    }

    /// Every (points, diagram, threshold) case of the fixture folder.
    static let cloudCases: [(points: String, diagram: String, threshold: Double?)] = {
        var cases: [(String, String, Double?)] = []
        for name in ["circle_n100", "circle_n200", "circle_n500", "circle_n1000", "circle_n2000"] {
            cases.append(("points/\(name).csv", "diagrams/\(name)__full.csv", nil))
            cases.append(("points/\(name).csv", "diagrams/\(name)__t0.5.csv", 0.5))
        }
        for name in ["torus_n500", "torus_n1000"] {
            cases.append(("points/\(name).csv", "diagrams/\(name)__full.csv", nil))
            cases.append(("points/\(name).csv", "diagrams/\(name)__t1.csv", 1.0))
        }
        return cases
    }()

    static let windowStarts = [0, 1, 2, 3, 4, 1000, 50000, 99800]

    static func windowName(_ start: Int) -> String {
        "windows/window_" + String(repeating: "0", count: max(0, 5 - String(start).count)) + String(start)
    }
}

/// A readable first difference between two diagrams, or nil when equal.
func firstDifference(_ got: PersistenceDiagram, _ want: PersistenceDiagram) -> String? {
    if got == want { return nil }
    let g = got.bars, w = want.bars
    for i in 0..<min(g.count, w.count) where g[i] != w[i] {
        return "row \(i): got \(g[i]) want \(w[i]) (counts \(g.count) vs \(w.count))"
    }
    return "counts differ: got \(g.count) want \(w.count)"
}
