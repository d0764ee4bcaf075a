// The idempotent producer: batching, delivery reports on a poller thread, flush and close.
import CRdKafka
import Foundation

/// The outcome of one produced record, reported once librdkafka knows it.
public struct KafkaDeliveryReport: Sendable, Equatable {
    /// The id `KafkaProducer.produce` returned for the record.
    public let messageID: UInt64
    public let topic: String
    public let partition: Int32
    /// The record's offset in its partition, or -1 when delivery failed.
    public let offset: Int64
    /// `nil` when the record was written with acks from all in-sync replicas.
    public let error: KafkaError?
}

/// Running totals of a producer: every accepted record ends up delivered or failed.
public struct KafkaDeliveryCounters: Sendable, Equatable {
    /// Records accepted by `produce`.
    public var produced: UInt64 = 0
    /// Records acknowledged by the cluster.
    public var delivered: UInt64 = 0
    /// Records that failed permanently (delivery timeout, fatal idempotence error…).
    public var failed: UInt64 = 0
    /// Records accepted but not yet reported.
    public var inFlight: UInt64 { produced &- delivered &- failed }
}

/// Counts delivery reports and forwards them to an optional handler (on librdkafka's poll thread).
final class DeliveryTracker: @unchecked Sendable {
    let counters = Locked(KafkaDeliveryCounters())
    let handler: (@Sendable (KafkaDeliveryReport) -> Void)?
    let lastError = Locked<KafkaError?>(nil)

    init(handler: (@Sendable (KafkaDeliveryReport) -> Void)?) { self.handler = handler }

    func record(_ message: rd_kafka_message_t) {
        let failed = message.err != RD_KAFKA_RESP_ERR_NO_ERROR
        counters.withLock { failed ? ($0.failed += 1) : ($0.delivered += 1) }
        var error: KafkaError?
        if failed {
            let e = KafkaError(message.err, context: "delivery failed")
            lastError.withLock { $0 = e }
            error = e
        }
        guard let handler else { return }
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let id = UInt64(UInt(bitPattern: message._private))
        handler(KafkaDeliveryReport(messageID: id, topic: topic, partition: message.partition,
                                    offset: failed ? -1 : message.offset, error: error))
    }
}

/// An idempotent Kafka producer (acks=all, ordered retries without duplicates).
///
/// Thread-safe: `produce` may be called from several threads. Delivery reports are served by a
/// private poller thread, which also runs the `onDelivery` handler — keep that handler short.
public final class KafkaProducer: @unchecked Sendable {
    private let handle: KafkaHandle
    private let tracker: DeliveryTracker
    private let nextID = Locked<UInt64>(0)
    private let running = Locked(true)
    private let pollerDone = DispatchSemaphore(value: 0)
    private let closeLock = NSLock()
    /// The configuration in effect (chaosrun defaults filled in).
    public let config: KafkaConfig

    /// Creates the producer. `onDelivery` runs once per record, on the poller thread.
    public init(config: KafkaConfig, name: String = "producer",
                onDelivery: (@Sendable (KafkaDeliveryReport) -> Void)? = nil) throws(KafkaError) {
        var effective = config.applyingDefaults(KafkaConfig.producerDefaults, KafkaConfig.commonDefaults)
        if effective.clientID == nil { effective.clientID = "chaosrun-\(name)" }
        self.config = effective
        let context = ClientContext(name: name, routes: effective.routes)
        tracker = DeliveryTracker(handler: onDelivery)
        context.delivery = tracker
        handle = try KafkaHandle(kind: .producer, config: effective, context: context)
        // The poller holds the handle, not the producer, so an unclosed producer still deinits.
        let (handle, running, done) = (handle, running, pollerDone)
        let thread = Thread {
            while running.withLock({ $0 }), let rk = handle.pointer { rd_kafka_poll(rk, 100) }
            done.signal()
        }
        thread.name = "chaosrun-kafka-\(name)-poll"
        thread.start()
    }

    /// Enqueues one record and returns its message id (for matching delivery reports).
    ///
    /// `partition` nil lets librdkafka's partitioner choose (consistent hash of the key);
    /// `timestampMs` nil means now. When the local queue is full this waits for room (up to
    /// `queueFullTimeout`) instead of failing: backpressure, not loss.
    @discardableResult
    public func produce(topic: String, key: [UInt8]?, value: [UInt8], partition: Int32? = nil,
                        timestampMs: Int64? = nil, queueFullTimeout: Duration = .seconds(60)) throws(KafkaError) -> UInt64 {
        let rk = try handle.live()
        let id = nextID.withLock { $0 += 1; return $0 }
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(id))
        let deadline = ContinuousClock.now + queueFullTimeout
        while true {
            let err = value.withUnsafeBytes { valueBytes in
                withOptionalBytes(key) { keyBytes in
                    chaosrun_produce(rk, topic, partition ?? -1,
                                     keyBytes?.baseAddress, keyBytes?.count ?? 0,
                                     valueBytes.baseAddress, valueBytes.count,
                                     timestampMs ?? 0, opaque)
                }
            }
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { break }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL, ContinuousClock.now < deadline {
                usleep(1000)
                continue
            }
            throw KafkaError(err, context: "produce to \(topic)")
        }
        tracker.counters.withLock { $0.produced += 1 }
        return id
    }

    /// `produce` for `Data` keys and values.
    @discardableResult
    public func produce(topic: String, key: Data?, value: Data, partition: Int32? = nil,
                        timestampMs: Int64? = nil) throws(KafkaError) -> UInt64 {
        try produce(topic: topic, key: key.map { [UInt8]($0) }, value: [UInt8](value),
                    partition: partition, timestampMs: timestampMs)
    }

    /// Waits until every record produced so far is delivered or failed; throws `_TIMED_OUT`
    /// when the timeout passes first.
    public func flush(timeout: Duration = .seconds(30)) throws(KafkaError) {
        let rk = try handle.live()
        let err = rd_kafka_flush(rk, Int32(clamping: timeout.milliseconds))
        if let error = KafkaError.check(err, "flush (\(counters.inFlight) records still in flight)") { throw error }
    }

    /// Delivery totals so far.
    public var counters: KafkaDeliveryCounters { tracker.counters.withLock { $0 } }
    /// The last permanent delivery failure, if any.
    public var lastDeliveryError: KafkaError? { tracker.lastError.withLock { $0 } }
    /// Client errors librdkafka reported (connection failures and the like).
    public var events: KafkaClientEvents { handle.context.events.withLock { $0 } }

    /// Flushes (up to `timeout`), stops the poller and destroys the client. Idempotent.
    /// Records still undelivered after the timeout are reported as failed.
    public func close(timeout: Duration = .seconds(10)) {
        closeLock.lock()
        defer { closeLock.unlock() }
        guard let rk = handle.pointer else { return }
        _ = rd_kafka_flush(rk, Int32(clamping: timeout.milliseconds))
        running.withLock { $0 = false }
        pollerDone.wait()
        // Purge what is left so its delivery reports (failures) are counted before destroy.
        _ = rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
        rd_kafka_poll(rk, 0)
        handle.destroy()
    }

    deinit { close(timeout: .zero) }
}

func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

extension Duration {
    /// Whole milliseconds, rounded down, saturating.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1000).overflow
            ? Int64.max : seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
