import ChaosTestSupport
import Foundation
import Streams
import Synchronization
import Testing
@testable import ChaosRuntime

/// The rules the packet filter hands to nft and iptables, as text (no root needed).
@Suite struct PacketFilterScriptTests {
    @Test func nftPartitionIsOneBaseChainOnInputMatchingBothDirections() {
        let rule = PacketFilter.Rule(ports: [40_113, 34_283], action: .drop)
        let add = PacketFilterScript.add(.nft, "chaosrun_7_1", rule, id: 3)
        #expect(add.map(\.arguments) == [["-f", "-"]])
        #expect(add.map(\.description) == ["""
            add chain inet chaosrun_7_1 f3 { type filter hook input priority 0; policy accept; }
            add rule inet chaosrun_7_1 f3 iifname "lo" tcp dport { 34283, 40113 } drop
            add rule inet chaosrun_7_1 f3 iifname "lo" tcp sport { 34283, 40113 } drop

            """])
        #expect(PacketFilterScript.remove(.nft, "chaosrun_7_1", rule, id: 3).map(\.description)
            == ["flush chain inet chaosrun_7_1 f3\ndelete chain inet chaosrun_7_1 f3\n"])
        #expect(PacketFilterScript.create(.nft, "chaosrun_7_1").map(\.description) == ["add table inet chaosrun_7_1\n"])
        #expect(PacketFilterScript.destroy(.nft, "chaosrun_7_1").map(\.description) == ["delete table inet chaosrun_7_1\n"])
    }

    @Test func nftRejectAndLoss() {
        let reject = PacketFilterScript.add(.nft, "t", PacketFilter.Rule(ports: [5], action: .reset), id: 1)
        #expect(reject.first?.description.contains(#"iifname "lo" tcp dport { 5 } tcp flags & rst == 0 reject with tcp reset"#) == true)
        let loss = PacketFilterScript.add(.nft, "t", PacketFilter.Rule(ports: [5], action: .loss(percent: 2.5)), id: 2)
        #expect(loss.first?.description.contains(#"iifname "lo" tcp sport { 5 } numgen random mod 10000 < 250 drop"#) == true)
        #expect(PacketFilterScript.nftVerdict(.loss(percent: 100)) == "numgen random mod 10000 < 10000 drop")
        #expect(PacketFilterScript.nftVerdict(.loss(percent: -3)) == "numgen random mod 10000 < 0 drop")
    }

    @Test func iptablesRulesPerPortAndDirectionInTheRunsChain() {
        let chain = "CHAOSRUN-7-1"
        #expect(PacketFilterScript.create(.iptables, chain).map(\.description)
            == ["-w -N CHAOSRUN-7-1", "-w -I INPUT -i lo -j CHAOSRUN-7-1"])
        let drop = PacketFilter.Rule(ports: [41, 40], action: .drop)
        #expect(PacketFilterScript.add(.iptables, chain, drop, id: 1).map(\.description) == [
            "-w -A CHAOSRUN-7-1 -p tcp --dport 40 -j DROP", "-w -A CHAOSRUN-7-1 -p tcp --sport 40 -j DROP",
            "-w -A CHAOSRUN-7-1 -p tcp --dport 41 -j DROP", "-w -A CHAOSRUN-7-1 -p tcp --sport 41 -j DROP",
        ])
        #expect(PacketFilterScript.remove(.iptables, chain, drop, id: 1).first?.description
            == "-w -D CHAOSRUN-7-1 -p tcp --dport 40 -j DROP")
        let reset = PacketFilter.Rule(ports: [40], action: .reset)
        #expect(PacketFilterScript.add(.iptables, chain, reset, id: 2).first?.description
            == "-w -A CHAOSRUN-7-1 -p tcp --dport 40 ! --tcp-flags RST RST -j REJECT --reject-with tcp-reset")
        let loss = PacketFilter.Rule(ports: [40], action: .loss(percent: 5))
        #expect(PacketFilterScript.add(.iptables, chain, loss, id: 3).first?.description
            == "-w -A CHAOSRUN-7-1 -p tcp --dport 40 -m statistic --mode random --probability 0.0500 -j DROP")
        #expect(PacketFilterScript.iptablesRules(.init(ports: [1], action: .loss(percent: 100))).first?.contains("1") == true)
        #expect(PacketFilterScript.destroy(.iptables, chain).map(\.description)
            == ["-w -D INPUT -i lo -j CHAOSRUN-7-1", "-w -F CHAOSRUN-7-1", "-w -X CHAOSRUN-7-1"])
    }

    @Test func anEmptyPortListAddsNothing() {
        #expect(PacketFilterScript.add(.nft, "t", .init(ports: [], action: .drop), id: 1).isEmpty)
        #expect(PacketFilterScript.add(.iptables, "t", .init(ports: [], action: .drop), id: 1).isEmpty)
    }
}

/// Real kernel rules (root with nft or iptables; skipped otherwise) on loopback connections
/// through fault proxies to a local echo server: only the partitioned proxy's bytes stop.
@Suite(.serialized) struct PacketFilterKernelTests {
    static let tools = PacketFilter.Tool.allCases.filter { PacketFilter.works($0) }

    @Test(.enabled(if: !tools.isEmpty, "needs root and nft or iptables"), arguments: tools)
    func partitionStopsOneProxysBytesUntilRemoved(tool: PacketFilter.Tool) throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let (a, b) = (try FaultProxy(upstreamPorts: [echo.port]), try FaultProxy(upstreamPorts: [echo.port]))
        defer { a.stop(); b.stop() }
        let portA = a.routes[echo.port]!, portB = b.routes[echo.port]!
        let (toA, toB) = (try connectLoopback(portA), try connectLoopback(portB))
        defer { close(toA); close(toB) }
        #expect(roundTrip(toA, "a1", timeoutMs: 2000) == "a1")
        #expect(roundTrip(toB, "b1", timeoutMs: 2000) == "b1")

        let filter = try PacketFilter(tool: tool)
        defer { try? filter.close() }
        let id = filter.newRuleID()
        try filter.apply(.init(ports: [portA], action: .drop), id: id)
        #expect(roundTrip(toA, "a2", timeoutMs: 700) == "", "the partitioned link carries nothing")
        #expect(roundTrip(toB, "b2", timeoutMs: 2000) == "b2", "another proxy's link keeps flowing")
        #expect(connectWithin(portA, timeoutMs: 500) == .timedOut, "a new connection's SYN is dropped")
        #expect(!a.currentFaults().partitioned && a.currentFaults().loss == 0, "the proxy itself is not partitioned")

        try filter.remove(id)
        #expect(readAvailable(toA, timeoutMs: 10_000, want: 2) == "a2", "held bytes are retransmitted after the heal")
        #expect(roundTrip(toA, "a3", timeoutMs: 2000) == "a3")

        try filter.close()
        #expect(PacketFilter.leftovers(tool, named: filter.name).isEmpty)
    }

    @Test(.enabled(if: !tools.isEmpty, "needs root and nft or iptables"), arguments: tools)
    func rejectResetsTheLinkAndLossRulesAreAccepted(tool: PacketFilter.Tool) throws {
        let echo = try EchoServer()
        defer { echo.stop() }
        let proxy = try FaultProxy(upstreamPorts: [echo.port])
        defer { proxy.stop() }
        let port = proxy.routes[echo.port]!
        let fd = try connectLoopback(port)
        defer { close(fd) }
        #expect(roundTrip(fd, "x", timeoutMs: 2000) == "x")

        let filter = try PacketFilter(tool: tool)
        defer { try? filter.close() }
        let reject = filter.newRuleID()
        try filter.apply(.init(ports: [port], action: .reset), id: reject)
        #expect(sendThenError(fd, timeoutMs: 2000) == ECONNRESET)
        #expect(connectWithin(port, timeoutMs: 2000) == .refused)
        try filter.remove(reject)
        #expect(connectWithin(port, timeoutMs: 2000) == .connected)

        let loss = filter.newRuleID()
        try filter.apply(.init(ports: [port], action: .loss(percent: 30)), id: loss)
        let listed = ruleset(tool, filter.name)
        // iptables keeps the probability as a 32-bit fraction: 0.3 lists as 0.29999999981.
        #expect(listed.contains(tool == .nft ? "numgen random mod 10000 < 3000" : "--mode random --probability 0.2999"))
        try filter.remove(loss)
        try filter.close()
        #expect(PacketFilter.leftovers(tool, named: filter.name).isEmpty)
    }

    /// A run that dies without closing its filter (SIGKILL) still leaves no rule: the guard sees
    /// its socket close and deletes the table.
    @Test(.enabled(if: !tools.isEmpty, "needs root and nft or iptables"), arguments: tools)
    func theGuardDeletesTheTableWhenItsOwnerGoesAway(tool: PacketFilter.Tool) throws {
        let filter = try PacketFilter(tool: tool)
        try filter.apply(.init(ports: [1], action: .drop), id: filter.newRuleID())
        #expect(!PacketFilter.leftovers(tool, named: filter.name).isEmpty)
        let (pid, fd) = filter.state.withLock { s in
            defer { s.closed = true; s.guardPID = 0; s.guardPipe = -1 }
            return (s.guardPID, s.guardPipe)
        }
        close(fd)  // as if the process had died: the table is not deleted by us
        PacketFilter.reap(pid, within: 5)
        #expect(PacketFilter.leftovers(tool, named: filter.name).isEmpty)
    }

    func ruleset(_ tool: PacketFilter.Tool, _ name: String) -> String {
        let args = tool == .nft ? ["list", "table", "inet", name] : ["-w", "-S", name]
        return PacketFilter.runTool([PacketFilter.locate(tool.rawValue)!] + args).output
    }
}
