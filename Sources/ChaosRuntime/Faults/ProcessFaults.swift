// process_crash (SIGKILL; the supervisor restarts the worker when the fault is removed) and
// process_pause (SIGSTOP, then SIGCONT).
import ChaosCheck
import ChaosPlan

extension FaultContext {
    func injectProcess(_ e: PlanEvent, key: String) throws {
        for target in e.targets {
            guard let id = Self.workerID(target) else { throw RuntimeError.environment("not an engine worker: \(target)") }
            if e.kind == "process_crash" {
                ledger.register(key, "process_crash on \(target)") { [supervisor] in supervisor.release(id) }
                supervisor.crash(id)
            } else {
                ledger.register(key, "process_pause on \(target)") { [supervisor] in supervisor.resume(id) }
                supervisor.pause(id)
            }
        }
    }
}
