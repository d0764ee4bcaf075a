import Records
import Testing

@Suite struct AuditorTests {
    func audit(produced: UInt64, deliveries: [UInt64]) -> StreamAudit {
        var a = SequenceAuditor()
        let s = a.stream(named: "s")
        a.produced(stream: s, count: produced)
        for q in deliveries { a.processed(stream: s, sequence: q) }
        return a.audit(stream: s)
    }

    @Test func cleanRun() {
        let r = audit(produced: 5, deliveries: [0, 1, 2, 3, 4])
        #expect(r.lost == 0 && r.duplicates == 0 && r.reordered == 0 && r.unexpected == 0 && r.delivered == 5)
    }

    @Test func lossDuplicatesAndReorderAreCountedApart() {
        // 2 and 6 lost; 1 delivered three times; 3 arrives after 4 and 5.
        let r = audit(produced: 8, deliveries: [0, 1, 1, 4, 5, 3, 1, 7])
        #expect(r.produced == 8)
        #expect(r.processed == 8)
        #expect(r.delivered == 6)
        #expect(r.lost == 2)
        #expect(r.duplicates == 2)
        #expect(r.reordered == 1)
        #expect(r.unexpected == 0)
    }

    @Test func fullyReversedStreamCountsEveryLaterRecordAsReordered() {
        let r = audit(produced: 10, deliveries: Array((0..<10).reversed()))
        #expect(r.reordered == 9 && r.lost == 0 && r.duplicates == 0)
    }

    @Test func unexpectedAndStraySequences() {
        // 10 was never produced; 1 << 40 is far past everything (overflow set) and duplicated.
        let r = audit(produced: 3, deliveries: [0, 10, 1, 1 << 40, 1 << 40, 2])
        #expect(r.unexpected == 2)
        #expect(r.duplicates == 1)
        #expect(r.lost == 0)
        #expect(r.reordered == 2) // 1 and 2 arrive after 10
    }

    @Test func rangesAndLateDeclarations() {
        var a = SequenceAuditor()
        let s = a.stream(named: "x")
        for q: UInt64 in [100, 101, 103, 200] { a.processed(stream: s, sequence: q) }
        // Produced declared after the fact, in overlapping ranges.
        a.produced(stream: s, range: 100..<104)
        a.produced(stream: s, range: 102..<105)
        let r = a.audit(stream: s)
        #expect(r.produced == 5)
        #expect(r.delivered == 3)
        #expect(r.lost == 2)
        #expect(r.unexpected == 1)
    }

    @Test func producedCountsKeepTheLargestAndMixWithRanges() {
        var a = SequenceAuditor()
        for q: UInt64 in 0..<10 { a.produced(stream: 0, count: q + 1) }
        a.produced(stream: 0, count: 4)                // smaller: ignored
        a.produced(stream: 0, range: 8..<12)           // overlaps the prefix
        for q: UInt64 in [0, 1, 2, 11] { a.processed(stream: 0, sequence: q) }
        let r = a.audit(stream: 0)
        #expect(r.produced == 12 && r.delivered == 4 && r.lost == 8 && r.unexpected == 0)
    }

    @Test func streamsByNameAndIndexAndTotals() {
        var a = SequenceAuditor()
        a.produced(stream: a.stream(named: "a"), count: 3)
        a.produced(stream: a.stream(named: "b"), count: 2)
        a.processed(key: "a", sequence: 0)
        a.processed(key: "b", sequence: 1)
        a.processed(key: "c", sequence: 0)
        let report = a.report()
        #expect(report.names == ["a", "b", "c"])
        #expect(report.streams.map(\.lost) == [2, 1, 0])
        #expect(report.streams[2].unexpected == 1)
        #expect(report.total.lost == 3)
    }

    /// Two million records over 100 streams with known faults injected at known places.
    @Test func millionsOfRecordsExactly() {
        let streams = 100, perStream: UInt64 = 20_000
        /// 0: lost, 1: delivered twice, otherwise delivered once.
        func fate(_ q: UInt64, _ s: Int) -> UInt64 { (q &* 2_654_435_761 &+ UInt64(s) &* 40_503) % 1000 }
        func swapped(_ q: UInt64, _ s: Int) -> Bool {
            q % 997 == 5 && q + 1 < perStream && fate(q, s) > 1 && fate(q + 1, s) > 1
        }
        var a = SequenceAuditor()
        for s in 0..<streams { a.produced(stream: s, count: perStream) }
        var lost = 0, dup = 0, reorder = 0
        for q in 0..<perStream {
            for s in 0..<streams {
                if swapped(q, s) { continue }                 // delivered after q + 1
                switch fate(q, s) {
                case 0: lost += 1
                case 1: a.processed(stream: s, sequence: q); a.processed(stream: s, sequence: q); dup += 1
                default: a.processed(stream: s, sequence: q)
                }
                if q > 0 && swapped(q - 1, s) { a.processed(stream: s, sequence: q - 1); reorder += 1 }
            }
        }
        let total = a.report().total
        #expect(total.produced == UInt64(streams) * perStream)
        #expect(total.lost == UInt64(lost))
        #expect(total.duplicates == UInt64(dup))
        #expect(total.reordered == UInt64(reorder))
        #expect(total.unexpected == 0)
        #expect(total.processed == total.produced - total.lost + total.duplicates)
        #expect(reorder > 0 && lost > 0 && dup > 0)
    }

    /// Ten million records in one stream, in order, with every 1000th lost.
    @Test func tenMillionInOneStream() {
        var a = SequenceAuditor()
        let s = a.stream(named: "big")
        a.produced(stream: s, count: 10_000_000)
        for q in 0..<UInt64(10_000_000) where q % 1000 != 999 { a.processed(stream: s, sequence: q) }
        let r = a.audit(stream: s)
        #expect(r.lost == 10_000 && r.duplicates == 0 && r.reordered == 0 && r.unexpected == 0)
    }
}
