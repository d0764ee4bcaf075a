// The feature record: one JSON object per window and scale, written to the output topic with the
// stream key as the Kafka key. Keys are sorted; non-finite numbers are written as null.
// docs/engine.md documents every field.
import Foundation
import TDA

/// Where a feature record came from: the stream, the window's last record, and timing.
struct EngineFeatureOrigin {
    var key: String
    var generatorID: UInt16
    /// Sequence number of the record that completed the window.
    var endSequence: UInt64
    /// Event time of that record (ns since the Unix epoch).
    var eventTimeNanos: Int64
    var workerID: UInt16
}

/// Appends feature records as JSON bytes.
enum EngineFeatureJSON {
    /// One feature record (no trailing newline).
    static func append(_ f: WindowFeatures, origin o: EngineFeatureOrigin, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"anomaly":"#.utf8)
        number(f.anomaly, &out)
        out.append(contentsOf: #","betti0":"#.utf8)
        integers(f.betti0, &out)
        out.append(contentsOf: #","betti1":"#.utf8)
        integers(f.betti1, &out)
        out.append(contentsOf: #","end_seq":"#.utf8)
        out.append(contentsOf: String(o.endSequence).utf8)
        out.append(contentsOf: #","event_time_ns":"#.utf8)
        out.append(contentsOf: String(o.eventTimeNanos).utf8)
        out.append(contentsOf: #","generator":"#.utf8)
        out.append(contentsOf: String(o.generatorID).utf8)
        out.append(contentsOf: #","h0":"#.utf8)
        dimension(f.h0, &out)
        out.append(contentsOf: #","h1":"#.utf8)
        dimension(f.h1, &out)
        out.append(contentsOf: #","key":"#.utf8)
        string(o.key, &out)
        out.append(contentsOf: #","length":"#.utf8)
        out.append(contentsOf: String(f.length).utf8)
        out.append(contentsOf: #","points":"#.utf8)
        out.append(contentsOf: String(f.points).utf8)
        out.append(contentsOf: #","scale":"#.utf8)
        out.append(contentsOf: String(f.scale).utf8)
        out.append(contentsOf: #","start_seq":"#.utf8)
        let span = UInt64(max(f.length - 1, 0))
        out.append(contentsOf: String(o.endSequence >= span ? o.endSequence - span : 0).utf8)
        out.append(contentsOf: #","worker":"#.utf8)
        out.append(contentsOf: String(o.workerID).utf8)
        out.append(UInt8(ascii: "}"))
    }

    private static func dimension(_ d: DimensionFeatures, _ out: inout [UInt8]) {
        out.append(contentsOf: #"{"bars":"#.utf8)
        out.append(contentsOf: String(d.bars).utf8)
        out.append(contentsOf: #","entropy":"#.utf8)
        number(d.entropy, &out)
        out.append(contentsOf: #","essential":"#.utf8)
        out.append(contentsOf: String(d.essential).utf8)
        out.append(contentsOf: #","max_persistence":"#.utf8)
        number(d.maxPersistence, &out)
        out.append(contentsOf: #","total_persistence":"#.utf8)
        number(d.totalPersistence, &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func integers(_ xs: [Int], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, x) in xs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: String(x).utf8)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Shortest round-trip decimal; `null` for nil, NaN and infinities.
    static func number(_ x: Double?, _ out: inout [UInt8]) {
        guard let x, x.isFinite else { out.append(contentsOf: "null".utf8); return }
        out.append(contentsOf: x.description.utf8)
    }

    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
