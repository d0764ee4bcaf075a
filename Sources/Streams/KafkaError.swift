import CRdKafka

/// An error from librdkafka (or from this wrapper), with librdkafka's code, name and text.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value; negative codes are client-side, positive are
    /// Kafka protocol errors.
    public let code: Int32
    /// librdkafka's symbolic name without the `RD_KAFKA_RESP_ERR_` prefix, e.g. `_TIMED_OUT`.
    public let name: String
    /// A human-readable message: librdkafka's text, or more specific context when known.
    public let message: String

    public init(code: Int32, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }

    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        code = err.rawValue
        name = String(cString: rd_kafka_err2name(err))
        let text = String(cString: rd_kafka_err2str(err))
        message = context.map { "\($0): \(text)" } ?? text
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer, context: String? = nil) {
        let err = rd_kafka_error_code(error)
        code = err.rawValue
        name = String(cString: rd_kafka_err2name(err))
        let text = String(cString: rd_kafka_error_string(error))
        message = context.map { "\($0): \(text)" } ?? text
        rd_kafka_error_destroy(error)
    }

    /// An error raised by this wrapper rather than by librdkafka (invalid configuration etc.).
    static func client(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, name: "_INVALID_ARG", message: message)
    }

    /// `nil` for `RD_KAFKA_RESP_ERR_NO_ERROR`, the error otherwise.
    static func check(_ err: rd_kafka_resp_err_t, _ context: @autoclosure () -> String) -> KafkaError? {
        err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err, context: context())
    }

    public var description: String { "\(message) (\(name), \(code))" }

    // Codes callers commonly branch on.
    public static let timedOutCode = RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue
    public static let queueFullCode = RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue
    public static let unknownTopicCode = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue
    public static let unknownPartitionCode = RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION.rawValue
    public static let topicAlreadyExistsCode = RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS.rawValue
    public static let allBrokersDownCode = RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue
    public static let notLeaderCode = RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue

    /// A commit refused because the group is rebalancing (or this member's generation ended):
    /// not a failure of the record processing. Keep the positions; the revoke handler (or the
    /// next commit after the rebalance) commits them, or the new owner re-reads them.
    public var isRebalanceInProgress: Bool {
        [RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
         RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR__STATE].map(\.rawValue).contains(code)
    }

    /// Whether librdkafka classes this as fatal for the client instance (idempotence broken).
    public var isFatal: Bool { code == RD_KAFKA_RESP_ERR__FATAL.rawValue }
}

/// Kafka protocol error codes that `EmbeddedKafkaCluster.pushRequestErrors` can inject.
public enum KafkaProtocolError: Int32, Sendable, CaseIterable {
    case notLeaderForPartition = 6
    case requestTimedOut = 7
    case brokerNotAvailable = 8
    case notEnoughReplicas = 19
    case notEnoughReplicasAfterAppend = 20
    case notCoordinator = 16
    case coordinatorNotAvailable = 15
    case coordinatorLoadInProgress = 14
    case rebalanceInProgress = 27
    case unknownTopicOrPartition = 3
    case networkException = 13
}

/// Kafka request types (API keys) the error injection targets.
public enum KafkaRequestType: Int16, Sendable, CaseIterable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case syncGroup = 14
    case initProducerId = 22
}

/// The librdkafka linked at run time.
public enum Librdkafka {
    /// e.g. "2.0.2".
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
