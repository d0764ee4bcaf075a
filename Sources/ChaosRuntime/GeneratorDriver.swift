// Drives the scenario's generators in real time: one thread merges every generator's stream
// by event time and produces each record when its (open-loop) time comes, whatever the engine
// does. Every record carries its stream key (`generator.key`), generator index and per-stream
// sequence number; the auditor learns how many each stream produced.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import Foundation
import Generators
import Records
import Streams
import Synchronization

public final class GeneratorDriver: @unchecked Sendable {
    struct Source {
        var generator: any RecordGenerator
        var index: UInt16
        var keys: [String]
        var pending: GeneratedRecord
    }

    let producer: KafkaProducer
    let topic: String
    let specs: [(name: String, spec: GeneratorSpec, seed: UInt64)]
    /// Highest sequence + 1 produced per stream key.
    let producedPerStream = Mutex<[String: UInt64]>([:])
    let producedTotal = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    /// Produce calls that blocked for more than 100 ms (librdkafka's queue was full), and the longest.
    let slowProduces = Atomic<Int>(0)
    let longestProduceMs = Atomic<Int>(0)
    /// How far behind their schedule the generators fell at worst (ms): a busy host delays the
    /// producing thread, and the input then arrives late and in a burst instead of open-loop.
    let maxBehindMs = Atomic<Int>(0)
    /// Produce errors that were retried, and the last one's text.
    let retries = Atomic<Int>(0)
    let lastError = Mutex<String?>(nil)
    let stopFlag = Atomic<Bool>(false)
    var thread: Thread?
    /// Where produced counts go, per interval (set before `start`).
    public var store: MetricStore?
    var unpublished = 0
    let done = Atomic<Bool>(false)

    public init(plan: ExecutionPlan, producer: KafkaProducer) throws {
        self.producer = producer
        self.topic = plan.generators.first?.topic ?? "chaos.input"
        var specs: [(String, GeneratorSpec, UInt64)] = []
        for g in plan.generators {
            guard let spec = GeneratorSpec(kind: g.generator.kind, fields: Self.fields(g.generator.params)) else {
                throw RuntimeError.environment("generator '\(g.generator.name)' cannot be built")
            }
            specs.append((g.generator.name, spec, g.seed))
        }
        self.specs = specs
    }

    /// The checker's values in the generators' canonical units.
    static func fields(_ p: Params) -> [String: GeneratorField] {
        var out: [String: GeneratorField] = [:]
        for (name, v) in p.entries {
            switch v {
            case .integer(let i): out[name] = .number(Double(i))
            case .number(let d), .intensity(let d), .percent(let d): out[name] = .number(d)
            case .rate(let r): out[name] = .number(r)
            case .duration(let ms): out[name] = .number(Double(ms) / 1000)
            case .size(let b): out[name] = .number(Double(b))
            case .word(let w), .string(let w): out[name] = .word(w)
            case .bool(let b): out[name] = .flag(b)
            case .list: break
            }
        }
        return out
    }

    /// Starts producing; event time 0 is `wallStart`, paced against the monotonic `monoStart`.
    public func start(wallStart: Int64, monoStart: Int64) {
        let t = Thread { [self] in
            self.loop(wallStart: wallStart, monoStart: monoStart)
            self.done.store(true, ordering: .releasing)
        }
        t.name = "generators"
        thread = t
        t.start()
    }

    public func stop() {
        stopFlag.store(true, ordering: .releasing)
        while thread != nil && !done.load(ordering: .acquiring) { usleep(1_000) }
    }

    public var produced: Int { producedTotal.load(ordering: .relaxed) }
    public var produceFailures: Int { failures.load(ordering: .relaxed) }
    public var perStream: [String: UInt64] { producedPerStream.withLock { $0 } }

    func loop(wallStart: Int64, monoStart: Int64) {
        var sources: [Source] = specs.enumerated().map { i, s in
            var g = s.spec.makeGenerator(seed: s.seed, name: s.name)
            let first = g.next()
            return Source(generator: g, index: UInt16(i), keys: g.keyNames.map { "\(s.name).\($0)" }, pending: first)
        }
        guard !sources.isEmpty else { return }
        var buffer: [UInt8] = []
        var local: [String: UInt64] = [:]
        var sinceFlush = 0
        while !stopFlag.load(ordering: .acquiring) {
            // The source whose next record is due first.
            var best = 0
            for i in 1..<sources.count where sources[i].pending.eventTimeNanos < sources[best].pending.eventTimeNanos { best = i }
            let r = sources[best].pending
            let due = monoStart + r.eventTimeNanos
            let now = Monotonic.nanos()
            if due > now {
                publish(&local)
                let wait = min(due - now, 50_000_000)
                usleep(UInt32(max(1, wait / 1000)))
                continue
            }
            let behindMs = Int((now - due) / 1_000_000)
            if behindMs > maxBehindMs.load(ordering: .relaxed) { maxBehindMs.store(behindMs, ordering: .relaxed) }
            let key = sources[best].keys[Int(r.key)]
            buffer.removeAll(keepingCapacity: true)
            do {
                try RecordCodec.append(key: key, generatorID: sources[best].index, sequence: r.sequence,
                                       eventTimeNanos: wallStart + r.eventTimeNanos, value: r.value, to: &buffer)
                try produceRetrying(key: key, value: buffer)
                local[key] = max(local[key] ?? 0, r.sequence + 1)
                producedTotal.add(1, ordering: .relaxed)
                unpublished += 1
            } catch {
                failures.add(1, ordering: .relaxed)
            }
            sources[best].pending = sources[best].generator.next()
            sinceFlush += 1
            if sinceFlush >= 1000 { publish(&local); sinceFlush = 0 }
        }
        publish(&local)
    }

    /// librdkafka's queue can be full while a broker is down; wait for room rather than drop.
    func produceRetrying(key: String, value: [UInt8]) throws {
        let t0 = Monotonic.nanos()
        defer {
            let ms = Int((Monotonic.nanos() - t0) / 1_000_000)
            if ms > 100 {
                slowProduces.add(1, ordering: .relaxed)
                if ms > longestProduceMs.load(ordering: .relaxed) { longestProduceMs.store(ms, ordering: .relaxed) }
            }
        }
        var attempts = 0
        while true {
            do {
                try producer.produce(topic: topic, key: Array(key.utf8), value: value)
                return
            } catch {
                attempts += 1
                retries.add(1, ordering: .relaxed)
                lastError.withLock { $0 = "\(error)" }
                if attempts > 2000 || stopFlag.load(ordering: .acquiring) { throw error }
                usleep(5_000)
            }
        }
    }

    func publish(_ local: inout [String: UInt64]) {
        store?.addProduced(unpublished)
        unpublished = 0
        guard !local.isEmpty else { return }
        producedPerStream.withLock { all in for (k, v) in local { all[k] = max(all[k] ?? 0, v) } }
        local.removeAll(keepingCapacity: true)
    }
}
