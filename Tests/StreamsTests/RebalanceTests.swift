import Foundation
import Testing
@testable import Streams

@Suite struct RebalanceTests {
    /// When one member leaves, the survivor is told (.revoked, then .assigned) and ends up owning
    /// every partition, starting from the leaver's committed positions.
    @Test func survivorTakesOverTheLeaversPartitionsFromTheirCommits() throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        defer { cluster.stop() }
        try cluster.createTopic("rb", partitions: 6)
        let producer = try KafkaProducer(config: cluster.clientConfig())
        defer { producer.close() }
        for i in 0..<600 { try producer.produce(topic: "rb", key: nil, value: seqBytes(UInt64(i)), partition: Int32(i % 6)) }
        try producer.flush()

        let config = cluster.clientConfig()
        let events = Locked<[String]>([])
        let a = try KafkaConsumer(config: config, groupID: "g-rb", name: "a") { e in events.withLock { $0.append("a \(e)") } }
        let b = try KafkaConsumer(config: config, groupID: "g-rb", name: "b") { e in events.withLock { $0.append("b \(e)") } }
        try a.subscribe(["rb"])
        try b.subscribe(["rb"])
        var seenByA: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(20)
        // Both poll until each owns 3 partitions; `a` reads everything it owns and commits.
        while (a.assignment.count != 3 || b.assignment.count != 3 || seenByA.count < 300), ContinuousClock.now < deadline {
            if let m = try a.poll(timeout: .milliseconds(20)) { seenByA.append(m) }
            _ = try b.poll(timeout: .milliseconds(20))
        }
        #expect(a.assignment.count == 3 && b.assignment.count == 3)
        #expect(seenByA.count == 300)
        for m in seenByA { try a.commit(through: m) }
        // b has read nothing yet (its records stay unread); a leaves.
        a.close()

        let start = ContinuousClock.now
        var seenByB: [KafkaMessage] = []
        while (b.assignment.count != 6 || seenByB.count < 300), ContinuousClock.now < start + .seconds(30) {
            if let m = try b.poll(timeout: .milliseconds(50)) { seenByB.append(m) }
        }
        let takeover = ContinuousClock.now - start
        b.close()
        #expect(b.rebalanceCount >= 3, "assigned, revoked, assigned again")
        #expect(seenByB.count == 300, "b reads its own 300, and none of a's committed records")
        #expect(Set(seenByB.map { seqValue($0.value) }).isDisjoint(with: Set(seenByA.map { seqValue($0.value) })))
        print("rebalance after a member left took \(takeover) on the embedded cluster")
    }
}
