// Setup and teardown of a run.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import Foundation
import Streams

extension Runner {
    /// `linger.ms` of the generators' producer unless the user set one.
    static let generatorLingerMs = 50

    func setup() throws {
        let s = plan.scenario
        let brokers = s.brokers
        let partitions = Int(s.kafka.params["partitions"]?.int64Value ?? 6)
        let replication = Int(s.kafka.params["replication"]?.int64Value ?? 3)
        var brokerPorts: [Int32: Int] = [:]
        var upstreamHost = "127.0.0.1"
        if let bootstrap = options.bootstrap {
            config = KafkaConfig(bootstrapServers: bootstrap)
            let admin = try wrap("connect to \(bootstrap)") { try KafkaAdmin(config: config) }
            defer { admin.close() }
            let meta = try wrap("read the cluster's metadata from \(bootstrap)") { try admin.metadata(timeout: .seconds(15)) }
            for b in meta.brokers { brokerPorts[b.id] = b.port; upstreamHost = b.host }
            let specs = [KafkaTopicSpec(name: topics.input, partitions: partitions, replicationFactor: min(replication, meta.brokers.count)),
                         KafkaTopicSpec(name: topics.output, partitions: partitions, replicationFactor: min(replication, meta.brokers.count)),
                         KafkaTopicSpec(name: topics.acks, partitions: 1, replicationFactor: min(replication, meta.brokers.count))]
            try wrap("create topics") { try admin.createTopics(specs) }
        } else {
            let c = try wrap("start the embedded Kafka cluster") { try EmbeddedKafkaCluster(brokers: brokers) }
            cluster = c
            config = c.clientConfig()
            brokerPorts = c.brokerPorts
            try wrap("create topics") {
                try c.createTopic(topics.input, partitions: partitions, replicationFactor: replication)
                try c.createTopic(topics.output, partitions: partitions, replicationFactor: replication)
                try c.createTopic(topics.acks, partitions: 1, replicationFactor: replication)
            }
            progress.event(nowMs, "embedded cluster: \(brokers) brokers at \(c.bootstrapServers)")
        }
        let ports = brokerPorts.values.sorted()
        for id in 1...s.workers {
            proxies[id] = try wrap("start the fault proxy") { try FaultProxy(upstreamPorts: ports, upstreamHost: upstreamHost, seed: UInt64(id)) }
        }
        generatorProxy = try wrap("start the fault proxy") { try FaultProxy(upstreamPorts: ports, upstreamHost: upstreamHost, seed: 99) }
        store = MetricStore(intervalMs: s.settings["sample_interval"]?.int64Value ?? 1000, clock: clock)
        startWorkers()
        try wrap("start the engine workers") { try supervisor.startAll() }
        waitForGroup()
        progress.event(nowMs, "engine: \(plan.scenario.workers) worker(s) started in group \(group)")
        collector = try wrap("start the ack collector") {
            try AckCollector(config: config, topic: topics.acks, group: "chaosrun-acks-\(runID)", store: store)
        }
        collector?.start()
        var producerConfig = config.routed(through: generatorProxy!)
        // Larger batches than the client default (5 ms): a consumer catching up after a fault reads
        // one produced batch per partition per fetch from the embedded cluster, so the batch size
        // bounds how fast the engine can catch up (docs/decisions.md, "Generators linger 50 ms").
        if producerConfig.lingerMs == nil { producerConfig.lingerMs = Self.generatorLingerMs }
        producer = try wrap("start the generators' producer") { try KafkaProducer(config: producerConfig, name: "generators") }
        generators = try GeneratorDriver(plan: plan, producer: producer!)
        generators?.store = store
        let probe = try? KafkaLagProbe(config: config, group: group)
        sampler = Sampler(store: store, generators: generators!, supervisor: supervisor, lagProbe: probe, inputTopic: topics.input)
        faults = FaultContext(cluster: cluster, brokerControl: options.brokerControl, brokerPorts: brokerPorts,
                              workerProxies: proxies, generatorProxy: generatorProxy, supervisor: supervisor,
                              stressor: Stressor(selfBinary: options.selfBinary, logDirectory: options.reportDirectory,
                                                 preferStressNG: options.preferStressNG),
                              ledger: ledger, groups: [group, "chaosrun-acks-\(runID)"], packetFilter: try makePacketFilter())
        if let port = options.metricsPort {
            metricsServer = try wrap("serve metrics on port \(port)") {
                try MetricsServer(port: port) { [self] in self.metrics.render(runner: self) }
            }
            progress.event(nowMs, "metrics: http://127.0.0.1:\(metricsServer?.port ?? port)/metrics")
        }
        if options.bootstrap != nil && options.brokerControl == nil,
           plan.faults.contains(where: { ["broker_crash", "broker_restart", "rolling_restart"].contains($0.fault.kind) }) {
            throw RuntimeError.environment("broker faults against an external cluster need --broker-control 'COMMAND'")
        }
    }

