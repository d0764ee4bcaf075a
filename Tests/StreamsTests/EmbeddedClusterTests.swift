import Foundation
import Testing
@testable import Streams

@Suite(.serialized) struct EmbeddedClusterTests {
    @Test func clusterAdvertisesItsBrokersAndTopicLeadersAreSpread() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        #expect(cluster.bootstrapServers.split(separator: ",").count == 3)
        #expect(cluster.brokerPorts.keys.sorted() == [1, 2, 3])
        try cluster.createTopic("events", partitions: 6)
        #expect(cluster.leaders(of: "events") == [1, 2, 3, 1, 2, 3])

        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        let metadata = try admin.metadata()
        #expect(metadata.brokers.map(\.id) == [1, 2, 3])
        #expect(metadata.brokers.allSatisfy { cluster.brokerPorts[$0.id] == $0.port }, "broker id ↔ port as advertised")
        let topic = try #require(metadata.topic("events"))
        #expect(topic.partitions.map(\.leader) == [1, 2, 3, 1, 2, 3])
        #expect(topic.partitions.allSatisfy { $0.replicas.count == 3 })

        try cluster.movePartitionLeader(topic: "events", partition: 0, to: 3)
        #expect(try admin.metadata().topic("events")?.partitions[0].leader == 3)
        #expect(try admin.watermarks(topic: "events") == Array(repeating: KafkaWatermarks(low: 0, high: 0), count: 6))
    }

    @Test func controlErrorsAreKafkaErrors() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2)
        #expect { try cluster.setBrokerDown(7) } throws: { ($0 as? KafkaError)?.name == "_UNKNOWN_BROKER" }
        // The mock cluster has no controller, so the CreateTopics admin API cannot work: the
        // failure must surface as a KafkaError with librdkafka's text, not hang.
        let admin = try KafkaAdmin(config: cluster.clientConfig())
        #expect {
            try admin.createTopics([KafkaTopicSpec(name: "t", partitions: 1)], timeout: .seconds(1))
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.name == "_TIMED_OUT" && error.message == "create topics: Failed while waiting for controller: Local: Timed out"
        }
        admin.close()
        cluster.stop()
        #expect(cluster.isStopped)
        #expect { try cluster.createTopic("late", partitions: 1) } throws: { ($0 as? KafkaError)?.name == "_DESTROY" }
    }

    @Test func producedRecordsAreDeliveredWithReportsAndWatermarks() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("w", partitions: 3)
        let reports = Locked<[KafkaDeliveryReport]>([])
        let producer = try KafkaProducer(config: cluster.clientConfig()) { report in reports.withLock { $0.append(report) } }
        for i in 0..<300 {
            try producer.produce(topic: "w", key: seqBytes(UInt64(i)), value: seqBytes(UInt64(i)), partition: Int32(i % 3))
        }
        try producer.flush()
        #expect(producer.counters == KafkaDeliveryCounters(produced: 300, delivered: 300, failed: 0))
        let all = reports.withLock { $0 }
        #expect(all.count == 300)
        #expect(Set(all.map(\.messageID)) == Set(1...300))
        #expect(all.allSatisfy { $0.error == nil && $0.topic == "w" && $0.offset >= 0 })
        producer.close()
        #expect { try producer.produce(topic: "w", key: nil, value: [1]) } throws: { ($0 as? KafkaError)?.name == "_DESTROY" }

        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        #expect(try admin.watermarks(topic: "w") == Array(repeating: KafkaWatermarks(low: 0, high: 100), count: 3))
    }

    /// The headline test: 100k records, 6 partitions, 3 brokers, a group of 2 with manual commits.
    /// The producer starts once the group is stable (both members assigned), so no rebalance
    /// happens mid-stream and the counts must be exact: every record once, none twice.
    @Test func hundredThousandRecordsThroughAGroupOfTwoExactlyOnceEach() throws {
        let total = 100_000
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("bulk", partitions: 6)
        let config = cluster.clientConfig()
        let group = GroupProgress(total: total)

        let members: [@Sendable () -> Void] = (0..<2).map { index in
            { @Sendable () -> Void in
                do {
                    try consumeAndCommit(config: config, group: "g-bulk", name: "c\(index)", progress: group)
                } catch {
                    Issue.record("member c\(index): \(error)")
                }
            }
        }
        let produce: @Sendable () -> Void = {
            do {
                let deadline = ContinuousClock.now + .seconds(30)
                // Both members in the group, all partitions owned: the group is stable.
                while !group.stable, ContinuousClock.now < deadline { usleep(20_000) }
                let producer = try KafkaProducer(config: config)
                for i in 0..<total {
                    try producer.produce(topic: "bulk", key: seqBytes(UInt64(i % 997)), value: seqBytes(UInt64(i)))
                }
                try producer.flush(timeout: .seconds(60))
                #expect(producer.counters.delivered == UInt64(total))
                producer.close()
            } catch {
                Issue.record("producer: \(error)")
            }
        }
        onThreads(members + [produce])
        let counts = group.seen.withLock { $0 }
        #expect(counts.filter { $0 == 0 }.count == 0, "lost records")
        #expect(counts.filter { $0 > 1 }.count == 0, "duplicated records")
        // Under heavy machine load a member can miss the first 3 s join window; then the group
        // forms in two generations, still before any record is produced.
        #expect(group.rebalances.withLock { $0 } <= 3, "no rebalance mid-stream")

        // Everything is committed: the group's positions add up to the records produced.
        let late = try KafkaConsumer(config: config, groupID: "g-bulk", name: "late")
        defer { late.close() }
        let parts = (0..<6).map { KafkaTopicPartition(topic: "bulk", partition: Int32($0)) }
        #expect(try late.committed(parts).map(\.offset).reduce(0, +) == Int64(total))
    }

    @Test func brokerDownAndUpDuringProductionLosesNothing() throws {
        let total = 20_000
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("crash", partitions: 6)
        let producer = try KafkaProducer(config: cluster.clientConfig())
        for i in 0..<total {
            if i == total / 4 { try cluster.setBrokerDown(2) }
            if i == total / 2 { Thread.sleep(forTimeInterval: 1.5); try cluster.setBrokerUp(2) }
            if i == 3 * total / 4 { _ = try cluster.crashBroker(3, failover: true) }
            try producer.produce(topic: "crash", key: nil, value: seqBytes(UInt64(i)))
            if i % 1000 == 0 { Thread.sleep(forTimeInterval: 0.02) }
        }
        try producer.flush(timeout: .seconds(60))
        #expect(producer.counters == KafkaDeliveryCounters(produced: UInt64(total), delivered: UInt64(total), failed: 0))
        #expect(cluster.leaders(of: "crash").contains(3) == false)
        try cluster.setBrokerUp(3)
        producer.close()

        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        let marks = try admin.watermarks(topic: "crash")
        // At-least-once on the mock (no idempotence, see EmbeddedKafkaCluster.clientProperties):
        // a retried request that had landed writes its records twice; none is missing.
        let written = Int(marks.map(\.high).reduce(0, +))
        #expect(written >= total, "every record written")

        let consumer = try KafkaConsumer(config: cluster.clientConfig(), groupID: "g-crash")
        defer { consumer.close() }
        try consumer.subscribe(["crash"])
        let messages = try drain(consumer, count: written, timeout: .seconds(30))
        #expect(Set(messages.map { seqValue($0.value) }).count == total)
    }

    @Test func retriableRequestErrorsAreRetriedWithoutLoss() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("errs", partitions: 1)
        try cluster.pushRequestErrors(.produce, [.notEnoughReplicas, .notLeaderForPartition, .requestTimedOut])
        let producer = try KafkaProducer(config: cluster.clientConfig())
        for i in 0..<100 { try producer.produce(topic: "errs", key: nil, value: seqBytes(UInt64(i))) }
        try producer.flush()
        #expect(producer.counters.delivered == 100)
        producer.close()
        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        #expect(try admin.watermarks(topic: "errs", partition: 0).high == 100)
    }

    @Test func rttDelaysResponsesAndCoordinatorsCanMove() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2)
        defer { cluster.stop() }
        try cluster.createTopic("rtt", partitions: 1)  // led by broker 1
        let producer = try KafkaProducer(config: cluster.clientConfig().with("linger.ms", "0"))
        defer { producer.close() }
        try producer.produce(topic: "rtt", key: nil, value: [0])
        try producer.flush()
        try cluster.setRTT(broker: 1, milliseconds: 300)
        let start = ContinuousClock.now
        try producer.produce(topic: "rtt", key: nil, value: [1])
        try producer.flush()
        #expect(ContinuousClock.now - start >= .milliseconds(290))
        try cluster.setRTT(broker: 1, milliseconds: 0)

        try cluster.moveCoordinator(group: "g-rtt", to: 2)
        try cluster.setBrokerDown(1)  // the topic's leader is down, the group's coordinator is not
        let consumer = try KafkaConsumer(config: cluster.clientConfig(), groupID: "g-rtt")
        defer { consumer.close() }
        try consumer.commit([KafkaPartitionOffset(topic: "rtt", partition: 0, offset: 1)])
        #expect(try consumer.committed([KafkaTopicPartition(topic: "rtt", partition: 0)]).first?.offset == 1)
        try cluster.setBrokerUp(1)
    }

    /// The mock keeps ~5 MiB per partition: the low watermark moves, and a reader can detect it.
    @Test func retentionLimitShowsAsALowWatermarkAdvance() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        defer { cluster.stop() }
        try cluster.createTopic("big", partitions: 1)
        let producer = try KafkaProducer(config: cluster.clientConfig().with("linger.ms", "0"))
        let value = [UInt8](repeating: 7, count: 64 * 1024)
        for _ in 0..<128 { try producer.produce(topic: "big", key: nil, value: value) }  // 8 MiB
        try producer.flush()
        producer.close()
        let admin = try KafkaAdmin(config: cluster.clientConfig())
        defer { admin.close() }
        let marks = try admin.watermarks(topic: "big", partition: 0)
        #expect(marks.high == 128)
        #expect(marks.low > 0, "records beyond the retained bytes were deleted")
        #expect(Int(marks.high - marks.low) * value.count <= EmbeddedKafkaCluster.retainedBytesPerPartition + 2 * value.count)
    }
}

