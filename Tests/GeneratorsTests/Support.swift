import Generators

/// Records of one generator split per key: times (seconds) and values.
struct PerKey: Sendable {
    var times: [[Double]]
    var values: [[Double]]
    var sequences: [[UInt64]]
    var all: [GeneratedRecord]

    init<G: RecordGenerator>(_ generator: inout G, count: Int) {
        let keys = generator.keyNames.count
        times = Array(repeating: [], count: keys)
        values = Array(repeating: [], count: keys)
        sequences = Array(repeating: [], count: keys)
        all = []
        generator.fill(&all, count: count)
        for r in all {
            let k = Int(r.key)
            times[k].append(Double(r.eventTimeNanos) / 1e9)
            values[k].append(r.value)
            sequences[k].append(r.sequence)
        }
    }

    /// Records until event time reaches `seconds`.
    init<G: RecordGenerator>(_ generator: inout G, seconds: Double) {
        let keys = generator.keyNames.count
        times = Array(repeating: [], count: keys)
        values = Array(repeating: [], count: keys)
        sequences = Array(repeating: [], count: keys)
        all = []
        let limit = Int64(seconds * 1e9)
        while true {
            let r = generator.next()
            if r.eventTimeNanos >= limit { break }
            all.append(r)
            let k = Int(r.key)
            times[k].append(Double(r.eventTimeNanos) / 1e9)
            values[k].append(r.value)
            sequences[k].append(r.sequence)
        }
    }
}
