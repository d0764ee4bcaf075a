/// One bar of a persistence diagram: a homology class of dimension `dim` born at `birth` and
/// dying at `death` (`Float.infinity` for an essential class).
public struct PersistenceBar: Sendable, Hashable, Comparable {
    /// The homological dimension (0, 1, …).
    public var dim: Int
    /// The filtration value (a distance) at which the class appears.
    public var birth: Float
    /// The filtration value at which the class dies, `.infinity` if it never does.
    public var death: Float

    /// A bar.
    public init(dim: Int, birth: Float, death: Float) {
        self.dim = dim
        self.birth = birth
        self.death = death
    }

    /// `death - birth` (infinite for an essential class).
    public var persistence: Float { death - birth }

    /// Whether the class never dies.
    public var isEssential: Bool { death == .infinity }

    /// Ordered by dimension, then birth, then death (`inf` last): the fixture order.
    public static func < (a: PersistenceBar, b: PersistenceBar) -> Bool {
        if a.dim != b.dim { return a.dim < b.dim }
        if a.birth != b.birth { return a.birth < b.birth }
        return a.death < b.death
    }
}

/// A persistence diagram: bars with `death > birth`, sorted by dimension, birth, death.
public struct PersistenceDiagram: Sendable, Equatable {
    /// The bars, in fixture order (see `PersistenceBar.<`).
    public var bars: [PersistenceBar]

    /// A diagram from bars in any order; zero-persistence bars are dropped.
    public init(bars: [PersistenceBar]) {
        self.bars = bars.filter { $0.death > $0.birth }.sorted()
    }

    /// The bars of one dimension, in order.
    public func bars(ofDimension dim: Int) -> ArraySlice<PersistenceBar> {
        let lo = bars.firstIndex { $0.dim >= dim } ?? bars.endIndex
        let hi = bars[lo...].firstIndex { $0.dim > dim } ?? bars.endIndex
        return bars[lo..<hi]
    }

    /// The fixture CSV text: header `dim,birth,death`, one row per bar, newline-terminated.
    public func csv() -> String {
        var out = "dim,birth,death\n"
        for bar in bars {
            out += "\(bar.dim),\(DiagramFormat.number(bar.birth)),\(DiagramFormat.number(bar.death))\n"
        }
        return out
    }

    /// A JSON object `{"bars":[[dim,birth,death],…]}`; an infinite death is written `null`.
    public func json() -> String {
        var out = "{\"bars\":["
        for (i, bar) in bars.enumerated() {
            if i > 0 { out += "," }
            let death = bar.isEssential ? "null" : DiagramFormat.number(bar.death)
            out += "[\(bar.dim),\(DiagramFormat.number(bar.birth)),\(death)]"
        }
        return out + "]}"
    }

    /// Parses the fixture CSV form (header optional). Returns `nil` on malformed text.
    public static func parseCSV(_ text: String) -> PersistenceDiagram? {
        var bars: [PersistenceBar] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let cells = line.split(separator: ",").map { $0.trimmingSpaces() }
            if cells.first == "dim" { continue }
            guard cells.count == 3, let dim = Int(cells[0]), let birth = Float(cells[1]),
                  let death = cells[2] == "inf" ? Float.infinity : Float(cells[2]) else { return nil }
            bars.append(PersistenceBar(dim: dim, birth: birth, death: death))
        }
        return PersistenceDiagram(bars: bars)
    }
}

/// Number formatting shared by every text output of the module.
public enum DiagramFormat {
    /// The shortest decimal that reads back as the same `Float`; `0` for zero, `inf` for infinity.
    public static func number(_ x: Float) -> String {
        if x == 0 { return "0" }
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        return x.description
    }

    /// The shortest round-trip decimal of a `Double`; `inf`, `nan` spelled as such.
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x.isNaN { return "nan" }
        if x == .infinity { return "inf" }
        return x.description
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return s
    }
}
