// The engine as a service, for real: an embedded cluster in this process, engine workers as
// child processes of the built binary, generated records through them, and the exact audit
// from their acks.
import ChaosRuntime
import Foundation
import Records
import Streams
import Testing

/// Whether the binary under test exists (the tests need `chaosrun engine` as a child process).
let engineBinaryBuilt = FileManager.default.isExecutableFile(atPath: chaosrunBinary())

@Suite(.serialized, .enabled(if: engineBinaryBuilt, "needs the built chaosrun binary (CHAOSRUN_BIN or .build/debug/chaosrun)"))
struct EngineClusterTests {
    /// Records through two workers, one SIGKILLed midway and restarted: nothing lost, the
    /// re-read records show up as duplicates, and both workers stop cleanly on SIGTERM.
    @Test(.timeLimit(.minutes(3)))
    func killAndRestartMidwayLosesNothing() throws {
        let total = Int(ProcessInfo.processInfo.environment["CHAOSRUN_ENGINE_TEST_RECORDS"] ?? "") ?? 1_000_000
        // 20k/s: the embedded cluster keeps ~5 MiB per partition, and the dead worker's partitions
        // wait ~15 s for the group to rebalance (session timeout, then the mock's join delay):
        // at 30k/s their backlog outgrew retention and the audit (rightly) counted the deleted
        // records as lost. 20k/s keeps that backlog at ~3.5 MiB per partition.
        let rate = 20_000.0
        let bed = try EngineTestbed()
        defer { bed.cluster.stop() }
        let reader = try AckReader(config: bed.cluster.clientConfig(), topic: bed.acks)
        defer { reader.stop() }
        var w1 = try bed.startWorker(1)
        let w2 = try bed.startWorker(2, extra: ["--metrics-port", "0"])
        defer { w1.kill9(); w2.kill9() }
        #expect(waitFor(.seconds(30)) { w1.log.contains("assigned in") && w2.log.contains("assigned in") },
                "workers did not join: \(w1.log) \(w2.log)")

        let progress = Guarded(0)
        let produced = Guarded<[String: UInt64]?>(nil)
        let producerDone = DispatchSemaphore(value: 0)
        let config = bed.cluster.clientConfig()
        Thread {
            let result = try? produceIoT(config: config, topic: bed.input, count: total, rate: rate, progress: progress)
            produced.with { $0 = result }
            producerDone.signal()
        }.start()

        // Kill worker 1 once 40 % of the records have been acked, restart it a second later.
        #expect(waitFor(.seconds(120)) { reader.records >= total * 4 / 10 })
        w1.signal(SIGKILL)
        _ = w1.wait(timeout: .seconds(10))
        let ackedAtKill = reader.records
        usleep(1_000_000)
        w1 = try bed.startWorker(1, run: 1)

        producerDone.wait()
        let producedStreams = try #require(produced.with { $0 }, "the generator failed")
        #expect(producedStreams.values.reduce(0, +) == UInt64(total))
        let caughtUp = waitFor(.seconds(60)) { reader.delivered(produced: producedStreams) == UInt64(total) }
        let w1Log = ((try? String(contentsOfFile: "\(bed.directory)/worker-1-0.log", encoding: .utf8)) ?? "") + "(killed)\n" + w1.log

        // Metrics of the worker that lived through it.
        let port = try #require(w2.log.firstMatch(of: /127\.0\.0\.1:(\d+)\/metrics/).flatMap { Int($0.1) })
        let metrics = try httpGet(port: port, path: "/metrics")
        #expect(metrics.contains("# TYPE streaming_tda_throughput_total counter"))
        #expect(metrics.contains("streaming_tda_latency_seconds_count{worker=\"2\"}"))

        w1.signal(SIGTERM)
        w2.signal(SIGTERM)
        #expect(w1.wait(timeout: .seconds(30)) == 0, "worker 1 after SIGTERM: \(w1.log.suffix(2000))")
        #expect(w2.wait(timeout: .seconds(30)) == 0, "worker 2 after SIGTERM: \(w2.log.suffix(2000))")

