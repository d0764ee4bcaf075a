// H1 by cohomology with implicit coboundaries (see RipsPersistence.swift for the design).
// The heap lives in this file so the generic reduction is specialised without whole-module
// optimisation (debug builds compile file by file).

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

    @inline(__always)
    func pushCoboundary<Key: CofacetKey>(of e: Int, into heap: CoboundaryRuns<Key>) {
        heap.beginRun()
        forEachCofacet(of: e) { diam, code in
            heap.append(Key(diam: diam, code: code))
            return true
        }
        heap.endRun()
    }

    /// Reduces every H1 column; appends the H1 bars.
    func computeH1() {
        pivots.reset(expected: columns.count)
        slotCount = 0
        growIfNeeded(&slotEdge, columns.count)
        growIfNeeded(&slotVStart, columns.count)
        growIfNeeded(&slotVEnd, columns.count)
        vArena.removeAll(keepingCapacity: true)
        if count <= 2953 {
            reduceColumns(heap: heap64)
        } else {
            let heap = CoboundaryRuns<UInt128>()
            reduceColumns(heap: heap)
        }
    }

    private func reduceColumns<Key: CofacetKey>(heap: CoboundaryRuns<Key>) {
        for column in columns {
            let e = Int(column)
            let zero = zeroCofacet(of: e)
            if zero >= 0 && pivots.find(zero) < 0 {
                addSlot(edge: column, pivot: zero, keepV: false)
                continue
            }
            reduce(column: e, heap: heap)
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
        pivots.insert(pivot, Int32(slotCount))
        slotEdge[slotCount] = edge
        slotVStart[slotCount] = start
        slotVEnd[slotCount] = Int32(vArena.count)
        slotCount += 1
    }

    private func reduce<Key: CofacetKey>(column e: Int, heap: CoboundaryRuns<Key>) {
        let birth = edgeDiam[e]
        heap.removeAll()
        workingV.removeAll(keepingCapacity: true)
        pushCoboundary(of: e, into: heap)
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
            pushCoboundary(of: Int(other), into: heap)
            workingV.append(other)
            for k in Int(slotVStart[s])..<Int(slotVEnd[s]) {
                let f = vArena[k]
                pushCoboundary(of: Int(f), into: heap)
                workingV.append(f)
            }
        }
    }
}

/// A coboundary entry packed into one integer whose natural order is the filtration order:
/// smaller diameter first, then larger triangle code first.
protocol CofacetKey: Comparable {
    init(diam: Float, code: Int64)
    var diam: Float { get }
    var code: Int64 { get }
}

/// The packed key when triangle codes fit in 32 bits (up to 2953 points): diameter bits high,
/// complemented code low.
extension UInt64: CofacetKey {
    @inline(__always) init(diam: Float, code: Int64) {
        self = UInt64(diam.bitPattern) << 32 | (0xFFFF_FFFF - UInt64(code))
    }
    @inline(__always) var diam: Float { Float(bitPattern: UInt32(truncatingIfNeeded: self >> 32)) }
    @inline(__always) var code: Int64 { Int64(0xFFFF_FFFF - (self & 0xFFFF_FFFF)) }
}

/// The packed key for larger clouds: diameter bits high, complemented 64-bit code low.
extension UInt128: CofacetKey {
    @inline(__always) init(diam: Float, code: Int64) {
        self = UInt128(diam.bitPattern) << 64 | UInt128(UInt64.max - UInt64(code))
    }
    @inline(__always) var diam: Float { Float(bitPattern: UInt32(truncatingIfNeeded: self >> 64)) }
    @inline(__always) var code: Int64 { Int64(bitPattern: UInt64.max - UInt64(truncatingIfNeeded: self)) }
}

