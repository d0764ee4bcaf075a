// At-least-once commits: remember what was processed, commit it only once its results are
// acknowledged by the cluster.
import Foundation

/// Tracks, per partition, the position after the last processed record, and commits those
/// positions after the producer's outputs are delivered.
///
/// The pattern for a worker that turns input records into output records:
///
///     let tracker = KafkaOffsetTracker()
///     let consumer = try KafkaConsumer(config: c, groupID: g) { event in
///         if case .revoked(let parts) = event { tracker.revoke(parts, consumer: box.consumer, producer: producer) }
///     }
///     while running {
///         guard let m = try consumer.poll(timeout: .milliseconds(100)) else { continue }
///         try producer.produce(topic: out, key: m.key, value: process(m.value))
///         tracker.markProcessed(m)
///         if tracker.due { try tracker.commit(consumer: consumer, after: producer) }
///     }
///
/// Thread-safe.
public final class KafkaOffsetTracker: @unchecked Sendable {
    private let positions = Locked<[KafkaTopicPartition: Int64]>([:])
    private let lastCommit = Locked(ContinuousClock.now)
    private let marked = Locked(0)
    /// The producer's failed-delivery count when its outputs were last found complete.
    private let failedSeen = Locked<UInt64?>(nil)
    /// Commit after this many records…
    public let everyRecords: Int
    /// …or after this long, whichever comes first (see `due`).
    public let every: Duration

    public init(everyRecords: Int = 5_000, every: Duration = .milliseconds(500)) {
        self.everyRecords = everyRecords
        self.every = every
    }

    /// Records that `message` and everything before it in its partition are processed.
    public func markProcessed(_ message: KafkaMessage) {
        let key = KafkaTopicPartition(topic: message.topic, partition: message.partition)
        positions.withLock { $0[key] = max($0[key] ?? 0, message.offset + 1) }
        marked.withLock { $0 += 1 }
    }

    /// Whether enough records or time passed since the last commit.
    public var due: Bool {
        marked.withLock { $0 } >= everyRecords || ContinuousClock.now - lastCommit.withLock { $0 } >= every
    }

    /// Positions processed but not yet committed, sorted.
    public var pending: [KafkaPartitionOffset] {
        positions.withLock { $0 }.sorted { $0.key < $1.key }
            .map { KafkaPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
    }

    /// Flushes `producer` (every output produced so far is acknowledged), then commits the
    /// pending positions (only those in `partitions`, when given). Returns false when the group
    /// refused the commit because it is rebalancing: the positions stay pending. Throws when an
    /// output failed delivery since the last commit (committing would lose those records' results:
    /// the caller must let the group re-read them) and on other errors.
    @discardableResult
    public func commit(consumer: KafkaConsumer, after producer: KafkaProducer?,
                       only partitions: Set<KafkaTopicPartition>? = nil,
                       flushTimeout: Duration = .seconds(30)) throws(KafkaError) -> Bool {
        if let producer {
            try producer.flush(timeout: flushTimeout)
            let failed = producer.counters.failed
            let before = failedSeen.withLock { seen in
                defer { seen = failed }
                return seen ?? 0
            }
            if failed != before {
                throw .client("\(failed - before) output(s) failed delivery since the last commit "
                              + "(\(producer.lastDeliveryError.map { "\($0)" } ?? "unknown error")); not committing")
            }
        }
        let offsets = pending.filter { partitions?.contains(KafkaTopicPartition(topic: $0.topic, partition: $0.partition)) ?? true }
        lastCommit.withLock { $0 = ContinuousClock.now }
        marked.withLock { $0 = 0 }
        guard !offsets.isEmpty else { return true }
        do {
            try consumer.commit(offsets)
        } catch {
            if error.isRebalanceInProgress { return false }
            throw error
        }
        positions.withLock { p in
            for o in offsets {
                let key = KafkaTopicPartition(topic: o.topic, partition: o.partition)
                if p[key] == o.offset { p[key] = nil }
            }
        }
        return true
    }

    /// For the `.revoked` handler: commits what was processed for these partitions (best effort:
    /// a refused commit, or outputs that failed delivery, mean the next owner re-reads those
    /// records) and forgets them.
    public func revoke(_ partitions: [KafkaTopicPartition], consumer: KafkaConsumer?, producer: KafkaProducer?) {
        if let consumer { _ = try? commit(consumer: consumer, after: producer, only: Set(partitions)) }
        positions.withLock { p in for part in partitions { p[part] = nil } }
    }
}
