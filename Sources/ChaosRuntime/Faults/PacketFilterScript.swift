// The commands that program the packet filter, built as data so they can be checked without root:
// `PacketFilter` runs them. nft gets one script per step on stdin (`nft -f -`), which the kernel
// applies as one transaction; iptables gets one command per rule.
//
// nft:      table `inet <name>`; each fault is its own base chain `f<id>` on the input hook (policy
//           accept), so removing a fault is deleting its chain and chains never interfere: a drop
//           in any base chain drops the segment.
// iptables: chain `<name>`, jumped to from `INPUT -i lo`; a fault's rules are appended to it and
//           deleted by the same specification.
//
// A reset rule skips segments that carry RST: on loopback the reset the kernel sends back comes
// in through the same input hook, from the same port, and would otherwise be swallowed.
public enum PacketFilterScript {
    /// One invocation of the tool: its arguments (after the executable) and what goes to stdin.
    public struct Command: Sendable, Equatable, CustomStringConvertible {
        public var arguments: [String]
        public var stdin: String?

        public var description: String {
            stdin ?? arguments.joined(separator: " ")
        }
    }

    /// Creates the filter's own table or chain.
    public static func create(_ tool: PacketFilter.Tool, _ name: String) -> [Command] {
        switch tool {
        case .nft: [nft("add table inet \(name)")]
        case .iptables: [ipt(["-N", name]), ipt(["-I", "INPUT", "-i", "lo", "-j", name])]
        }
    }

    /// Adds one fault's rules: every TCP segment to or from the rule's ports on `lo`.
    public static func add(_ tool: PacketFilter.Tool, _ name: String, _ rule: PacketFilter.Rule, id: Int) -> [Command] {
        guard !rule.ports.isEmpty else { return [] }
        switch tool {
        case .nft:
            let ports = "{ " + rule.ports.map(String.init).joined(separator: ", ") + " }"
            let chain = "inet \(name) f\(id)"
            return [nft("""
                add chain \(chain) { type filter hook input priority 0; policy accept; }
                add rule \(chain) iifname "lo" tcp dport \(ports) \(nftVerdict(rule.action))
                add rule \(chain) iifname "lo" tcp sport \(ports) \(nftVerdict(rule.action))
                """)]
        case .iptables:
            return iptablesRules(rule).map { ipt(["-A", name] + $0) }
        }
    }

    /// Removes what `add` added for the same rule and id.
    public static func remove(_ tool: PacketFilter.Tool, _ name: String, _ rule: PacketFilter.Rule, id: Int) -> [Command] {
        guard !rule.ports.isEmpty else { return [] }
        switch tool {
        case .nft: return [nft("flush chain inet \(name) f\(id)\ndelete chain inet \(name) f\(id)")]
        case .iptables: return iptablesRules(rule).map { ipt(["-D", name] + $0) }
        }
    }

    /// Deletes the table or chain with every rule in it.
    public static func destroy(_ tool: PacketFilter.Tool, _ name: String) -> [Command] {
        switch tool {
        case .nft: [nft("delete table inet \(name)")]
        case .iptables: [ipt(["-D", "INPUT", "-i", "lo", "-j", name]), ipt(["-F", name]), ipt(["-X", name])]
        }
    }

    /// A loss percentage as basis points (0…10000), the resolution both tools are given.
    static func basisPoints(_ percent: Double) -> Int {
        percent.isNaN ? 0 : min(10_000, max(0, Int((percent * 100).rounded())))
    }

    static func nftVerdict(_ action: PacketFilter.Action) -> String {
        switch action {
        case .drop: "drop"
        case .reset: "tcp flags & rst == 0 reject with tcp reset"
        case .loss(let percent): "numgen random mod 10000 < \(basisPoints(percent)) drop"
        }
    }

    /// Rule specifications (after `-A chain`), one per port and direction.
    static func iptablesRules(_ rule: PacketFilter.Rule) -> [[String]] {
        let target: [String]
        switch rule.action {
        case .drop: target = ["-j", "DROP"]
        case .reset: target = ["!", "--tcp-flags", "RST", "RST", "-j", "REJECT", "--reject-with", "tcp-reset"]
        case .loss(let percent):
            let bp = basisPoints(percent)
            let digits = String(bp)
            let probability = bp >= 10_000 ? "1" : "0." + String(repeating: "0", count: 4 - digits.count) + digits
            target = ["-m", "statistic", "--mode", "random", "--probability", probability, "-j", "DROP"]
        }
        return rule.ports.flatMap { port in
            ["--dport", "--sport"].map { ["-p", "tcp", $0, String(port)] + target }
        }
    }

    static func nft(_ script: String) -> Command { Command(arguments: ["-f", "-"], stdin: script + "\n") }
    static func ipt(_ arguments: [String]) -> Command { Command(arguments: ["-w"] + arguments, stdin: nil) }
}
