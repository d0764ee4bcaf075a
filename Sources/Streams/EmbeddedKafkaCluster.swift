// The embedded cluster: librdkafka's mock cluster on a dedicated handle in this process.
//
// The mock brokers speak the Kafka protocol on 127.0.0.1 ports, so other processes (kcat,
// engine workers) connect as to any cluster. Its limits are exposed as constants and queries
// rather than hidden; docs/kafka.md lists them.
import CRdKafka
import Foundation

/// An in-process Kafka cluster for runs without setup. Thread-safe.
public final class EmbeddedKafkaCluster: @unchecked Sendable {
    /// Bytes a mock partition keeps before deleting its oldest batches (fixed in librdkafka 2.0.2:
    /// no API or setting changes it). A reader further behind than this loses records; compare
    /// its position with `watermarks(topic:)` to detect it.
    public static let retainedBytesPerPartition = 5 * 1024 * 1024
    /// Batches (message sets, not records) a mock partition keeps, also fixed.
    public static let retainedBatchesPerPartition = 100_000

    /// Number of brokers; their ids are 1…brokerCount.
    public let brokerCount: Int
    /// `host:port,…` of every broker, in broker id order.
    public let bootstrapServers: String
    /// Broker id → its loopback port.
    public let brokerPorts: [Int32: Int]

    private let handle: KafkaHandle
    private var cluster: OpaquePointer?
    private let state = Locked(ClusterState())
    /// Held around every call into the mock cluster, so `stop()` never frees it mid-call.
    private let opLock = NSRecursiveLock()

    struct ClusterState {
        var down: Set<Int32> = []
        var rtt: [Int32: Int] = [:]
        /// topic → leader broker id per partition, as set by this object.
        var leaders: [String: [Int32]] = [:]
        var replication: [String: Int] = [:]
    }