/// Shared progress of the members of one test group.
private final class GroupProgress: Sendable {
    let total: Int
    let seen: Locked<[Int]>
    let unique = Locked(0)
    let assigned = Locked(Set<KafkaTopicPartition>())
    let ownedBy = Locked<[String: Int]>([:])
    let rebalances = Locked(0)
    let committedFinal = Locked(0)
    init(total: Int) {
        self.total = total
        seen = Locked(Array(repeating: 0, count: total))
    }
    var stable: Bool {
        assigned.withLock { $0.count } == 6 && ownedBy.withLock { $0.values.filter { $0 > 0 }.count } == 2
    }
}

/// One group member: poll in batches, count, commit through a `KafkaOffsetTracker`, stop once the
/// group has seen every record, commit, and leave only after every member has committed (a member
/// leaving starts a rebalance, during which the mock refuses commits).
private func consumeAndCommit(config: KafkaConfig, group: String, name: String, progress: GroupProgress) throws {
    let tracker = KafkaOffsetTracker(everyRecords: 500)
    let consumerBox = Locked<KafkaConsumer?>(nil)
    let consumer = try KafkaConsumer(config: config, groupID: group, name: name) { event in
        switch event {
        case .assigned(let parts):
            progress.rebalances.withLock { $0 += 1 }
            progress.assigned.withLock { $0.formUnion(parts) }
            progress.ownedBy.withLock { $0[name] = parts.count }
        case .revoked(let parts):
            progress.assigned.withLock { $0.subtract(parts) }
            progress.ownedBy.withLock { $0[name] = 0 }
            tracker.revoke(parts, consumer: consumerBox.withLock { $0 }, producer: nil)
        }
    }
    consumerBox.withLock { $0 = consumer }
    defer {
        consumer.close()
        consumerBox.withLock { $0 = nil }
    }
    try consumer.subscribe(["bulk"])
    let deadline = ContinuousClock.now + .seconds(60)
    while progress.unique.withLock({ $0 }) < progress.total, ContinuousClock.now < deadline {
        for m in try consumer.poll(max: 1000, timeout: .milliseconds(100)) {
            let seq = Int(seqValue(m.value))
            let first = progress.seen.withLock { s in
                s[seq] += 1
                return s[seq] == 1
            }
            if first { progress.unique.withLock { $0 += 1 } }
            tracker.markProcessed(m)
        }
        if tracker.due { try tracker.commit(consumer: consumer, after: nil) }
    }
    #expect(try tracker.commit(consumer: consumer, after: nil))
    #expect(tracker.pending.isEmpty)
    progress.committedFinal.withLock { $0 += 1 }
    while progress.committedFinal.withLock({ $0 }) < 2, ContinuousClock.now < deadline {
        _ = try consumer.poll(timeout: .milliseconds(20))
    }
}

