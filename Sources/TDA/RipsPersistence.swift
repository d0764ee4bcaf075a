// Exact Vietoris–Rips persistence in dimensions 0 and 1 over Z/2.
//
// Design (after the ideas of Ripser, Bauer 2021; our own code):
// * Distances are `Float` values of the exact convention; the filtration value of a simplex is
//   its largest edge. Without a threshold the filtration stops at the enclosing radius
//   min_i max_j d(i, j): from there on the complex is a cone, so nothing changes in H0/H1 except
//   that the last component is essential.
// * H0: edges sorted by (diameter, code) and Kruskal's union–find. Edges that merge two
//   components are H0 deaths; the others are the H1 columns (clearing from dimension 0).
// * H1: cohomology. Columns are edges in reverse filtration order; a column's coboundary is
//   enumerated implicitly from the neighbour lists of its two vertices (vertices within the
//   threshold, in decreasing index), triangles are named by the combinatorial number system,
//   and the pivot is the earliest cofacet in filtration order (diameter up, code down).
//   Emergent pairs (the earliest cofacet has the edge's diameter and no column owns it yet)
//   are paired without building the column. Other columns are reduced with a heap, storing
//   only the reduction matrix V and re-enumerating coboundaries from it.

/// Exact Vietoris–Rips persistent homology (H0, H1, Z/2) of point clouds.
public enum RipsPersistence {
    /// The largest supported cloud (edges pack their two vertices in 16 bits each).
    public static let maxPoints = 65_535

    /// The diagram of `cloud` up to dimension `maxDim` (0 or 1; higher values are read as 1).
    /// At most `maxPoints` points; memory grows as 4·n² bytes (the distance matrix).
    ///
    /// - Parameter threshold: keep only edges with `d(i, j) <= Float(threshold)`; classes alive
    ///   at the threshold are essential (`death == inf`). `nil` means the full filtration.
    public static func compute(_ cloud: PointCloud, maxDim: Int = 1, threshold: Double? = nil) -> PersistenceDiagram {
        let workspace = RipsWorkspace()
        workspace.load(cloud)
        workspace.compute(maxDim: maxDim, threshold: threshold.map { Float($0) })
        return PersistenceDiagram(bars: workspace.bars)
    }

    /// The diagram of a symmetric `count×count` distance matrix (row-major, zero diagonal).
    public static func compute(distances: [Float], count: Int, maxDim: Int = 1, threshold: Float? = nil) -> PersistenceDiagram {
        let workspace = RipsWorkspace()
        workspace.load(distances: distances, count: count)
        workspace.compute(maxDim: maxDim, threshold: threshold)
        return PersistenceDiagram(bars: workspace.bars)
    }
}

/// Reusable state for repeated Rips computations (one per thread): buffers keep their capacity,
/// so steady-state computations of same-sized inputs do not allocate.
public final class RipsWorkspace {
    /// The number of vertices.
    @exclusivity(unchecked) public private(set) var count = 0
    /// The distance matrix, row-major `count×count`; callers may update rows in place through
    /// `setDistance(_:_:_:)` before calling `compute`.
    @exclusivity(unchecked) public internal(set) var distances: [Float] = []
    /// The bars of the last computation, unsorted, zero-persistence bars omitted.
    @exclusivity(unchecked) public internal(set) var bars: [PersistenceBar] = []
    /// The filtration bound used by the last computation (threshold or enclosing radius).
    @exclusivity(unchecked) public private(set) var effectiveThreshold: Float = 0

    // Sorted edges (ascending filtration order).
    // Every edge under the stored bound (the threshold), sorted; maintained incrementally when
    // only some vertices moved (see EdgeList.swift).
    @exclusivity(unchecked) var sortedKeys: [UInt64] = []
    @exclusivity(unchecked) var keptKeys: [UInt64] = []
    @exclusivity(unchecked) var newKeys: [UInt64] = []
    @exclusivity(unchecked) var dirty: [Bool] = []
    @exclusivity(unchecked) var dirtyCount = 0
    @exclusivity(unchecked) var allDirty = true
    @exclusivity(unchecked) var keysBound: Float = -1
    @exclusivity(unchecked) var edgeCount = 0
    @exclusivity(unchecked) var edgeA: [Int32] = []
    @exclusivity(unchecked) var edgeB: [Int32] = []
    @exclusivity(unchecked) var edgeDiam: [Float] = []
    // Union–find and H1 columns (positions in the sorted edge list).
    @exclusivity(unchecked) var parent: [Int32] = []
    @exclusivity(unchecked) var columns: [Int32] = []
    // Neighbour lists (CSR): for vertex v, vertices within the threshold in decreasing order.
    @exclusivity(unchecked) var nbrStart: [Int32] = []
    @exclusivity(unchecked) var nbrVertex: [Int32] = []
    @exclusivity(unchecked) var nbrDist: [Float] = []
    // Binomial coefficients C(v, 2) and C(v, 3) for triangle codes.
    @exclusivity(unchecked) var binom2: [Int64] = []
    @exclusivity(unchecked) var binom3: [Int64] = []
    // Reduction state.
    @exclusivity(unchecked) var pivots = PivotTable()
    let heap64 = CoboundaryRuns<UInt64>()
    @exclusivity(unchecked) var slotCount = 0
    @exclusivity(unchecked) var slotEdge: [Int32] = []
    @exclusivity(unchecked) var slotVStart: [Int32] = []
    @exclusivity(unchecked) var slotVEnd: [Int32] = []
    @exclusivity(unchecked) var vArena: [Int32] = []
    @exclusivity(unchecked) var workingV: [Int32] = []

