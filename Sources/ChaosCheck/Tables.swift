// The field tables of the language. Units: durations in ms, rates in events/s, sizes in bytes,
// percentages in percent points, intensities in 0–1.

/// The language's tables, in documentation order.
public enum Tables {
    static let second = 1000.0
    static let minute = 60_000.0
    static let hour = 3_600_000.0

    /// Settings of a `scenario` body (`seed 42`, `duration 4m`).
    public static let settings = KindSpec("scenario", doc: "Scenario metadata and run phases.", fields: [
        FieldSpec("description", .string, doc: "What the scenario exercises, shown in reports."),
        FieldSpec("seed", .integer, default: "0", range: ValueRange(0, nil),
                  doc: "Seed of every generator and of any randomised fault; same seed, same run."),
        FieldSpec("duration", .duration, required: true, range: ValueRange(second, 24 * hour),
                  doc: "Length of the run from the start of warmup to the end of the timeline."),
        FieldSpec("warmup", .duration, default: "10s", range: ValueRange(0, 1 * hour),
                  doc: "Fault-free time at the start that measures the baseline; no fault may start in it."),
        FieldSpec("drain", .duration, default: "60s", range: ValueRange(0, 1 * hour),
                  doc: "Upper bound on the time after the timeline for the engine to catch up."),
        FieldSpec("settle", .duration, default: "5s", range: ValueRange(0, 10 * minute),
                  doc: "How long throughput and lag must stay within tolerance for a fault to count as recovered."),
        FieldSpec("tolerance", .percent, default: "10%", range: ValueRange(0, 100),
                  doc: "Band around the baseline within which throughput counts as recovered."),
        FieldSpec("sample_interval", .duration, default: "1s", range: ValueRange(50, 60 * second),
                  doc: "Interval at which metrics are sampled."),
        FieldSpec("allow_unsafe", .bool, default: "false",
                  doc: "Allow resource faults beyond the host's safety caps (memory_cap, cpu_cap)."),
    ])

    /// Components of a `system` block.
    public static let components: [KindSpec] = [
        KindSpec("kafka", doc: "The Kafka cluster: embedded (in-process mock cluster) or external with --bootstrap.", fields: [
            FieldSpec("brokers", .integer, default: "3", range: ValueRange(1, 16), doc: "Number of brokers; broker ids are 1…brokers."),
            FieldSpec("partitions", .integer, default: "6", range: ValueRange(1, 1024), doc: "Partitions of the input topic."),
            FieldSpec("replication", .integer, default: "3", range: ValueRange(1, 16),
                      doc: "Replication factor of the topics; at most the number of brokers."),
            FieldSpec("topic", .string, default: "\"chaos.input\"", doc: "Topic the generators produce to."),
            FieldSpec("output_topic", .string, default: "\"chaos.features\"", doc: "Topic the engine writes features to."),
        ], example: "kafka brokers: 3, partitions: 6, replication: 3"),
        KindSpec("tda", doc: "The streaming TDA engine: workers in one consumer group.", fields: [
            FieldSpec("window", .integer, default: "200", range: ValueRange(4, 65_535), doc: "Samples per sliding window (at most 65535: the engine's Rips workspace limit)."),
            FieldSpec("stride", .integer, default: "10", range: ValueRange(1, 100_000), doc: "Samples between consecutive windows."),
            FieldSpec("embed", .integer, default: "3", range: ValueRange(1, 16), doc: "Delay-embedding dimension."),
            FieldSpec("delay", .integer, default: "1", range: ValueRange(1, 10_000), doc: "Delay-embedding lag, in samples."),
            FieldSpec("threshold", .number, range: ValueRange(0, nil), doc: "Vietoris–Rips distance threshold; none means the full filtration."),
            FieldSpec("maxdim", .integer, default: "1", range: ValueRange(0, 2), doc: "Highest homology dimension computed."),
            FieldSpec("scales", .list(.integer), default: "[1]", range: ValueRange(1, 64),
                      doc: "Window multipliers for multi-scale features (`[1, 2, 4]`)."),
            FieldSpec("workers", .integer, default: "2", range: ValueRange(1, 64), doc: "Engine worker processes; worker ids are 1…workers."),
        ], example: "tda window: 200, stride: 10, embed: 3, scales: [1, 2, 4], workers: 2"),
        KindSpec("host", doc: "The machine the run happens on; caps protect it from resource faults.", fields: [
            FieldSpec("memory_cap", .percent, default: "50%", range: ValueRange(1, 95),
                      doc: "Largest share of memory a memory_pressure fault may take (unless allow_unsafe)."),
            FieldSpec("cpu_cap", .percent, default: "100%", range: ValueRange(1, 100),
                      doc: "Largest CPU load a cpu_spike fault may apply (unless allow_unsafe)."),
        ], example: "host memory_cap: 60%"),
    ]

