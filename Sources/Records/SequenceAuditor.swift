// The sequence auditor behind `data_loss == 0`: generators declare which sequence numbers they
// produced per stream, the engine's processed (stream, sequence) pairs are fed in arrival order,
// and the report gives exact per-stream counts of lost, duplicated, reordered and unexpected
// records.
//
// Memory: one bit per sequence number up to the highest one seen or declared (10^7 records in
// one stream take 1.25 MB), plus an exact overflow set for stray sequence numbers far beyond
// that (garbage cannot make it allocate gigabytes). Every count is exact.

/// Exact audit counts of one stream (or of all streams, summed).
public struct StreamAudit: Sendable, Equatable {
    /// Sequence numbers declared produced.
    public var produced: UInt64 = 0
    /// Deliveries seen (every `processed` call).
    public var processed: UInt64 = 0
    /// Produced sequence numbers delivered at least once.
    public var delivered: UInt64 = 0
    /// Produced sequence numbers never delivered: `produced − delivered`.
    public var lost: UInt64 = 0
    /// Deliveries of a sequence number already delivered (any delivery after the first).
    public var duplicates: UInt64 = 0
    /// First deliveries whose sequence number is below the highest one already delivered.
    public var reordered: UInt64 = 0
    /// Distinct delivered sequence numbers that were never declared produced.
    public var unexpected: UInt64 = 0

    /// All zero.
    public init() {}

    /// Field-wise sum.
    public static func + (a: StreamAudit, b: StreamAudit) -> StreamAudit {
        var s = StreamAudit()
        s.produced = a.produced + b.produced
        s.processed = a.processed + b.processed
        s.delivered = a.delivered + b.delivered
        s.lost = a.lost + b.lost
        s.duplicates = a.duplicates + b.duplicates
        s.reordered = a.reordered + b.reordered
        s.unexpected = a.unexpected + b.unexpected
        return s
    }
}

/// The audit of every stream, by stream index, with names where they were registered.
public struct AuditReport: Sendable, Equatable {
    /// Per-stream counts, indexed like the auditor's streams.
    public var streams: [StreamAudit]
    /// Stream names by index ("" for streams only ever addressed by index).
    public var names: [String]
    /// The sum over all streams.
    public var total: StreamAudit { streams.reduce(StreamAudit(), +) }
}

/// Exact per-stream audit of produced against processed sequence numbers.
///
/// Streams are dense non-negative indices: the ones `stream(named:)` hands out, or your own
/// (0, 1, 2, …; using index i creates streams 0…i). A negative index is a programming error.
public struct SequenceAuditor: Sendable {
    private var bits: [[UInt64]] = []
    private var overflow: [Set<UInt64>] = []
    private var produced: [[Range<UInt64>]] = []
    /// Per stream, the largest `count` declared through `produced(stream:count:)` (0..<count).
    private var producedPrefix: [UInt64] = []
    private var processed: [UInt64] = []
    private var duplicates: [UInt64] = []
    private var reordered: [UInt64] = []
    /// Highest delivered sequence + 1 per stream (0: none yet).
    private var highWater: [UInt64] = []
    private var names: [String] = []
    private var index: [String: Int] = [:]
    /// How far (in sequence numbers) past the bitset and the declared ranges a delivery may land
    /// and still grow the bitset; farther ones go to the exact overflow set.
    public let growthSlack: UInt64

    /// An empty auditor. `growthSlack` bounds bitset growth for stray sequence numbers.
    public init(growthSlack: UInt64 = 1 << 24) {
        self.growthSlack = growthSlack
    }

    /// Number of streams known so far.
    public var streamCount: Int { bits.count }

    /// The index of stream `name`, registering it on first use.
    public mutating func stream(named name: String) -> Int {
        if let i = index[name] { return i }
        let i = bits.count
        ensure(stream: i)
        names[i] = name
        index[name] = i
        return i
    }

    private mutating func ensure(stream: Int) {
        while bits.count <= stream {
            bits.append([]); overflow.append([]); produced.append([]); producedPrefix.append(0)
            processed.append(0); duplicates.append(0); reordered.append(0); highWater.append(0)
            names.append("")
        }
    }

