// A fault-injecting TCP proxy: one loopback listener per broker, forwarding to the broker's
// real port, with partitions, latency and loss switched at run time. Plain POSIX sockets and
// one thread per connection (poll loop inside); no root needed.
//
// Semantics (docs/kafka.md, "Fault proxy"):
// - partition, `.blackhole`: nothing is forwarded in either direction; existing connections
//   stall with their data held (as when packets are dropped on the path), new connections are
//   accepted by the kernel but never reach the broker, so clients time out. On heal, held data
//   flows again and clients that timed out reconnect.
// - partition, `.reset`: existing connections are reset (RST) and new ones are reset on accept,
//   like a link whose far side answers with RST.
// - latency: each chunk read is released `delay ± jitter` later; order is kept (a chunk never
//   overtakes an earlier one), throughput is not capped.
// - loss: TCP never loses bytes, it retransmits; a lost segment shows as a stall. So each chunk
//   is, with probability `fraction`, held for a retransmission timeout (200 ms, doubling while
//   the retransmission is lost too), stalling the chunks behind it. Seeded: reproducible.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors of the fault proxy (socket setup).
public struct FaultProxyError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A TCP proxy in front of Kafka brokers that injects network faults. Thread-safe.
public final class FaultProxy: @unchecked Sendable {
    /// How a partition treats connections.
    public enum PartitionMode: Sendable, Equatable {
        /// Stall existing connections, let new ones hang (packets silently dropped).
        case blackhole
        /// Reset existing and new connections (RST).
        case reset
    }

    /// The faults currently applied.
    public struct Faults: Sendable, Equatable {
        public var partitioned = false
        public var mode = PartitionMode.blackhole
        public var delayNs: UInt64 = 0
        public var jitterNs: UInt64 = 0
        public var loss: Double = 0
    }

    /// Counters since start.
    public struct Stats: Sendable, Equatable {
        /// Bytes forwarded client → broker.
        public var bytesToBroker: UInt64 = 0
        /// Bytes forwarded broker → client.
        public var bytesToClient: UInt64 = 0
        public var connectionsAccepted: Int = 0
        public var connectionsActive: Int = 0
        /// Connections reset by a `.reset` partition or because the broker refused them.
        public var connectionsReset: Int = 0
        /// Chunks held back by emulated loss.
        public var chunksLost: UInt64 = 0
    }

    /// Upstream (broker) port → the proxy's listening port on 127.0.0.1.
    public let routes: [Int: Int]
    let upstreamHost: String
    let seed: UInt64
    /// Upstream port → the faults on that link.
    let faults = Locked<[Int: Faults]>([:])
    let counters = Locked(Stats())
    let stopping = Locked(false)
    private let threads = Locked(0)
    private let connectionSerial = Locked<UInt64>(0)
    private var listeners: [(fd: Int32, upstreamPort: Int)] = []

    /// Listens on a free loopback port for each upstream port.
    public init(upstreamPorts: [Int], upstreamHost: String = "127.0.0.1", seed: UInt64 = 1) throws(FaultProxyError) {
        self.upstreamHost = upstreamHost
        self.seed = seed
        var routes: [Int: Int] = [:]
        var opened: [(Int32, Int)] = []
        for upstream in upstreamPorts {
            do {
                let (fd, port) = try Self.listen()
                opened.append((fd, upstream))
                routes[upstream] = port
            } catch {
                for (fd, _) in opened { close(fd) }
                throw error
            }
        }
        self.routes = routes
        faults.withLock { table in for port in upstreamPorts { table[port] = Faults() } }
        listeners = opened.map { (fd: $0.0, upstreamPort: $0.1) }
        for listener in listeners { spawn { [self] in acceptLoop(listener.fd, upstreamPort: listener.upstreamPort) } }
    }

    /// A proxy in front of every broker of an embedded cluster.
    public convenience init(cluster: EmbeddedKafkaCluster, seed: UInt64 = 1) throws(FaultProxyError) {
        try self.init(upstreamPorts: cluster.brokerPorts.keys.sorted().compactMap { cluster.brokerPorts[$0] }, seed: seed)
    }

    // MARK: controls
    //
    // Each control applies to every proxied broker, or with `upstreamPort` to the link to one
    // broker only (e.g. `cluster.brokerPorts[2]` to cut the engine off broker 2 alone).

    /// Starts or ends a partition.
    public func setPartitioned(_ on: Bool, mode: PartitionMode = .blackhole, upstreamPort: Int? = nil) {
        update(upstreamPort) {
            $0.partitioned = on
            $0.mode = mode
        }
    }

    /// Adds `delay ± jitter` to every chunk in both directions (zero to clear).
    public func setLatency(_ delay: Duration, jitter: Duration = .zero, upstreamPort: Int? = nil) {
        let delayNs = UInt64(max(0, delay.milliseconds)) * 1_000_000
        let jitterNs = UInt64(max(0, jitter.milliseconds)) * 1_000_000
        update(upstreamPort) {
            $0.delayNs = delayNs
            $0.jitterNs = jitterNs
        }
    }

    /// Emulates packet loss: the fraction (0…1) of chunks that stall for a retransmission timeout.
    public func setLoss(_ fraction: Double, upstreamPort: Int? = nil) {
        let clamped = min(1, max(0, fraction.isNaN ? 0 : fraction))
        update(upstreamPort) { $0.loss = clamped }
    }

    /// Removes every fault from every link.
    public func heal() { faults.withLock { table in for key in table.keys { table[key] = Faults() } } }

    /// The faults on the link to one broker (the first proxied broker's when nil).
    public func currentFaults(upstreamPort: Int? = nil) -> Faults {
        faults.withLock { $0[upstreamPort ?? routes.keys.min() ?? 0] ?? Faults() }
    }

    public var stats: Stats { counters.withLock { $0 } }

    func faults(for upstreamPort: Int) -> Faults { faults.withLock { $0[upstreamPort] ?? Faults() } }

    private func update(_ upstreamPort: Int?, _ change: (inout Faults) -> Void) {
        faults.withLock { table in
            for key in table.keys where upstreamPort == nil || key == upstreamPort { change(&table[key]!) }
        }
    }

    /// Closes the listeners and every connection, and waits (up to 2 s) for the threads to end.
    public func stop() {
        let first = stopping.withLock { s -> Bool in
            defer { s = true }
            return !s
        }
        guard first else { return }
        let deadline = ContinuousClock.now + .seconds(2)
        while threads.withLock({ $0 }) > 0, ContinuousClock.now < deadline { usleep(5_000) }
        for listener in listeners { close(listener.fd) }
    }

    deinit { stop() }

    // MARK: internals

    func spawn(_ body: @escaping @Sendable () -> Void) {
        threads.withLock { $0 += 1 }
        let thread = Thread { [threads] in
            body()
            threads.withLock { $0 -= 1 }
        }
        thread.name = "chaosrun-fault-proxy"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func acceptLoop(_ listenFD: Int32, upstreamPort: Int) {
        while !stopping.withLock({ $0 }) {
            var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            let serial = connectionSerial.withLock { $0 += 1; return $0 }
            counters.withLock {
                $0.connectionsAccepted += 1
                $0.connectionsActive += 1
            }
            let connection = ProxyConnection(proxy: self, client: client, upstreamPort: upstreamPort,
                                             rngState: seed &+ serial &* 0x9E37_79B9_7F4A_7C15)
            spawn { connection.run() }
        }
    }

    private static func listen() throws(FaultProxyError) -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FaultProxyError(message: "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw FaultProxyError(message: "cannot listen on 127.0.0.1: \(message)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
