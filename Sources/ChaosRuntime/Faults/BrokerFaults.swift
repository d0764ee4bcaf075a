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
        // A real cluster's controller moves leadership to live replicas when a broker fails (and a
        // controlled shutdown, as in a restart, moves it first); `move_leaders: false` opts out, and
        // topics without replicas (replication 1) have nowhere to move.
        let failover = e.params["move_leaders"] != .bool(false) && replicated
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

    /// Runs the `--broker-control` command with CHAOSRUN_ACTION (down|up), CHAOSRUN_BROKER (the
    /// scenario's broker index: `kafka.broker[N]` is the cluster's N-th broker by node id) and
    /// CHAOSRUN_BROKER_PORT (its advertised port). Its output goes to `broker-control.log` in the
    /// report directory; a failure quotes the end of it.
    func runBrokerControl(_ action: String, _ id: Int32) throws {
        guard let command = brokerControl else {
            throw RuntimeError.environment("broker faults against an external cluster need --broker-control 'COMMAND'")
        }
        var environment = ["CHAOSRUN_ACTION": action, "CHAOSRUN_BROKER": String(id)]
        if let port = brokerPorts[id] { environment["CHAOSRUN_BROKER_PORT"] = String(port) }
        let log = stressor.logDirectory.map { "\($0)/broker-control.log" }
        let p = try ChildProcess.spawn("/bin/sh", ["-c", command], name: "broker control \(action) \(id)", logPath: log,
                                       environment: environment)
        let deadline = Monotonic.seconds() + 60
        while p.poll() == nil {
            if Monotonic.seconds() > deadline {
                p.stop()
                throw RuntimeError.environment("broker control '\(action) \(id)' timed out after 60 s\(Self.tail(log))")
            }
            usleep(20_000)
        }
        if p.exitStatus != 0 {
            throw RuntimeError.environment("broker control '\(action) \(id)' exited with \(p.exitStatus ?? -1)\(Self.tail(log))")
        }
    }

    /// The last lines of a log, for an error message.
    static func tail(_ path: String?) -> String {
        guard let path, let text = readSmallFile(path) else { return "" }
        let lines = text.split(separator: "\n").suffix(3)
        return lines.isEmpty ? "" : ": " + lines.joined(separator: " | ")
    }
}