    /// Declares that stream `stream` produced sequence numbers 0..<count. Cheap enough to call
    /// after every sent record (`count = sequence + 1`): only the largest count is kept.
    public mutating func produced(stream: Int, count: UInt64) {
        ensure(stream: stream)
        producedPrefix[stream] = max(producedPrefix[stream], count)
    }

    /// Declares that stream `stream` produced the sequence numbers in `range` (ranges may
    /// overlap; a number counts once).
    public mutating func produced(stream: Int, range: Range<UInt64>) {
        ensure(stream: stream)
        if !range.isEmpty { produced[stream].append(range) }
    }

    /// Records that the engine processed `sequence` of stream `stream`, in arrival order.
    @inlinable public mutating func processed(stream: Int, sequence: UInt64) {
        processedImpl(stream: stream, sequence: sequence)
    }

    /// Records a processed record of the stream named `key`.
    public mutating func processed(key: String, sequence: UInt64) {
        processedImpl(stream: stream(named: key), sequence: sequence)
    }

    @usableFromInline mutating func processedImpl(stream s: Int, sequence: UInt64) {
        if s >= bits.count { ensure(stream: s) }
        processed[s] &+= 1
        let word = Int(truncatingIfNeeded: sequence >> 6)
        let mask: UInt64 = 1 << (sequence & 63)
        let firstDelivery: Bool
        if sequence >> 6 < UInt64(bits[s].count) {
            firstDelivery = bits[s][word] & mask == 0
            bits[s][word] |= mask
        } else if sequence < growthLimit(stream: s) {
            bits[s].append(contentsOf: repeatElement(0, count: word + 1 - bits[s].count))
            bits[s][word] = mask
            firstDelivery = true
        } else {
            firstDelivery = overflow[s].insert(sequence).inserted
        }
        if !firstDelivery { duplicates[s] += 1; return }
        if sequence < highWater[s] { reordered[s] += 1 } else { highWater[s] = sequence + 1 }
    }

    private func growthLimit(stream s: Int) -> UInt64 {
        var end = max(UInt64(bits[s].count) * 64, producedPrefix[s])
        for r in produced[s] { end = max(end, r.upperBound) }
        return end > UInt64.max - growthSlack ? UInt64.max : end + growthSlack
    }

    /// The exact audit of every stream.
    public func report() -> AuditReport {
        AuditReport(streams: (0..<bits.count).map(audit(stream:)), names: names)
    }

    /// The exact audit of one stream.
    public func audit(stream s: Int) -> StreamAudit {
        var a = StreamAudit()
        guard s < bits.count else { return a }
        let ranges = merged(produced[s] + (producedPrefix[s] > 0 ? [0..<producedPrefix[s]] : []))
        var deliveredInRanges: UInt64 = 0
        for r in ranges {
            a.produced += r.upperBound - r.lowerBound
            deliveredInRanges += countBits(bits[s], in: r)
        }
        var distinct: UInt64 = 0
        for w in bits[s] { distinct += UInt64(w.nonzeroBitCount) }
        for seq in overflow[s] {
            distinct += 1
            if ranges.contains(where: { $0.contains(seq) }) { deliveredInRanges += 1 }
        }
        a.processed = processed[s]
        a.delivered = deliveredInRanges
        a.lost = a.produced - deliveredInRanges
        a.duplicates = duplicates[s]
        a.reordered = reordered[s]
        a.unexpected = distinct - deliveredInRanges
        return a
    }

    private func merged(_ ranges: [Range<UInt64>]) -> [Range<UInt64>] {
        var out: [Range<UInt64>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Set bits of `words` whose positions fall in `range`.
    private func countBits(_ words: [UInt64], in range: Range<UInt64>) -> UInt64 {
        let limit = UInt64(words.count) * 64
        let lo = range.lowerBound, hi = min(range.upperBound, limit)
        guard lo < hi else { return 0 }
        var count: UInt64 = 0
        var w = Int(lo >> 6)
        let lastWord = Int((hi - 1) >> 6)
        while w <= lastWord {
            var word = words[w]
            if w == Int(lo >> 6) { word &= ~0 << (lo & 63) }
            if w == lastWord && hi & 63 != 0 { word &= (1 << (hi & 63)) - 1 }
            count += UInt64(word.nonzeroBitCount)
            w += 1
        }
        return count
    }
}
