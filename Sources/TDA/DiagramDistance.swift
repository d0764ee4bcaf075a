// The anomaly score: the 1-Wasserstein distance between persistence diagrams, exactly.
//
// Ground metric L∞ between points (b, d); a point may instead go to the diagonal at cost
// (d - b) / 2. The distance of two diagrams is the sum over dimensions of the minimum total
// cost. Essential bars either get a cap for their death (streaming with a threshold: the
// threshold) or are matched among themselves by sorted birth (a count mismatch gives +inf).
//
// Exact optimum, two algorithms:
// * every finite point of both diagrams has the same birth (H0 of a Rips filtration): a
//   dynamic program over the sorted deaths; optimal because on a line an optimal matching
//   never crosses, O(n·m);
// * otherwise: the Hungarian algorithm (shortest augmenting paths with potentials) on the
//   usual (n+m)×(n+m) matrix with diagonal copies, O((n+m)^3).

/// Distances between persistence diagrams.
public enum DiagramDistance {
    /// The 1-Wasserstein distance (L∞ ground metric) summed over dimensions `0...maxDim`.
    ///
    /// - Parameter infinityCap: replaces infinite deaths before matching; `nil` matches
    ///   essential bars among themselves (different counts give `.infinity`).
    public static func wasserstein1(
        _ a: PersistenceDiagram, _ b: PersistenceDiagram, maxDim: Int = 1, infinityCap: Float? = nil
    ) -> Double {
        let workspace = WassersteinWorkspace()
        var total = 0.0
        for dim in 0...max(maxDim, 0) {
            total += workspace.distance(a.bars, b.bars, dim: dim, infinityCap: infinityCap)
        }
        return total
    }
}

/// Reusable buffers for `DiagramDistance`; one per thread.
public final class WassersteinWorkspace {
    @exclusivity(unchecked) var xa: [Double] = [], ya: [Double] = [], xb: [Double] = [], yb: [Double] = []
    @exclusivity(unchecked) var essA: [Float] = [], essB: [Float] = []
    @exclusivity(unchecked) var row: [Double] = [], previous: [Double] = []
    @exclusivity(unchecked) var cost: [Double] = []
    @exclusivity(unchecked) var u: [Double] = [], v: [Double] = [], minv: [Double] = []
    @exclusivity(unchecked) var p: [Int] = [], way: [Int] = []
    @exclusivity(unchecked) var used: [Bool] = []
    @exclusivity(unchecked) var keysA: [UInt64] = [], keysB: [UInt64] = []

    /// An empty workspace.
    public init() {}

    /// The 1-Wasserstein distance between the dimension-`dim` bars of `a` and `b`.
    public func distance(_ a: [PersistenceBar], _ b: [PersistenceBar], dim: Int, infinityCap: Float? = nil) -> Double {
        load(a, dim: dim, cap: infinityCap, keys: &keysA, essential: &essA)
        load(b, dim: dim, cap: infinityCap, keys: &keysB, essential: &essB)
        removeCommonPoints()
        var total = 0.0
        if !essA.isEmpty || !essB.isEmpty {
            if essA.count != essB.count { return .infinity }
            essA.sort()
            essB.sort()
            for i in essA.indices { total += abs(Double(essA[i]) - Double(essB[i])) }
        }
        if xa.isEmpty && xb.isEmpty { return total }
        let base = xa.first ?? xb[0]
        if xa.allSatisfy({ $0 == base }) && xb.allSatisfy({ $0 == base }) {
            return total + sameBirthDistance(base)
        }
        return total + hungarianDistance()
    }

    /// Collects the finite points of one dimension as packed (birth bits, death bits) keys.
    private func load(
        _ bars: [PersistenceBar], dim: Int, cap: Float?, keys: inout [UInt64], essential: inout [Float]
    ) {
        keys.removeAll(keepingCapacity: true)
        essential.removeAll(keepingCapacity: true)
        for bar in bars where bar.dim == dim && bar.death > bar.birth {
            var death = bar.death
            if death == .infinity {
                guard let cap else { essential.append(bar.birth); continue }
                death = max(cap, bar.birth)
                if death == bar.birth { continue }
            }
            keys.append(UInt64(bar.birth.bitPattern) << 32 | UInt64(death.bitPattern))
        }
    }

