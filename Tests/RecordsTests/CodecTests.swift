import Records
import Testing

@Suite struct CodecTests {
    static let samples: [Record] = [
        Record(key: "device-0042", generatorID: 1, sequence: 7, eventTimeNanos: 1_500_000_000, values: [20.5]),
        Record(key: "", generatorID: 0, sequence: .max, eventTimeNanos: .min, values: [-0.0, .infinity, 1e-300]),
        Record(key: "ключ-€-𝄞", generatorID: 65535, sequence: 0, eventTimeNanos: .max,
               values: (0..<255).map { Double($0) * 0.1 }),
        Record(key: String(repeating: "k", count: 300), generatorID: 3, sequence: 1, eventTimeNanos: -1, values: [1]),
    ]

    @Test func longestKeyRoundTrips() throws {
        let r = Record(key: String(repeating: "k", count: 65535), generatorID: 3, sequence: 1, eventTimeNanos: -1, values: [1])
        #expect(try RecordCodec.decode(RecordCodec.encode(r)) == r)
    }

    @Test(arguments: samples) func binaryRoundTrip(record: Record) throws {
        let bytes = try RecordCodec.encode(record)
        #expect(bytes.count == RecordCodec.encodedCount(keyCount: record.key.utf8.count, valueCount: record.values.count))
        #expect(try RecordCodec.decode(bytes) == record)
    }

    @Test func nanSurvivesBinaryBitForBit() throws {
        let nan = Double(bitPattern: 0x7FF8_0000_0000_1234)
        let bytes = try RecordCodec.encode(Record(key: "k", generatorID: 1, sequence: 0, eventTimeNanos: 0, values: [nan]))
        #expect(try RecordCodec.decode(bytes).values[0].bitPattern == nan.bitPattern)
    }

    @Test func layoutIsLittleEndianAsDocumented() throws {
        let bytes = try RecordCodec.encode(Record(key: "ab", generatorID: 0x0102, sequence: 0x0A0B_0C0D_0E0F_1011,
                                                  eventTimeNanos: 0x1122_3344_5566_7788, values: [1.0]))
        #expect(bytes == [0xC7, 1, 0x02, 0x01, 1, 0, 2, 0,
                          0x11, 0x10, 0x0F, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A,
                          0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
                          0x61, 0x62,
                          0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    }

    @Test func encodingRejectsWhatCannotFit() {
        #expect(throws: RecordCodecError.noValues) {
            try RecordCodec.encode(Record(key: "k", generatorID: 1, sequence: 0, eventTimeNanos: 0, values: []))
        }
        #expect(throws: RecordCodecError.tooManyValues(256)) {
            try RecordCodec.encode(Record(key: "k", generatorID: 1, sequence: 0, eventTimeNanos: 0,
                                          values: Array(repeating: 0, count: 256)))
        }
        #expect(throws: RecordCodecError.keyTooLong(65536)) {
            try RecordCodec.encode(Record(key: String(repeating: "x", count: 65536), generatorID: 1, sequence: 0,
                                          eventTimeNanos: 0, values: [1]))
        }
    }

    @Test func decodingNamesWhatIsWrong() throws {
        let good = try RecordCodec.encode(Self.samples[0])
        func mutated(_ f: (inout [UInt8]) -> Void) -> [UInt8] { var b = good; f(&b); return b }
        #expect(throws: RecordCodecError.truncated(needed: 24, available: 3)) { try RecordCodec.decode([0xC7, 1, 0]) }
        #expect(throws: RecordCodecError.badMagic(0)) { try RecordCodec.decode(mutated { $0[0] = 0 }) }
        #expect(throws: RecordCodecError.unsupportedVersion(2)) { try RecordCodec.decode(mutated { $0[1] = 2 }) }
        #expect(throws: RecordCodecError.reservedFlags(4)) { try RecordCodec.decode(mutated { $0[5] = 4 }) }
        #expect(throws: RecordCodecError.noValues) { try RecordCodec.decode(mutated { $0[4] = 0 }) }
        #expect(throws: RecordCodecError.truncated(needed: good.count + 8, available: good.count)) {
            try RecordCodec.decode(mutated { $0[4] = 2 })
        }
        #expect(throws: RecordCodecError.trailingBytes(1)) { try RecordCodec.decode(good + [0]) }
        #expect(throws: RecordCodecError.invalidKey) { try RecordCodec.decode(mutated { $0[24] = 0xFF }) }
        #expect(throws: RecordCodecError.invalidKey) { try RecordCodec.decode(mutated { $0[24] = 0xED; $0[25] = 0xA0; $0[26] = 0x80 }) }
    }

    @Test func concatenatedRecordsDecodeWithTrailingAllowed() throws {
        var buffer: [UInt8] = []
        for i in 0..<100 {
            try RecordCodec.append(key: "src-\(i % 7)", generatorID: 3, sequence: UInt64(i), eventTimeNanos: Int64(i) * 10,
                                   value: Double(i), to: &buffer)
        }
        var offset = 0, seen = 0
        try buffer.withUnsafeBytes { all in
            while offset < all.count {
                let p = UnsafeRawBufferPointer(rebasing: all[offset...])
                let h = try RecordCodec.decodeHeader(p, allowTrailing: true)
                #expect(h.sequence == UInt64(seen))
                #expect(h.value(0, in: p) == Double(seen))
                #expect(h.key(in: p) == "src-\(seen % 7)")
                offset += h.encodedCount
                seen += 1
            }
        }
        #expect(seen == 100)
    }

    /// Random bytes, and random corruptions of valid records, never trap: they decode or throw.
    @Test func garbageNeverCrashes() throws {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        var decoded = 0, thrown = 0
        let valid = try RecordCodec.encode(Self.samples[0])
        for round in 0..<200_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(next() % 80)).map { _ in UInt8(truncatingIfNeeded: next()) }
                if round % 4 == 0 && !bytes.isEmpty { bytes[0] = 0xC7; if bytes.count > 1 { bytes[1] = 1 } }
            } else {
                bytes = valid
                for _ in 0..<(1 + Int(next() % 3)) { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
                if next() % 4 == 0 { bytes.removeLast(Int(next() % UInt64(bytes.count))) }
            }
            do { _ = try RecordCodec.decode(bytes); decoded += 1 } catch { thrown += 1 }
        }
        #expect(decoded + thrown == 200_000)
        #expect(decoded > 0 && thrown > 0)
    }
}
