// The packet-filter backend of network faults (root only): kernel rules that drop or reset the
// TCP segments of one link, instead of the fault proxy holding bytes in user space.
//
// What is matched: the hop between a client (an engine worker, the generators) and its own fault
// proxy. Each proxy listens on its own loopback port per broker, so "the link between worker 1
// and broker 2" is exactly the segments to or from one port on `lo`; the proxy keeps forwarding,
// it only no longer switches partitions and loss itself. Rules sit in the input hook, so a
// segment is sent, counted and then lost, and the sender's TCP retransmits as on a real network
// (a drop in the output hook would instead fail the send locally, which TCP treats as local
// congestion).
//
// Ownership and cleanup: every rule lives in a table (nft: `inet chaosrun_<pid>_<n>`) or chain
// (iptables: `CHAOSRUN-<pid>-<n>`, jumped to from INPUT on lo) that belongs to this filter alone.
// A fault's rules are removed on its revert; `close()` deletes the whole table or chain, so
// nothing is left even when a single revert failed. A guard process (`sh`, its own process
// group, reading a close-on-exec socket only this process holds) deletes the same table when the
// socket closes — also when the run is killed with SIGKILL.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Kernel packet-filter rules on loopback TCP ports, in a table or chain owned by this value.
public final class PacketFilter: Sendable {
    /// The user-space tool that programs the kernel's filter.
    public enum Tool: String, Sendable, CaseIterable {
        case nft, iptables
    }

    /// What happens to the matched segments.
    public enum Action: Sendable, Equatable {
        /// Silently dropped, both directions (`network_partition`, `mode: drop`).
        case drop
        /// Answered with a TCP reset (`network_partition`, `mode: reject`).
        case reset
        /// Each segment dropped with this probability, in percent (`packet_loss`).
        case loss(percent: Double)
    }

    /// One fault's rules: every TCP segment to or from these loopback ports.
    public struct Rule: Sendable, Equatable {
        public var ports: [Int]
        public var action: Action
        public init(ports: [Int], action: Action) { self.ports = ports.sorted(); self.action = action }
    }

    public let tool: Tool
    /// The nft table or iptables chain holding every rule of this filter.
    public let name: String
    let executable: String
    let state = Mutex(State())

    struct State {
        var nextID = 0
        var active: [Int: Rule] = [:]
        var closed = false
        var guardPID: pid_t = 0
        var guardPipe: Int32 = -1
    }

    private static let serial = Atomic<Int>(0)

    /// Creates the table (or chain) and its guard. Needs root and a working `tool`.
    public init(tool: Tool) throws {
        guard let path = Self.locate(tool.rawValue) else {
            throw RuntimeError.environment("packet filter: \(tool.rawValue) not found")
        }
        let n = Self.serial.add(1, ordering: .relaxed).newValue
        self.tool = tool
        self.name = Self.namePrefix(tool, pid: getpid()) + String(n)
        self.executable = path
        try startGuard()
        do { try run(PacketFilterScript.create(tool, name)) } catch {
            _ = try? close()
            throw error
        }
    }

    /// The tool that works here: nft if `nft list tables` succeeds, else iptables if
    /// `iptables -S` does; nil when not root or neither works.
    public static func detect() -> Tool? {
        guard geteuid() == 0 else { return nil }
        return Tool.allCases.first { works($0) }
    }

    /// Whether `tool` is installed and can read the kernel's rules.
    public static func works(_ tool: Tool) -> Bool {
        guard geteuid() == 0, let path = locate(tool.rawValue) else { return false }
        let probe = tool == .nft ? ["list", "tables"] : ["-w", "-S"]
        return runTool([path] + probe).status == 0
    }

    /// A new id for `apply`, so a revert can be registered before the rules exist.
    public func newRuleID() -> Int { state.withLock { $0.nextID += 1; return $0.nextID } }

    /// Adds the rules of `rule` under `id`. nft applies them in one transaction; iptables rules
    /// added before a failure are taken out again.
    public func apply(_ rule: Rule, id: Int) throws {
        try state.withLock { s in
            guard !s.closed else { throw RuntimeError.environment("packet filter \(name) is closed") }
            switch tool {
            case .nft:
                try run(PacketFilterScript.add(.nft, name, rule, id: id))
            case .iptables:
                let commands = PacketFilterScript.add(.iptables, name, rule, id: id)
                for (i, c) in commands.enumerated() {
                    do { try run([c]) } catch {
                        let undo = PacketFilterScript.remove(.iptables, name, rule, id: id).prefix(i)
                        for u in undo { try? run([u]) }
                        throw error
                    }
                }
            }
            s.active[id] = rule
        }
    }

    /// Removes the rules added under `id` (nothing if they were never added or already removed).
    public func remove(_ id: Int) throws {
        try state.withLock { s in
            guard !s.closed, let rule = s.active.removeValue(forKey: id) else { return }
            try run(PacketFilterScript.remove(tool, name, rule, id: id))
        }
    }

    /// Deletes the whole table (or chain) and ends the guard. Idempotent.
    public func close() throws {
        let (pid, fd, wasClosed) = state.withLock { s in
            defer { s.closed = true; s.active = [:]; s.guardPID = 0; s.guardPipe = -1 }
            return (s.guardPID, s.guardPipe, s.closed)
        }
        guard !wasClosed else { return }
        var failure: Error?
        for c in PacketFilterScript.destroy(tool, name) {
            do { try run([c]) } catch { if failure == nil { failure = error } }
        }
        if fd >= 0 { Glibc.close(fd) }
        if pid > 0 { Self.reap(pid, within: 3) }
        if let failure, Self.exists(tool, name, executable) { throw failure }
    }

