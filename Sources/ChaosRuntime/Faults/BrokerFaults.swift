// broker_crash, broker_restart, rolling_restart: the mock cluster's broker down/up with leader
// failover (embedded), or a broker control command (external clusters).
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import Streams

extension FaultContext {
    func injectBroker(_ e: PlanEvent, key: String) throws {
        let failover = e.params["move_leaders"] == .bool(true)
        for target in e.targets {
            guard let id = Self.brokerID(target) else { throw RuntimeError.environment("not a broker: \(target)") }
            ledger.register(key, "\(e.kind ?? "broker fault") on \(target)") { [self] in try self.brokerUp(id) }
            try brokerDown(id, failover: failover)
        }
    }

    func brokerDown(_ id: Int32, failover: Bool) throws {
        if let cluster {
            do {
                try cluster.crashBroker(id, failover: failover)
                // Group coordination fails over in a real cluster (the offsets topic is replicated).
                let down = cluster.brokersDown
                if let live = (1...Int32(cluster.brokerCount)).first(where: { !down.contains($0) }) {
                    for g in groups { try? cluster.moveCoordinator(group: g, to: live) }
                }
            } catch { throw RuntimeError.environment("broker \(id) down: \(error)") }
        } else {
            try runBrokerControl("down", id)
        }
    }

    func brokerUp(_ id: Int32) throws {
        if let cluster {
            do { try cluster.setBrokerUp(id) } catch { throw RuntimeError.environment("broker \(id) up: \(error)") }
        } else {
            try runBrokerControl("up", id)
        }
    }

    func runBrokerControl(_ action: String, _ id: Int32) throws {
        guard let command = brokerControl else {
            throw RuntimeError.environment("broker faults against an external cluster need --broker-control 'COMMAND'")
        }
        let p = try ChildProcess.spawn("/bin/sh", ["-c", command], name: "broker control \(action) \(id)", logPath: nil,
                                       environment: ["CHAOSRUN_ACTION": action, "CHAOSRUN_BROKER": String(id)])
        let deadline = Monotonic.seconds() + 60
        while p.poll() == nil {
            if Monotonic.seconds() > deadline { p.stop(); throw RuntimeError.environment("broker control '\(action) \(id)' timed out") }
            usleep(20_000)
        }
        if p.exitStatus != 0 { throw RuntimeError.environment("broker control '\(action) \(id)' exited with \(p.exitStatus ?? -1)") }
    }
}
