// One proxied connection: a poll loop moving bytes both ways through release-time queues.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes read from one side, waiting for their release time before being written to the other.
private struct Lane {
    var chunks: [(due: UInt64, bytes: [UInt8])] = []
    var head = 0          // index of the first unsent chunk
    var offset = 0        // bytes of chunks[head] already written
    var queued = 0        // bytes waiting
    var lastDue: UInt64 = 0
    var eof = false

    var isEmpty: Bool { head == chunks.count }
    var nextDue: UInt64? { isEmpty ? nil : chunks[head].due }

    mutating func compact() {
        if head > 64, head * 2 > chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }
}

final class ProxyConnection: @unchecked Sendable {
    private let proxy: FaultProxy  // strong: the proxy outlives its connections (stop() waits for them)
    private let client: Int32
    private var upstream: Int32 = -1
    private let upstreamPort: Int
    private var rng: UInt64
    private var consecutiveLosses = 0
    /// Stop reading a side while this many bytes from it wait to be sent (backpressure).
    private static let maxQueued = 4 << 20
    private static let retransmissionTimeoutNs: UInt64 = 200_000_000

    init(proxy: FaultProxy, client: Int32, upstreamPort: Int, rngState: UInt64) {
        self.proxy = proxy
        self.client = client
        self.upstreamPort = upstreamPort
        self.rng = rngState
    }

    func run() {
        defer { finish() }
        guard waitWhilePartitionedBeforeConnect(), connectUpstream() else { return }
        setNonBlocking(client)
        setNonBlocking(upstream)
        pump()
    }

    private func finish() {
        if upstream >= 0 { close(upstream) }
        close(client)
        proxy.counters.withLock { $0.connectionsActive -= 1 }
    }

    /// While partitioned, a new connection never reaches the broker. Returns false when the
    /// connection should end (reset mode, proxy stopping, or the client gave up).
    private func waitWhilePartitionedBeforeConnect() -> Bool {
        while true {
            if proxy.stopping.withLock({ $0 }) { return false }
            let faults = proxy.faults(for: upstreamPort)
            guard faults.partitioned else { return true }
            if faults.mode == .reset {
                reset(client)
                return false
            }
            var pfd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 20) > 0 {
                var byte: UInt8 = 0
                if recv(client, &byte, 1, Int32(MSG_PEEK)) <= 0 { return false }  // client closed
                usleep(20_000)
            }
        }
    }

    private func connectUpstream() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr(proxy.upstreamHost)
        addr.sin_port = UInt16(upstreamPort).bigEndian
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            reset(client)  // the broker refused: pass the refusal on
            return false
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        upstream = fd
        return true
    }

    private func pump() {
        var toBroker = Lane()
        var toClient = Lane()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !proxy.stopping.withLock({ $0 }) {
            let faults = proxy.faults(for: upstreamPort)
            if faults.partitioned {
                if faults.mode == .reset {
                    reset(client)
                    reset(upstream)
                    return
                }
                usleep(20_000)  // blackhole: hold everything
                continue
            }
            let now = monotonicNanos()
            var fds = [
                pollfd(fd: client, events: events(read: &toBroker, write: toClient, now: now), revents: 0),
                pollfd(fd: upstream, events: events(read: &toClient, write: toBroker, now: now), revents: 0),
            ]
            let nextDue = [toBroker.nextDue, toClient.nextDue].compactMap { $0 }.filter { $0 > now }.min()
            let waitMs = nextDue.map { Int32(min(20, ($0 - now) / 1_000_000 + 1)) } ?? 20
            guard poll(&fds, 2, waitMs) >= 0 || errno == EINTR else { return }
            let now2 = monotonicNanos()
            let current = proxy.faults(for: upstreamPort)  // faults set while polling apply to what it read
            // Reads.
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, !toBroker.eof, toBroker.queued < Self.maxQueued {
                if !read(from: client, into: &toBroker, buffer: &buffer, now: now2, faults: current) { return }
            }
            if fds[1].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, !toClient.eof, toClient.queued < Self.maxQueued {
                if !read(from: upstream, into: &toClient, buffer: &buffer, now: now2, faults: current) { return }
            }
            // Writes of due chunks.
            if !flush(&toBroker, to: upstream, now: now2, toBroker: true) { return }
            if !flush(&toClient, to: client, now: now2, toBroker: false) { return }
            // A side that closed ends the connection once what it sent has been delivered.
            if (toBroker.eof && toBroker.isEmpty) || (toClient.eof && toClient.isEmpty) { return }
        }
    }

    private func events(read lane: inout Lane, write out: Lane, now: UInt64) -> Int16 {
        var e: Int16 = 0
        if !lane.eof, lane.queued < Self.maxQueued { e |= Int16(POLLIN) }
        if let due = out.nextDue, due <= now { e |= Int16(POLLOUT) }
        return e
    }

    /// Reads one chunk into the lane with its release time. False on a hard error.
    private func read(from fd: Int32, into lane: inout Lane, buffer: inout [UInt8], now: UInt64, faults: FaultProxy.Faults) -> Bool {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 {
            lane.eof = true
            return true
        }
        if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }
        var due = now + faults.delayNs
        if faults.jitterNs > 0 {
            let span = 2 * faults.jitterNs + 1
            due = due + nextRandom() % span - min(faults.jitterNs, due)
        }
        if faults.loss > 0, uniform() < faults.loss {
            var penalty = Self.retransmissionTimeoutNs << UInt64(min(consecutiveLosses, 4))
            while uniform() < faults.loss, penalty < 3_200_000_000 { penalty *= 2 }
            consecutiveLosses += 1
            due += penalty
            proxy.counters.withLock { $0.chunksLost += 1 }
        } else {
            consecutiveLosses = 0
        }
        due = max(due, lane.lastDue)  // never overtake an earlier chunk
        lane.lastDue = due
        lane.chunks.append((due: due, bytes: Array(buffer[0..<n])))
        lane.queued += n
        return true
    }

    /// Writes due chunks until the socket would block. False on a hard error.
    private func flush(_ lane: inout Lane, to fd: Int32, now: UInt64, toBroker: Bool) -> Bool {
        var sent = 0
        defer {
            if sent > 0 {
                proxy.counters.withLock { toBroker ? ($0.bytesToBroker += UInt64(sent)) : ($0.bytesToClient += UInt64(sent)) }
            }
            lane.compact()
        }
        while let due = lane.nextDue, due <= now {
            let chunk = lane.chunks[lane.head].bytes
            let n = chunk.withUnsafeBytes { send(fd, $0.baseAddress! + lane.offset, $0.count - lane.offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR }
            sent += n
            lane.queued -= n
            lane.offset += n
            if lane.offset == chunk.count {
                lane.chunks[lane.head].bytes = []
                lane.head += 1
                lane.offset = 0
            } else {
                return true
            }
        }
        return true
    }

    private func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        proxy.counters.withLock { $0.connectionsReset += 1 }
    }

    private func nextRandom() -> UInt64 {  // SplitMix64
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func uniform() -> Double { Double(nextRandom() >> 11) / Double(1 << 53) }
}

private func setNonBlocking(_ fd: Int32) {
    let flags = fcntl(fd, F_GETFL, 0)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
}

func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
