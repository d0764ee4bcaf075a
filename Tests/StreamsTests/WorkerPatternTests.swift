import Foundation
import Testing
@testable import Streams

/// The engine's loop in miniature: consume, produce a result, commit the input only after the
/// result is acknowledged.
@Suite struct WorkerPatternTests {
    @Test func inputIsCommittedOnlyAfterItsOutputsAreDelivered() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("in", partitions: 3)
        try cluster.createTopic("out", partitions: 3)
        let config = cluster.clientConfig()
        let source = try KafkaProducer(config: config, name: "source")
        for i in 0..<1000 { try source.produce(topic: "in", key: seqBytes(UInt64(i)), value: seqBytes(UInt64(i))) }
        try source.flush()
        source.close()

        let output = try KafkaProducer(config: config, name: "worker-out")
        defer { output.close() }
        let tracker = KafkaOffsetTracker(everyRecords: 100)
        let consumer = try KafkaConsumer(config: config, groupID: "g-worker")
        defer { consumer.close() }
        try consumer.subscribe(["in"])
        var processed = 0
        var commitsBeforeDelivery = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while processed < 1000, ContinuousClock.now < deadline {
            for m in try consumer.poll(max: 200, timeout: .milliseconds(100)) {
                try output.produce(topic: "out", key: m.key, value: m.value + [1])
                tracker.markProcessed(m)
                processed += 1
            }
            if tracker.due {
                try tracker.commit(consumer: consumer, after: output)
                if output.counters.inFlight != 0 { commitsBeforeDelivery += 1 }
            }
        }
        #expect(try tracker.commit(consumer: consumer, after: output))
        #expect(commitsBeforeDelivery == 0)
        #expect(output.counters.delivered == 1000)

        let admin = try KafkaAdmin(config: config)
        defer { admin.close() }
        #expect(try admin.watermarks(topic: "out").map(\.high).reduce(0, +) == 1000)
        let committed = try consumer.committed((0..<3).map { KafkaTopicPartition(topic: "in", partition: Int32($0)) })
        #expect(committed.map(\.offset).reduce(0, +) == 1000)
    }
}
