#!/usr/bin/env bash
# Generator and record-codec speed: compiles Sources/Generators and Sources/Records (pure Swift,
# no dependencies) with a small driver into one optimised binary and prints a Markdown table.
# Peers measured in the same run: memcpy of the same bytes (upper bound for any codec) and
# Foundation's JSONEncoder/JSONDecoder on the same records (the usual Swift way).
# Usage: bench/gen.bench.sh [records]   (default 2000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000000}"
OUT=.build-bench/gen
mkdir -p "$OUT"
cat > "$OUT/main.swift" <<'SWIFT'
import Foundation

@inline(never) func consume<T>(_ x: T) { withExtendedLifetime(x) {} }

func measure(_ label: String, records: Int, bytes: Int = 0, repeats: Int = 3, _ body: () -> Void) {
    var best = Duration.seconds(1_000_000)
    for _ in 0..<repeats {
        let t = ContinuousClock.now
        body()
        best = min(best, ContinuousClock.now - t)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
    let rate = Double(records) / seconds
    let mb = bytes > 0 ? String(format: "%.0f MB/s", Double(bytes) / seconds / 1e6) : ""
    print("| \(label) | \(String(format: "%.2f", rate / 1e6)) M/s | \(String(format: "%.0f", seconds * 1e9 / Double(records))) ns | \(mb) |")
}

struct CodableRecord: Codable { var gen: UInt16; var key: String; var seq: UInt64; var ts: Int64; var values: [Double] }

@main struct GenBench {
    static func main() {
        let n = Int(CommandLine.arguments.dropFirst().first ?? "2000000") ?? 2_000_000
        print("| what | records/s | per record | bytes/s |")
        print("|---|---|---|---|")

        var buffer: [GeneratedRecord] = []
        func generate(_ spec: GeneratorSpec) {
            var g = spec.makeGenerator(seed: 42, name: nil)
            var left = n
            while left > 0 { g.fill(&buffer, count: min(left, 4096)); left -= 4096 }
            consume(buffer)
        }
        var iot = IoTParameters(); iot.devices = 200; iot.rate = 4000; iot.dropout = 0.005
        var market = MarketParameters(); market.symbols = 20; market.rate = 2000
        var network = NetworkParameters(); network.sources = 64; network.rate = 2000
        measure("generate iot (200 devices)", records: n) { generate(.iot(iot)) }
        measure("generate market (20 symbols, GARCH-t on Hawkes)", records: n) { generate(.market(market)) }
        measure("generate network (64 sources, fGn Cox + Pareto)", records: n) { generate(.network(network)) }

        // Records to encode: one market stream.
        var g = GeneratorSpec.market(market).makeGenerator(seed: 1, name: nil)
        var recs: [GeneratedRecord] = []
        g.fill(&recs, count: n)
        let keys = g.keyNames
        var bytes: [UInt8] = []
        bytes.reserveCapacity(n * 48)
        for r in recs {
            try! RecordCodec.append(key: keys[Int(r.key)], generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, value: r.value, to: &bytes)
        }
        let total = bytes.count
        measure("binary encode (reused buffer)", records: n, bytes: total) {
            bytes.removeAll(keepingCapacity: true)
            for r in recs {
                try! RecordCodec.append(key: keys[Int(r.key)], generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, value: r.value, to: &bytes)
            }
        }
        measure("binary decode (header + value, no allocation)", records: n, bytes: total) {
            var sum = 0.0, seq: UInt64 = 0
            bytes.withUnsafeBytes { all in
                var off = 0
                while off < all.count {
                    let p = UnsafeRawBufferPointer(rebasing: all[off...])
                    let h = try! RecordCodec.decodeHeader(p, allowTrailing: true)
                    sum += h.value(0, in: p); seq &+= h.sequence
                    off += h.encodedCount
                }
            }
            consume((sum, seq))
        }
        var copy = [UInt8](repeating: 0, count: total)
        measure("peer: memcpy of the same bytes", records: n, bytes: total, repeats: 5) {
            copy.withUnsafeMutableBytes { d in bytes.withUnsafeBytes { s in d.copyMemory(from: s) } }
            consume(copy)
        }
        var text: [UInt8] = []
        measure("JSON lines encode (RecordJSON)", records: n) {
            text.removeAll(keepingCapacity: true)
            for r in recs {
                RecordJSON.append(key: keys[Int(r.key)], generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, values: CollectionOfOne(r.value), to: &text)
            }
        }
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").prefix(200_000).map(String.init)
        measure("JSON lines decode (RecordJSON)", records: lines.count) {
            var s = 0.0
            for l in lines { s += try! RecordJSON.decode(l).values[0] }
            consume(s)
        }
        let codables = recs.prefix(200_000).map { CodableRecord(gen: 2, key: keys[Int($0.key)], seq: $0.sequence, ts: $0.eventTimeNanos, values: [$0.value]) }
        let encoder = JSONEncoder()
        measure("peer: Foundation JSONEncoder (Codable)", records: codables.count) {
            for c in codables { consume(try! encoder.encode(c)) }
        }
        let encoded = codables.map { try! encoder.encode($0) }
        let decoder = JSONDecoder()
        measure("peer: Foundation JSONDecoder (Codable)", records: encoded.count) {
            for d in encoded { consume(try! decoder.decode(CodableRecord.self, from: d)) }
        }
        var csv = 0
        var writer = RecordWriter(format: .csv) { csv += $0.count }
        measure("CSV writer (ts,key,value)", records: n, repeats: 1) {
            for r in recs { try! writer.write(key: keys[Int(r.key)], generatorID: 2, sequence: r.sequence, eventTimeNanos: r.eventTimeNanos, value: r.value) }
            try! writer.flush()
        }
        measure("auditor: 10^7 deliveries, 100 streams", records: 10_000_000, repeats: 1) {
            var a = SequenceAuditor()
            for s in 0..<100 { a.produced(stream: s, count: 100_000) }
            for q in 0..<UInt64(100_000) { for s in 0..<100 { a.processed(stream: s, sequence: q) } }
            consume(a.report().total.lost)
        }
    }
}
SWIFT
if [ ! -x "$OUT/genbench" ] || [ -n "$(find Sources/Generators Sources/Records "$OUT/main.swift" -newer "$OUT/genbench" 2>/dev/null | head -1)" ]; then
  swiftc -O -wmo -parse-as-library -module-name GenBench -o "$OUT/genbench" \
    Sources/Generators/*.swift Sources/Records/*.swift "$OUT/main.swift" 2>&1 | grep -v warning || true
fi
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(swift --version 2>/dev/null | head -1)"
echo "records per measurement: $N (best of 3)"
"$OUT/genbench" "$N"
