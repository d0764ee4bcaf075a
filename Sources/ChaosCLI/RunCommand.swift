import ArgumentParser
import ChaosCheck
import ChaosPlan
import ChaosRuntime
import ChaosSource
import Foundation
import Reports

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario against the TDA engine and gate on its criteria.",
        discussion: """
        With no --bootstrap, everything runs on this machine with no setup: an in-process Kafka
        cluster (librdkafka's mock cluster: real Kafka protocol on loopback ports), engine workers
        as child processes in one consumer group, generators producing through librdkafka.
        Faults are real: broker down/up with leader failover, a fault-injecting TCP proxy for
        network faults, SIGKILL/SIGSTOP for processes, stress-ng (or a built-in stressor) for
        memory and CPU. Every fault is reverted and every child ended at the end, also on
        failure, SIGINT or SIGTERM.

        Exit status: 0 all criteria held, 1 a criterion failed, 2 invalid scenario or usage,
        3 environment failure, 130 interrupted (after rollback).

        Examples:
          chaosrun run scenarios/smoke.chaos
          chaosrun scenarios/cascade.chaos                     # same as `run`
          chaosrun run --dry-run scenarios/cascade.chaos       # the plan, nothing runs
          chaosrun run --report-dir out/ --metrics-port 9464 scenarios/cascade.chaos
          chaosrun run --bootstrap kafka1:9092 --broker-control './broker.sh' scenarios/rolling_restart.chaos
        """)

    @Argument(help: "A scenario file (.chaos or YAML).")
    var file: String

    @Flag(help: "Show the plan and exit without running anything.")
    var dryRun = false

    @Option(help: "Pick one scenario of a file that holds several.")
    var scenario: String?

    @Option(help: "Run against this external Kafka-compatible cluster (host:port[,…]; default: $CHAOSRUN_KAFKA_BOOTSTRAP, else embedded).")
    var bootstrap: String?

    @Option(help: "Shell command for broker faults on an external cluster; gets CHAOSRUN_ACTION=down|up, CHAOSRUN_BROKER=N (of kafka.broker[N]) and CHAOSRUN_BROKER_PORT.")
    var brokerControl: String?

    @Option(help: "Where report.json, junit.xml, summary.md, report.html and logs go (default: chaos-results/<scenario>-<time>/).")
    var reportDir: String?

    @Option(help: "Serve Prometheus metrics on this port during the run.")
    var metricsPort: Int?

    @Flag(help: "Use the built-in stressor even when stress-ng is installed.")
    var builtinStress = false

    @Option(help: "Where network partitions and packet loss are applied: auto (packet filter when root with nft or iptables, else proxy), proxy, packet-filter.")
    var networkBackend: NetworkBackend = .auto

    @Flag(help: "Print only the verdict.")
    var quiet = false

    @Option(help: ArgumentHelp("Test-only: engine defect (drop=F, slow-start=D, crash-loop=D, stall=D@T, resume-stall=D).", visibility: .hidden))
    var engineDefect: String?

    func run() throws {
        let scenarios = try ScenarioLoader.load(file, scenario: scenario, color: ScenarioLoader.stderrColor)
        guard scenarios.count == 1, let checked = scenarios.first else {
            throw ValidationError("\(file) holds \(scenarios.count) scenarios; pick one with --scenario")
        }
        let plan = PlanCompiler.compile(checked)
        if dryRun { print(PlanText.render(plan), terminator: ""); return }
        let source = Frontend.load(path: file).source
        let dir = reportDir ?? "chaos-results/\(checked.name)-\(Self.stamp())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tty = isatty(STDERR_FILENO) == 1
        let options = RunOptions(
            file: file, bootstrap: bootstrap ?? ProcessInfo.processInfo.environment["CHAOSRUN_KAFKA_BOOTSTRAP"],
            brokerControl: brokerControl, reportDirectory: dir, metricsPort: metricsPort, selfBinary: Self.selfPath(),
            progress: quiet ? .quiet : (tty ? .terminal : .plain),
            engineDefect: engineDefect ?? ProcessInfo.processInfo.environment["CHAOSRUN_ENGINE_DEFECT"],
            preferStressNG: !builtinStress, networkBackend: networkBackend)
        let outcome = Runner(plan: plan, source: source, options: options).run()
        for f in ReportFiles.render(outcome.report) {
            try f.contents.write(toFile: "\(dir)/\(f.name)", atomically: true, encoding: .utf8)
        }
        let style: TerminalVerdict.Style = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil ? .ansi : .plain
        print(TerminalVerdict.render(outcome.report, style: style), terminator: "")
        if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
            print(GitHubAnnotations.render(outcome.report), terminator: "")
        }
        print("reports: \(dir)/report.html (also report.json, junit.xml, summary.md)")
        throw ExitCode(outcome.report.exitCode)
    }

    static func stamp() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    static func selfPath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

extension NetworkBackend: ExpressibleByArgument {}
