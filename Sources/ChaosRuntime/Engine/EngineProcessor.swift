// The engine's per-batch work, free of Kafka: decode records, feed each stream's sliding
// windows, collect feature records, the ack's runs of sequence numbers and the latency
// histogram. `EngineWorker` moves the results to Kafka.
//
// A stream (key, generator id) keeps one `SlidingWindowEngine` for as long as its records
// arrive with consecutive sequence numbers. A gap (records another worker owns now, or lost
// upstream) or a step back (a batch re-read after a crash) starts the window afresh, so a
// window never mixes records that are not consecutive in the stream.
import Foundation
import Records
import TDA

/// A stream identity: key and generator id.
struct EngineStreamKey: Hashable {
    var key: String
    var generatorID: UInt16
}

/// One stream's window state.
final class EngineStreamState {
    var engine: SlidingWindowEngine
    /// The sequence number expected next (the last one seen + 1).
    var nextSequence: UInt64
    /// Index in the current batch's runs of this stream's open run, valid while `runBatch` is
    /// the current batch number.
    var runIndex = 0
    var runBatch = -1

    init(engine: SlidingWindowEngine, nextSequence: UInt64) {
        self.engine = engine
        self.nextSequence = nextSequence
    }
}

/// What one batch produced.
struct EngineBatchOutput {
    /// Feature records: Kafka key (the stream key) and JSON value.
    var features: [(key: [UInt8], value: [UInt8])] = []
    /// Runs of consecutive processed sequence numbers, per stream, in arrival order.
    var runs: [AckRun] = []
    /// Event times of the processed records, in arrival order.
    var eventTimes: [Int64] = []
    var undecodable = 0
    var dropped = 0
}

/// Counters of a finished batch, for the metrics.
struct EngineBatchSummary {
    var processed = 0
    var undecodable = 0
    var dropped = 0
    var features = 0
    var latency: [UInt32] = []
    var latencySumSeconds = 0.0
}

/// Turns batches of encoded records into features and ack contents. One thread at a time.
final class EngineProcessor {
    let windows: WindowConfiguration
    let workerID: UInt16
    private var streams: [EngineStreamKey: EngineStreamState] = [:]
    private var drop: EngineDefects.DropCounter
    private var batchNumber = 0
    private var json: [UInt8] = []

    init(windows: WindowConfiguration, workerID: UInt16, dropFraction: Double = 0) {
        self.windows = windows
        self.workerID = workerID
        drop = EngineDefects.DropCounter(fraction: dropFraction)
    }

    /// Streams with a live window.
    var streamCount: Int { streams.count }

    /// Processes the values of one batch of records, in order.
    func process<C: Collection>(_ values: C) -> EngineBatchOutput where C.Element == [UInt8] {
        batchNumber += 1
        var out = EngineBatchOutput()
        out.eventTimes.reserveCapacity(values.count)
        for bytes in values {
            bytes.withUnsafeBytes { p in process(record: p, into: &out) }
        }
        return out
    }

    private func process(record p: UnsafeRawBufferPointer, into out: inout EngineBatchOutput) {
        guard let header = try? RecordCodec.decodeHeader(p) else { out.undecodable += 1; return }
        if drop.shouldDrop() { out.dropped += 1; return }
        let id = EngineStreamKey(key: header.key(in: p), generatorID: header.generatorID)
        let sequence = header.sequence
        let state: EngineStreamState
        if let existing = streams[id] {
            state = existing
            if sequence != state.nextSequence {
                state.engine = SlidingWindowEngine(configuration: windows)!
            }
        } else {
            state = EngineStreamState(engine: SlidingWindowEngine(configuration: windows)!, nextSequence: sequence)
            streams[id] = state
        }
        state.nextSequence = sequence &+ 1

        // The ack run: extend this stream's open run or start a new one.
        if state.runBatch == batchNumber, out.runs[state.runIndex].firstSequence &+ UInt64(out.runs[state.runIndex].count) == sequence,
           out.runs[state.runIndex].count < UInt32.max {
            out.runs[state.runIndex].count += 1
        } else {
            state.runBatch = batchNumber
            state.runIndex = out.runs.count
            out.runs.append(AckRun(key: id.key, generatorID: id.generatorID, firstSequence: sequence, count: 1))
        }
        out.eventTimes.append(header.eventTimeNanos)

        let origin = EngineFeatureOrigin(key: id.key, generatorID: id.generatorID, endSequence: sequence,
                                   eventTimeNanos: header.eventTimeNanos, workerID: workerID)
        state.engine.append(header.value(0, in: p)) { features in
            json.removeAll(keepingCapacity: true)
            EngineFeatureJSON.append(features, origin: origin, to: &json)
            out.features.append((key: Array(id.key.utf8), value: json))
        }
    }

    /// The latency histogram (`LatencyBuckets`) and sum in seconds of records emitted at `now`.
    static func latency(eventTimes: [Int64], emittedAt now: Int64) -> (buckets: [UInt32], sumSeconds: Double) {
        var buckets = [UInt32](repeating: 0, count: LatencyBuckets.count)
        var sum = 0.0
        for t in eventTimes {
            let d = t < now ? now &- t : 0
            buckets[LatencyBuckets.index(nanos: d)] &+= 1
            sum += Double(d)
        }
        return (buckets, sum / 1e9)
    }
}

/// Wall-clock time (CLOCK_REALTIME), the clock of record event times.
public enum EngineClock {
    /// Now, in nanoseconds since the Unix epoch.
    public static func realtimeNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
