import Foundation

/// Client configuration: librdkafka properties as strings, typed helpers for the ones chaosrun
/// cares about, and an optional route map that sends broker connections through a `FaultProxy`.
///
/// Defaults that matter under faults are applied by `KafkaProducer` and `KafkaConsumer` unless
/// the key is already set here (see `KafkaConfig.commonDefaults` and docs/kafka.md).
public struct KafkaConfig: Sendable, Equatable {
    /// librdkafka properties (`CONFIGURATION.md` names). Keys here win over chaosrun's defaults.
    public var properties: [String: String]
    /// Broker port → proxy port on 127.0.0.1; every connection a client makes to a mapped port
    /// goes to the proxy instead (installed as librdkafka's `connect_cb`).
    public var routes: [Int: Int]

    public init(bootstrapServers: String, properties: [String: String] = [:], routes: [Int: Int] = [:]) {
        self.properties = properties
        self.routes = routes
        self.properties["bootstrap.servers"] = bootstrapServers
    }

    /// `bootstrap.servers`: `host:port[,host:port…]`.
    public var bootstrapServers: String {
        get { properties["bootstrap.servers"] ?? "" }
        set { properties["bootstrap.servers"] = newValue }
    }

    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// A copy with one property set.
    public func with(_ key: String, _ value: String) -> KafkaConfig {
        var copy = self
        copy.properties[key] = value
        return copy
    }

    // MARK: typed helpers

    public var clientID: String? {
        get { properties["client.id"] }
        set { properties["client.id"] = newValue }
    }
    public var groupID: String? {
        get { properties["group.id"] }
        set { properties["group.id"] = newValue }
    }
    /// `linger.ms`: how long the producer waits to fill a batch.
    public var lingerMs: Int? {
        get { properties["linger.ms"].flatMap { Int($0) } }
        set { properties["linger.ms"] = newValue.map(String.init) }
    }
    /// `delivery.timeout.ms` (alias `message.timeout.ms`): after this a record fails delivery.
    public var deliveryTimeoutMs: Int? {
        get { properties["delivery.timeout.ms"].flatMap { Int($0) } }
        set { properties["delivery.timeout.ms"] = newValue.map(String.init) }
    }
    /// `session.timeout.ms`: how long a silent group member keeps its partitions.
    public var sessionTimeoutMs: Int? {
        get { properties["session.timeout.ms"].flatMap { Int($0) } }
        set { properties["session.timeout.ms"] = newValue.map(String.init) }
    }
    /// `auto.offset.reset` for a group without committed offsets.
    public var startFromEarliest: Bool {
        get { properties["auto.offset.reset"].map { $0 == "earliest" || $0 == "smallest" } ?? true }
        set { properties["auto.offset.reset"] = newValue ? "earliest" : "latest" }
    }

    // MARK: routing through a fault proxy

    /// Routes this client's connections to every broker the proxy fronts through the proxy.
    public mutating func routeThrough(_ proxy: FaultProxy) {
        for (upstream, local) in proxy.routes { routes[upstream] = local }
    }

    /// A copy routed through the proxy.
    public func routed(through proxy: FaultProxy) -> KafkaConfig {
        var copy = self
        copy.routeThrough(proxy)
        return copy
    }

    /// The route map in the form of `CHAOSRUN_KAFKA_ROUTE` (`9092=40001,9093=40002`), for child
    /// processes; sorted so it is deterministic.
    public var routesDescription: String {
        routes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Parses `9092=40001,9093=40002`; `nil` when malformed.
    public static func parseRoutes(_ text: String) -> [Int: Int]? {
        var result: [Int: Int] = [:]
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = item.split(separator: "=")
            guard parts.count == 2,
                  let from = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                  let to = Int(parts[1].trimmingCharacters(in: .whitespaces)),
                  (1...65535).contains(from), (1...65535).contains(to) else { return nil }
            result[from] = to
        }
        return result
    }

    // MARK: environment

    /// `CHAOSRUN_KAFKA_BOOTSTRAP`: bootstrap servers of an external cluster.
    public static let bootstrapEnvironmentVariable = "CHAOSRUN_KAFKA_BOOTSTRAP"
    /// `CHAOSRUN_KAFKA_ROUTE`: a route map (`routesDescription`) for processes started behind a proxy.
    public static let routeEnvironmentVariable = "CHAOSRUN_KAFKA_ROUTE"

