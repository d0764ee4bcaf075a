// The group consumer: subscribe, poll, manual commits, and rebalance handling.
import CRdKafka
import Foundation

/// A record read from Kafka.
public struct KafkaMessage: Sendable, Equatable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    public let value: [UInt8]
    /// Create (or log-append) time in milliseconds since the epoch, when the broker sent one.
    public let timestampMs: Int64?
}

/// One partition of one topic.
public struct KafkaTopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let topic: String
    public let partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
    public static func < (a: Self, b: Self) -> Bool { (a.topic, a.partition) < (b.topic, b.partition) }
    public var description: String { "\(topic)[\(partition)]" }
}

/// A position in a partition. For commits, `offset` is the next offset to read (last processed + 1).
public struct KafkaPartitionOffset: Hashable, Sendable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// A change of the partitions this group member owns. Delivered inside `poll` (and `close`), on
/// the polling thread, so a handler may commit before its partitions move.
public enum KafkaRebalance: Sendable, Equatable {
    /// Partitions now owned; consumption starts at their committed offsets.
    case assigned([KafkaTopicPartition])
    /// Partitions about to be taken away: commit what was processed for them now.
    case revoked([KafkaTopicPartition])
}

/// Applies assignments for the rebalance callback (eager or cooperative, whichever the group
/// protocol is) and tells the owner.
final class RebalanceState: @unchecked Sendable {
    let handler: ((KafkaRebalance) -> Void)?
    let assignment = Locked<Set<KafkaTopicPartition>>([])
    let rebalances = Locked(0)

    init(handler: ((KafkaRebalance) -> Void)?) { self.handler = handler }

    func handle(rk: OpaquePointer, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        let parts = partitions.map(topicPartitions(of:)) ?? []
        // NULL on error: treat as eager, the protocol chaosrun configures.
        let protocolName: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(rk)
        let cooperative = protocolName.map { String(cString: $0) } == "COOPERATIVE"
        rebalances.withLock { $0 += 1 }
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) { rd_kafka_error_destroy(error) }
            } else {
                _ = rd_kafka_assign(rk, partitions)
            }
            assignment.withLock { cooperative ? $0.formUnion(parts) : ($0 = Set(parts)) }
            handler?(.assigned(parts.sorted()))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            handler?(.revoked(parts.sorted()))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, partitions) { rd_kafka_error_destroy(error) }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
            assignment.withLock { cooperative ? $0.subtract(parts) : $0.removeAll() }
        default:
            // Rebalance error: drop the assignment; the group will rejoin.
            _ = rd_kafka_assign(rk, nil)
            assignment.withLock { $0.removeAll() }
        }
    }
}

func topicPartitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
    let count = Int(list.pointee.cnt)
    guard count > 0, let elems = list.pointee.elems else { return [] }
    return (0..<count).map { KafkaTopicPartition(topic: String(cString: elems[$0].topic), partition: elems[$0].partition) }
}

