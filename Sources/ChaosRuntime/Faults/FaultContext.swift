// Fault injection: one entry point per planned event, one file per fault family. Every applied
// fault registers its revert in the `RollbackLedger` *before* it is applied, so a failure, a
// failed criterion or a signal at any moment still reverts everything that may have taken
// effect. Reverting is idempotent.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import Streams
import Synchronization

/// Reverts of applied faults, keyed by fault id and target.
public final class RollbackLedger: Sendable {
    struct Entry: Sendable {
        let key: String
        let description: String
        let revert: @Sendable () throws -> Void
    }
    let entries = Mutex<[Entry]>([])

    public init() {}

    func register(_ key: String, _ description: String, _ revert: @escaping @Sendable () throws -> Void) {
        entries.withLock { $0.append(Entry(key: key, description: description, revert: revert)) }
    }

    /// Runs and forgets the reverts registered under `key` (newest first).
    func revert(_ key: String) throws {
        let matching = entries.withLock { e -> [Entry] in
            let m = e.filter { $0.key == key }
            e.removeAll { $0.key == key }
            return m
        }
        var firstError: Error?
        for entry in matching.reversed() {
            do { try entry.revert() } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
    }

    /// Reverts everything still applied (newest first); returns what failed to revert.
    public func revertAll() -> [String] {
        let all = entries.withLock { e -> [Entry] in defer { e.removeAll() }; return e }
        var failures: [String] = []
        for entry in all.reversed() {
            do { try entry.revert() } catch { failures.append("\(entry.description): \(error)") }
        }
        return failures
    }

    public var pending: [String] { entries.withLock { $0.map(\.description) } }
}

/// Where faults are applied: the embedded cluster or external broker control, the fault
/// proxies in front of the brokers, the supervisor of engine workers, the stressor.
public final class FaultContext: Sendable {
    public let cluster: EmbeddedKafkaCluster?
    /// A shell command for broker faults against an external cluster; it gets CHAOSRUN_ACTION
    /// (down|up), CHAOSRUN_BROKER (the N of kafka.broker[N]) and CHAOSRUN_BROKER_PORT in its environment.
    public let brokerControl: String?
    /// Upstream broker ports by broker id.
    public let brokerPorts: [Int32: Int]
    /// One proxy per engine worker id, and one for the generators.
    public let workerProxies: [Int: FaultProxy]
    public let generatorProxy: FaultProxy?
    public let supervisor: Supervisor
    public let stressor: Stressor
    public let ledger: RollbackLedger
    /// Consumer groups whose coordinator moves off a crashed broker (embedded cluster), as a
    /// real cluster's replicated offsets topic would fail over.
    public let groups: [String]
    /// Kernel rules for partitions and loss on the proxies' ports; nil: the proxies apply them.
    public let packetFilter: PacketFilter?
    /// Whether the topics have replicas to fail over to (replication > 1): without them a real
    /// cluster cannot move a crashed broker's partitions, so the embedded cluster does not either.
    public let replicated: Bool

    public init(cluster: EmbeddedKafkaCluster?, brokerControl: String?, brokerPorts: [Int32: Int], workerProxies: [Int: FaultProxy],
                generatorProxy: FaultProxy?, supervisor: Supervisor, stressor: Stressor, ledger: RollbackLedger,
                groups: [String] = [], packetFilter: PacketFilter? = nil, replicated: Bool = true) {
        self.groups = groups
        self.replicated = replicated
        self.packetFilter = packetFilter
        self.cluster = cluster; self.brokerControl = brokerControl; self.brokerPorts = brokerPorts
        self.workerProxies = workerProxies; self.generatorProxy = generatorProxy; self.supervisor = supervisor
        self.stressor = stressor; self.ledger = ledger
    }

    /// The backend a fault kind uses here (for reports).
    public func backend(for kind: String) -> String {
        switch kind {
        case "broker_crash", "broker_restart", "rolling_restart":
            cluster == nil ? "broker control command"
                : replicated ? "mock cluster (broker down/up, leader failover)" : "mock cluster (broker down/up, no replicas to fail over to)"
        case "network_partition", "packet_loss":
            packetFilter.map { "packet filter (\($0.tool.rawValue) rules on the proxy ports)" } ?? "chaosrun fault proxy"
        case "network_latency": "chaosrun fault proxy"
        case "process_crash": "SIGKILL + supervisor restart"
        case "process_pause": "SIGSTOP/SIGCONT"
        case "memory_pressure", "cpu_spike": stressor.backendName
        default: "none"
        }
    }

    /// How long applying or removing a fault of this kind takes here, as a rank: 0 a signal or a
    /// switch in a proxy (microseconds), 1 a call into the embedded cluster, 2 a process to run
    /// (`nft`, `iptables`, `stress-ng`: tens of milliseconds), 3 a user's broker-control command.
    /// The timeline dispatches events due at the same instant cheapest first.
    public func applyCost(kind: String) -> Int {
        switch kind {
        case "process_crash", "process_pause", "network_latency": 0
        case "network_partition", "packet_loss": packetFilter == nil ? 0 : 2
        case "broker_crash", "broker_restart", "rolling_restart": cluster == nil ? 3 : 1
        case "memory_pressure", "cpu_spike": 2
        default: 1
        }
    }

    /// Applies an `inject` event; `lengthMs` is the fault's planned length, if it ends.
    public func inject(_ e: PlanEvent, lengthMs: Int64?) throws {
        guard let kind = e.kind, let ref = e.ref else { return }
        let key = "\(ref):\(e.targets.joined(separator: ","))"
        switch kind {
        case "broker_crash", "broker_restart", "rolling_restart": try injectBroker(e, key: key)
        case "network_partition", "network_latency", "packet_loss": try injectNetwork(e, key: key)
        case "process_crash", "process_pause": try injectProcess(e, key: key)
        case "memory_pressure", "cpu_spike": try injectResource(e, key: key, lengthMs: lengthMs)
        default: throw RuntimeError.environment("no injector for fault kind '\(kind)'")
        }
    }

    /// Applies a `remove` event: runs the reverts registered by the matching inject.
    public func remove(_ e: PlanEvent) throws {
        guard let ref = e.ref else { return }
        try ledger.revert("\(ref):\(e.targets.joined(separator: ","))")
    }

    static func brokerID(_ target: String) -> Int32? {
        guard target.hasPrefix("kafka.broker["), let close = target.firstIndex(of: "]") else { return nil }
        return Int32(target[target.index(target.startIndex, offsetBy: 13)..<close])
    }

    static func workerID(_ target: String) -> Int? {
        guard target.hasPrefix("tda.worker["), let close = target.firstIndex(of: "]") else { return nil }
        return Int(target[target.index(target.startIndex, offsetBy: 11)..<close])
    }
}
