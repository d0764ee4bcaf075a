// The pivot table of the H1 reduction: triangle code -> reduction slot, open addressing over
// flat arrays (triangle codes go up to C(n,3), too many for a dense array). No per-element
// allocation; it keeps its capacity across computations.

/// Open-addressing hash table from non-negative `Int64` keys to `Int32` values (linear probing).
struct PivotTable {
    private var keys: [Int64] = []
    private var values: [Int32] = []
    private var mask = 0
    private(set) var count = 0

    init(capacity: Int = 1024) { reset(expected: capacity) }

    /// Empties the table, sized for about `expected` keys; keeps storage when it is big enough.
    mutating func reset(expected: Int) {
        var cap = 16
        while cap < expected * 2 { cap <<= 1 }
        if cap <= keys.count {
            if count > 0 { keys.withUnsafeMutableBufferPointer { $0.update(repeating: -1) } }
        } else {
            keys = [Int64](repeating: -1, count: cap)
            values = [Int32](repeating: 0, count: cap)
            mask = cap - 1
        }
        count = 0
    }

    @inline(__always) private func slot(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The value stored for `key`, or -1.
    @inline(__always) func find(_ key: Int64) -> Int32 {
        keys.withUnsafeBufferPointer { k in
            var i = slot(key)
            while true {
                let stored = k[i]
                if stored == key { return values[i] }
                if stored < 0 { return -1 }
                i = (i + 1) & mask
            }
        }
    }

    /// Stores `value` for a key that is not in the table yet.
    mutating func insert(_ key: Int64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while keys[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let cap = max(16, keys.count * 2)
        keys = [Int64](repeating: -1, count: cap)
        values = [Int32](repeating: 0, count: cap)
        mask = cap - 1
        count = 0
        for i in oldKeys.indices where oldKeys[i] >= 0 { insert(oldKeys[i], oldValues[i]) }
    }
}