    /// Starts `brokers` mock brokers on free loopback ports.
    public init(brokers: Int = 3) throws(KafkaError) {
        guard (1...64).contains(brokers) else { throw .client("an embedded cluster has 1…64 brokers, not \(brokers)") }
        brokerCount = brokers
        var config = KafkaConfig(bootstrapServers: "")
        config.properties = ["client.id": "chaosrun-embedded-cluster"]
        handle = try KafkaHandle(kind: .producer, config: config, context: ClientContext(name: "embedded-cluster", routes: [:]))
        guard let mc = rd_kafka_mock_cluster_new(try handle.live(), Int32(brokers)) else {
            throw .client("librdkafka could not start a mock cluster")
        }
        cluster = mc
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mc))
        var ports: [Int32: Int] = [:]
        for (index, server) in bootstrapServers.split(separator: ",").enumerated() {
            if let port = server.split(separator: ":").last.flatMap({ Int($0) }) { ports[Int32(index + 1)] = port }
        }
        brokerPorts = ports
    }

    /// A client configuration for this cluster (IPv4 only: the brokers listen on 127.0.0.1).
    public func clientConfig() -> KafkaConfig {
        KafkaConfig(bootstrapServers: bootstrapServers, properties: Self.clientProperties)
    }

    /// Settings every client of the mock cluster needs. The brokers listen on IPv4 loopback only.
    /// Producers are at-least-once without idempotence: the mock does not check producer sequence
    /// numbers for gaps, so when a broker goes down with a produce request in flight and its
    /// partitions move, the idempotent producer's later batch is accepted by the new leader and
    /// the lost one is "implicitly acknowledged" — silently lost (measured: 14 records in a
    /// cascade run; librdkafka logs IMPLICITACK). Without idempotence the lost request is retried,
    /// and one request in flight per connection keeps the order; a retry may duplicate records,
    /// which the audit counts apart (docs/decisions.md, "No idempotent producers on the mock").
    public static let clientProperties: [String: String] = [
        "broker.address.family": "v4",
        "enable.idempotence": "false",
        "max.in.flight.requests.per.connection": "1",
    ]

    private func live() throws(KafkaError) -> OpaquePointer {
        guard let cluster else { throw KafkaError(RD_KAFKA_RESP_ERR__DESTROY, context: "embedded cluster is stopped") }
        return cluster
    }

    private func checkBroker(_ id: Int32) throws(KafkaError) {
        guard (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__UNKNOWN_BROKER, context: "broker \(id) (the cluster has brokers 1…\(brokerCount))")
        }
    }

    // MARK: topics

    /// Creates a topic with leaders spread round-robin over the brokers (partition p is led by
    /// broker p mod N + 1), so runs are reproducible. `replicationFactor` defaults to min(3, N).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int? = nil) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        let rf = min(replicationFactor ?? min(3, brokerCount), brokerCount)
        guard partitions > 0 else { throw .client("topic \(name) needs at least one partition") }
        if let error = KafkaError.check(rd_kafka_mock_topic_create(mc, name, Int32(partitions), Int32(rf)), "create topic \(name)") {
            throw error
        }
        var leaders: [Int32] = []
        for p in 0..<partitions {
            let leader = Int32(p % brokerCount + 1)
            if let error = KafkaError.check(rd_kafka_mock_partition_set_leader(mc, name, Int32(p), leader), "set leader of \(name)[\(p)]") {
                throw error
            }
            leaders.append(leader)
        }
        state.withLock {
            $0.leaders[name] = leaders
            $0.replication[name] = rf
        }
    }

    /// Leader broker id per partition of a topic created here (as last set by this object).
    public func leaders(of topic: String) -> [Int32] { state.withLock { $0.leaders[topic] ?? [] } }

    /// Makes `broker` the leader of one partition (-1: leaderless). Clients find out through
    /// NOT_LEADER errors and a metadata refresh, as with a real failover.
    public func movePartitionLeader(topic: String, partition: Int32, to broker: Int32) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        if broker != -1 { try checkBroker(broker) }
        if let error = KafkaError.check(rd_kafka_mock_partition_set_leader(mc, topic, partition, broker), "move leader of \(topic)[\(partition)]") {
            throw error
        }
        state.withLock { s in
            if var leaders = s.leaders[topic], Int(partition) < leaders.count {
                leaders[Int(partition)] = broker
                s.leaders[topic] = leaders
            }
        }
    }

    // MARK: brokers

    /// Takes a broker down: its connections close and new ones are refused. Leaders do NOT move
    /// (the mock has no controller); use `crashBroker(_:failover:)` for a failover.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        try checkBroker(id)
        if let error = KafkaError.check(rd_kafka_mock_broker_set_down(mc, id), "broker \(id) down") { throw error }
        state.withLock { _ = $0.down.insert(id) }
    }

    /// Brings a broker back up.
    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        try checkBroker(id)
        if let error = KafkaError.check(rd_kafka_mock_broker_set_up(mc, id), "broker \(id) up") { throw error }
        state.withLock { _ = $0.down.remove(id) }
    }

    /// Takes a broker down and, with `failover`, moves each partition it leads to the next broker
    /// that is up (what a real cluster's controller would do). Returns the partitions moved.
    @discardableResult
    public func crashBroker(_ id: Int32, failover: Bool = true) throws(KafkaError) -> [KafkaTopicPartition] {
        try setBrokerDown(id)
        guard failover else { return [] }
        let (leaders, down) = state.withLock { ($0.leaders, $0.down) }
        var moved: [KafkaTopicPartition] = []
        for (topic, partitionLeaders) in leaders.sorted(by: { $0.key < $1.key }) {
            for (p, leader) in partitionLeaders.enumerated() where leader == id {
                guard let target = (1...Int32(brokerCount)).map({ (id + $0 - 1) % Int32(brokerCount) + 1 })
                    .first(where: { !down.contains($0) && $0 != id }) else { continue }
                try movePartitionLeader(topic: topic, partition: Int32(p), to: target)
                moved.append(KafkaTopicPartition(topic: topic, partition: Int32(p)))
            }
        }
        return moved
    }

    /// Broker ids currently down.
    public var brokersDown: Set<Int32> { state.withLock { $0.down } }

    /// Delays every response of a broker by `milliseconds` (0 to clear).
    public func setRTT(broker id: Int32, milliseconds: Int) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        try checkBroker(id)
        if let error = KafkaError.check(rd_kafka_mock_broker_set_rtt(mc, id, Int32(clamping: milliseconds)), "RTT of broker \(id)") {
            throw error
        }
        state.withLock { $0.rtt[id] = milliseconds }
    }

    /// Makes the group coordinator of `group` a given broker (the mock picks one by hash
    /// otherwise, and does not move it when that broker goes down).
    public func moveCoordinator(group: String, to broker: Int32) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        try checkBroker(broker)
        if let error = KafkaError.check(rd_kafka_mock_coordinator_set(mc, "group", group, broker), "coordinator of \(group)") {
            throw error
        }
    }

    // MARK: request errors

    /// The next `errors.count` requests of this type (cluster-wide) fail with these errors, in order.
    public func pushRequestErrors(_ request: KafkaRequestType, _ errors: [KafkaProtocolError]) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        codes.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(mc, request.rawValue, $0.count, $0.baseAddress) }
    }

    /// The next `count` requests of this type make the broker drop the connection.
    public func pushDisconnects(_ request: KafkaRequestType, count: Int) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        let mc = try live()
        let codes = Array(repeating: RD_KAFKA_RESP_ERR__TRANSPORT, count: count)
        codes.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(mc, request.rawValue, $0.count, $0.baseAddress) }
    }

    /// Forgets request errors still queued for this request type.
    public func clearRequestErrors(_ request: KafkaRequestType) throws(KafkaError) {
        opLock.lock()
        defer { opLock.unlock() }
        rd_kafka_mock_clear_request_errors(try live(), request.rawValue)
    }

    // MARK: lifecycle

    /// Whether `stop()` has run.
    public var isStopped: Bool {
        opLock.lock()
        defer { opLock.unlock() }
        return cluster == nil
    }

    /// Stops every broker (clients see their connections close) and frees the cluster. Idempotent.
    public func stop() {
        opLock.lock()
        defer { opLock.unlock() }
        guard let mc = cluster else { return }
        cluster = nil
        rd_kafka_mock_cluster_destroy(mc)
        handle.destroy()
    }

    deinit { stop() }
}
