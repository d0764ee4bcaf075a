// Consumer lag and retention loss of a group, sampled from outside the group.
import Foundation

/// One partition's state as seen by a lag probe.
public struct KafkaPartitionLag: Sendable, Equatable {
    public let partition: Int32
    /// The group's committed position (next offset to read), or nil when nothing is committed.
    public let committed: Int64?
    public let watermarks: KafkaWatermarks
    /// Records written but not yet committed by the group: high − max(committed, low), or
    /// high − low when nothing is committed.
    public var lag: Int64 { watermarks.high - max(committed ?? watermarks.low, watermarks.low) }
    /// Records deleted by retention before the group committed past them: low − committed when
    /// positive. On the embedded cluster (≈ 5 MiB kept per partition) this is how falling too far
    /// behind shows; records in this gap were never read by the group (or were read but their
    /// commit did not happen) — the audit's sequence numbers say which.
    public var deletedUnread: Int64 { committed.map { max(0, watermarks.low - $0) } ?? watermarks.low }
}

/// Samples a consumer group's lag without joining the group (it only fetches committed offsets,
/// so it never triggers a rebalance). For the metrics sampler and the loss audit.
public final class KafkaLagProbe: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let admin: KafkaAdmin
    public let group: String

    public init(config: KafkaConfig, group: String) throws(KafkaError) {
        self.group = group
        consumer = try KafkaConsumer(config: config, groupID: group, name: "lag-probe-\(group)")
        admin = try KafkaAdmin(config: config, name: "lag-probe-admin")
    }

    /// Committed offsets and watermarks of every partition of `topic`, sorted by partition.
    public func sample(topic: String, timeout: Duration = .seconds(5)) throws(KafkaError) -> [KafkaPartitionLag] {
        let marks = try admin.watermarks(topic: topic, timeout: timeout)
        let parts = marks.indices.map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        let committed = try consumer.committed(parts, timeout: timeout)
        var byPartition: [Int32: Int64] = [:]
        for c in committed where c.offset >= 0 { byPartition[c.partition] = c.offset }
        return marks.enumerated().map { index, w in
            KafkaPartitionLag(partition: Int32(index), committed: byPartition[Int32(index)], watermarks: w)
        }
    }

    public func close() {
        consumer.close()
        admin.close()
    }
    deinit { close() }
}