    /// Generator kinds (`generate KIND "name" fields`).
    public static let generators: [KindSpec] = [
        KindSpec("iot", doc: "IoT sensors: periodic readings with noise, correlated neighbours, dropouts, spikes and stuck values.", fields: [
            FieldSpec("rate", .rate, required: true, range: ValueRange(0.001, 10_000_000), doc: "Total records per second over all devices."),
            FieldSpec("devices", .integer, default: "100", range: ValueRange(1, 1_000_000), doc: "Number of devices (stream keys)."),
            FieldSpec("period", .duration, default: "60s", range: ValueRange(10, 24 * hour), doc: "Period of the underlying cycle."),
            FieldSpec("noise", .number, default: "0.1", range: ValueRange(0, 10), doc: "Noise standard deviation relative to the amplitude."),
            FieldSpec("correlation", .intensity, default: "0.5", range: ValueRange(0, 0.99), doc: "Correlation between neighbouring devices."),
            FieldSpec("dropout", .percent, default: "0%", range: ValueRange(0, 100), doc: "Share of readings never sent."),
            FieldSpec("spikes", .percent, default: "0%", range: ValueRange(0, 100), doc: "Share of readings replaced by spikes."),
            FieldSpec("stuck", .percent, default: "0%", range: ValueRange(0, 100), doc: "Share of time a device repeats its last value."),
        ], example: "generate iot \"sensors\" devices: 200, rate: 4k/s, period: 60s, noise: 0.2"),
        KindSpec("market", doc: "Market ticks: GARCH(1,1) returns with Student-t innovations on self-exciting arrivals.", fields: [
            FieldSpec("rate", .rate, required: true, range: ValueRange(0.001, 10_000_000), doc: "Mean ticks per second over all symbols."),
            FieldSpec("symbols", .integer, default: "10", range: ValueRange(1, 100_000), doc: "Number of symbols (stream keys)."),
            FieldSpec("model", .choice(["garch", "gbm"]), default: "garch", doc: "Return model."),
            FieldSpec("volatility", .number, default: "0.2", range: ValueRange(0, 5), doc: "Annualised volatility."),
            FieldSpec("tail", .number, default: "4", range: ValueRange(2.1, 100), doc: "Degrees of freedom of the Student-t innovations."),
        ], example: "generate market \"ticks\" symbols: 20, rate: 2k/s, model: garch"),
        KindSpec("network", doc: "Network flows: self-similar counts with heavy-tailed flow sizes.", fields: [
            FieldSpec("rate", .rate, required: true, range: ValueRange(0.001, 10_000_000), doc: "Mean flows per second over all sources."),
            FieldSpec("sources", .integer, default: "32", range: ValueRange(1, 100_000), doc: "Number of sources (stream keys)."),
            FieldSpec("hurst", .number, default: "0.8", range: ValueRange(0.5, 0.99), doc: "Hurst exponent of the counts."),
            FieldSpec("tail", .number, default: "1.5", range: ValueRange(1.01, 2.5), doc: "Tail index of flow sizes."),
            FieldSpec("diurnal", .bool, default: "false", doc: "Modulate the rate by a daily cycle."),
        ], example: "generate network \"flows\" sources: 64, rate: 2k/s, hurst: 0.8"),
    ]
}
