// Choosing the backend of network partitions and packet loss (`--network-backend`).
import ChaosPlan

extension Runner {
    /// The packet filter for this run's partitions and loss, or nil when the proxies apply them.
    /// Its table (or chain) is deleted through the rollback ledger, registered before any fault,
    /// so teardown and a second SIGINT remove it after every fault's own revert.
    func makePacketFilter() throws -> PacketFilter? {
        let needed = plan.faults.contains { ["network_partition", "packet_loss"].contains($0.fault.kind) }
        let tool: PacketFilter.Tool
        switch options.networkBackend {
        case .proxy:
            return nil
        case .auto:
            guard needed, let detected = PacketFilter.detect() else { return nil }
            tool = detected
        case .packetFilter:
            guard let detected = PacketFilter.detect() else {
                throw RuntimeError.environment("--network-backend packet-filter needs root and a working nft or iptables")
            }
            guard needed else { return nil }
            tool = detected
        }
        let filter: PacketFilter
        do { filter = try PacketFilter(tool: tool) } catch {
            guard options.networkBackend == .auto else { throw RuntimeError.environment("cannot set up the packet filter: \(error)") }
            progress.event(nowMs, "network faults: packet filter unusable (\(error)); using the fault proxy", level: "warn")
            return nil
        }
        ledger.register("packet-filter", "packet filter \(filter.name)") { try filter.close() }
        progress.event(nowMs, "network faults: packet filter, \(tool.rawValue) \(tool == .nft ? "table inet" : "chain") \(filter.name)")
        return filter
    }
}