@Suite struct LagProbeTests {
    @Test func probeSeesLagCommitsAndRetentionLossWithoutJoiningTheGroup() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        defer { cluster.stop() }
        try cluster.createTopic("lag", partitions: 2)
        let producer = try KafkaProducer(config: cluster.clientConfig().with("linger.ms", "0"))
        for i in 0..<10 { try producer.produce(topic: "lag", key: nil, value: [UInt8(i)], partition: 0) }
        try producer.flush()

        let probe = try KafkaLagProbe(config: cluster.clientConfig(), group: "g-lag")
        defer { probe.close() }
        var sample = try probe.sample(topic: "lag")
        #expect(sample.map(\.lag) == [10, 0])
        #expect(sample.map(\.committed) == [nil, nil])

        let member = try KafkaConsumer(config: cluster.clientConfig(), groupID: "g-lag")
        try member.commit([KafkaPartitionOffset(topic: "lag", partition: 0, offset: 4)])
        member.close()
        sample = try probe.sample(topic: "lag")
        #expect(sample[0].committed == 4 && sample[0].lag == 6 && sample[0].deletedUnread == 0)

        // Overflow partition 0's retention: the committed position falls below the low watermark.
        let big = [UInt8](repeating: 1, count: 64 * 1024)
        for _ in 0..<100 { try producer.produce(topic: "lag", key: nil, value: big, partition: 0) }
        try producer.flush()
        producer.close()
        sample = try probe.sample(topic: "lag")
        #expect(sample[0].deletedUnread > 0)
        #expect(sample[0].lag == sample[0].watermarks.high - sample[0].watermarks.low)
    }
}
