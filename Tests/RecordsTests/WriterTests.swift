import Records
import Testing

@Suite struct WriterTests {
    func written(_ format: RecordFormat, chunk: Int = 1 << 16, _ body: (inout RecordWriter) throws -> Void) rethrows -> [UInt8] {
        let out = Box()
        var w = RecordWriter(format: format, chunkSize: chunk) { out.bytes.append(contentsOf: $0) }
        try body(&w)
        try? w.flush()
        return out.bytes
    }

    final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }

    @Test func csvHasHeaderFixedSecondsAndPlainNumbers() throws {
        let bytes = try written(.csv) { w in
            try w.write(key: "device-0001", generatorID: 1, sequence: 0, eventTimeNanos: 0, value: 20.5)
            try w.write(key: "src-0002", generatorID: 3, sequence: 1, eventTimeNanos: 12_000_500_000, value: 1500)
            try w.write(key: "odd,\"key\"", generatorID: 3, sequence: 2, eventTimeNanos: -1_500_000_000, value: -0.25)
        }
        let expected = [
            "ts,key,value",
            "0.000000000,device-0001,20.5",
            "12.000500000,src-0002,1500",
            #"-1.500000000,"odd,""key""",-0.25"#,
        ]
        #expect(String(decoding: bytes, as: UTF8.self) == expected.joined(separator: "\n") + "\n")
    }

    @Test func emptyCsvStillHasItsHeader() {
        #expect(String(decoding: written(.csv) { _ in }, as: UTF8.self) == "ts,key,value\n")
    }

    @Test func binaryAndJSONLinesRoundTripThroughSmallChunks() throws {
        let records = (0..<1000).map {
            Record(key: "k\($0 % 13)", generatorID: 2, sequence: UInt64($0), eventTimeNanos: Int64($0) * 1000, values: [Double($0) / 7])
        }
        let binary = try written(.binary, chunk: 100) { w in
            for r in records { try w.write(key: r.key, generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, value: r.values[0]) }
        }
        var decoded: [Record] = []
        try binary.withUnsafeBytes { all in
            var off = 0
            while off < all.count {
                let p = UnsafeRawBufferPointer(rebasing: all[off...])
                let h = try RecordCodec.decodeHeader(p, allowTrailing: true)
                decoded.append(Record(key: h.key(in: p), generatorID: h.generatorID, sequence: h.sequence,
                                      eventTimeNanos: h.eventTimeNanos, values: [h.value(0, in: p)]))
                off += h.encodedCount
            }
        }
        #expect(decoded == records)
        let text = try written(.jsonl, chunk: 100) { w in
            for r in records { try w.write(key: r.key, generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, value: r.values[0]) }
        }
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(try lines.map(RecordJSON.decode) == records)
    }
}

@Test func auditedSinkDeclaresWhatPassedThrough() throws {
    struct Null: RecordSink {
        mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) {}
        mutating func flush() {}
    }
    var sink = AuditedSink(Null())
    for q: UInt64 in 0..<100 { try sink.write(key: q % 2 == 0 ? "a" : "b", generatorID: 1, sequence: q / 2, eventTimeNanos: 0, value: 0) }
    try sink.flush()
    var audit = sink.auditor
    for q: UInt64 in 0..<50 { audit.processed(key: "a", sequence: q) }
    let report = audit.report()
    #expect(report.names == ["a", "b"])
    #expect(report.streams.map(\.produced) == [50, 50])
    #expect(report.streams.map(\.lost) == [0, 50])
}
