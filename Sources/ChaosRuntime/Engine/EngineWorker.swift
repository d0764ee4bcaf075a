// The engine worker: one member of the engine's consumer group. Its loop:
//
//   poll ≤ maxBatchRecords records (waiting ≤ batchWait for the first)
//   → windows and features per stream (EngineProcessor)
//   → produce the feature records, then one EngineAck (runs of processed sequence numbers and
//     the latency histogram) to the ack topic
//   and every commitInterval (100 ms) or commitEveryRecords records:
//   → wait until the cluster has acknowledged every output produced so far (flush; a permanent
//     delivery failure stops the worker before it commits)
//   → commit the offsets of every record processed so far.
//
// Batches do not wait for their own deliveries (that would cost two round trips to the cluster
// per batch); the commit does. So a record's offset is committed only after its features and
// its ack are durable: after a
// crash the next owner re-reads everything uncommitted and acks it again, and the audit counts
// those records as duplicates (at-least-once, never hidden). On a rebalance the revoke handler
// flushes and commits what was processed for the partitions leaving; on a stop request the
// worker finishes its batch, commits, leaves the group and closes.
import Foundation
import Records
import Streams

/// Why a worker stopped with an error.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One TDA engine worker (the logic behind `chaosrun engine`).
public final class EngineWorker: @unchecked Sendable {
    /// Its configuration.
    public let configuration: EngineConfiguration
    /// Its counters (also served on the metrics port).
    public let metrics: EngineMetrics
    private var metricsServer: MetricsServer?
    private let log: @Sendable (String) -> Void

    /// A worker; starts its metrics endpoint at once when a port is configured.
    public init(configuration: EngineConfiguration,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\(logTimestamp()) \($0)\n".utf8)) }) throws(EngineError) {
        if let problem = configuration.problem { throw EngineError(problem) }
        self.configuration = configuration
        self.log = log
        let metrics = EngineMetrics(workerID: configuration.workerID)
        self.metrics = metrics
        if let port = configuration.metricsPort {
            do {
                metricsServer = try MetricsServer(address: configuration.metricsAddress, port: port) { metrics.prometheusText() }
            } catch {
                throw EngineError("metrics endpoint: \(error.description)")
            }
        }
    }

    /// The port the metrics endpoint listens on, when it runs.
    public var metricsPort: Int? { metricsServer?.port }

