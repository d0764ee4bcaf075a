// Summary features of persistence diagrams, computed from bars without sorting or allocating.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Summary of one homological dimension of a diagram.
public struct DimensionFeatures: Sendable, Equatable {
    /// The number of bars (essential ones included).
    public var bars: Int = 0
    /// The number of essential bars (`death == inf`).
    public var essential: Int = 0
    /// The sum of `death - birth` over finite bars, in `Double` from the `Float` values.
    public var totalPersistence: Double = 0
    /// The largest `death - birth` over finite bars (0 if none).
    public var maxPersistence: Double = 0
    /// Persistence entropy `-Σ p_i ln p_i` with `p_i = l_i / Σ l` over finite bars (0 if none).
    public var entropy: Double = 0

    /// All zero.
    public init() {}
}

/// Features of diagrams: per-dimension summaries and Betti numbers at given radii.
public enum DiagramFeatures {
    /// The summary of the bars of dimension `dim` among `bars` (any order).
    public static func summarize(_ bars: [PersistenceBar], dim: Int) -> DimensionFeatures {
        var f = DimensionFeatures()
        for bar in bars where bar.dim == dim {
            f.bars += 1
            if bar.isEssential { f.essential += 1; continue }
            let l = Double(bar.death) - Double(bar.birth)
            f.totalPersistence += l
            if l > f.maxPersistence { f.maxPersistence = l }
        }
        if f.totalPersistence > 0 {
            var h = 0.0
            for bar in bars where bar.dim == dim && !bar.isEssential {
                let p = (Double(bar.death) - Double(bar.birth)) / f.totalPersistence
                if p > 0 { h -= p * log(p) }
            }
            f.entropy = h
        }
        return f
    }

    /// The Betti number of dimension `dim` at `radius`: bars with `birth <= radius < death`.
    public static func betti(_ bars: [PersistenceBar], dim: Int, radius: Float) -> Int {
        var count = 0
        for bar in bars where bar.dim == dim && bar.birth <= radius && radius < bar.death { count += 1 }
        return count
    }
}