        let audit = reader.audit(produced: producedStreams)
        print("engine kill test: \(total) records, acked at kill \(ackedAtKill), audit: delivered \(audit.delivered), "
              + "lost \(audit.lost), duplicates \(audit.duplicates), reordered \(audit.reordered), unexpected \(audit.unexpected)")
        #expect(caughtUp, "not every record was acked within 60 s of the end of production; worker logs:\n\(w1Log)\n\(w2.log)")
        #expect(audit.produced == UInt64(total))
        #expect(audit.lost == 0)
        #expect(audit.unexpected == 0)
        #expect(audit.processed == audit.delivered + audit.duplicates)
        #expect(reader.workers == [1, 2])
        #expect(reader.undecodableAcks == 0)
    }

    /// `chaosrun generate --topic` read back by kcat: same count, same payload checksum.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat")))
    func kcatReadsBackWhatGenerateProduced() throws {
        let bed = try EngineTestbed(partitions: 3)
        defer { bed.cluster.stop() }
        let gen = try Child(["generate", "market", "--symbols", "20", "--seed", "7", "--count", "20000", "--rate", "100k/s",
                             "--topic", bed.input, "--bootstrap", bed.cluster.bootstrapServers], log: "\(bed.directory)/generate.log")
        #expect(gen.wait(timeout: .seconds(60)) == 0, "generate: \(gen.log)")
        let summary = try #require(gen.log.firstMatch(of: /produced to in: (\d+) records, checksum 0x([0-9a-f]+)/))
        #expect(Int(summary.1) == 20000)

        let kcat = Process()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        kcat.arguments = ["-b", bed.cluster.bootstrapServers, "-X", "broker.address.family=v4",
                          "-C", "-t", bed.input, "-o", "beginning", "-e", "-q", "-f", "%s"]
        let out = Pipe()
        kcat.standardOutput = out
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        let bytes = [UInt8](out.fileHandleForReading.readDataToEndOfFile())
        kcat.waitUntilExit()
        #expect(kcat.terminationStatus == 0)

        // Binary records are self-delimiting: split kcat's concatenated payloads by their headers.
        var checksum = EnginePayloadChecksum()
        var perKey: [String: [UInt64]] = [:]
        var offset = 0
        try bytes.withUnsafeBytes { all in
            while offset < all.count {
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                let header = try RecordCodec.decodeHeader(rest, allowTrailing: true)
                checksum.add(rest.prefix(header.encodedCount))
                perKey[header.key(in: rest), default: []].append(header.sequence)
                offset += header.encodedCount
            }
        }
        #expect(checksum.count == 20000)
        #expect(String(checksum.sum, radix: 16) == String(summary.2))
        #expect(perKey.count == 20)
        for (key, sequences) in perKey {
            #expect(sequences == Array(0..<UInt64(sequences.count)), "stream \(key) is not 0, 1, 2, … in partition order")
        }
    }

    /// `drop=0.1`: a tenth of the records are committed but never acked, and the audit says so.
    @Test(.timeLimit(.minutes(2)))
    func dropDefectShowsAsLoss() throws {
        let total = 20_000
        let bed = try EngineTestbed()
        defer { bed.cluster.stop() }
        let reader = try AckReader(config: bed.cluster.clientConfig(), topic: bed.acks)
        defer { reader.stop() }
        let worker = try bed.startWorker(1, extra: ["--defect", "drop=0.1"])
        defer { worker.kill9() }
        #expect(waitFor(.seconds(30)) { worker.log.contains("assigned in") })
        let produced = try produceIoT(config: bed.cluster.clientConfig(), topic: bed.input, count: total, rate: 50_000)
        #expect(waitFor(.seconds(30)) { reader.records >= total * 9 / 10 })
        usleep(500_000)
        worker.signal(SIGTERM)
        #expect(worker.wait(timeout: .seconds(30)) == 0)
        let audit = reader.audit(produced: produced)
        print("engine drop test: produced \(audit.produced), lost \(audit.lost)")
        #expect(audit.produced == UInt64(total))
        #expect(audit.lost == UInt64(total / 10))
        #expect(audit.duplicates == 0)
    }

    /// `slow-start=D` and `stall=D@0s`: nothing is acked for D after the start, then everything is.
    @Test(arguments: ["slow-start=4s", "stall=4s@0s"])
    func delayingDefectsDelayTheFirstAck(defect: String) throws {
        let total = 2000
        let bed = try EngineTestbed(partitions: 2)
        defer { bed.cluster.stop() }
        let reader = try AckReader(config: bed.cluster.clientConfig(), topic: bed.acks)
        defer { reader.stop() }
        let produced = try produceIoT(config: bed.cluster.clientConfig(), topic: bed.input, count: total, rate: 100_000)
        let started = EngineClock.realtimeNanos()
        let worker = try bed.startWorker(1, extra: ["--defect", defect])
        defer { worker.kill9() }
        #expect(waitFor(.seconds(40)) { reader.delivered(produced: produced) == UInt64(total) }, "\(worker.log)")
        let first = try #require(reader.firstEmitNanos)
        #expect(first - started >= 4_000_000_000, "first ack \(Double(first - started) / 1e9) s after the start")
        worker.signal(SIGTERM)
        #expect(worker.wait(timeout: .seconds(30)) == 0)
        #expect(reader.audit(produced: produced).lost == 0)
    }

    /// `crash-loop=D`: every start exits with status 1 after about D.
    @Test func crashLoopDefectExitsNonZeroOnEveryStart() throws {
        let bed = try EngineTestbed(partitions: 1)
        defer { bed.cluster.stop() }
        for run in 0..<2 {
            let start = ContinuousClock.now
            let worker = try Child(bed.engineArguments(worker: 1), log: "\(bed.directory)/crash-\(run).log",
                                   environment: [EngineDefects.environmentVariable: "crash-loop=1s"])
            defer { worker.kill9() }
            let status = worker.wait(timeout: .seconds(20))
            #expect(status == 1, "run \(run): \(worker.log)")
            #expect(ContinuousClock.now - start >= .milliseconds(900))
        }
    }

    /// Bad options are usage errors (exit 2) with a message.
    @Test func badOptionsExitWithUsageError() throws {
        let cases: [[String]] = [
            ["engine", "--bootstrap", "127.0.0.1:1", "--input", "a", "--output", "a", "--acks", "c", "--group", "g", "--worker-id", "1"],
            ["engine", "--bootstrap", "127.0.0.1:1", "--input", "a", "--output", "b", "--acks", "c", "--group", "g", "--worker-id", "0"],
            ["engine", "--bootstrap", "127.0.0.1:1", "--input", "a", "--output", "b", "--acks", "c", "--group", "g", "--worker-id", "1",
             "--defect", "explode=1"],
            ["engine", "--bootstrap", "127.0.0.1:1", "--input", "a", "--output", "b", "--acks", "c", "--group", "g", "--worker-id", "1",
             "--routes", "9092:1"],
        ]
        let dir = NSTemporaryDirectory()
        for (i, args) in cases.enumerated() {
            let child = try Child(args, log: "\(dir)/engine-usage-\(UUID().uuidString.prefix(6))-\(i).log")
            #expect(child.wait(timeout: .seconds(20)) == 2, "\(args): \(child.log)")
            #expect(child.log.contains("error: "))
        }
    }
}

/// GET over a plain socket (HTTP/1.0); returns the body.
func httpGet(port: Int, path: String) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else { throw EngineTestError("cannot connect to port \(port)") }
    let request = Array("GET \(path) HTTP/1.0\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        response += chunk[0..<n]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard text.hasPrefix("HTTP/1.0 200"), let body = text.range(of: "\r\n\r\n") else { throw EngineTestError("bad response: \(text.prefix(200))") }
    return String(text[body.upperBound...])
}

struct EngineTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
