// H1 by cohomology with implicit coboundaries (see RipsPersistence.swift for the design).

extension RipsWorkspace {
    /// Calls `body(diameter, code)` for every cofacet of edge `e` within the bound, in
    /// decreasing code order, until `body` returns false.
    @inline(__always)
    func forEachCofacet(of e: Int, _ body: (Float, Int64) -> Bool) {
        let a = Int(edgeA[e]), b = Int(edgeB[e])
        let dab = edgeDiam[e]
        nbrStart.withUnsafeBufferPointer { start in
            nbrVertex.withUnsafeBufferPointer { vertex in
                nbrDist.withUnsafeBufferPointer { dist in
                    binom2.withUnsafeBufferPointer { c2 in
                        binom3.withUnsafeBufferPointer { c3 in
                            var i = Int(start[a]), j = Int(start[b])
                            let iEnd = Int(start[a + 1]), jEnd = Int(start[b + 1])
                            // Codes for the three positions of the new vertex v relative to a > b.
                            let aboveTail = c2[a] + Int64(b)       // v > a: C(v,3) + C(a,2) + b
                            let betweenHead = c3[a]                // a > v > b: C(a,3) + C(v,2) + b
                            let belowHead = c3[a] + c2[b]          // v < b: C(a,3) + C(b,2) + v
                            while i < iEnd && j < jEnd {
                                let va = vertex[i], vb = vertex[j]
                                if va > vb { i += 1; continue }
                                if vb > va { j += 1; continue }
                                let v = Int(va)
                                var diam = dab
                                if dist[i] > diam { diam = dist[i] }
                                if dist[j] > diam { diam = dist[j] }
                                let code: Int64
                                if v > a { code = c3[v] + aboveTail }
                                else if v > b { code = betweenHead + c2[v] + Int64(b) }
                                else { code = belowHead + Int64(v) }
                                if !body(diam, code) { return }
                                i += 1
                                j += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The earliest cofacet of `e` if it has the edge's own diameter (the emergent candidate).
    @inline(__always)
    func zeroCofacet(of e: Int) -> Int64 {
        let dab = edgeDiam[e]
        var found: Int64 = -1
        forEachCofacet(of: e) { diam, code in
            if diam == dab { found = code; return false }
            return true
        }
        return found
    }

    func pushCoboundary(of e: Int) {
        forEachCofacet(of: e) { diam, code in
            heap.push(CofacetEntry(diam: diam, code: code))
            return true
        }
    }

    /// Reduces every H1 column; appends the H1 bars.
    func computeH1() {
        pivots.reset(expected: columns.count)
        slotEdge.removeAll(keepingCapacity: true)
        slotVStart.removeAll(keepingCapacity: true)
        slotVEnd.removeAll(keepingCapacity: true)
        vArena.removeAll(keepingCapacity: true)
        for column in columns {
            let e = Int(column)
            let zero = zeroCofacet(of: e)
            if zero >= 0 && pivots.find(zero) < 0 {
                addSlot(edge: column, pivot: zero, keepV: false)
                continue
            }
            reduce(column: e)
        }
    }

    private func addSlot(edge: Int32, pivot: Int64, keepV: Bool) {
        let start = Int32(vArena.count)
        if keepV {
            workingV.sort()
            var k = 0
            let m = workingV.count
            while k < m {
                if k + 1 < m && workingV[k] == workingV[k + 1] { k += 2; continue }
                vArena.append(workingV[k])
                k += 1
            }
        }
        pivots.insert(pivot, Int32(slotEdge.count))
        slotEdge.append(edge)
        slotVStart.append(start)
        slotVEnd.append(Int32(vArena.count))
    }

    private func reduce(column e: Int) {
        let birth = edgeDiam[e]
        heap.removeAll()
        workingV.removeAll(keepingCapacity: true)
        pushCoboundary(of: e)
        while true {
            guard let pivot = heap.pivot() else {
                bars.append(PersistenceBar(dim: 1, birth: birth, death: .infinity))
                return
            }
            let slot = pivots.find(pivot.code)
            if slot < 0 {
                addSlot(edge: Int32(e), pivot: pivot.code, keepV: true)
                if pivot.diam > birth { bars.append(PersistenceBar(dim: 1, birth: birth, death: pivot.diam)) }
                return
            }
            let s = Int(slot)
            let other = slotEdge[s]
            pushCoboundary(of: Int(other))
            workingV.append(other)
            for k in Int(slotVStart[s])..<Int(slotVEnd[s]) {
                let f = vArena[k]
                pushCoboundary(of: Int(f))
                workingV.append(f)
            }
        }
    }
}