    deinit { _ = try? close() }

    /// The start of the names of every table or chain a process creates.
    public static func namePrefix(_ tool: Tool, pid: pid_t) -> String {
        tool == .nft ? "chaosrun_\(pid)_" : "CHAOSRUN-\(pid)-"
    }

    /// Lines of the kernel's rules that contain `name` (by default, any chaosrun table or chain,
    /// also other runs'); empty when nothing is left.
    public static func leftovers(_ tool: Tool, named name: String? = nil) -> [String] {
        guard let path = locate(tool.rawValue) else { return [] }
        let listing = runTool([path] + (tool == .nft ? ["list", "ruleset"] : ["-w", "-S"])).output
        return listing.split(separator: "\n").map(String.init).filter {
            name.map($0.contains) ?? $0.lowercased().contains("chaosrun")
        }
    }

    // MARK: internals

    func run(_ commands: [PacketFilterScript.Command]) throws {
        for c in commands {
            let r = Self.runTool([executable] + c.arguments, stdin: c.stdin)
            guard r.status == 0 else {
                let what = c.stdin.map { "\(tool.rawValue) -f - <<\n\($0)" } ?? ([tool.rawValue] + c.arguments).joined(separator: " ")
                throw RuntimeError.environment("packet filter: \(what) failed (\(r.status)): \(r.output.trimmingTrailingNewlines)")
            }
        }
    }

    static func exists(_ tool: Tool, _ name: String, _ path: String) -> Bool {
        runTool([path] + (tool == .nft ? ["list", "table", "inet", name] : ["-w", "-S", name])).status == 0
    }

    /// Starts the guard: `sh` in its own process group, ignoring SIGHUP/SIGINT/SIGTERM, blocked
    /// reading a socket whose other end only this process holds (close-on-exec); at EOF it deletes
    /// the table or chain.
    private func startGuard() throws {
        guard let fds = Self.closeOnExecPair() else { throw RuntimeError.environment("packet filter: socketpair: \(String(cString: strerror(errno)))") }
        let cleanup = PacketFilterScript.destroy(tool, name).map { c in
            let command = ([executable] + c.arguments).map(shellQuoted).joined(separator: " ")
            return c.stdin.map { "printf '%s\\n' \(shellQuoted($0)) | \(command)" } ?? command
        }.joined(separator: " 2>/dev/null; ") + " 2>/dev/null"
        let script = "trap '' HUP INT TERM; read -r line; \(cleanup); exit 0"
        let pid = Self.spawn(["/bin/sh", "-c", script], stdin: fds[0], output: -1, ownGroup: true)
        Glibc.close(fds[0])
        guard let pid else {
            Glibc.close(fds[1])
            throw RuntimeError.environment("packet filter: cannot start the cleanup guard")
        }
        state.withLock { $0.guardPID = pid; $0.guardPipe = fds[1] }
    }

    static func reap(_ pid: pid_t, within seconds: Double) {
        let deadline = Monotonic.seconds() + seconds
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Monotonic.seconds() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return
            }
            usleep(5_000)
        }
    }

    static func locate(_ tool: String) -> String? {
        let path = (getenv("PATH").map { String(cString: $0) } ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where access("\(dir)/\(tool)", X_OK) == 0 { return "\(dir)/\(tool)" }
        return nil
    }

    /// Runs a command to completion; stdout and stderr together.
    static func runTool(_ argv: [String], stdin input: String? = nil) -> (status: Int32, output: String) {
        guard let inFDs = closeOnExecPair() else { return (-1, "socketpair failed") }
        guard let outFDs = closeOnExecPair() else { Glibc.close(inFDs[0]); Glibc.close(inFDs[1]); return (-1, "socketpair failed") }
        let pid = spawn(argv, stdin: inFDs[0], output: outFDs[1], ownGroup: false)
        Glibc.close(inFDs[0]); Glibc.close(outFDs[1])
        if let input {
            let bytes = Array(input.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { write(inFDs[1], $0.baseAddress, $0.count) }
                if n <= 0 { break }
                sent += n
            }
        }
        Glibc.close(inFDs[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(outFDs[0], &buffer, buffer.count)
            if n > 0 { output += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
        }
        Glibc.close(outFDs[0])
        guard let pid else { return (-1, "cannot start \(argv[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: output, as: UTF8.self))
    }

    /// A connected pair of descriptors, both close-on-exec from the start, so a child spawned by
    /// another thread at the same moment (an engine worker's restart) cannot inherit them.
    static func closeOnExecPair() -> [Int32]? {
        var fds: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return socketpair(AF_UNIX, type, 0, &fds) == 0 ? fds : nil
    }

    /// posix_spawn with stdin from `stdin` and stdout+stderr to `output` (-1: /dev/null).
    static func spawn(_ argv: [String], stdin: Int32, output: Int32, ownGroup: Bool) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        if output >= 0 { posix_spawn_file_actions_adddup2(&actions, output, 1) } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var flags = POSIX_SPAWN_SETSIGMASK
        if ownGroup { posix_spawnattr_setpgroup(&attr, 0); flags |= POSIX_SPAWN_SETPGROUP }
        posix_spawnattr_setflags(&attr, Int16(flags))
        let cargv = argv.map { strdup($0) } + [nil]
        defer { for p in cargv { free(p) } }
        var pid: pid_t = 0
        return posix_spawn(&pid, argv[0], &actions, &attr, cargv, environ) == 0 ? pid : nil
    }
}

private func shellQuoted(_ s: String) -> String { "'" + s.replacingEvery("'", with: "'\\''") + "'" }

private extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s.replacingEvery("\n", with: "; ")
    }

    func replacingEvery(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
