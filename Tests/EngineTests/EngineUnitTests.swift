// The engine's Kafka-free parts: defects, batch processing, feature JSON, metrics text.
import Foundation
import Records
import TDA
import Testing
@testable import ChaosRuntime

@Suite struct EngineUnitTests {
    func record(_ key: String, _ seq: UInt64, _ value: Double, time: Int64 = 0) -> [UInt8] {
        try! RecordCodec.encode(Record(key: key, generatorID: 1, sequence: seq, eventTimeNanos: time, values: [value]))
    }

    @Test func defectsParse() throws {
        let d = try EngineDefects.parse("drop=0.1, slow-start=2s,crash-loop=1m30s,stall=500ms@10")
        #expect(d.dropFraction == 0.1)
        #expect(d.slowStart == .seconds(2))
        #expect(d.crashAfter == .seconds(90))
        #expect(d.stall?.duration == .milliseconds(500))
        #expect(d.stall?.start == .seconds(10))
        #expect(d.resumeStall == nil)
        #expect(try EngineDefects.parse("resume-stall=6s").resumeStall == .seconds(6))
        #expect(try EngineDefects.parse("").isEmpty)
        for bad in ["drop=2", "drop", "stall=5s", "explode=1", "slow-start=soon", "resume-stall=later"] {
            #expect(throws: EngineDefectError.self) { try EngineDefects.parse(bad) }
        }
    }

    @Test func dropCounterDropsExactlyTheFraction() {
        var counter = EngineDefects.DropCounter(fraction: 0.1)
        let dropped = (0..<10_000).filter { _ in counter.shouldDrop() }.count
        #expect(dropped == 1000)
    }

    @Test func runsFollowConsecutiveSequencesPerStream() {
        let p = EngineProcessor(windows: WindowConfiguration(window: 8, stride: 4, embedding: 2, delay: 1), workerID: 3)
        let batch = [record("a", 0, 1), record("b", 5, 1), record("a", 1, 2), record("a", 2, 3), record("b", 6, 2),
                     record("a", 7, 1), [0xC7, 1, 2], record("a", 8, 1)]
        let out = p.process(batch)
        #expect(out.undecodable == 1)
        #expect(out.eventTimes.count == 7)
        #expect(out.runs == [AckRun(key: "a", generatorID: 1, firstSequence: 0, count: 3),
                             AckRun(key: "b", generatorID: 1, firstSequence: 5, count: 2),
                             AckRun(key: "a", generatorID: 1, firstSequence: 7, count: 2)])
        // The next batch starts new runs.
        let next = p.process([record("a", 9, 1)])
        #expect(next.runs == [AckRun(key: "a", generatorID: 1, firstSequence: 9, count: 1)])
    }

    @Test func windowsSpanOnlyConsecutiveRecordsAndEmitValidJSON() throws {
        let p = EngineProcessor(windows: WindowConfiguration(window: 8, stride: 4, embedding: 2, delay: 1, scales: [1, 2]), workerID: 2)
        let values = (0..<40).map { sin(Double($0) * 0.7) }
        let first = p.process((0..<20).map { record("k", UInt64($0), values[$0], time: 1_000) })
        // Scale 1: windows end at 7, 11, 15, 19; scale 2 (16 samples): ends at 15, 19.
        #expect(first.features.count == 6)
        // A gap (seq 30 after 19) restarts the window: no feature until 8 more records.
        let second = p.process((30..<37).map { record("k", UInt64($0), values[$0 - 20]) })
        #expect(second.features.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.features[0].value)) as? [String: Any])
        #expect(object["key"] as? String == "k")
        #expect(object["end_seq"] as? Int == 7)
        #expect(object["start_seq"] as? Int == 0)
        #expect(object["scale"] as? Int == 1)
        #expect(object["worker"] as? Int == 2)
        #expect(object["points"] as? Int == 7)
        #expect(object["anomaly"] is NSNull)
        #expect((object["h0"] as? [String: Any])?["bars"] as? Int == 7)
        #expect(first.features[0].key == Array("k".utf8))
        let later = try #require(try JSONSerialization.jsonObject(with: Data(first.features[2].value)) as? [String: Any])
        #expect(later["anomaly"] is Double)
    }

    @Test func latencyHistogramMatchesAckBuckets() {
        let (buckets, sum) = EngineProcessor.latency(eventTimes: [1_000_000_000, 1_900_000_000, 2_000_000_000], emittedAt: 2_000_000_000)
        #expect(buckets.count == LatencyBuckets.count)
        #expect(buckets[LatencyBuckets.index(nanos: 1_000_000_000)] == 1)
        #expect(buckets[LatencyBuckets.index(nanos: 100_000_000)] == 1)
        #expect(buckets[0] == 1)
        #expect(abs(sum - 1.1) < 1e-9)
    }

    @Test func prometheusTextHasCountersAndACumulativeHistogram() {
        let m = EngineMetrics(workerID: 7)
        var latency = [UInt32](repeating: 0, count: LatencyBuckets.count)
        latency[LatencyBuckets.index(nanos: 2_000_000)] = 5
        latency[LatencyBuckets.index(nanos: 300_000_000)] = 1
        m.add(batch: EngineBatchSummary(processed: 6, undecodable: 1, dropped: 0, features: 2, latency: latency, latencySumSeconds: 0.31))
        let text = m.prometheusText()
        #expect(text.contains("streaming_tda_throughput_total{worker=\"7\"} 6\n"))
        #expect(text.contains("streaming_tda_errors_total{worker=\"7\"} 1\n"))
        #expect(text.contains("streaming_tda_windows_total{worker=\"7\"} 2\n"))
        #expect(text.contains("streaming_tda_latency_seconds_bucket{worker=\"7\",le=\"+Inf\"} 6\n"))
        #expect(text.contains("streaming_tda_latency_seconds_count{worker=\"7\"} 6\n"))
        #expect(text.contains("streaming_tda_latency_seconds_sum{worker=\"7\"} 0.31\n"))
        // Bucket counts never decrease.
        let counts = text.split(separator: "\n").filter { $0.hasPrefix("streaming_tda_latency_seconds_bucket") }
            .compactMap { Int($0.split(separator: " ").last!) }
        #expect(counts == counts.sorted())
        #expect(counts.contains(5))
    }
}
