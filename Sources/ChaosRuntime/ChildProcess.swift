// Child processes the run owns (engine workers, stressors): spawned with posix_spawn, signalled,
// reaped, measured from /proc. Every child is registered in `ChildRegistry`, which teardown and
// the signal handlers use to make sure nothing outlives the run.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A spawned process.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    public let name: String
    /// Whether it leads its own process group.
    public let ownGroup: Bool
    let exited = Mutex<Int32?>(nil)

    init(pid: pid_t, name: String, ownGroup: Bool = false) { self.pid = pid; self.name = name; self.ownGroup = ownGroup }

    /// Spawns `path` with `arguments`, stdout and stderr appended to `logPath` (or /dev/null).
    /// With `ownGroup`, the child leads a new process group, so `killGroup()` also ends the
    /// processes it forks (stress-ng's workers).
    public static func spawn(_ path: String, _ arguments: [String], name: String, logPath: String?,
                             environment: [String: String] = [:], ownGroup: Bool = false) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let log = logPath ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Default signal dispositions in the child (the runner ignores SIGINT/SIGTERM itself).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT); sigaddset(&defaults, SIGTERM); sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if ownGroup {
            posix_spawnattr_setpgroup(&attr, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attr, Int16(flags))
        var env = currentEnvironment()
        for (k, v) in environment { env[k] = v }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else { throw RuntimeError.environment("cannot start \(name) (\(path)): \(String(cString: strerror(rc)))") }
        let child = ChildProcess(pid: pid, name: name, ownGroup: ownGroup)
        ChildRegistry.shared.add(child)
        return child
    }

    static func currentEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }

    /// Sends a signal (no effect once reaped).
    public func signal(_ sig: Int32) {
        guard exitStatus == nil else { return }
        kill(pid, sig)
    }

    /// Non-blocking reap; returns the exit status once the process has ended.
    @discardableResult
    public func poll() -> Int32? {
        if let s = exitStatus { return s }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        guard r == pid else { return nil }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exited.withLock { $0 = code }
        ChildRegistry.shared.remove(self)
        return code
    }

    public var exitStatus: Int32? { exited.withLock { $0 } }
    public var isRunning: Bool { poll() == nil }

    /// SIGKILL to the child's whole process group (see `ownGroup`), then reaps the child.
    public func killGroup() {
        guard poll() == nil else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        while poll() == nil { usleep(2_000) }
    }

    /// SIGTERM, wait up to `grace`, then SIGKILL; always reaps.
    public func stop(grace: Double = 3) {
        guard poll() == nil else { return }
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        let deadline = Monotonic.seconds() + grace
        while Monotonic.seconds() < deadline {
            if poll() != nil { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        while poll() == nil { usleep(5_000) }
    }

    /// CPU seconds (user + system) and resident bytes from /proc, if the process is alive.
    public func usage() -> (cpuSeconds: Double, rssBytes: Double)? {
        guard exitStatus == nil,
              let stat = readSmallFile("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 22, let ut = Double(fields[11]), let st = Double(fields[12]), let rss = Double(fields[21]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((ut + st) / ticks, rss * Double(sysconf(Int32(_SC_PAGESIZE))))
    }
}

/// Reads a small text file (procfs) without Foundation.
func readSmallFile(_ path: String) -> String? {
    guard let fp = fopen(path, "r") else { return nil }
    defer { fclose(fp) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buf, 1, buf.count, fp)
        if n > 0 { bytes += buf[0..<n] }
        if n < buf.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Every live child of the run, so teardown and signal handlers can end them all.
public final class ChildRegistry: Sendable {
    public static let shared = ChildRegistry()
    let children = Mutex<[pid_t: ChildProcess]>([:])

    func add(_ c: ChildProcess) { children.withLock { $0[c.pid] = c } }
    func remove(_ c: ChildProcess) { _ = children.withLock { $0.removeValue(forKey: c.pid) } }

    public var live: [ChildProcess] { children.withLock { Array($0.values) } }

    /// Ends every child: SIGCONT (paused ones), SIGTERM, then SIGKILL after `grace` seconds.
    public func stopAll(grace: Double = 3) {
        let all = live
        for c in all where c.ownGroup { kill(-c.pid, SIGKILL) }
        for c in all { kill(c.pid, SIGCONT); kill(c.pid, SIGTERM) }
        let deadline = Monotonic.seconds() + grace
        while Monotonic.seconds() < deadline, live.contains(where: { $0.poll() == nil }) { usleep(20_000) }
        for c in live { kill(c.pid, SIGKILL); while c.poll() == nil { usleep(5_000) } }
    }
}

/// The monotonic clock, in seconds and nanoseconds.
public enum Monotonic {
    public static func nanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
    public static func seconds() -> Double { Double(nanos()) / 1e9 }
}

/// The run's clock: milliseconds since time 0 of the plan (when the generators start). Before
/// that, times are negative.
public final class RunClock: Sendable {
    let start = Atomic<Int64>(Monotonic.nanos())
    public init() {}
    /// Makes "now" time 0.
    public func reset() { start.store(Monotonic.nanos(), ordering: .releasing) }
    public var startNanos: Int64 { start.load(ordering: .acquiring) }
    public var nowMs: Int64 { (Monotonic.nanos() - startNanos) / 1_000_000 }
}

/// Wall-clock nanoseconds since the Unix epoch (record event times).
public func wallNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Errors that end a run.
public enum RuntimeError: Error, CustomStringConvertible {
    /// The environment failed (cluster, processes, tools): exit code 3.
    case environment(String)
    /// The run was interrupted by a signal: exit code 130.
    case interrupted

    public var description: String {
        switch self {
        case .environment(let m): m
        case .interrupted: "interrupted"
        }
    }
}
