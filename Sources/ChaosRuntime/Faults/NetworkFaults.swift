// network_partition, network_latency, packet_loss: the chaosrun fault proxies sit between each
// engine worker (and the generators) and the brokers, so a link fault cuts or slows exactly the
// connections of that link while everything else keeps flowing. Latency on a broker alone uses
// the mock cluster's round-trip-time control. With a packet filter (root, nft or iptables),
// partitions and loss are kernel rules on the link's proxy ports instead (PacketFilter.swift).
import ChaosCheck
import ChaosPlan
import Streams

extension FaultContext {
    /// The proxies and broker ports a link target names.
    func linkRoutes(_ target: String) throws -> [(FaultProxy, Int?)] {
        let ends = target.split(separator: " ").map(String.init).filter { $0 != "<->" }
        guard ends.count == 2 else { throw RuntimeError.environment("not a link: \(target)") }
        func isKafka(_ s: String) -> Bool { s == "kafka" || s.hasPrefix("kafka.broker[") }
        guard let kafkaEnd = ends.first(where: isKafka), let other = ends.first(where: { !isKafka($0) }) else {
            throw RuntimeError.environment("no traffic flows on \(target): components talk only through Kafka")
        }
        let port: Int? = Self.brokerID(kafkaEnd).flatMap { brokerPorts[$0] }
        if other == "generators" {
            guard let g = generatorProxy else { throw RuntimeError.environment("the generators are not routed through a proxy") }
            return [(g, port)]
        }
        if let w = Self.workerID(other) {
            guard let p = workerProxies[w] else { throw RuntimeError.environment("no proxy for worker \(w)") }
            return [(p, port)]
        }
        return workerProxies.keys.sorted().compactMap { workerProxies[$0] }.map { ($0, port) }
    }

    func injectNetwork(_ e: PlanEvent, key: String) throws {
        for target in e.targets {
            if e.kind == "network_latency", let id = Self.brokerID(target), !target.contains("<->") {
                guard let cluster else { throw RuntimeError.environment("broker latency needs the embedded cluster; use a link target") }
                let delay = Int(e.params["delay"]?.int64Value ?? 0)
                ledger.register(key, "network_latency on \(target)") { try cluster.setRTT(broker: id, milliseconds: 0) }
                try cluster.setRTT(broker: id, milliseconds: delay)
                continue
            }
            for (proxy, port) in try linkRoutes(target) {
                if let filter = packetFilter, e.kind != "network_latency" {
                    try injectPacketFilter(e, key: key, target: target, filter: filter, proxy: proxy, upstreamPort: port)
                    continue
                }
                switch e.kind {
                case "network_partition":
                    let mode: FaultProxy.PartitionMode = e.params["mode"] == .word("reject") ? .reset : .blackhole
                    ledger.register(key, "network_partition on \(target)") { proxy.setPartitioned(false, upstreamPort: port) }
                    proxy.setPartitioned(true, mode: mode, upstreamPort: port)
                case "network_latency":
                    let delay = e.params["delay"]?.int64Value ?? 0, jitter = e.params["jitter"]?.int64Value ?? 0
                    ledger.register(key, "network_latency on \(target)") { proxy.setLatency(.zero, upstreamPort: port) }
                    proxy.setLatency(.milliseconds(delay), jitter: .milliseconds(jitter), upstreamPort: port)
                default:
                    let loss = (e.params["loss"]?.doubleValue ?? 0) / 100
                    ledger.register(key, "packet_loss on \(target)") { proxy.setLoss(0, upstreamPort: port) }
                    proxy.setLoss(loss, upstreamPort: port)
                }
            }
        }
    }

    /// A partition or loss as kernel rules on the proxy's listening ports of the link (one
    /// broker's port with `upstreamPort`); the proxy keeps forwarding.
    func injectPacketFilter(_ e: PlanEvent, key: String, target: String, filter: PacketFilter, proxy: FaultProxy,
                            upstreamPort: Int?) throws {
        let ports = upstreamPort.map { proxy.routes[$0].map { [$0] } ?? [] } ?? Array(proxy.routes.values)
        guard !ports.isEmpty else { throw RuntimeError.environment("no proxy port for \(target)") }
        let action: PacketFilter.Action = e.kind == "packet_loss"
            ? .loss(percent: e.params["loss"]?.doubleValue ?? 0)
            : (e.params["mode"] == .word("reject") ? .reset : .drop)
        let id = filter.newRuleID()
        ledger.register(key, "\(e.kind ?? "network fault") on \(target) (\(filter.tool.rawValue))") { try filter.remove(id) }
        try filter.apply(PacketFilter.Rule(ports: ports, action: action), id: id)
    }
}
