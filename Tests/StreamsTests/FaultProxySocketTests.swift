import Foundation
import Testing
@testable import Streams
#if canImport(Glibc)
import Glibc
#endif

/// The proxy's semantics at the socket level, in front of a local echo server (no Kafka).
@Suite struct FaultProxySocketTests {
    @Test func forwardsBothWaysAndCountsBytes() throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let proxy = try FaultProxy(upstreamPorts: [echo.port])
        defer { proxy.stop() }
        let fd = try connectLoopback(proxy.routes[echo.port]!)
        defer { close(fd) }
        #expect(roundTrip(fd, "hello", timeoutMs: 2000) == "hello")
        // The counter moves just after the send the client already saw.
        let deadline = ContinuousClock.now + .seconds(1)
        while proxy.stats.bytesToClient < 5, ContinuousClock.now < deadline { usleep(1000) }
        #expect(proxy.stats.bytesToBroker == 5 && proxy.stats.bytesToClient == 5)
        #expect(proxy.stats.connectionsAccepted == 1)
    }

    @Test func blackholeHoldsDataOfOldAndNewConnectionsUntilHealed() throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let proxy = try FaultProxy(upstreamPorts: [echo.port])
        defer { proxy.stop() }
        let port = proxy.routes[echo.port]!
        let old = try connectLoopback(port)
        defer { close(old) }
        #expect(roundTrip(old, "a", timeoutMs: 2000) == "a")

        proxy.setPartitioned(true)
        #expect(roundTrip(old, "b", timeoutMs: 300) == "", "an existing connection stalls")
        let new = try connectLoopback(port)  // the kernel completes the handshake…
        defer { close(new) }
        #expect(roundTrip(new, "c", timeoutMs: 300) == "", "…but nothing reaches the broker")
        #expect(echo.accepted.withLock { $0 } == 1)

        proxy.setPartitioned(false)
        #expect(readAvailable(old, timeoutMs: 2000) == "b", "held data flows after the heal")
        #expect(readAvailable(new, timeoutMs: 2000) == "c")
        #expect(echo.accepted.withLock { $0 } == 2)
    }

    @Test func aPartitionCanCutTheLinkToOneBrokerOnly() throws {
        let (a, b) = (try EchoServer(), try EchoServer())
        defer { a.stop(); b.stop() }
        let proxy = try FaultProxy(upstreamPorts: [a.port, b.port])
        defer { proxy.stop() }
        let toA = try connectLoopback(proxy.routes[a.port]!)
        let toB = try connectLoopback(proxy.routes[b.port]!)
        defer { close(toA); close(toB) }
        proxy.setPartitioned(true, upstreamPort: a.port)
        #expect(proxy.currentFaults(upstreamPort: a.port).partitioned)
        #expect(!proxy.currentFaults(upstreamPort: b.port).partitioned)
        #expect(roundTrip(toA, "x", timeoutMs: 300) == "")
        #expect(roundTrip(toB, "y", timeoutMs: 2000) == "y")
        proxy.heal()
        #expect(readAvailable(toA, timeoutMs: 2000) == "x")
    }

    @Test func resetPartitionResetsConnections() throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let proxy = try FaultProxy(upstreamPorts: [echo.port])
        defer { proxy.stop() }
        let fd = try connectLoopback(proxy.routes[echo.port]!)
        defer { close(fd) }
        #expect(roundTrip(fd, "a", timeoutMs: 2000) == "a")
        proxy.setPartitioned(true, mode: .reset)
        Thread.sleep(forTimeInterval: 0.1)
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)
        #expect(n <= 0 && (n == 0 || errno == ECONNRESET))
        #expect(proxy.stats.connectionsReset >= 1)
    }

    @Test func latencyAddsDelayInEachDirection() throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let proxy = try FaultProxy(upstreamPorts: [echo.port])
        defer { proxy.stop() }
        let fd = try connectLoopback(proxy.routes[echo.port]!)
        defer { close(fd) }
        proxy.setLatency(.milliseconds(100), jitter: .milliseconds(10))
        let start = ContinuousClock.now
        #expect(roundTrip(fd, "ping", timeoutMs: 2000) == "ping")
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(180) && elapsed < .milliseconds(1000), "took \(elapsed)")
    }
}

// MARK: socket helpers

/// Accepts connections on a loopback port and echoes what it reads.
private final class EchoServer: @unchecked Sendable {
    let port: Int
    let accepted = Locked(0)
    private let fd: Int32
    private let stopping = Locked(false)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 16)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let (listenFD, stopping, accepted) = (fd, stopping, accepted)
        Thread {
            while !stopping.withLock({ $0 }) {
                var pfd = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 50) > 0 else { continue }
                let client = accept(listenFD, nil, nil)
                guard client >= 0 else { continue }
                accepted.withLock { $0 += 1 }
                Thread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { break }
                        _ = buffer.withUnsafeBytes { send(client, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }
                    }
                    close(client)
                }.start()
            }
        }.start()
    }

    func stop() {
        stopping.withLock { $0 = true }
        Thread.sleep(forTimeInterval: 0.06)
        close(fd)
    }
}

private func connectLoopback(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard r == 0 else {
        close(fd)
        throw FaultProxyError(message: "connect: \(errno)")
    }
    return fd
}

/// Sends `text`, then reads what comes back within the timeout.
private func roundTrip(_ fd: Int32, _ text: String, timeoutMs: Int32) -> String {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    return readAvailable(fd, timeoutMs: timeoutMs, want: bytes.count)
}

private func readAvailable(_ fd: Int32, timeoutMs: Int32, want: Int = 1) -> String {
    var result: [UInt8] = []
    let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMs))
    while result.count < want, ContinuousClock.now < deadline {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 20) > 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        result += buffer[0..<n]
    }
    return String(decoding: result, as: UTF8.self)
}