/// Builds a C partition list; the caller destroys it.
func makePartitionList(_ offsets: [KafkaPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
    let list = rd_kafka_topic_partition_list_new(Int32(max(offsets.count, 1)))!
    for item in offsets {
        rd_kafka_topic_partition_list_add(list, item.topic, item.partition).pointee.offset = item.offset
    }
    return list
}

/// A consumer-group member with manual commits.
///
/// Use from one thread at a time (poll, commit and close on the consumer's own thread); reading
/// `assignment`, `events` and `rebalanceCount` is safe from anywhere.
public final class KafkaConsumer: @unchecked Sendable {
    private let handle: KafkaHandle
    private let rebalance: RebalanceState
    /// The configuration in effect (chaosrun defaults filled in).
    public let config: KafkaConfig

    /// Creates a member of `groupID` (or the config's `group.id`). `onRebalance` runs inside
    /// `poll`/`close` on the calling thread.
    public init(config: KafkaConfig, groupID: String? = nil, name: String = "consumer",
                onRebalance: ((KafkaRebalance) -> Void)? = nil) throws(KafkaError) {
        var effective = config.applyingDefaults(KafkaConfig.consumerDefaults, KafkaConfig.commonDefaults)
        if let groupID { effective.groupID = groupID }
        guard effective.groupID?.isEmpty == false else { throw .client("a consumer needs a group id") }
        if effective.clientID == nil { effective.clientID = "chaosrun-\(name)" }
        self.config = effective
        let context = ClientContext(name: name, routes: effective.routes)
        rebalance = RebalanceState(handler: onRebalance)
        context.rebalance = rebalance
        handle = try KafkaHandle(kind: .consumer, config: effective, context: context)
        _ = rd_kafka_poll_set_consumer(try handle.live())
    }

    /// Joins the group for these topics (replaces an earlier subscription).
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let rk = try handle.live()
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        if let error = KafkaError.check(rd_kafka_subscribe(rk, list), "subscribe to \(topics.joined(separator: ","))") {
            throw error
        }
    }

    /// The next record, or nil when none arrived within `timeout`. Transient consumer errors
    /// (broker down, unknown topic while it is being created…) are recorded in `events` and
    /// polling goes on; only a fatal error or a closed consumer throws.
    public func poll(timeout: Duration) throws(KafkaError) -> KafkaMessage? {
        let rk = try handle.live()
        guard let raw = rd_kafka_consumer_poll(rk, Int32(clamping: timeout.milliseconds)) else { return nil }
        defer { rd_kafka_message_destroy(raw) }
        let m = raw.pointee
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
            let error = KafkaError(m.err, context: rd_kafka_message_errstr(raw).map { String(cString: $0) } ?? "consume")
            handle.context.recordError(error)
            if m.err == RD_KAFKA_RESP_ERR__FATAL { throw error }
            return nil
        }
        var tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(raw, &tsType)
        return KafkaMessage(
            topic: m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: m.partition,
            offset: m.offset,
            key: m.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.key_len)) },
            value: m.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? [],
            timestampMs: tsType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : ts)
    }

    /// Up to `max` records: waits up to `timeout` for the first, then takes what is already
    /// fetched without waiting.
    public func poll(max: Int, timeout: Duration) throws(KafkaError) -> [KafkaMessage] {
        var batch: [KafkaMessage] = []
        guard max > 0, let first = try poll(timeout: timeout) else { return batch }
        batch.reserveCapacity(max)
        batch.append(first)
        while batch.count < max, let next = try poll(timeout: .zero) { batch.append(next) }
        return batch
    }

    /// Commits these positions synchronously (each offset = next record to read).
    public func commit(_ offsets: [KafkaPartitionOffset]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let rk = try handle.live()
        let list = makePartitionList(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        if let error = KafkaError.check(rd_kafka_commit(rk, list, 0), "commit") { throw error }
        if let failure = firstPartitionError(list) { throw failure }
    }

    /// Commits the position just after `message`: everything up to and including it is done.
    public func commit(through message: KafkaMessage) throws(KafkaError) {
        try commit([KafkaPartitionOffset(topic: message.topic, partition: message.partition, offset: message.offset + 1)])
    }

    /// The group's committed positions for these partitions (-1001 = none committed).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError) -> [KafkaPartitionOffset] {
        let rk = try handle.live()
        let list = makePartitionList(partitions.map { KafkaPartitionOffset(topic: $0.topic, partition: $0.partition, offset: -1001) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        if let error = KafkaError.check(rd_kafka_committed(rk, list, Int32(clamping: timeout.milliseconds)), "committed offsets") {
            throw error
        }
        let elems = list.pointee.elems!
        return (0..<Int(list.pointee.cnt)).map {
            KafkaPartitionOffset(topic: String(cString: elems[$0].topic), partition: elems[$0].partition, offset: elems[$0].offset)
        }
    }

    /// Partitions currently assigned to this member, sorted.
    public var assignment: [KafkaTopicPartition] { rebalance.assignment.withLock { $0 }.sorted() }
    /// How many rebalance callbacks this member has seen.
    public var rebalanceCount: Int { rebalance.rebalances.withLock { $0 } }
    /// Client errors librdkafka reported.
    public var events: KafkaClientEvents { handle.context.events.withLock { $0 } }

    /// Leaves the group (the revoke handler runs, so it can commit) and destroys the client.
    public func close() {
        guard let rk = handle.pointer else { return }
        _ = rd_kafka_consumer_close(rk)
        handle.destroy()
    }

    deinit { close() }
}

private func firstPartitionError(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> KafkaError? {
    guard let elems = list.pointee.elems else { return nil }
    for i in 0..<Int(list.pointee.cnt) where elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR {
        return KafkaError(elems[i].err, context: "commit \(String(cString: elems[i].topic))[\(elems[i].partition)]")
    }
    return nil
}
