import Records
import Testing

@Suite struct EngineAckTests {
    @Test func roundTrip() throws {
        var latency = [UInt32](repeating: 0, count: LatencyBuckets.count)
        latency[LatencyBuckets.index(nanos: 2_000_000)] = 7
        let ack = EngineAck(workerID: 3, emitTimeNanos: 1_764_000_000_123_456_789,
                            runs: [AckRun(key: "sensors.d-17", generatorID: 0, firstSequence: 41, count: 9),
                                   AckRun(key: "ticks.ÄPFEL", generatorID: 1, firstSequence: 0, count: 1)],
                            latency: latency)
        let decoded = try EngineAck.decode(ack.encode())
        #expect(decoded == ack)
        #expect(decoded.recordCount == 10)
    }

    @Test func garbageNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let valid = EngineAck(workerID: 1, emitTimeNanos: 5, runs: [AckRun(key: "k", generatorID: 0, firstSequence: 1, count: 2)],
                              latency: [1, 2, 3]).encode()
        for i in 0..<20_000 {
            var bytes = valid
            if i % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng)) }
            }
            _ = try? EngineAck.decode(bytes)
        }
    }

    @Test func bucketsAreMonotoneAndQuantilesBracketTheTruth() {
        var last = 0
        for ns in stride(from: Int64(0), to: 200_000_000_000, by: 7_777_777) {
            let i = LatencyBuckets.index(nanos: ns)
            #expect(i >= last)
            last = i
            #expect(Double(ns) < LatencyBuckets.upperNanos(i) || i == LatencyBuckets.count - 1)
        }
        var h = [UInt64](repeating: 0, count: LatencyBuckets.count)
        for ms in 1...100 { h[LatencyBuckets.index(nanos: Int64(ms) * 1_000_000)] += 1 }
        let p99 = LatencyBuckets.quantile(h, 0.99)!
        #expect(p99 >= 99_000_000 && p99 <= 99_000_000 * 1.25 + 1)
    }
}
