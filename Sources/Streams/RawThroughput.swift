// Raw librdkafka throughput on a cluster: the reference the engine pipeline is compared with
// ("engine ≥ 0.5× raw", measured in the same run on the same cluster).
import Foundation

/// One raw throughput measurement.
public struct RawThroughputResult: Sendable, Equatable {
    public let records: Int
    public let valueBytes: Int
    /// Records/s produced and acknowledged (first produce → flush returned).
    public let produceRate: Double
    /// Records/s consumed by one group member reading a full topic (first record → last).
    public let consumeRate: Double
    /// Records/s through produce and consume running at once (first produce → last consumed).
    public let pipelineRate: Double
    /// Records a consumer never saw, in the consume and pipelined phases (must be 0; more means
    /// the embedded cluster's retention deleted them before they were read).
    public let missing: Int
}

/// Measures raw produce, consume and pipelined produce+consume with chaosrun's client settings.
public enum RawThroughput {
    /// Runs the three phases against `config`'s cluster, on topics the caller created:
    /// `produceTopic` gets `records` records (and is then consumed), `pipelineTopic` gets
    /// `pipelineRecords` records produced and consumed concurrently, the producer never more than
    /// `maxLag` records ahead of the consumer (the embedded cluster keeps only ~5 MiB per
    /// partition, so an unbounded producer would outrun retention and measure loss, not speed).
    /// Values are `valueBytes` long with an 8-byte key; records spread over partitions by key.
    public static func measure(config: KafkaConfig, produceTopic: String, pipelineTopic: String,
                               records: Int, pipelineRecords: Int, valueBytes: Int = 100,
                               maxLag: Int = 50_000) throws -> RawThroughputResult {
        let value = [UInt8](repeating: 0x5A, count: max(valueBytes, 8))
        // Phase 1: produce only.
        let producer = try KafkaProducer(config: config, name: "bench-producer")
        let produceStart = ContinuousClock.now
        for i in 0..<records { try producer.produce(topic: produceTopic, key: key(i), value: stamp(value, i)) }
        try producer.flush(timeout: .seconds(120))
        let produceTime = ContinuousClock.now - produceStart

        // Phase 2: consume only (the group join is not timed: the clock starts at the first record).
        let consumed = try consume(config: config, topic: produceTopic, count: records, group: "bench-consume-\(UUID().uuidString)")

        // Phase 3: both at once.
        let consumerReady = DispatchSemaphore(value: 0)
        let pipelineResult = Locked<(elapsed: Duration, seen: Int)?>(nil)
        let group = "bench-pipeline-\(UUID().uuidString)"
        let startBox = Locked<ContinuousClock.Instant?>(nil)
        let progress = Locked(0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let r = try? consume(config: config, topic: pipelineTopic, count: pipelineRecords, group: group,
                                 ready: consumerReady, startedAt: startBox, progress: progress)
            pipelineResult.withLock { $0 = r }
            if r == nil { consumerReady.signal() }  // failed before it was ready: do not hang
            done.signal()
        }.start()
        consumerReady.wait()
        startBox.withLock { $0 = ContinuousClock.now }
        for i in 0..<pipelineRecords {
            if i % 1000 == 0 {
                while i - progress.withLock({ $0 }) > maxLag { usleep(200) }
            }
            try producer.produce(topic: pipelineTopic, key: key(i), value: stamp(value, i))
        }
        try producer.flush(timeout: .seconds(120))
        done.wait()
        producer.close()
        let pipeline = pipelineResult.withLock { $0 } ?? (elapsed: .seconds(1), seen: 0)

        return RawThroughputResult(
            records: records, valueBytes: valueBytes,
            produceRate: rate(records, produceTime),
            consumeRate: rate(consumed.seen, consumed.elapsed),
            pipelineRate: rate(pipeline.seen, pipeline.elapsed),
            missing: records - consumed.seen + pipelineRecords - pipeline.seen)
    }

    private static func key(_ i: Int) -> [UInt8] { withUnsafeBytes(of: UInt64(i).bigEndian, Array.init) }

    private static func stamp(_ value: [UInt8], _ i: Int) -> [UInt8] {
        var v = value
        withUnsafeBytes(of: UInt64(i).bigEndian) { for (j, b) in $0.enumerated() { v[j] = b } }
        return v
    }

    private static func rate(_ count: Int, _ elapsed: Duration) -> Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(count) / seconds : 0
    }

    /// Consumes `count` records (or until 20 s pass without one). The clock starts at `startedAt`
    /// when given (set by the producer side), else at the first record.
    private static func consume(config: KafkaConfig, topic: String, count: Int, group: String,
                                ready: DispatchSemaphore? = nil,
                                startedAt: Locked<ContinuousClock.Instant?>? = nil,
                                progress: Locked<Int>? = nil) throws -> (elapsed: Duration, seen: Int) {
        let consumer = try KafkaConsumer(config: config, groupID: group, name: "bench-consumer")
        defer { consumer.close() }
        try consumer.subscribe([topic])
        // Wait for the assignment so the join is outside the measurement.
        let joinDeadline = ContinuousClock.now + .seconds(30)
        while consumer.assignment.isEmpty, ContinuousClock.now < joinDeadline { _ = try consumer.poll(timeout: .milliseconds(50)) }
        ready?.signal()
        var seen = 0
        var first: ContinuousClock.Instant?
        var last = ContinuousClock.now
        while seen < count {
            guard try consumer.poll(timeout: .milliseconds(100)) != nil else {
                if ContinuousClock.now - last > .seconds(20) { break }
                continue
            }
            seen += 1
            if seen % 1000 == 0 { progress?.withLock { $0 = seen } }
            last = ContinuousClock.now
            if first == nil { first = startedAt?.withLock({ $0 }) ?? last }
        }
        return (elapsed: last - (first ?? last), seen: seen)
    }
}
