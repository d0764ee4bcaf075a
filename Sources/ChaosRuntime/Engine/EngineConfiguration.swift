// The engine worker's configuration: where it reads and writes, which group it joins, the TDA
// window parameters, batching, and the test-only defects. Built by `chaosrun engine` from its
// options, or directly by a test.
import Foundation
import Streams
import TDA

/// Everything one engine worker needs to run.
public struct EngineConfiguration: Sendable {
    /// The cluster (bootstrap servers, optional fault-proxy routes, extra librdkafka properties).
    public var kafka: KafkaConfig
    /// Topic of binary input records (docs/records.md).
    public var inputTopic: String
    /// Topic the feature records go to (JSON, docs/engine.md).
    public var outputTopic: String
    /// Topic the `EngineAck`s go to.
    public var ackTopic: String
    /// Consumer group shared by every worker of one engine.
    public var group: String
    /// This worker's id (1…65535), carried in every ack and metric.
    public var workerID: UInt16
    /// Sliding-window TDA parameters (the same for every key).
    public var windows: WindowConfiguration
    /// Most records taken into one batch.
    public var maxBatchRecords: Int
    /// Longest wait for a batch's first record.
    public var batchWait: Duration
    /// Commit (after waiting for every output produced so far) at least this often…
    public var commitInterval: Duration
    /// …or after this many records. Shorter means fewer duplicates after a crash, more round trips.
    public var commitEveryRecords: Int
    /// How long to wait for a batch's outputs to be acknowledged before giving up on the batch
    /// (the worker then exits non-zero; its uncommitted records go to another worker).
    public var deliveryTimeout: Duration
    /// Port of the Prometheus endpoint on 127.0.0.1…: `nil` for none, 0 for any free port.
    public var metricsPort: Int?
    /// Address the metrics endpoint binds to.
    public var metricsAddress: String
    /// Test-only faults of the worker itself.
    public var defects: EngineDefects

    /// A configuration with the engine's defaults: window 200, stride 10, embedding 3, delay 1,
    /// scales [1, 2, 4], H0 and H1, batches of up to 500 records or 50 ms, commits every 100 ms.
    public init(kafka: KafkaConfig, inputTopic: String, outputTopic: String, ackTopic: String, group: String,
                workerID: UInt16, windows: WindowConfiguration = EngineConfiguration.defaultWindows,
                maxBatchRecords: Int = 500, batchWait: Duration = .milliseconds(50),
                commitInterval: Duration = .milliseconds(100), commitEveryRecords: Int = 20_000,
                deliveryTimeout: Duration = .seconds(120), metricsPort: Int? = nil,
                metricsAddress: String = "127.0.0.1", defects: EngineDefects = EngineDefects()) {
        self.kafka = kafka
        self.inputTopic = inputTopic
        self.outputTopic = outputTopic
        self.ackTopic = ackTopic
        self.group = group
        self.workerID = workerID
        self.windows = windows
        self.maxBatchRecords = maxBatchRecords
        self.batchWait = batchWait
        self.commitInterval = commitInterval
        self.commitEveryRecords = commitEveryRecords
        self.deliveryTimeout = deliveryTimeout
        self.metricsPort = metricsPort
        self.metricsAddress = metricsAddress
        self.defects = defects
    }

    /// The default window parameters of `chaosrun engine`.
    public static let defaultWindows = WindowConfiguration(
        window: 200, stride: 10, embedding: 3, delay: 1, threshold: nil, scales: [1, 2, 4], maxDim: 1, bettiRadii: [])

    /// The first problem with this configuration, or `nil`.
    public var problem: String? {
        if let p = windows.problem { return p }
        if inputTopic.isEmpty || outputTopic.isEmpty || ackTopic.isEmpty { return "input, output and ack topics must not be empty" }
        if Set([inputTopic, outputTopic, ackTopic]).count != 3 { return "input, output and ack topics must differ" }
        if group.isEmpty { return "the consumer group must not be empty" }
        if !(1...100_000).contains(maxBatchRecords) { return "expected a batch of 1…100000 records, found \(maxBatchRecords)" }
        if let port = metricsPort, !(0...65535).contains(port) { return "expected a metrics port 0…65535, found \(port)" }
        return nil
    }
}
