// Reads the engine workers' acknowledgements from the ack topic: every processed sequence run
// goes into the exact audit, and per sample interval the processed count and the latency
// histogram go into the metric store.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Records
import Streams
import Synchronization

/// Per-interval accumulators, indexed by sample number (interval i covers
/// [i·interval, (i+1)·interval) from the start of the run).
public final class MetricStore: Sendable {
    public let intervalMs: Int64
    let clock: RunClock
    struct Bucket {
        var processed = 0
        var latency = [UInt64](repeating: 0, count: LatencyBuckets.count)
        var errors = 0
        var produced = 0
    }
    let buckets = Mutex<[Int: Bucket]>([:])

    public init(intervalMs: Int64, clock: RunClock) { self.intervalMs = intervalMs; self.clock = clock }

    public var nowMs: Int64 { clock.nowMs }
    func index(atMs ms: Int64) -> Int { Int(max(0, ms) / intervalMs) }

    func addAck(_ ack: EngineAck) {
        let i = index(atMs: nowMs)
        buckets.withLock { b in
            var x = b[i] ?? Bucket()
            x.processed += ack.recordCount
            for (j, c) in ack.latency.enumerated() where j < x.latency.count { x.latency[j] += UInt64(c) }
            b[i] = x
        }
    }

    /// Records the generators produced, attributed to the interval they were produced in.
    public func addProduced(_ n: Int) {
        guard n > 0 else { return }
        let i = index(atMs: nowMs)
        buckets.withLock { b in var x = b[i] ?? Bucket(); x.produced += n; b[i] = x }
    }

    public func addErrors(_ n: Int) {
        guard n > 0 else { return }
        let i = index(atMs: nowMs)
        buckets.withLock { b in var x = b[i] ?? Bucket(); x.errors += n; b[i] = x }
    }

    func bucket(_ i: Int) -> Bucket { buckets.withLock { $0[i] ?? Bucket() } }
}

public final class AckCollector: @unchecked Sendable {
    let consumer: KafkaConsumer
    let store: MetricStore
    let auditor = Mutex(SequenceAuditor())
    let acks = Atomic<Int>(0)
    let undecodable = Atomic<Int>(0)
    let stopFlag = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    let firstAckMs = Atomic<Int64>(-1)

    public init(config: KafkaConfig, topic: String, group: String, store: MetricStore) throws {
        var c = config
        c.startFromEarliest = true
        consumer = try KafkaConsumer(config: c, groupID: group, name: "ack-collector")
        try consumer.subscribe([topic])
        self.store = store
    }

    let started = Atomic<Bool>(false)

    public func start() {
        started.store(true, ordering: .releasing)
        let t = Thread { [self] in
            while !self.stopFlag.load(ordering: .acquiring) { self.pollOnce() }
            self.finished.store(true, ordering: .releasing)
        }
        t.name = "ack-collector"
        t.start()
    }

    func pollOnce() {
        guard let batch = try? consumer.poll(max: 500, timeout: .milliseconds(100)) else { return }
        for m in batch {
            guard let ack = try? EngineAck.decode(m.value) else {
                undecodable.add(1, ordering: .relaxed)
                store.addErrors(1)
                continue
            }
            if firstAckMs.load(ordering: .relaxed) < 0, ack.recordCount > 0 {
                firstAckMs.store(store.nowMs, ordering: .relaxed)
            }
            auditor.withLock { a in
                for run in ack.runs {
                    let s = a.stream(named: run.key)
                    for k in 0..<UInt64(run.count) { a.processed(stream: s, sequence: run.firstSequence + k) }
                }
            }
            store.addAck(ack)
            acks.add(1, ordering: .relaxed)
        }
    }

    /// Records the generators' produced counts and returns the audit.
    public func audit(produced: [String: UInt64]) -> AuditReport {
        auditor.withLock { a in
            for (key, n) in produced { a.produced(stream: a.stream(named: key), count: n) }
            return a.report()
        }
    }

    /// Records processed so far (all acks, duplicates included).
    public var processedTotal: Int {
        Int(auditor.withLock { $0.report().total.delivered })
    }

    /// When the first non-empty ack arrived (ms from the run start), or nil.
    public var firstAck: Int64? { let v = firstAckMs.load(ordering: .relaxed); return v < 0 ? nil : v }

    public func stop() {
        stopFlag.store(true, ordering: .releasing)
        if started.load(ordering: .acquiring) {
            while !finished.load(ordering: .acquiring) { usleep(2_000) }
        }
        consumer.close()
    }
}
