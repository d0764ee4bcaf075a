// One librdkafka client instance (`rd_kafka_t`) and the Swift state its C callbacks reach.
//
// Callbacks get back to Swift through the handle's opaque pointer: an unretained
// `ClientContext` that the owning `KafkaHandle` keeps alive until after `rd_kafka_destroy`.
import CRdKafka
import Foundation

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Where librdkafka's log lines go: stderr for levels at or below `CHAOSRUN_KAFKA_LOG_LEVEL`
/// (syslog levels; default 2 = critical, since the faults chaosrun injects make librdkafka log
/// connection errors on purpose; errors are surfaced through `KafkaClientEvents` instead).
/// `CHAOSRUN_KAFKA_DEBUG` (librdkafka's `debug` contexts, e.g. `broker,protocol,eos`) turns on
/// librdkafka's debug logging in every client and raises the level to 7. Each line carries the
/// wall-clock time, so it can be matched against a run's event log.
enum KafkaLogSink {
    static let debugContexts: String? = {
        ProcessInfo.processInfo.environment["CHAOSRUN_KAFKA_DEBUG"].flatMap { $0.isEmpty ? nil : $0 }
    }()

    static let threshold: Int32 = {
        ProcessInfo.processInfo.environment["CHAOSRUN_KAFKA_LOG_LEVEL"].flatMap { Int32($0) } ?? (debugContexts == nil ? 2 : 7)
    }()

    static func write(level: Int32, facility: String, message: String, client: String) {
        guard level <= threshold else { return }
        FileHandle.standardError.write(Data("\(logTimestamp()) librdkafka[\(client)] \(level) \(facility): \(message)\n".utf8))
    }
}

/// The wall-clock time as ISO 8601 UTC with milliseconds (`2026-11-25T17:37:20.786Z`), the format
/// of a run's event lines, for log lines that must be matched against them.
public func logTimestamp() -> String {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    var t = tm()
    var seconds = ts.tv_sec
    gmtime_r(&seconds, &t)
    return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
                  Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), Int(ts.tv_nsec / 1_000_000))
}

/// Counters and recent errors of one client, readable from any thread.
public struct KafkaClientEvents: Sendable, Equatable {
    /// Client-level errors reported by librdkafka's `error_cb` (most are transient: librdkafka
    /// retries by itself).
    public var errorCount: Int = 0
    /// The most recent errors, oldest first (at most 32).
    public var recentErrors: [KafkaError] = []
    /// Whether librdkafka reported a fatal error (the client must be recreated).
    public var fatal: Bool = false
}

/// State shared between a Swift client wrapper and its C callbacks.
final class ClientContext: @unchecked Sendable {
    let name: String
    /// Broker port → proxy port (network byte order is handled in `connectCallback`). Immutable.
    let routes: [UInt16: UInt16]
    let events = Locked(KafkaClientEvents())
    /// Set by the producer before the handle exists; immutable afterwards.
    var delivery: DeliveryTracker?
    /// Set by the consumer before the handle exists; immutable afterwards.
    var rebalance: RebalanceState?

    init(name: String, routes: [Int: Int]) {
        self.name = name
        var map: [UInt16: UInt16] = [:]
        for (from, to) in routes { map[UInt16(truncatingIfNeeded: from)] = UInt16(truncatingIfNeeded: to) }
        self.routes = map
    }

    func recordError(_ error: KafkaError) {
        events.withLock { state in
            state.errorCount += 1
            state.recentErrors.append(error)
            if state.recentErrors.count > 32 { state.recentErrors.removeFirst() }
            if error.isFatal { state.fatal = true }
        }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Owns one `rd_kafka_t`. `destroy()` is idempotent; callers must not race it with other calls.
final class KafkaHandle: @unchecked Sendable {
    private(set) var pointer: OpaquePointer?
    let context: ClientContext

    enum Kind { case producer, consumer }

    init(kind: Kind, config: KafkaConfig, context: ClientContext) throws(KafkaError) {
        self.context = context
        let conf = try Self.makeConf(config)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        rd_kafka_conf_set_log_cb(conf, logCallback)
        if !context.routes.isEmpty { rd_kafka_conf_set_connect_cb(conf, connectCallback) }
        if context.delivery != nil { rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback) }
        if context.rebalance != nil { rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback) }

        var errstr = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        // On success rd_kafka_new takes ownership of conf; on failure it stays ours.
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw .client("cannot create Kafka client '\(context.name)': \(string(fromCBuffer: errstr))")
        }
        pointer = rk
    }

    static func makeConf(_ config: KafkaConfig) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw .client("rd_kafka_conf_new failed") }
        var errstr = [CChar](repeating: 0, count: 512)
        var properties = config.properties
        if let contexts = KafkaLogSink.debugContexts, properties["debug"] == nil { properties["debug"] = contexts }
        // Sorted for deterministic error messages.
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw .client("invalid Kafka setting \(key)=\(value): \(string(fromCBuffer: errstr))")
            }
        }
        return conf
    }

    /// The live handle, or `_DESTROY`/closed error.
    func live() throws(KafkaError) -> OpaquePointer {
        guard let pointer else {
            throw KafkaError(RD_KAFKA_RESP_ERR__DESTROY, context: "Kafka client '\(context.name)' is closed")
        }
        return pointer
    }

    func destroy() {
        guard let rk = pointer else { return }
        pointer = nil
        rd_kafka_destroy(rk)
    }

    deinit { destroy() }
}

// MARK: C callbacks (no captures: everything comes through the opaque pointer)

private let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    _, err, reason, opaque in
    guard let context = ClientContext.from(opaque) else { return }
    let code = rd_kafka_resp_err_t(rawValue: err)
    let text = reason.map { String(cString: $0) } ?? ""
    context.recordError(KafkaError(code: err, name: String(cString: rd_kafka_err2name(code)), message: text))
}

private let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard level <= KafkaLogSink.threshold else { return }
    let name = rk.flatMap { ClientContext.from(rd_kafka_opaque($0))?.name } ?? "?"
    KafkaLogSink.write(level: level, facility: facility.map { String(cString: $0) } ?? "",
                       message: message.map { String(cString: $0) } ?? "", client: name)
}

/// Connects to the proxy port instead of the broker port when the route map says so. The
/// socket is non-blocking: `EINPROGRESS` is success, librdkafka then waits for writability.
private let connectCallback: @convention(c) (Int32, UnsafePointer<sockaddr>?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32 = {
    fd, addr, addrlen, _, opaque in
    guard let addr else { return EINVAL }
    var result: Int32
    if let context = ClientContext.from(opaque), addr.pointee.sa_family == sa_family_t(AF_INET) {
        var target = UnsafeRawPointer(addr).loadUnaligned(as: sockaddr_in.self)
        let port = UInt16(bigEndian: target.sin_port)
        if let proxyPort = context.routes[port] {
            target.sin_port = proxyPort.bigEndian
            target.sin_addr.s_addr = inet_addr("127.0.0.1")
        }
        result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    } else {
        result = connect(fd, addr, socklen_t(addrlen))
    }
    if result == 0 { return 0 }
    let error = errno
    return error == EINPROGRESS ? 0 : error
}

private let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let message, let tracker = ClientContext.from(opaque)?.delivery else { return }
    tracker.record(message.pointee)
}

private let rebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
    rk, err, partitions, opaque in
    guard let rk, let state = ClientContext.from(opaque)?.rebalance else { return }
    state.handle(rk: rk, err: err, partitions: partitions)
}

/// A Swift string from a NUL-terminated C buffer.
func string(fromCBuffer buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