/// The working coboundary of a column as a Z/2 sum of sorted runs (one run per added
/// coboundary), merged lazily through a small heap of run heads that caches each head's key.
/// Sorting each run where it is written and merging only run heads keeps the inner loop in
/// cache, unlike one big heap of every entry. Storage keeps its capacity across columns.
final class CoboundaryRuns<Key: CofacetKey> {
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<Key>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var runStart = 0
    // Heap of runs ordered by their current entry: cached key, read position, end.
    @exclusivity(unchecked) private var heapKey: UnsafeMutablePointer<Key>
    @exclusivity(unchecked) private var heapPos: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var heapEnd: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var heapCapacity: Int
    @exclusivity(unchecked) private var runs = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        heapCapacity = 64
        heapKey = .allocate(capacity: heapCapacity)
        heapPos = .allocate(capacity: heapCapacity)
        heapEnd = .allocate(capacity: heapCapacity)
    }

    deinit {
        buffer.deallocate()
        heapKey.deallocate()
        heapPos.deallocate()
        heapEnd.deallocate()
    }

    func removeAll() {
        used = 0
        runs = 0
    }

    @inline(__always) func beginRun() { runStart = used }

    @inline(__always) func append(_ key: Key) {
        if used == capacity { grow() }
        buffer[used] = key
        used += 1
    }

    /// Sorts the entries appended since `beginRun` and adds them as one run.
    func endRun() {
        let count = used - runStart
        if count == 0 { return }
        if count > 1 { sortKeys(buffer + runStart, count) }
        if runs == heapCapacity { growHeap() }
        let key = buffer[runStart], pos = runStart, end = used
        var i = runs
        runs += 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !(key < heapKey[p]) { break }
            heapKey[i] = heapKey[p]; heapPos[i] = heapPos[p]; heapEnd[i] = heapEnd[p]
            i = p
        }
        heapKey[i] = key; heapPos[i] = pos; heapEnd[i] = end
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Key>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: buffer, count: used)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
    }

    private func growHeap() {
        let c = heapCapacity * 2
        let k = UnsafeMutablePointer<Key>.allocate(capacity: c)
        let p = UnsafeMutablePointer<Int>.allocate(capacity: c)
        let e = UnsafeMutablePointer<Int>.allocate(capacity: c)
        k.moveInitialize(from: heapKey, count: runs)
        p.moveInitialize(from: heapPos, count: runs)
        e.moveInitialize(from: heapEnd, count: runs)
        heapKey.deallocate(); heapPos.deallocate(); heapEnd.deallocate()
        heapKey = k; heapPos = p; heapEnd = e
        heapCapacity = c
    }

    /// Removes the smallest entry: moves its run forward (or drops the run) and restores order.
    @inline(__always) private func advance() {
        var key: Key, pos = heapPos[0] + 1, end = heapEnd[0]
        if pos < end {
            key = buffer[pos]
        } else {
            runs -= 1
            if runs == 0 { return }
            key = heapKey[runs]; pos = heapPos[runs]; end = heapEnd[runs]
        }
        let n = runs
        var i = 0
        while true {
            var c = 2 * i + 1
            if c >= n { break }
            if c + 1 < n && heapKey[c + 1] < heapKey[c] { c += 1 }
            if !(heapKey[c] < key) { break }
            heapKey[i] = heapKey[c]; heapPos[i] = heapPos[c]; heapEnd[i] = heapEnd[c]
            i = c
        }
        heapKey[i] = key; heapPos[i] = pos; heapEnd[i] = end
    }

    /// The first entry with an odd multiplicity (Z/2 sum), cancelling the even ones before it.
    /// It stays in the sum (as a one-entry run) so later additions cancel it correctly.
    func pivot() -> Key? {
        while runs > 0 {
            let top = heapKey[0]
            advance()
            var odd = true
            while runs > 0 && heapKey[0] == top {
                advance()
                odd.toggle()
            }
            if odd {
                beginRun()
                append(top)
                endRun()
                return top
            }
        }
        return nil
    }
}

/// Sorts `count` keys in place without allocating: quicksort (median of three) down to short
/// ranges, then insertion sort. Runs arrive in decreasing code order, a pattern the median of
/// three handles well.
func sortKeys<Key: Comparable>(_ base: UnsafeMutablePointer<Key>, _ count: Int) {
    var lo = 0, hi = count - 1
    while hi - lo > 16 {
        let mid = lo + (hi - lo) / 2
        if base[mid] < base[lo] { base.swapAt(mid, lo) }
        if base[hi] < base[lo] { base.swapAt(hi, lo) }
        if base[hi] < base[mid] { base.swapAt(hi, mid) }
        let pivot = base[mid]
        var i = lo, j = hi
        while i <= j {
            while base[i] < pivot { i += 1 }
            while pivot < base[j] { j -= 1 }
            if i <= j {
                base.swapAt(i, j)
                i += 1
                j -= 1
            }
        }
        // Recurse into the smaller side, loop on the larger (stack depth O(log n)).
        if j - lo < hi - i {
            if lo < j { sortKeys(base + lo, j - lo + 1) }
            lo = i
        } else {
            if i < hi { sortKeys(base + i, hi - i + 1) }
            hi = j
        }
    }
    if hi > lo {
        for k in (lo + 1)...hi {
            let x = base[k]
            var m = k - 1
            while m >= lo && x < base[m] {
                base[m + 1] = base[m]
                m -= 1
            }
            base[m + 1] = x
        }
    }
}

extension UnsafeMutablePointer {
    @inline(__always) func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