    /// An empty workspace.
    public init() {}

    /// Loads a point cloud: computes its exact distance matrix.
    public func load(_ cloud: PointCloud) {
        resize(cloud.count)
        allDirty = true
        let n = count, dim = cloud.dim
        cloud.coordinates.withUnsafeBufferPointer { x in
            distances.withUnsafeMutableBufferPointer { d in
                for i in 0..<n {
                    d[i * n + i] = 0
                    for j in 0..<i {
                        let v = ExactDistance.distance(x, i * dim, x, j * dim, dim: dim)
                        d[i * n + j] = v
                        d[j * n + i] = v
                    }
                }
            }
        }
    }

    /// Loads a distance matrix (row-major, symmetric, `count×count`).
    public func load(distances matrix: [Float], count n: Int) {
        resize(n)
        allDirty = true
        distances.withUnsafeMutableBufferPointer { d in
            for i in 0..<(n * n) { d[i] = matrix[i] }
        }
    }

    /// Sets the vertex count, keeping storage; distances are left to the caller.
    public func resize(_ n: Int) {
        precondition(n >= 0 && n < 65_536, "RipsWorkspace supports up to 65535 points")
        count = n
        allDirty = true
        if distances.count != n * n { distances = [Float](repeating: 0, count: n * n) }
        if dirty.count != n { dirty = [Bool](repeating: false, count: n) }
        if binom2.count < n + 1 {
            binom2 = (0...n).map { Int64($0) * Int64($0 - 1) / 2 }
            binom3 = (0...n).map { Int64($0) * Int64($0 - 1) * Int64($0 - 2) / 6 }
        }
    }

    /// Sets `d(i, j) = d(j, i) = value`.
    @inline(__always) public func setDistance(_ i: Int, _ j: Int, _ value: Float) {
        allDirty = true
        distances[i * count + j] = value
        distances[j * count + i] = value
    }

    /// Computes the bars of the loaded distances into `bars`.
    public func compute(maxDim: Int = 1, threshold: Float? = nil) {
        bars.removeAll(keepingCapacity: true)
        let n = count
        guard n > 0 else { return }
        let radius = enclosingRadius()
        let bound = min(threshold ?? .infinity, radius)
        effectiveThreshold = bound
        collectEdges(store: threshold ?? .infinity, bound: bound)
        computeH0()
        if maxDim >= 1 && !columns.isEmpty {
            buildNeighbours(bound: bound)
            computeH1()
        }
    }

    /// min_i max_j d(i, j); 0 for one point.
    func enclosingRadius() -> Float {
        let n = count
        return distances.withUnsafeBufferPointer { d in
            var best = Float.infinity
            for i in 0..<n {
                var worst: Float = 0
                for j in 0..<n where d[i * n + j] > worst { worst = d[i * n + j] }
                if worst < best { best = worst }
            }
            return best
        }
    }

    /// Kruskal: H0 bars, essential components, and the H1 columns in reverse filtration order.
    func computeH0() {
        let n = count
        parent.removeAll(keepingCapacity: true)
        for v in 0..<n { parent.append(Int32(v)) }
        columns.removeAll(keepingCapacity: true)
        var components = n
        parent.withUnsafeMutableBufferPointer { p in
            @inline(__always) func find(_ x: Int32) -> Int32 {
                var x = x
                while p[Int(x)] != x {
                    let up = p[Int(p[Int(x)])]
                    p[Int(x)] = up
                    x = up
                }
                return x
            }
            for e in 0..<edgeCount {
                let ra = find(edgeA[e]), rb = find(edgeB[e])
                if ra == rb {
                    columns.append(Int32(e))
                } else {
                    p[Int(max(ra, rb))] = min(ra, rb)
                    components -= 1
                    if edgeDiam[e] > 0 { bars.append(PersistenceBar(dim: 0, birth: 0, death: edgeDiam[e])) }
                }
            }
        }
        for _ in 0..<components { bars.append(PersistenceBar(dim: 0, birth: 0, death: .infinity)) }
        columns.reverse()
    }

    /// Neighbour lists under the bound, each in decreasing vertex order.
    func buildNeighbours(bound: Float) {
        let n = count
        growIfNeeded(&nbrStart, n + 1)
        growIfNeeded(&nbrVertex, 2 * edgeCount)
        growIfNeeded(&nbrDist, 2 * edgeCount)
        distances.withUnsafeBufferPointer { d in
            nbrStart.withUnsafeMutableBufferPointer { start in
                nbrVertex.withUnsafeMutableBufferPointer { vertex in
                    nbrDist.withUnsafeMutableBufferPointer { dist in
                        var k = 0
                        for v in 0..<n {
                            start[v] = Int32(k)
                            let row = d.baseAddress! + v * n
                            var u = n - 1
                            while u >= 0 {
                                let x = row[u]
                                if x <= bound && u != v {
                                    vertex[k] = Int32(u)
                                    dist[k] = x
                                    k += 1
                                }
                                u -= 1
                            }
                        }
                        start[n] = Int32(k)
                    }
                }
            }
        }
    }
}

/// Makes `array` at least `count` long (contents unspecified), never shrinking it.
@inline(__always) func growIfNeeded<T: FixedWidthInteger>(_ array: inout [T], _ count: Int) {
    if array.count < count { array = [T](repeating: 0, count: max(count, array.count * 2)) }
}

@inline(__always) func growIfNeeded(_ array: inout [Float], _ count: Int) {
    if array.count < count { array = [Float](repeating: 0, count: max(count, array.count * 2)) }
}
