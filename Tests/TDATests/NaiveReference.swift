import TDA

/// A deliberately simple, independent persistence computation for small clouds: the full
/// boundary matrix of the Rips complex (all edges and triangles under the threshold), sorted by
/// (diameter, dimension), reduced column by column over Z/2 (standard algorithm, homology).
func naiveRipsDiagram(_ cloud: PointCloud, threshold: Double? = nil) -> PersistenceDiagram {
    let n = cloud.count
    let d = ExactDistance.matrix(cloud)
    let bound = threshold.map { Float($0) } ?? .infinity
    struct Simplex { var vertices: [Int]; var diam: Float }
    var simplices: [Simplex] = (0..<n).map { Simplex(vertices: [$0], diam: 0) }
    for a in 0..<n { for b in (a + 1)..<max(n, a + 1) where d[a * n + b] <= bound {
        simplices.append(Simplex(vertices: [a, b], diam: d[a * n + b]))
    } }
    for a in 0..<n { for b in (a + 1)..<max(n, a + 1) { for c in (b + 1)..<max(n, b + 1) {
        let diam = max(d[a * n + b], d[a * n + c], d[b * n + c])
        if diam <= bound { simplices.append(Simplex(vertices: [a, b, c], diam: diam)) }
    } } }
    simplices.sort { ($0.diam, $0.vertices.count) < ($1.diam, $1.vertices.count) }
    var index: [[Int]: Int] = [:]
    for (i, s) in simplices.enumerated() { index[s.vertices] = i }
    var columns: [Set<Int>] = simplices.map { s in
        guard s.vertices.count > 1 else { return [] }
        var col = Set<Int>()
        for skip in s.vertices.indices {
            var face = s.vertices
            face.remove(at: skip)
            col.insert(index[face]!)
        }
        return col
    }
    var lowOwner: [Int: Int] = [:]
    var paired = Set<Int>()
    var bars: [PersistenceBar] = []
    for j in columns.indices {
        while let low = columns[j].max(), let k = lowOwner[low] { columns[j].formSymmetricDifference(columns[k]) }
        if let low = columns[j].max() {
            lowOwner[low] = j
            paired.insert(low)
            paired.insert(j)
            let dim = simplices[low].vertices.count - 1
            if dim <= 1 { bars.append(PersistenceBar(dim: dim, birth: simplices[low].diam, death: simplices[j].diam)) }
        }
    }
    for (i, s) in simplices.enumerated() where !paired.contains(i) && s.vertices.count <= 2 {
        bars.append(PersistenceBar(dim: s.vertices.count - 1, birth: s.diam, death: .infinity))
    }
    return PersistenceDiagram(bars: bars)
}

/// A small seeded generator for test data (SplitMix64).
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
