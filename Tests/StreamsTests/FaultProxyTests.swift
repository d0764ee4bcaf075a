import Foundation
import Testing
@testable import Streams

@Suite(.serialized) struct FaultProxyTests {
    /// A consumer behind a partitioned proxy stops receiving while a direct producer keeps going;
    /// after the heal it catches up with everything.
    @Test func partitionedConsumerStallsAndCatchesUpAfterHeal() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("p", partitions: 3)
        let proxy = try FaultProxy(cluster: cluster)
        defer { proxy.stop() }

        let producer = try KafkaProducer(config: cluster.clientConfig())
        defer { producer.close() }
        let consumer = try KafkaConsumer(config: cluster.clientConfig().routed(through: proxy), groupID: "g-p")
        defer { consumer.close() }
        try consumer.subscribe(["p"])

        for i in 0..<100 { try producer.produce(topic: "p", key: nil, value: seqBytes(UInt64(i))) }
        try producer.flush()
        #expect(try drain(consumer, count: 100, timeout: .seconds(20)).count == 100)
        let before = proxy.stats
        #expect(before.bytesToClient > 0 && before.connectionsAccepted > 0)

        proxy.setPartitioned(true)
        for i in 100..<600 { try producer.produce(topic: "p", key: nil, value: seqBytes(UInt64(i))) }
        try producer.flush()
        #expect(producer.counters.delivered == 600, "the producer's direct path is not partitioned")
        #expect(try drain(consumer, count: 1, timeout: .seconds(3)).isEmpty, "nothing passes a partition")
        #expect(proxy.stats.bytesToClient == before.bytesToClient || proxy.stats.bytesToClient - before.bytesToClient < 1024)

        proxy.setPartitioned(false)
        let after = try drain(consumer, count: 500, timeout: .seconds(30))
        #expect(Set(after.map { seqValue($0.value) }) == Set(100..<600))
    }

    @Test func latencyDelaysRoundTripsAndResetPartitionsBreakConnections() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        defer { cluster.stop() }
        try cluster.createTopic("l", partitions: 1)
        let proxy = try FaultProxy(cluster: cluster)
        defer { proxy.stop() }
        let producer = try KafkaProducer(config: cluster.clientConfig().routed(through: proxy).with("linger.ms", "0"))
        defer { producer.close() }
        try producer.produce(topic: "l", key: nil, value: [0])
        try producer.flush()  // connected, producer id obtained

        proxy.setLatency(.milliseconds(150))
        let start = ContinuousClock.now
        try producer.produce(topic: "l", key: nil, value: [1])
        try producer.flush()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300), "request and response each wait 150 ms, took \(elapsed)")
        proxy.setLatency(.zero)

        proxy.setPartitioned(true, mode: .reset)
        try producer.produce(topic: "l", key: nil, value: [2])
        Thread.sleep(forTimeInterval: 0.5)
        #expect(proxy.stats.connectionsReset > 0)
        proxy.heal()
        try producer.flush(timeout: .seconds(20))
        #expect(producer.counters == KafkaDeliveryCounters(produced: 3, delivered: 3, failed: 0))
    }

    @Test func lossStallsChunksButNeverCorruptsTheStream() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        defer { cluster.stop() }
        try cluster.createTopic("loss", partitions: 1)
        let proxy = try FaultProxy(cluster: cluster, seed: 7)
        defer { proxy.stop() }
        proxy.setLoss(0.2)
        let producer = try KafkaProducer(config: cluster.clientConfig().routed(through: proxy))
        defer { producer.close() }
        for i in 0..<2000 { try producer.produce(topic: "loss", key: nil, value: seqBytes(UInt64(i))) }
        try producer.flush(timeout: .seconds(30))
        #expect(producer.counters.delivered == 2000)
        #expect(proxy.stats.chunksLost > 0)
        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        #expect(try admin.watermarks(topic: "loss", partition: 0).high == 2000)
    }
}