    /// Drops the points the two diagrams have in common (as multisets) and unpacks the rest.
    /// Exact: by the triangle inequality (the diagonal included) some optimal matching pairs
    /// equal points with each other at cost 0. Consecutive windows share most of their points,
    /// so this shrinks the matching problems a lot.
    private func removeCommonPoints() {
        keysA.sort()
        keysB.sort()
        xa.removeAll(keepingCapacity: true); ya.removeAll(keepingCapacity: true)
        xb.removeAll(keepingCapacity: true); yb.removeAll(keepingCapacity: true)
        @inline(__always) func unpack(_ key: UInt64, _ births: inout [Double], _ deaths: inout [Double]) {
            births.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: key >> 32))))
            deaths.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: key))))
        }
        var i = 0, j = 0
        let n = keysA.count, m = keysB.count
        while i < n || j < m {
            if j == m || (i < n && keysA[i] < keysB[j]) {
                unpack(keysA[i], &xa, &ya); i += 1
            } else if i == n || keysB[j] < keysA[i] {
                unpack(keysB[j], &xb, &yb); j += 1
            } else {
                i += 1; j += 1
            }
        }
    }

    /// Dynamic program over sorted deaths when every point is born at `base`.
    private func sameBirthDistance(_ base: Double) -> Double {
        ya.sort()
        yb.sort()
        let n = ya.count, m = yb.count
        refill(&previous, 0, m + 1)
        refill(&row, 0, m + 1)
        return ya.withUnsafeBufferPointer { xs in
            yb.withUnsafeBufferPointer { ys in
                previous.withUnsafeMutableBufferPointer { prevBuffer in
                    row.withUnsafeMutableBufferPointer { rowBuffer in
                        var prev = prevBuffer.baseAddress!, cur = rowBuffer.baseAddress!
                        var running = 0.0
                        for j in 0..<m {
                            running += (ys[j] - base) / 2
                            prev[j + 1] = running
                        }
                        for i in 0..<n {
                            let x = xs[i], dropX = (x - base) / 2
                            cur[0] = prev[0] + dropX
                            for j in 0..<m {
                                let y = ys[j]
                                let match = prev[j] + abs(x - y)
                                let skipX = prev[j + 1] + dropX
                                let skipY = cur[j] + (y - base) / 2
                                cur[j + 1] = min(match, min(skipX, skipY))
                            }
                            swap(&prev, &cur)
                        }
                        return prev[m]
                    }
                }
            }
        }
    }

    /// Hungarian algorithm on rows = A points then diagonal copies for B, columns = B points
    /// then diagonal copies for A.
    private func hungarianDistance() -> Double {
        let n = xa.count, m = xb.count, size = n + m
        cost.removeAll(keepingCapacity: true)
        for i in 0..<size {
            for j in 0..<size {
                let c: Double
                switch (i < n, j < m) {
                case (true, true): c = max(abs(xa[i] - xb[j]), abs(ya[i] - yb[j]))
                case (true, false): c = (ya[i] - xa[i]) / 2
                case (false, true): c = (yb[j] - xb[j]) / 2
                case (false, false): c = 0
                }
                cost.append(c)
            }
        }
        return assignmentCost(size)
    }

    /// Minimum-cost perfect assignment of the `size×size` matrix in `cost` (exact optimum;
    /// the value is the sum of the chosen entries).
    func assignmentCost(_ size: Int) -> Double {
        let n = size
        refill(&u, 0, n + 1)
        refill(&v, 0, n + 1)
        refill(&minv, 0, n + 1)
        refill(&p, 0, n + 1)
        refill(&way, 0, n + 1)
        refill(&used, false, n + 1)
        return cost.withUnsafeBufferPointer { a in
            u.withUnsafeMutableBufferPointer { u in
                v.withUnsafeMutableBufferPointer { v in
                    minv.withUnsafeMutableBufferPointer { minv in
                        p.withUnsafeMutableBufferPointer { p in
                            way.withUnsafeMutableBufferPointer { way in
                                used.withUnsafeMutableBufferPointer { used in
                                    Self.hungarian(a, n, u, v, minv, p, way, used)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func hungarian(
        _ a: UnsafeBufferPointer<Double>, _ n: Int,
        _ u: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>,
        _ minv: UnsafeMutableBufferPointer<Double>, _ p: UnsafeMutableBufferPointer<Int>,
        _ way: UnsafeMutableBufferPointer<Int>, _ used: UnsafeMutableBufferPointer<Bool>
    ) -> Double {
        for i in 1...n {
            p[0] = i
            var j0 = 0
            for j in 0...n { minv[j] = .infinity; used[j] = false }
            repeat {
                used[j0] = true
                let i0 = p[j0], rowBase = (i0 - 1) * n - 1, ui0 = u[i0]
                var delta = Double.infinity, j1 = 0
                for j in 1...n where !used[j] {
                    let cur = a[rowBase + j] - ui0 - v[j]
                    if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...n {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat {
                let j1 = way[j0]
                p[j0] = p[j1]
                j0 = j1
            } while j0 != 0
        }
        var total = 0.0
        for j in 1...n { total += a[(p[j] - 1) * n + (j - 1)] }
        return total
    }
}

/// Empties `array` and fills it with `count` copies of `value`, keeping its storage.
@inline(__always) func refill<T>(_ array: inout [T], _ value: T, _ count: Int) {
    array.removeAll(keepingCapacity: true)
    array.append(contentsOf: repeatElement(value, count: count))
}
