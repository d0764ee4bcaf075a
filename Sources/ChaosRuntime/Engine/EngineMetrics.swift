// The engine worker's counters and their Prometheus text exposition (format 0.0.4).
//
// Latency buckets are the ack's `LatencyBuckets` (log-spaced, factor 1.25 from 100 µs); the
// histogram exposes every fourth bound (factor ≈ 2.44) so `_bucket` series stay few while their
// counts stay exact with respect to the acks.
import Foundation
import Records

/// Totals of one worker since it started. Thread-safe: the worker adds once per batch, the
/// metrics endpoint reads at any time.
public final class EngineMetrics: @unchecked Sendable {
    /// A consistent copy of every counter.
    public struct Snapshot: Sendable, Equatable {
        /// Records processed (each in a produced ack), duplicates after a restart included.
        public var records: UInt64 = 0
        /// Undecodable records, failed deliveries and other errors.
        public var errors: UInt64 = 0
        /// Feature records emitted (one per window and scale).
        public var windows: UInt64 = 0
        /// Batches processed.
        public var batches: UInt64 = 0
        /// Records skipped by the `drop` defect (test-only).
        public var dropped: UInt64 = 0
        /// Latency counts per `LatencyBuckets` bucket.
        public var latencyBuckets = [UInt64](repeating: 0, count: LatencyBuckets.count)
        /// Sum of latencies in seconds.
        public var latencySumSeconds: Double = 0
        /// Rebalances seen by this worker's consumer.
        public var rebalances: UInt64 = 0
    }

    /// The worker id used as the `worker` label.
    public let workerID: UInt16
    private let lock = NSLock()
    private var state = Snapshot()

    public init(workerID: UInt16) { self.workerID = workerID }

    /// The counters now.
    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Adds a completed batch.
    func add(batch: EngineBatchSummary) {
        lock.lock()
        defer { lock.unlock() }
        state.records += UInt64(batch.processed)
        state.errors += UInt64(batch.undecodable)
        state.windows += UInt64(batch.features)
        state.dropped += UInt64(batch.dropped)
        state.batches += 1
        for (i, c) in batch.latency.enumerated() where c > 0 { state.latencyBuckets[i] += UInt64(c) }
        state.latencySumSeconds += batch.latencySumSeconds
    }

    /// Counts errors that are not part of a batch (a failed delivery, a fetch error…).
    func addErrors(_ n: Int) {
        lock.lock()
        defer { lock.unlock() }
        state.errors += UInt64(n)
    }

    func setRebalances(_ n: Int) {
        lock.lock()
        defer { lock.unlock() }
        state.rebalances = UInt64(n)
    }

    /// The `LatencyBuckets` indices whose upper bounds are exposed as `le`.
    static let exposedBuckets = Array(stride(from: 0, to: LatencyBuckets.count - 1, by: 4))

    /// Prometheus text exposition of every counter.
    public func prometheusText() -> String {
        let s = snapshot
        let w = "worker=\"\(workerID)\""
        var out = ""
        func counter(_ name: String, _ help: String, _ value: UInt64) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name){\(w)} \(value)\n"
        }
        counter("streaming_tda_throughput_total", "Input records processed by this worker (each one in a produced ack).", s.records)
        counter("streaming_tda_errors_total", "Undecodable input records and failed deliveries.", s.errors)
        counter("streaming_tda_windows_total", "Feature records emitted (one per window and scale).", s.windows)
        counter("streaming_tda_batches_total", "Batches processed.", s.batches)
        counter("streaming_tda_rebalances_total", "Consumer-group rebalances seen by this worker.", s.rebalances)
        let name = "streaming_tda_latency_seconds"
        out += "# HELP \(name) Feature emitted (wall clock) minus record event time, per input record.\n"
        out += "# TYPE \(name) histogram\n"
        var cumulative: UInt64 = 0
        var next = 0
        for i in Self.exposedBuckets {
            while next <= i { cumulative += s.latencyBuckets[next]; next += 1 }
            out += "\(name)_bucket{\(w),le=\"\(Self.format(LatencyBuckets.upperNanos(i) / 1e9))\"} \(cumulative)\n"
        }
        let total = s.latencyBuckets.reduce(0, +)
        out += "\(name)_bucket{\(w),le=\"+Inf\"} \(total)\n"
        out += "\(name)_sum{\(w)} \(Self.format(s.latencySumSeconds))\n"
        out += "\(name)_count{\(w)} \(total)\n"
        return out
    }

    /// A float in Go's `strconv` style as Prometheus expects (`0.0001`, `1.5e-05`, `12`).
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "+Inf" : "-Inf") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.6g", x)
    }
}