    /// `CHAOSRUN_KAFKA_PROPERTIES`: librdkafka properties for every client, `key=value` pairs
    /// separated by `;` (`fetch.wait.max.ms=500;linger.ms=50`); they win over chaosrun's defaults.
    public static let propertiesEnvironmentVariable = "CHAOSRUN_KAFKA_PROPERTIES"

    /// Parses `CHAOSRUN_KAFKA_PROPERTIES`; throws when a pair has no `=` or an empty key.
    public static func properties(
        fromEnvironment environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KafkaError) -> [String: String] {
        guard let text = environment[propertiesEnvironmentVariable] else { return [:] }
        var result: [String: String] = [:]
        for item in text.split(separator: ";") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let eq = item.firstIndex(of: "="), !item[..<eq].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .client("\(propertiesEnvironmentVariable) must look like 'key=value;key=value', found '\(item)'")
            }
            result[item[..<eq].trimmingCharacters(in: .whitespaces)] = String(item[item.index(after: eq)...])
        }
        return result
    }

    /// The configuration the environment asks for: `explicit` bootstrap servers (from a
    /// `--bootstrap` option) win over `CHAOSRUN_KAFKA_BOOTSTRAP`; `nil` when neither is set.
    /// `CHAOSRUN_KAFKA_PROPERTIES` adds librdkafka properties. Throws when `CHAOSRUN_KAFKA_ROUTE`
    /// or `CHAOSRUN_KAFKA_PROPERTIES` is malformed.
    public static func fromEnvironment(
        bootstrap explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KafkaError) -> KafkaConfig? {
        guard let servers = explicit ?? environment[bootstrapEnvironmentVariable], !servers.isEmpty else {
            return nil
        }
        var config = KafkaConfig(bootstrapServers: servers, properties: try properties(fromEnvironment: environment))
        if let text = environment[routeEnvironmentVariable], !text.isEmpty {
            guard let routes = parseRoutes(text) else {
                throw .client("\(routeEnvironmentVariable) must look like '9092=40001,9093=40002', found '\(text)'")
            }
            config.routes = routes
        }
        return config
    }

    // MARK: defaults chosen for chaos runs (docs/kafka.md explains each)

    /// Settings for every client: quick reconnects and bounded socket waits, so that recovery
    /// after a fault is measured in the system under test rather than in client back-off.
    public static let commonDefaults: [String: String] = [
        "reconnect.backoff.ms": "100",
        "reconnect.backoff.max.ms": "2000",
        "socket.timeout.ms": "10000",
        "socket.connection.setup.timeout.ms": "10000",
        "socket.keepalive.enable": "true",
        "topic.metadata.refresh.interval.ms": "10000",
        "retry.backoff.ms": "100",
    ]

    /// Producer settings: idempotent (acks=all, ordered, no duplicates from retries), small
    /// linger for batching, a delivery timeout longer than any planned outage.
    public static let producerDefaults: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "linger.ms": "5",
        "batch.num.messages": "10000",
        "delivery.timeout.ms": "300000",
        "request.timeout.ms": "30000",
        "queue.buffering.max.messages": "1000000",
        "queue.buffering.max.kbytes": "1048576",
        "compression.codec": "none",
    ]

    /// Consumer settings: manual commits only, eager round-robin assignment, a 10 s session
    /// timeout so a crashed member's partitions move quickly, short fetch waits for latency.
    public static let consumerDefaults: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "auto.offset.reset": "earliest",
        "partition.assignment.strategy": "roundrobin",
        "session.timeout.ms": "10000",
        "heartbeat.interval.ms": "1000",
        "max.poll.interval.ms": "180000",
        "fetch.wait.max.ms": "100",
        "allow.auto.create.topics": "false",
    ]

    /// This configuration with `defaults` filled in where no value is set.
    func applyingDefaults(_ defaults: [String: String]...) -> KafkaConfig {
        var copy = self
        for table in defaults {
            for (key, value) in table where copy.properties[key] == nil {
                if key == "delivery.timeout.ms", copy.properties["message.timeout.ms"] != nil { continue }
                copy.properties[key] = value
            }
        }
        return copy
    }
}