    /// Consumes and processes until `shouldStop()` returns true (checked between batches), then
    /// commits, leaves the group and closes. Throws when the worker cannot go on (fatal client
    /// error, outputs not deliverable within `deliveryTimeout`): its uncommitted records are
    /// then re-read by the group.
    public func run(until shouldStop: @escaping @Sendable () -> Bool) throws(EngineError) {
        let started = ContinuousClock.now
        let c = configuration
        defer { metricsServer?.stop() }
        if let crash = c.defects.crashAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + crash.engineSeconds) { [log] in
                log("engine worker \(c.workerID): defect crash-loop: exiting with status 1")
                _exit(1)
            }
        }
        if let delay = c.defects.slowStart {
            log("engine worker \(c.workerID): defect slow-start: sleeping \(delay)")
            while ContinuousClock.now - started < delay, !shouldStop() { Thread.sleep(forTimeInterval: 0.05) }
        }
        do {
            try loop(started: started, shouldStop: shouldStop)
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError("\(error)")
        }
    }

    private func loop(started: ContinuousClock.Instant, shouldStop: @escaping @Sendable () -> Bool) throws {
        let c = configuration
        var producerConfig = c.kafka
        producerConfig.clientID = "chaosrun-engine-\(c.workerID)"
        let producer = try KafkaProducer(config: producerConfig, name: "engine-\(c.workerID)-producer")
        let tracker = KafkaOffsetTracker(everyRecords: c.commitEveryRecords, every: c.commitInterval)
        let box = ConsumerBox()
        let (log, metrics, id) = (self.log, self.metrics, c.workerID)
        let consumer = try KafkaConsumer(config: c.kafka, groupID: c.group, name: "engine-\(c.workerID)") { event in
            switch event {
            case .assigned(let parts):
                log("engine worker \(id): assigned \(parts.map(\.description).joined(separator: " "))")
            case .revoked(let parts):
                log("engine worker \(id): revoked \(parts.map(\.description).joined(separator: " "))")
                tracker.revoke(parts, consumer: box.consumer, producer: producer)
            }
        }
        box.consumer = consumer
        try consumer.subscribe([c.inputTopic])
        log("engine worker \(id): consuming \(c.inputTopic) in group \(c.group) → features \(c.outputTopic), acks \(c.ackTopic)"
            + (c.defects.isEmpty ? "" : " (test defects on)"))

        let processor = EngineProcessor(windows: c.windows, workerID: id, dropFraction: c.defects.dropFraction)
        let resumed = c.defects.resumeStall.map { delay in
            ResumeWatch { log("engine worker \(id): defect resume-stall: continued, not consuming for \(delay)") }
        }
        let ackKey = Array("worker-\(id)".utf8)
        var failedSoFar = producer.counters.failed
        var stallLogged = false
        var commitFailures = 0
        /// Waits until every feature record and ack produced so far is acknowledged, then commits
        /// the offsets of every record processed so far. A permanent delivery failure stops the
        /// worker before the commit.
        // Where the time goes (logged at stop): a throttled worker shows whether it waits on
        // fetches, on delivery of its outputs or on offset commits.
        var pollTime = Duration.zero, flushTime = Duration.zero, commitTime = Duration.zero
        func deliverAndCommit() throws {
            let flushStart = ContinuousClock.now
            defer { commitTime += ContinuousClock.now - flushStart }
            try producer.flush(timeout: c.deliveryTimeout)
            flushTime += ContinuousClock.now - flushStart
            let failed = producer.counters.failed
            if failed != failedSoFar {
                metrics.addErrors(Int(failed - failedSoFar))
                failedSoFar = failed
                throw EngineError("outputs failed delivery (\(producer.lastDeliveryError.map { "\($0)" } ?? "unknown error")); "
                                  + "exiting without committing so the group re-reads those records")
            }
            // A refused or failed commit is not a reason to stop: the offsets stay pending and
            // the next commit retries them (the coordinator may be moving, or a rebalance may be
            // under way). Only a fatal client error ends the worker.
            do {
                try tracker.commit(consumer: consumer, after: nil)
            } catch {
                if error.isFatal { throw error }
                metrics.addErrors(1)
                commitFailures += 1
                if commitFailures == 1 || commitFailures % 50 == 0 {
                    log("engine worker \(id): commit failed (\(error)); will retry (\(commitFailures) so far)")
                }
            }
        }
        while !shouldStop() {
            if let stall = c.defects.stall {
                let elapsed = ContinuousClock.now - started
                if elapsed >= stall.start, elapsed < stall.start + stall.duration {
                    if !stallLogged { log("engine worker \(id): defect stall: not consuming for \(stall.duration)"); stallLogged = true }
                    Thread.sleep(forTimeInterval: 0.05)
                    continue
                }
            }
            if let resumed, let delay = c.defects.resumeStall, let at = resumed.last, ContinuousClock.now - at < delay {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            let pollStart = ContinuousClock.now
            let messages = try consumer.poll(max: c.maxBatchRecords, timeout: c.batchWait)
            pollTime += ContinuousClock.now - pollStart
            metrics.setRebalances(consumer.rebalanceCount)
            if !messages.isEmpty {
                let out = processor.process(messages.lazy.map(\.value))
                for f in out.features { try producer.produce(topic: c.outputTopic, key: f.key, value: f.value) }
                let now = EngineClock.realtimeNanos()
                let latency = EngineProcessor.latency(eventTimes: out.eventTimes, emittedAt: now)
                if !out.runs.isEmpty {
                    let ack = EngineAck(workerID: id, emitTimeNanos: now, runs: out.runs, latency: latency.buckets)
                    try producer.produce(topic: c.ackTopic, key: ackKey, value: ack.encode())
                }
                for m in messages { tracker.markProcessed(m) }
                metrics.add(batch: EngineBatchSummary(
                    processed: out.eventTimes.count, undecodable: out.undecodable, dropped: out.dropped,
                    features: out.features.count, latency: latency.buckets, latencySumSeconds: latency.sumSeconds))
            }
            if tracker.due { try deliverAndCommit() }
        }

        log("engine worker \(id): stopping")
        try deliverAndCommit()
        consumer.close()
        producer.close()
        let s = metrics.snapshot
        log("engine worker \(id): stopped after \(s.records) records, \(s.windows) feature records, \(s.errors) errors")
        log("engine worker \(id): time in poll \(pollTime), in output delivery \(flushTime), in delivery + commit \(commitTime)")
    }
}

/// When this process last got SIGCONT (for the `resume-stall` defect). SIGCONT resumes a stopped
/// process whatever its disposition; ignoring it only lets the dispatch source see it.
private final class ResumeWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: ContinuousClock.Instant?
    private var source: DispatchSourceSignal?

    init(onResume: @escaping @Sendable () -> Void) {
        signal(SIGCONT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGCONT, queue: .global())
        source.setEventHandler { [unowned self] in
            let now = ContinuousClock.now
            self.lock.withLock { self.instant = now }
            onResume()
        }
        source.resume()
        self.source = source
    }

    deinit { source?.cancel() }

    /// The last SIGCONT, if any.
    var last: ContinuousClock.Instant? { lock.withLock { instant } }
}

/// Lets the rebalance handler reach the consumer it was created with.
private final class ConsumerBox: @unchecked Sendable {
    var consumer: KafkaConsumer?
}

extension Duration {
    /// Seconds as a `Double`.
    fileprivate var engineSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
