// Admin operations: create topics, cluster metadata, partition watermarks.
import CRdKafka
import Foundation

/// A topic to create.
public struct KafkaTopicSpec: Sendable, Equatable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic-level configs (`retention.ms`, `segment.bytes`, …).
    public var configs: [String: String]
    public init(name: String, partitions: Int, replicationFactor: Int = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// A broker as the cluster advertises it.
public struct KafkaBrokerInfo: Sendable, Equatable {
    public let id: Int32
    public let host: String
    public let port: Int
}

/// One partition's leader and replicas.
public struct KafkaPartitionInfo: Sendable, Equatable {
    public let id: Int32
    /// Leader broker id, -1 when leaderless.
    public let leader: Int32
    public let replicas: [Int32]
    public let inSyncReplicas: [Int32]
    public let error: KafkaError?
}

/// A topic and its partitions, sorted by partition id.
public struct KafkaTopicInfo: Sendable, Equatable {
    public let name: String
    public let partitions: [KafkaPartitionInfo]
    public let error: KafkaError?
}

/// Cluster metadata: brokers and topics sorted by id and name.
public struct KafkaMetadata: Sendable, Equatable {
    public let brokers: [KafkaBrokerInfo]
    public let topics: [KafkaTopicInfo]
    public func topic(_ name: String) -> KafkaTopicInfo? { topics.first { $0.name == name } }
}

/// A partition's offset range: `low` is the first offset still stored, `high` the next offset
/// to be written. `high - low` records are readable; a `low` above what a reader has consumed
/// means records were deleted before it read them.
public struct KafkaWatermarks: Sendable, Equatable {
    public let low: Int64
    public let high: Int64
}

/// Admin client. Thread-safe.
public final class KafkaAdmin: @unchecked Sendable {
    private let handle: KafkaHandle

    public init(config: KafkaConfig, name: String = "admin") throws(KafkaError) {
        var effective = config.applyingDefaults(KafkaConfig.commonDefaults)
        if effective.clientID == nil { effective.clientID = "chaosrun-\(name)" }
        handle = try KafkaHandle(kind: .producer, config: effective, context: ClientContext(name: name, routes: effective.routes))
    }

    /// Creates topics; with `ifNotExists`, an existing topic is not an error.
    public func createTopics(_ specs: [KafkaTopicSpec], ifNotExists: Bool = true,
                             timeout: Duration = .seconds(30)) throws(KafkaError) {
        guard !specs.isEmpty else { return }
        let rk = try handle.live()
        rd_kafka_poll(rk, 0)
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
        for spec in specs {
            guard let nt = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errstr, errstr.count) else {
                throw .client("topic \(spec.name): \(string(fromCBuffer: errstr))")
            }
            newTopics.append(nt)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                if let error = KafkaError.check(rd_kafka_NewTopic_set_config(nt, key, value), "topic \(spec.name) config \(key)") { throw error }
            }
        }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        let ms = Int32(clamping: timeout.milliseconds)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, ms, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, ms, &errstr, errstr.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(rk, $0.baseAddress, $0.count, options, queue) }
        guard let event = rd_kafka_queue_poll(queue, ms + 1000) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context: "create topics")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(code: eventError.rawValue, name: String(cString: rd_kafka_err2name(eventError)),
                             message: "create topics: \(Optional(rd_kafka_event_error_string(event)).map { String(cString: $0) } ?? "")")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for i in 0..<count {
            let err = rd_kafka_topic_result_error(results[i])
            if err == RD_KAFKA_RESP_ERR_NO_ERROR || (ifNotExists && err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) { continue }
            let name = String(cString: rd_kafka_topic_result_name(results[i]))
            let text = rd_kafka_topic_result_error_string(results[i]).map { String(cString: $0) } ?? ""
            throw KafkaError(err, context: "create topic \(name) \(text)")
        }
    }

    /// Brokers and every topic of the cluster.
    public func metadata(timeout: Duration = .seconds(10)) throws(KafkaError) -> KafkaMetadata {
        let rk = try handle.live()
        rd_kafka_poll(rk, 0)
        var md: UnsafePointer<rd_kafka_metadata>?
        if let error = KafkaError.check(rd_kafka_metadata(rk, 1, nil, &md, Int32(clamping: timeout.milliseconds)), "metadata") {
            throw error
        }
        guard let md else { throw .client("metadata: empty response") }
        defer { rd_kafka_metadata_destroy(md) }
        return convert(md.pointee)
    }

    /// The low and high watermarks of one partition, asked of its leader.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws(KafkaError) -> KafkaWatermarks {
        let rk = try handle.live()
        var low: Int64 = -1, high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, Int32(clamping: timeout.milliseconds))
        if let error = KafkaError.check(err, "watermarks of \(topic)[\(partition)]") { throw error }
        return KafkaWatermarks(low: low, high: high)
    }

    /// Watermarks of every partition of a topic, indexed by partition id.
    public func watermarks(topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> [KafkaWatermarks] {
        guard let info = try metadata(timeout: timeout).topic(topic), info.error == nil else {
            throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "watermarks of \(topic)")
        }
        var result: [KafkaWatermarks] = []
        for p in info.partitions { result.append(try watermarks(topic: topic, partition: p.id, timeout: timeout)) }
        return result
    }

    /// Client errors librdkafka reported.
    public var events: KafkaClientEvents { handle.context.events.withLock { $0 } }

    public func close() { handle.destroy() }
    deinit { close() }
}

private func convert(_ md: rd_kafka_metadata) -> KafkaMetadata {
    let brokers = (0..<Int(md.broker_cnt)).map { i in
        KafkaBrokerInfo(id: md.brokers[i].id, host: String(cString: md.brokers[i].host), port: Int(md.brokers[i].port))
    }.sorted { $0.id < $1.id }
    let topics = (0..<Int(md.topic_cnt)).map { i -> KafkaTopicInfo in
        let t = md.topics[i]
        let partitions = (0..<Int(t.partition_cnt)).map { j -> KafkaPartitionInfo in
            let p = t.partitions[j]
            return KafkaPartitionInfo(
                id: p.id, leader: p.leader,
                replicas: (0..<Int(p.replica_cnt)).map { p.replicas[$0] },
                inSyncReplicas: (0..<Int(p.isr_cnt)).map { p.isrs[$0] },
                error: KafkaError.check(p.err, "partition \(p.id)"))
        }.sorted { $0.id < $1.id }
        return KafkaTopicInfo(name: String(cString: t.topic), partitions: partitions,
                              error: KafkaError.check(t.err, "topic \(String(cString: t.topic))"))
    }.sorted { $0.name < $1.name }
    return KafkaMetadata(brokers: brokers, topics: topics)
}
