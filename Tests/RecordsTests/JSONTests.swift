import Records
import Testing

@Suite struct JSONTests {
    @Test func lineFormIsSortedAndExact() {
        let r = Record(key: "device-0042", generatorID: 1, sequence: 7, eventTimeNanos: 1_700_000_000_123_456_789, values: [20.5, 0.1])
        #expect(RecordJSON.encode(r) == #"{"gen":1,"key":"device-0042","seq":7,"ts":1700000000123456789,"values":[20.5,0.1]}"#)
    }

    @Test func roundTripsWithEscapesAndExtremes() throws {
        let records = [
            Record(key: "a\"b\\c\n\t\u{1}é𝄞", generatorID: 65535, sequence: .max, eventTimeNanos: .min,
                   values: [-0.0, 1e-300, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]),
            Record(key: "", generatorID: 0, sequence: 0, eventTimeNanos: .max, values: [3]),
        ]
        for r in records {
            let back = try RecordJSON.decode(RecordJSON.encode(r))
            #expect(back == r)
            #expect(back.values.map(\.bitPattern) == r.values.map(\.bitPattern))
        }
    }

    @Test func nonFiniteIsNull() throws {
        let r = Record(key: "k", generatorID: 1, sequence: 0, eventTimeNanos: 0, values: [.infinity, 2])
        let line = RecordJSON.encode(r)
        #expect(line.hasSuffix(#""values":[null,2.0]}"#))
        #expect(try RecordJSON.decode(line).values[0].isNaN)
    }

    @Test func readerAcceptsAnyOrderAndSpaces() throws {
        let r = try RecordJSON.decode(#"  { "values" : [ 1 , 2.5e1 ], "ts": -5, "seq": 3, "key": "x\u00e9\ud834\udd1e", "gen": 2 } "#)
        #expect(r == Record(key: "xé𝄞", generatorID: 2, sequence: 3, eventTimeNanos: -5, values: [1, 25]))
    }

    @Test(arguments: [
        "", "{", "{}", #"{"gen":1}"#, #"{"gen":70000,"key":"k","seq":1,"ts":1,"values":[1]}"#,
        #"{"gen":1,"key":"k","seq":-1,"ts":1,"values":[1]}"#, #"{"gen":1,"key":"k","seq":1,"ts":1,"values":[]}"#,
        #"{"gen":1,"key":"k","seq":1,"ts":1,"values":[1],"x":2}"#, #"{"gen":1,"key":"k","seq":1,"ts":1,"values":[1]} x"#,
        #"{"gen":1,"key":"\ud834","seq":1,"ts":1,"values":[1]}"#, #"{"gen":1,"key":"k","seq":1,"ts":1,"values":[1,]}"#,
        #"{"gen":1,"key":"k","seq":1,"ts":1,"values":[nan]}"#, #"{"gen":1,"key":"\q","seq":1,"ts":1,"values":[1]}"#,
    ])
    func badLinesThrow(line: String) {
        #expect(throws: RecordJSONError.self) { try RecordJSON.decode(line) }
    }

    @Test func garbageLinesNeverCrash() {
        var state: UInt64 = 99
        let alphabet = Array(#"{}[]":,\u0123456789.eE-+ genkysqtvalu"#.utf8)
        for _ in 0..<50_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            state = state &* 6364136223846793005 &+ 1
            _ = try? RecordJSON.decode(String(decoding: bytes, as: UTF8.self))
        }
    }
}
