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
        let extra = try wrap("read \(KafkaConfig.propertiesEnvironmentVariable)") { try KafkaConfig.properties() }
        if !extra.isEmpty {
            let listed = extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            progress.event(nowMs, "client properties from \(KafkaConfig.propertiesEnvironmentVariable): \(listed)")
        }
        if let bootstrap = options.bootstrap {
            (brokerPorts, upstreamHost) = try setupExternal(bootstrap, properties: extra, partitions: partitions, replication: replication)
        } else {
            let c = try wrap("start the embedded Kafka cluster") { try EmbeddedKafkaCluster(brokers: brokers) }
            cluster = c
            config = c.clientConfig()
            config.properties.merge(extra) { _, new in new }
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
                              ledger: ledger, groups: [group, "chaosrun-acks-\(runID)"], packetFilter: try makePacketFilter(),
                              replicated: replication > 1)
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

    /// External cluster: reads the brokers, maps the scenario's `kafka.broker[N]` to the cluster's
    /// N-th broker by node id (node ids are the cluster's own: 1001, 111…), creates the topics
    /// and starts this run's groups at the topics' current ends. Returns the brokers' advertised
    /// ports by scenario index and the one host they share, as an IPv4 address for the proxies.
    func setupExternal(_ bootstrap: String, properties: [String: String], partitions: Int,
                       replication: Int) throws -> ([Int32: Int], String) {
        config = KafkaConfig(bootstrapServers: bootstrap, properties: properties)
        let admin = try wrap("connect to \(bootstrap)") { try KafkaAdmin(config: config) }
        defer { admin.close() }
        let meta = try wrap("read the cluster's metadata from \(bootstrap)") { try admin.metadata(timeout: .seconds(15)) }
        guard !meta.brokers.isEmpty else { throw RuntimeError.environment("\(bootstrap) reported no brokers") }
        let hosts = Set(meta.brokers.map(\.host))
        guard hosts.count == 1, let host = hosts.first else {
            throw RuntimeError.environment("the brokers are on several hosts (\(hosts.sorted().joined(separator: ", "))); "
                + "the fault proxies front one host only (docs/kafka.md, external mode)")
        }
        guard let address = Self.ipv4Address(of: host) else {
            throw RuntimeError.environment("cannot resolve the brokers' advertised host '\(host)' to an IPv4 address")
        }
        var ports: [Int32: Int] = [:]
        for (index, b) in meta.brokers.enumerated() { ports[Int32(index + 1)] = b.port }
        try checkBrokerTargets(count: meta.brokers.count)
        let described = meta.brokers.enumerated().map { "broker[\($0.offset + 1)] = node \($0.element.id) at \($0.element.host):\($0.element.port)" }
        progress.event(nowMs, "external cluster: " + described.joined(separator: ", "))
        let rf = min(replication, meta.brokers.count)
        let specs = [KafkaTopicSpec(name: topics.input, partitions: partitions, replicationFactor: rf),
                     KafkaTopicSpec(name: topics.output, partitions: partitions, replicationFactor: rf),
                     KafkaTopicSpec(name: topics.acks, partitions: 1, replicationFactor: rf)]
        try wrap("create topics") { try admin.createTopics(specs) }
        try wrap("wait for the topics") { try waitForTopics(admin, [topics.input, topics.acks]) }
        try wrap("start this run's groups at the topics' ends") { try startGroupsAtEnd(admin) }
        return (ports, address)
    }

    /// A broker fault aimed past the cluster's last broker is an environment error, not a no-op.
    func checkBrokerTargets(count: Int) throws {
        for e in plan.events where e.action == .inject && ["broker_crash", "broker_restart", "rolling_restart"].contains(e.kind ?? "") {
            for target in e.targets {
                if let id = FaultContext.brokerID(target), id < 1 || Int(id) > count {
                    throw RuntimeError.environment("\(target): the cluster at \(options.bootstrap ?? "") has \(count) broker(s)")
                }
            }
        }
    }

    /// A created topic is not readable everywhere at once; waits until each reports leaders.
    func waitForTopics(_ admin: KafkaAdmin, _ names: [String]) throws {
        let deadline = Monotonic.seconds() + 30
        while true {
            let meta = try admin.metadata(timeout: .seconds(10))
            let ready = names.allSatisfy { name in
                guard let t = meta.topic(name), t.error == nil, !t.partitions.isEmpty else { return false }
                return t.partitions.allSatisfy { $0.leader >= 0 && $0.error == nil }
            }
            if ready { return }
            if Monotonic.seconds() > deadline { throw RuntimeError.environment("topics \(names) have no leaders after 30 s") }
            usleep(200_000)
        }
    }

    /// An external cluster keeps the topics of earlier runs (their names are fixed by the
    /// scenario). The engine group and the ack collector start at the topics' current ends, so
    /// records of earlier runs are neither re-processed nor counted by this run's audit.
    func startGroupsAtEnd(_ admin: KafkaAdmin) throws {
        for (topic, group) in [(topics.input, self.group), (topics.acks, "chaosrun-acks-\(runID)")] {
            let marks = try admin.watermarks(topic: topic)
            let left = marks.reduce(Int64(0)) { $0 + $1.high - $1.low }
            guard marks.contains(where: { $0.high > 0 }) else { continue }
            let consumer = try KafkaConsumer(config: config, groupID: group, name: "setup-\(group)")
            defer { consumer.close() }
            try consumer.commit(marks.enumerated().map { KafkaPartitionOffset(topic: topic, partition: Int32($0.offset), offset: $0.element.high) })
            if left > 0 { progress.event(nowMs, "\(topic): \(left) record(s) of earlier runs skipped (group \(group) starts at the end)") }
        }
    }

    /// `host` as a dotted IPv4 address (itself if it already is one).
    static func ipv4Address(of host: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let sa = first.pointee.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let ok = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin -> Bool in
            var addr = sin.pointee.sin_addr
            return inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count)) != nil
        }
        return ok ? String(cString: buffer) : nil
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
                    "--acks", topics.acks, "--group", group, "--parent-pid", String(getpid())] + tda + (options.engineDefect.map { ["--defect", $0] } ?? [])
        let routes = proxies.mapValues { config.routed(through: $0).routesDescription }
        // The workers' clients get the run's client properties (the embedded cluster's, the user's
        // CHAOSRUN_KAFKA_PROPERTIES) through the same variable.
        let properties = config.properties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        supervisor = Supervisor(binary: options.selfBinary, workers: plan.scenario.workers, restartDelay: 1,
                                logDirectory: options.reportDirectory, clock: clock,
                                environment: [KafkaConfig.propertiesEnvironmentVariable: properties]) { id in
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
        if let c = producer?.counters, c.failed > 0 {
            // A record that failed delivery was lost by the client, not by the cluster: say which.
            let last = producer?.lastDeliveryError.map { ": \($0)" } ?? ""
            progress.event(nowMs, "generators' producer: \(c.failed) record(s) failed delivery, \(c.delivered) delivered\(last)", level: "warn")
        }
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
