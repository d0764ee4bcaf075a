// The metrics sampler: on its own thread, every sample interval, it closes the interval that
// just ended: engine throughput and latency (from acks), input rate (from the generators), the
// engine group's consumer lag, errors, and the workers' CPU and memory. It also ticks the
// supervisor, so crashed workers are noticed and restarted promptly.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Records
import Streams
import Synchronization

public final class Sampler: @unchecked Sendable {
    let store: MetricStore
    let generators: GeneratorDriver
    let supervisor: Supervisor
    let lagProbe: KafkaLagProbe?
    let inputTopic: String
    let samples: Mutex<Samples>
    let retentionDropped = Atomic<Int>(0)
    let latestLag = Mutex<Double?>(nil)
    let latestThroughput = Mutex<Double>(0)
    let stopFlag = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    var lastCPU: [pid_t: Double] = [:]

    public init(store: MetricStore, generators: GeneratorDriver, supervisor: Supervisor, lagProbe: KafkaLagProbe?, inputTopic: String) {
        self.store = store; self.generators = generators; self.supervisor = supervisor; self.lagProbe = lagProbe
        self.inputTopic = inputTopic
        self.samples = Mutex(Samples(intervalMs: store.intervalMs))
    }

    let started = Atomic<Bool>(false)

    public func start() {
        started.store(true, ordering: .releasing)
        let t = Thread { [self] in
            var next = 0
            while !self.stopFlag.load(ordering: .acquiring) {
                self.supervisor.tick()
                let due = Int64(next + 1) * self.store.intervalMs
                if self.store.nowMs >= due {
                    self.close(interval: next)
                    next += 1
                } else {
                    usleep(20_000)
                }
            }
            self.finished.store(true, ordering: .releasing)
        }
        t.name = "sampler"
        t.start()
    }

    /// Stops the sampling thread; a no-op when it never started (a run interrupted in setup).
    public func stop() {
        stopFlag.store(true, ordering: .releasing)
        guard started.load(ordering: .acquiring) else { return }
        while !finished.load(ordering: .acquiring) { usleep(2_000) }
    }

    public var snapshot: Samples { samples.withLock { $0 } }
    public var lag: Double? { latestLag.withLock { $0 } }
    /// Throughput of the last closed interval (without copying the whole series).
    public var throughput: Double { latestThroughput.withLock { $0 } }

    func close(interval i: Int) {
        let seconds = Double(store.intervalMs) / 1000
        let bucket = store.bucket(i)
        let input = Double(bucket.produced) / seconds
        let lag = measureLag()
        latestLag.withLock { $0 = lag }
        var cpu = 0.0, rss = 0.0, alive = 0
        for p in supervisor.processes {
            guard let u = p.usage() else { continue }
            cpu += max(0, u.cpuSeconds - (lastCPU[p.pid] ?? u.cpuSeconds))
            lastCPU[p.pid] = u.cpuSeconds
            rss += u.rssBytes
            alive += 1
        }
        latestThroughput.withLock { $0 = Double(bucket.processed) / seconds }
        samples.withLock { s in
            while s.count < i { appendEmpty(&s) }
            s.throughput.append(Double(bucket.processed) / seconds)
            s.inputRate.append(input)
            s.lag.append(lag)
            s.latency.append(bucket.latency)
            s.errors.append(Double(bucket.errors))
            s.rssBytes.append(alive > 0 ? rss : nil)
            s.cpuPercent.append(alive > 0 ? cpu / seconds * 100 : nil)
        }
    }

    func appendEmpty(_ s: inout Samples) {
        s.throughput.append(0); s.inputRate.append(0); s.lag.append(nil)
        s.latency.append([UInt64](repeating: 0, count: LatencyBuckets.count)); s.errors.append(0)
        s.rssBytes.append(nil); s.cpuPercent.append(nil)
    }

    func measureLag() -> Double? {
        guard let probe = lagProbe, let parts = try? probe.sample(topic: inputTopic, timeout: .milliseconds(800)) else { return nil }
        let dropped = parts.reduce(Int64(0)) { $0 + $1.deletedUnread }
        retentionDropped.store(Int(dropped), ordering: .relaxed)
        return Double(parts.reduce(Int64(0)) { $0 + max(0, $1.lag) })
    }
}
