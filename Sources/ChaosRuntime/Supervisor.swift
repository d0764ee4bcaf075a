// The supervisor of engine workers: one slot per worker id (1…N), each running a child process
// of this same binary (`chaosrun engine …`). It restarts workers that exit on their own (an
// unexpected crash, counted) after a delay, keeps injected crashes down until the fault is
// removed, and pauses/resumes with SIGSTOP/SIGCONT.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

public final class Supervisor: Sendable {
    struct Slot {
        var process: ChildProcess?
        /// An injected process_crash holds the slot down until its removal.
        var heldDown = false
        var paused = false
        var restartAt: Double?
        var starts = 0
    }

    let binary: String
    let argumentsFor: @Sendable (Int) -> [String]
    let logDirectory: String?
    let restartDelay: Double
    let environment: [String: String]
    let slots: Mutex<[Int: Slot]>
    let unexpected = Mutex<[(worker: Int, atMs: Int64, status: Int32)]>([])
    let clock: RunClock

    /// - Parameters:
    ///   - argumentsFor: the engine arguments of worker `id`.
    public init(binary: String, workers: Int, restartDelay: Double, logDirectory: String?, clock: RunClock,
                environment: [String: String] = [:], argumentsFor: @escaping @Sendable (Int) -> [String]) {
        self.binary = binary
        self.argumentsFor = argumentsFor
        self.logDirectory = logDirectory
        self.restartDelay = restartDelay
        self.clock = clock
        self.environment = environment
        var s: [Int: Slot] = [:]
        for id in 1...max(1, workers) { s[id] = Slot() }
        self.slots = Mutex(s)
    }

    public var workerIDs: [Int] { slots.withLock { $0.keys.sorted() } }

    public func startAll() throws {
        for id in workerIDs { try start(id) }
    }

    func start(_ id: Int) throws {
        let log = logDirectory.map { "\($0)/worker-\(id).log" }
        let p = try ChildProcess.spawn(binary, argumentsFor(id), name: "engine worker \(id)", logPath: log, environment: environment)
        slots.withLock { $0[id]?.process = p; $0[id]?.starts += 1; $0[id]?.restartAt = nil; $0[id]?.paused = false }
    }

    /// Reaps exited workers and restarts them when due. Call it often (the sampler does).
    public func tick() {
        let now = Monotonic.seconds()
        var toStart: [Int] = []
        slots.withLock { slots in
            for (id, slot) in slots {
                if let p = slot.process, let status = p.poll() {
                    slots[id]?.process = nil
                    if !slot.heldDown {
                        let at = clock.nowMs
                        unexpected.withLock { $0.append((id, at, status)) }
                        slots[id]?.restartAt = now + restartDelay
                    }
                }
                if slots[id]?.process == nil, !(slots[id]?.heldDown ?? true), let due = slots[id]?.restartAt, due <= now {
                    toStart.append(id)
                }
            }
        }
        for id in toStart.sorted() { try? start(id) }
    }

    /// SIGKILLs a worker and keeps it down until `release`.
    public func crash(_ id: Int) {
        let p = slots.withLock { s -> ChildProcess? in
            s[id]?.heldDown = true
            return s[id]?.process
        }
        // Not reaped here: a worker with a large heap takes 10–20 ms to die, and the timeline's
        // next event would wait for it. `tick` reaps it (held down, so not counted as a crash).
        p?.signal(SIGKILL)
    }

    /// Lets a crashed worker restart (after `delay` seconds).
    public func release(_ id: Int, after delay: Double = 0) {
        // The SIGKILLed process must be reaped while the slot is still held down, or `tick`
        // would count its exit as unexpected.
        if let p = slots.withLock({ $0[id]?.process }) {
            let deadline = Monotonic.seconds() + 5
            while p.poll() == nil, Monotonic.seconds() < deadline { usleep(2_000) }
        }
        slots.withLock { s in
            if let p = s[id]?.process, p.exitStatus != nil { s[id]?.process = nil }
            s[id]?.heldDown = false
            s[id]?.restartAt = Monotonic.seconds() + delay
        }
        tick()
    }

    public func pause(_ id: Int) {
        let p = slots.withLock { s -> ChildProcess? in s[id]?.paused = true; return s[id]?.process }
        p?.signal(SIGSTOP)
    }

    public func resume(_ id: Int) {
        let p = slots.withLock { s -> ChildProcess? in s[id]?.paused = false; return s[id]?.process }
        p?.signal(SIGCONT)
    }

    /// Unexpected exits so far (not caused by an injected crash).
    public var unexpectedCrashes: [(worker: Int, atMs: Int64, status: Int32)] { unexpected.withLock { $0 } }

    public var processes: [ChildProcess] { slots.withLock { $0.values.compactMap(\.process) } }

    public var runningCount: Int { processes.filter { $0.exitStatus == nil }.count }

    /// Stops every worker (SIGTERM, then SIGKILL) and keeps them stopped.
    public func stopAll(grace: Double = 5) {
        let ps = slots.withLock { s -> [ChildProcess] in
            for id in s.keys { s[id]?.heldDown = true }
            return s.values.compactMap(\.process)
        }
        for p in ps { p.signal(SIGCONT); p.signal(SIGTERM) }
        for p in ps { p.stop(grace: grace) }
    }
}
