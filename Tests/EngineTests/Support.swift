// Shared machinery of the engine tests: the built binary, child processes with logs, an
// embedded cluster with the engine's topics, and an ack reader that feeds the sequence auditor.
import ChaosRuntime
import Foundation
import Generators
import Records
import Streams

/// The `chaosrun` binary under test: `CHAOSRUN_BIN`, else `<repo>/.build/debug/chaosrun`.
func chaosrunBinary() -> String {
    if let path = ProcessInfo.processInfo.environment["CHAOSRUN_BIN"], !path.isEmpty { return path }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repo.appendingPathComponent(".build/debug/chaosrun").path
}

/// A value behind a lock.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A child process of the binary, its stdout and stderr in one log file.
final class Child: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(_ arguments: [String], log: String, environment: [String: String] = [:]) throws {
        logPath = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)!
        process.executableURL = URL(fileURLWithPath: chaosrunBinary())
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the exit (up to `timeout`); nil when still running.
    func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Makes sure nothing outlives the test.
    func kill9() { if process.isRunning { kill(pid, SIGKILL); process.waitUntilExit() } }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes.
@discardableResult
func waitFor(_ timeout: Duration, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// An embedded cluster with input, output and ack topics for one test.
struct EngineTestbed {
    let cluster: EmbeddedKafkaCluster
    let input = "in", output = "features", acks = "acks"
    let group = "engine-\(UUID().uuidString.prefix(8))"
    let directory: String

    init(partitions: Int = 6) throws {
        cluster = try EmbeddedKafkaCluster(brokers: 3)
        for topic in [input, output, acks] { try cluster.createTopic(topic, partitions: partitions) }
        directory = NSTemporaryDirectory() + "engine-tests-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// `chaosrun engine …` arguments for worker `id` with light TDA parameters.
    func engineArguments(worker id: Int, extra: [String] = []) -> [String] {
        ["engine", "--bootstrap", cluster.bootstrapServers, "--input", input, "--output", output, "--acks", acks,
         "--group", group, "--worker-id", String(id), "--window", "32", "--stride", "16", "--embed", "2", "--scales", "1"] + extra
    }

    func startWorker(_ id: Int, run: Int = 0, extra: [String] = []) throws -> Child {
        try Child(engineArguments(worker: id, extra: extra), log: "\(directory)/worker-\(id)-\(run).log")
    }
}

/// Reads the ack topic on its own thread and feeds every ack into a `SequenceAuditor`.
final class AckReader: @unchecked Sendable {
    private let state = Guarded((auditor: SequenceAuditor(), records: 0, acks: 0, workers: Set<UInt16>(), errors: 0,
                                 firstEmitNanos: Int64?.none))
    private let running = Guarded(true)
    private let done = DispatchSemaphore(value: 0)

    init(config: KafkaConfig, topic: String) throws {
        let consumer = try KafkaConsumer(config: config, groupID: "audit-\(UUID().uuidString.prefix(8))", name: "audit")
        try consumer.subscribe([topic])
        let (state, running, done) = (state, running, done)
        Thread {
            while running.with({ $0 }) {
                guard let batch = try? consumer.poll(max: 1000, timeout: .milliseconds(50)) else { continue }
                for m in batch {
                    guard let ack = try? EngineAck.decode(m.value) else { state.with { $0.errors += 1 }; continue }
                    state.with { s in
                        s.acks += 1
                        s.firstEmitNanos = min(s.firstEmitNanos ?? .max, ack.emitTimeNanos)
                        s.workers.insert(ack.workerID)
                        for run in ack.runs {
                            let stream = s.auditor.stream(named: "\(run.generatorID):\(run.key)")
                            for i in 0..<UInt64(run.count) { s.auditor.processed(stream: stream, sequence: run.firstSequence + i) }
                            s.records += Int(run.count)
                        }
                    }
                }
            }
            consumer.close()
            done.signal()
        }.start()
    }

    /// Records acked so far (duplicates included).
    var records: Int { state.with { $0.records } }
    var workers: Set<UInt16> { state.with { $0.workers } }
    var undecodableAcks: Int { state.with { $0.errors } }
    /// Emit time of the earliest ack (ns since the Unix epoch).
    var firstEmitNanos: Int64? { state.with { $0.firstEmitNanos } }

    /// Declares what a generator produced, then returns the audit.
    func audit(produced: [String: UInt64]) -> StreamAudit {
        state.with { s in
            for (name, count) in produced { s.auditor.produced(stream: s.auditor.stream(named: name), count: count) }
            return s.auditor.report().total
        }
    }

    /// Distinct produced records acked at least once.
    func delivered(produced: [String: UInt64]) -> UInt64 { audit(produced: produced).delivered }

    func stop() {
        running.with { $0 = false }
        done.wait()
    }
}

/// A sink that forwards to Kafka and remembers, per stream, how many records were produced.
struct CountingSink: RecordSink {
    var inner: KafkaRecordSink
    var produced: [String: UInt64] = [:]
    let progress: Guarded<Int>

    mutating func write(key: String, generatorID: UInt16, sequence: UInt64, eventTimeNanos: Int64, value: Double) throws {
        try inner.write(key: key, generatorID: generatorID, sequence: sequence, eventTimeNanos: eventTimeNanos, value: value)
        let name = "\(generatorID):\(key)"
        produced[name] = max(produced[name] ?? 0, sequence + 1)
        if inner.count % 1000 == 0 { progress.with { $0 = inner.count } }
    }

    mutating func flush() throws { try inner.flush() }
}

/// Produces `count` IoT records (100 devices) to `topic` at `rate`/s; returns what was produced per stream.
func produceIoT(config: KafkaConfig, topic: String, count: Int, rate: Double, seed: UInt64 = 42,
                progress: Guarded<Int> = Guarded(0)) throws -> [String: UInt64] {
    let producer = try KafkaProducer(config: config, name: "test-generator")
    defer { producer.close() }
    var p = IoTParameters()
    p.rate = rate
    p.devices = 100
    var generator = GeneratorSpec.iot(p).makeGenerator(seed: seed)
    var sink = CountingSink(inner: KafkaRecordSink(producer: producer, topic: topic), progress: progress)
    let keys = generator.keyNames
    var buffer: [GeneratedRecord] = []
    var remaining = count
    while remaining > 0 {
        generator.fill(&buffer, count: min(remaining, 4096))
        for r in buffer {
            try sink.write(key: keys[Int(r.key)], generatorID: generator.kind.id, sequence: r.sequence,
                           eventTimeNanos: r.eventTimeNanos, value: r.value)
        }
        remaining -= buffer.count
    }
    try sink.flush()
    progress.with { $0 = count }
    return sink.produced
}
