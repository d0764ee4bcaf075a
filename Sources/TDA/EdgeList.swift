// The sorted edge list, kept across computations of a sliding window.
//
// An edge key packs (diameter bits, complemented (a << 16 | b)) so that sorting keys sorts
// edges by diameter, ties broken by vertex pair. The workspace keeps every edge under the
// threshold sorted; when only the rows of a few vertices changed (a window that slid by a few
// points), the edges of those vertices are filtered out, their new edges sorted, and the two
// sorted lists merged: O(E + k·n log) instead of O(E log E).

extension RipsWorkspace {
    @inline(__always) static func edgeKey(_ a: Int, _ b: Int, _ diam: Float) -> UInt64 {
        UInt64(diam.bitPattern) << 32 | (UInt64(0xFFFF_FFFF) - UInt64((a << 16) | b))
    }

    /// Refreshes `sortedKeys` (edges with diameter <= `store`) and decodes the prefix with
    /// diameter <= `bound` into `edgeA`, `edgeB`, `edgeDiam`.
    func collectEdges(store: Float, bound: Float) {
        let n = count
        if allDirty || store != keysBound || dirtyCount * 4 > n {
            rebuildKeys(store: store)
        } else if dirtyCount > 0 {
            updateKeys(store: store)
        }
        allDirty = false
        keysBound = store
        if dirtyCount > 0 {
            for v in 0..<n { dirty[v] = false }
            dirtyCount = 0
        }
        let total = sortedKeys.count
        growIfNeeded(&edgeA, total)
        growIfNeeded(&edgeB, total)
        growIfNeeded(&edgeDiam, total)
        let limit = UInt64(bound.bitPattern)
        edgeCount = sortedKeys.withUnsafeBufferPointer { keys in
            edgeA.withUnsafeMutableBufferPointer { ea in
                edgeB.withUnsafeMutableBufferPointer { eb in
                    edgeDiam.withUnsafeMutableBufferPointer { ed in
                        var k = 0
                        while k < total {
                            let key = keys[k]
                            if key >> 32 > limit { break }
                            let code = UInt64(0xFFFF_FFFF) - (key & 0xFFFF_FFFF)
                            ea[k] = Int32(truncatingIfNeeded: code >> 16)
                            eb[k] = Int32(truncatingIfNeeded: code & 0xFFFF)
                            ed[k] = Float(bitPattern: UInt32(truncatingIfNeeded: key >> 32))
                            k += 1
                        }
                        return k
                    }
                }
            }
        }
    }

    private func rebuildKeys(store: Float) {
        let n = count
        sortedKeys.removeAll(keepingCapacity: true)
        distances.withUnsafeBufferPointer { d in
            for a in 1..<max(n, 1) {
                for b in 0..<a where d[a * n + b] <= store {
                    sortedKeys.append(Self.edgeKey(a, b, d[a * n + b]))
                }
            }
        }
        sortedKeys.sort()
    }

    private func updateKeys(store: Float) {
        let n = count
        keptKeys.removeAll(keepingCapacity: true)
        for key in sortedKeys {
            let code = UInt64(0xFFFF_FFFF) - (key & 0xFFFF_FFFF)
            if !dirty[Int(code >> 16)] && !dirty[Int(code & 0xFFFF)] { keptKeys.append(key) }
        }
        newKeys.removeAll(keepingCapacity: true)
        distances.withUnsafeBufferPointer { d in
            for p in 0..<n where dirty[p] {
                for q in 0..<n where q != p && !(dirty[q] && q < p) && d[p * n + q] <= store {
                    newKeys.append(Self.edgeKey(max(p, q), min(p, q), d[p * n + q]))
                }
            }
        }
        newKeys.sort()
        sortedKeys.removeAll(keepingCapacity: true)
        var i = 0, j = 0
        let kept = keptKeys.count, fresh = newKeys.count
        while i < kept && j < fresh {
            if keptKeys[i] < newKeys[j] { sortedKeys.append(keptKeys[i]); i += 1 }
            else { sortedKeys.append(newKeys[j]); j += 1 }
        }
        while i < kept { sortedKeys.append(keptKeys[i]); i += 1 }
        while j < fresh { sortedKeys.append(newKeys[j]); j += 1 }
    }
}