    /// Waits (at most 40 s, part of setup, not of the plan's clock) until every engine worker owns
    /// partitions and the group has been stable for 2 s: the mock cluster takes several seconds
    /// per rebalance, and a group still forming during the warmup would leave no baseline.
    func waitForGroup() {
        let ids = supervisor.workerIDs
        let deadline = Monotonic.seconds() + 40
        var stableSince: Double?
        while Monotonic.seconds() < deadline {
            if trap?.interrupted == true { return }
            let ready = ids.allSatisfy { id in
                let log = readSmallFile("\(options.reportDirectory)/worker-\(id).log") ?? ""
                let lines = log.split(separator: "\n").filter { $0.contains(": assigned ") || $0.contains(": revoked ") }
                return lines.last?.contains(": assigned ") == true
            }
            if ready {
                if stableSince == nil { stableSince = Monotonic.seconds() }
                if Monotonic.seconds() - stableSince! >= 2 {
                    progress.event(nowMs, "engine group formed: every worker owns partitions")
                    return
                }
            } else {
                stableSince = nil
            }
            usleep(100_000)
        }
        progress.event(nowMs, "engine group not stable after 40 s; starting anyway", level: "warn")
    }

    func wrap<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RuntimeError { throw e } catch {
            throw RuntimeError.environment("cannot \(what): \(error)")
        }
    }

    func startWorkers() {
        let t = plan.scenario.tda.params
        var tda: [String] = []
        for (flag, name) in [("--window", "window"), ("--stride", "stride"), ("--embed", "embed"), ("--delay", "delay"), ("--maxdim", "maxdim")] {
            if let v = t[name]?.int64Value { tda += [flag, String(v)] }
        }
        if let th = t["threshold"]?.doubleValue { tda += ["--threshold", String(th)] }
        if case .list(let items)? = t["scales"] { tda += ["--scales", items.compactMap { $0.int64Value.map(String.init) }.joined(separator: ",")] }
        let base = ["engine", "--bootstrap", config.bootstrapServers, "--input", topics.input, "--output", topics.output,
                    "--acks", topics.acks, "--group", group] + tda + (options.engineDefect.map { ["--defect", $0] } ?? [])
        let routes = proxies.mapValues { config.routed(through: $0).routesDescription }
        supervisor = Supervisor(binary: options.selfBinary, workers: plan.scenario.workers, restartDelay: 1,
                                logDirectory: options.reportDirectory, clock: clock) { id in
            base + ["--worker-id", String(id), "--routes", routes[id] ?? ""]
        }
    }

    /// Always runs: reverts every fault, ends every child, stops the cluster. Returns problems.
    func teardown() -> [String] {
        let start = nowMs
        var problems = ledger.revertAll()
        generators?.stop()
        sampler?.stop()
        supervisor?.stopAll(grace: 5)
        collector?.stop()
        producer?.close(timeout: .seconds(5))
        let leftovers = ChildRegistry.shared.live
        if !leftovers.isEmpty {
            problems.append("ended \(leftovers.count) leftover child process(es): " + leftovers.map(\.name).joined(separator: ", "))
            ChildRegistry.shared.stopAll(grace: 2)
        }
        for p in proxies.values { p.stop() }
        generatorProxy?.stop()
        cluster?.stop()
        metricsServer?.stop()
        phaseTimes["teardown"] = (start, nowMs)
        progress.event(nowMs, "teardown done: faults reverted, \(leftovers.count) leftover process(es)")
        return problems
    }
}
