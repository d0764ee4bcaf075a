// Raw librdkafka produce / consume / pipelined throughput on the embedded cluster (or on
// --bootstrap), with chaosrun's client settings. Prints a Markdown table for
// docs/benchmarks.md. Run through bench/streams.bench.sh (release build).
import Foundation
import Streams

struct Options {
    var records = 150_000
    var pipeline = 1_000_000
    var valueBytes = 100
    var runs = 3
    var brokers = 3
    var partitions = 6
    var bootstrap: String?
}

func parse() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        let v = args.next() ?? ""
        switch a {
        case "--records": o.records = Int(v) ?? o.records
        case "--pipeline": o.pipeline = Int(v) ?? o.pipeline
        case "--value-bytes": o.valueBytes = Int(v) ?? o.valueBytes
        case "--runs": o.runs = Int(v) ?? o.runs
        case "--brokers": o.brokers = Int(v) ?? o.brokers
        case "--partitions": o.partitions = Int(v) ?? o.partitions
        case "--bootstrap": o.bootstrap = v
        default:
            FileHandle.standardError.write(Data("unknown option \(a)\n".utf8))
            exit(2)
        }
    }
    return o
}

func machine() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown CPU"
    let os = ((try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? "").split(separator: "\n")
        .first { $0.hasPrefix("PRETTY_NAME=") }.map { $0.dropFirst(12).replacingOccurrences(of: "\"", with: "") } ?? "Linux"
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(os), librdkafka \(Librdkafka.version)"
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func fmt(_ x: Double) -> String { String(format: "%.0f", x) }

let options = parse()
print("machine: \(machine())")
print("records \(options.records) (produce, consume), \(options.pipeline) (pipelined), value \(options.valueBytes) B + 8 B key, "
      + "\(options.brokers) brokers, \(options.partitions) partitions, replication min(3, brokers), idempotent producer, acks=all")
var results: [RawThroughputResult] = []
for run in 1...options.runs {
    let cluster = options.bootstrap == nil ? try EmbeddedKafkaCluster(brokers: options.brokers) : nil
    let config = cluster?.clientConfig() ?? KafkaConfig(bootstrapServers: options.bootstrap!)
    let suffix = UUID().uuidString.prefix(8)
    let (produceTopic, pipelineTopic) = ("bench-\(suffix)", "bench-pipe-\(suffix)")
    if let cluster {
        try cluster.createTopic(produceTopic, partitions: options.partitions)
        try cluster.createTopic(pipelineTopic, partitions: options.partitions)
    } else {
        let admin = try KafkaAdmin(config: config)
        try admin.createTopics([KafkaTopicSpec(name: produceTopic, partitions: options.partitions, replicationFactor: 1),
                                KafkaTopicSpec(name: pipelineTopic, partitions: options.partitions, replicationFactor: 1)])
        admin.close()
    }
    let r = try RawThroughput.measure(config: config, produceTopic: produceTopic, pipelineTopic: pipelineTopic,
                                      records: options.records, pipelineRecords: options.pipeline, valueBytes: options.valueBytes)
    print("run \(run): produce \(fmt(r.produceRate))/s, consume \(fmt(r.consumeRate))/s, pipelined \(fmt(r.pipelineRate))/s, missing \(r.missing)")
    results.append(r)
    cluster?.stop()
}
print("")
print("| measurement | records/s (median of \(options.runs)) | MB/s of values |")
print("|---|---:|---:|")
for (name, pick) in [("produce (acked, idempotent)", \RawThroughputResult.produceRate),
                     ("consume (one group member)", \RawThroughputResult.consumeRate),
                     ("produce + consume, pipelined", \RawThroughputResult.pipelineRate)] {
    let m = median(results.map { $0[keyPath: pick] })
    print("| \(name) | \(fmt(m)) | \(String(format: "%.1f", m * Double(options.valueBytes) / 1e6)) |")
}
let missing = results.map(\.missing).reduce(0, +)
if missing > 0 { print("\nWARNING: consumers missed \(missing) records (retention limit of the embedded cluster?)") }
