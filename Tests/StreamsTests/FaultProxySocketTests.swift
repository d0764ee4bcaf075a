import Foundation
import ChaosTestSupport
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
        #expect(echo.accepted == 1)

        proxy.setPartitioned(false)
        #expect(readAvailable(old, timeoutMs: 2000) == "b", "held data flows after the heal")
        #expect(readAvailable(new, timeoutMs: 2000) == "c")
        #expect(echo.accepted == 2)
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
