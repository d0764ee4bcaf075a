// `chaosrun cluster`: an embedded Kafka cluster in the foreground, for kcat and other clients.
import ArgumentParser
import Foundation
import Streams

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run an embedded Kafka cluster in the foreground until Ctrl-C.",
        discussion: """
        Starts librdkafka's mock cluster inside this process: real Kafka protocol on loopback ports, reachable by any client. Prints the bootstrap servers, then waits; SIGINT or SIGTERM stops it cleanly (exit 0). Limits (about 5 MiB kept per partition, no CreateTopics API, group joins of about 3 s) are listed in docs/kafka.md.

          chaosrun cluster --brokers 3 --partitions 6 --topic sensors
          kcat -b <bootstrap servers> -L
        """
    )

    @Option(help: "Number of brokers (ids 1…N).")
    var brokers: Int = 3

    @Option(help: "Partitions of each topic created with --topic.")
    var partitions: Int = 6

    @Option(help: "Replication factor of each topic (default: min(3, brokers)).")
    var replication: Int?

    @Option(name: .customLong("topic"), help: "A topic to create; repeat for several.")
    var topics: [String] = []

    @Flag(help: "Also start a fault proxy in front of every broker and print its route map (CHAOSRUN_KAFKA_ROUTE).")
    var proxy = false

    @Option(help: ArgumentHelp("Stop by itself after this many seconds.", visibility: .hidden))
    var seconds: Double?

    func validate() throws {
        guard (1...64).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 64, found \(brokers)") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1, found \(partitions)") }
        if let replication, !(1...brokers).contains(replication) {
            throw ValidationError("--replication must be between 1 and --brokers (\(brokers)), found \(replication)")
        }
    }

    func run() throws {
        // Handlers first, so a signal during start-up also ends in a clean stop.
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        let cluster: EmbeddedKafkaCluster
        var faultProxy: FaultProxy?
        do {
            cluster = try EmbeddedKafkaCluster(brokers: brokers)
            for topic in topics { try cluster.createTopic(topic, partitions: partitions, replicationFactor: replication) }
            if proxy { faultProxy = try FaultProxy(cluster: cluster) }
        } catch {
            printError("error: cannot start the embedded cluster: \(error)")
            throw ExitCode(3)
        }
        say("embedded Kafka cluster: \(brokers) broker(s)")
        for id in cluster.brokerPorts.keys.sorted() { say("  broker \(id)  127.0.0.1:\(cluster.brokerPorts[id]!)") }
        for topic in topics {
            say("  topic \(topic)  \(partitions) partition(s), leaders \(cluster.leaders(of: topic).map(String.init).joined(separator: ","))")
        }
        if let faultProxy {
            say("fault proxy routes: \(KafkaConfig.routeEnvironmentVariable)=\(KafkaConfig(bootstrapServers: "", routes: faultProxy.routes).routesDescription)")
        }
        say("bootstrap servers: \(cluster.bootstrapServers)")
        say("try: kcat -b \(cluster.bootstrapServers) -L        (Ctrl-C to stop)")

        if let seconds {
            _ = stop.wait(timeout: .now() + seconds)
        } else {
            stop.wait()
        }
        for source in sources { source.cancel() }
        faultProxy?.stop()
        cluster.stop()
        say("embedded Kafka cluster stopped")
    }
}

/// Writes a line to stdout at once (no buffering: a script reading the bootstrap line must see it).
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
