// `chaosrun generate iot|market|network`: writes a seeded generator stream as CSV, JSON lines or
// binary records, or produces binary records to a Kafka topic in real time (--topic). This file
// only parses options; generation lives in Generators, formatting in Records, the Kafka sink in
// ChaosRuntime (`KafkaRecordSink`). Output goes through `RecordSink` either way.
import ArgumentParser
import ChaosRuntime
import Foundation
import Generators
import Records
import Streams

/// `chaosrun generate`: the parent of one subcommand per generator kind.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded IoT, market or network stream as CSV, JSON lines or binary records.",
        discussion: """
        The same --seed always gives the same bytes. Timestamps start at 0 and follow the generator's arrival process (open-loop), not the wall clock.

        Examples:
          chaosrun generate iot --devices 200 --noise 0.2 --seed 42 --duration 30s
          chaosrun generate market --rate 2k/s --seed 7 --count 1M --format jsonl
          chaosrun generate network --hurst 0.8 --seed 1 --duration 1m30s -o f.csv
          chaosrun generate iot --seed 42 --count 1M --rate 20k/s --topic sensors --bootstrap 127.0.0.1:9092

        With --topic, records are produced in the binary format (key = stream key) at the declared rate in real time: event times become wall-clock nanoseconds since the Unix epoch from the first record on. At the end it prints the record count and an order-independent payload checksum to stderr (docs/engine.md).
        """,
        subcommands: [GenerateIoT.self, GenerateMarket.self, GenerateNetwork.self]
    )
}

/// Options every generator kind shares.
struct GenerateOptions: ParsableArguments {
    @Option(help: "Scenario seed (an unsigned 64-bit integer).")
    var seed: String

    @Option(help: "Number of records to write, e.g. 100000 or 1M.")
    var count: String?

    @Option(help: "Event-time span to write, e.g. 30s or 1m30s.")
    var duration: String?

    @Option(help: "Mean records per second over all keys, e.g. 500/s, 4k/s, 2M/min.")
    var rate: String = "1k/s"

    @Option(help: "Output format: csv (ts,key,value), jsonl or binary.")
    var format: String = "csv"

    @Option(name: [.short, .long], help: "Output file (default: standard output).")
    var output: String?

    @Option(help: "Generator name from the scenario; it enters every stream's seed (default: the kind).")
    var name: String?

    @Option(help: "Produce binary records to this Kafka topic, paced at --rate in real time (instead of a file).")
    var topic: String?

    @Option(help: "Kafka bootstrap servers for --topic (default: $CHAOSRUN_KAFKA_BOOTSTRAP).")
    var bootstrap: String?
}

/// A command-line mistake: printed as `error: …` and exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

extension GenerateOptions {
    /// Parses the shared options and writes the stream of `spec` (built by `makeSpec`).
    func run(kind: GeneratorKind, makeSpec: (Double) throws -> GeneratorSpec) throws {
        do {
            let seedValue = try OptionValues.seed(seed)
            let rateValue = try OptionValues.rate(rate, option: "--rate")
            guard let recordFormat = RecordFormat(rawValue: format) else {
                throw UsageError(description: "--format: expected csv, jsonl or binary, found '\(format)'")
            }
            let limit: GenerationLimit
            switch (count, duration) {
            case (let c?, nil): limit = .count(try OptionValues.count(c))
            case (nil, let d?): limit = .duration(try OptionValues.durationNanos(d, option: "--duration"))
            case (nil, nil): throw UsageError(description: "give either --count N or --duration D")
            case (_?, _?): throw UsageError(description: "give either --count or --duration, not both")
            }
            let spec = try makeSpec(rateValue)
            if let topic {
                guard output == nil else { throw UsageError(description: "give either --topic or --output, not both") }
                try produce(spec: spec, seed: seedValue, limit: limit, topic: topic)
                return
            }
            let out = try OutputFile(path: output)
            var sink = RecordWriter(format: recordFormat) { out.write($0) }
            var generator = spec.makeGenerator(seed: seedValue, name: name)
            try GenerationPump.run(&generator, limit: limit, into: &sink)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension GenerateOptions {
    /// Produces the stream to `topic` through `KafkaRecordSink`; Kafka failures exit with 3.
    private func produce(spec: GeneratorSpec, seed: UInt64, limit: GenerationLimit, topic: String) throws {
        let config: KafkaConfig
        do {
            guard let c = try KafkaConfig.fromEnvironment(bootstrap: bootstrap) else {
                throw UsageError(description: "--topic needs --bootstrap host:port or \(KafkaConfig.bootstrapEnvironmentVariable)")
            }
            config = c.bootstrapServers.split(separator: ",").allSatisfy({ $0.hasPrefix("127.0.0.1:") })
                ? c.with("broker.address.family", "v4") : c
        } catch let error as KafkaError {
            throw UsageError(description: error.message)
        }
        do {
            let producer = try KafkaProducer(config: config, name: "generate")
            defer { producer.close() }
            var sink = KafkaRecordSink(producer: producer, topic: topic)
            var generator = spec.makeGenerator(seed: seed, name: name)
            try GenerationPump.run(&generator, limit: limit, into: &sink)
            FileHandle.standardError.write(Data("produced to \(topic): \(sink.checksum)\n".utf8))
        } catch let error as UsageError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: --topic \(topic): \(error)\n".utf8))
            throw ExitCode(3)
        }
    }
}

/// How much to generate.
enum GenerationLimit {
    case count(Int)
    case duration(Int64)
}

/// Pulls records from a generator in batches and pushes them into any sink.
enum GenerationPump {
    static func run<S: RecordSink>(_ generator: inout any RecordGenerator, limit: GenerationLimit, into sink: inout S) throws {
        let keys = generator.keyNames
        let id = generator.kind.id
        var buffer: [GeneratedRecord] = []
        var remaining = Int.max
        var endNanos = Int64.max
        switch limit {
        case .count(let n): remaining = n
        case .duration(let d): endNanos = d
        }
        outer: while remaining > 0 {
            let batch = min(remaining, 4096)
            generator.fill(&buffer, count: batch)
            for r in buffer {
                if r.eventTimeNanos >= endNanos { break outer }
                try sink.write(key: keys[Int(r.key)], generatorID: id, sequence: r.sequence,
                               eventTimeNanos: r.eventTimeNanos, value: r.value)
            }
            if remaining != Int.max { remaining -= batch }
        }
        try sink.flush()
    }
}

/// Standard output or a created file.
struct OutputFile {
    let handle: FileHandle

    init(path: String?) throws {
        guard let path, path != "-" else { handle = FileHandle.standardOutput; return }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let h = FileHandle(forWritingAtPath: path) else {
            throw UsageError(description: "--output: cannot create '\(path)'")
        }
        handle = h
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        handle.write(Data(bytes))
    }
}

/// `chaosrun generate iot`.
struct GenerateIoT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iot", abstract: "IoT sensors: periodic readings, noise, correlated neighbours, dropouts, spikes, stuck values.")

    @OptionGroup var common: GenerateOptions
    @Option(help: "Number of devices (stream keys).") var devices: Int = 100
    @Option(help: "Period of the cycle, e.g. 60s or 24h.") var period: String = "60s"
    @Option(help: "Noise standard deviation relative to the amplitude.") var noise: Double = 0.1
    @Option(help: "Noise correlation of neighbouring devices (0…0.99).") var correlation: Double = 0.5
    @Option(help: "Share of readings never sent, e.g. 0.5% or 0.005.") var dropout: String = "0%"
    @Option(help: "Share of readings replaced by spikes.") var spikes: String = "0%"
    @Option(help: "Share of time a device repeats its last value.") var stuck: String = "0%"
    @Option(help: "Amplitude of the cycle.") var amplitude: Double = 5
    @Option(help: "Mean level of the readings.") var baseline: Double = 20

    func run() throws {
        try common.run(kind: .iot) { rate in
            var p = IoTParameters()
            p.rate = rate
            p.devices = try OptionValues.range(devices, "--devices", 1...1_000_000)
            p.period = Double(try OptionValues.durationNanos(period, option: "--period")) / 1e9
            p.noise = try OptionValues.range(noise, "--noise", 0...10)
            p.correlation = try OptionValues.range(correlation, "--correlation", 0...0.99)
            p.dropout = try OptionValues.share(dropout, option: "--dropout")
            p.spikes = try OptionValues.share(spikes, option: "--spikes")
            p.stuck = try OptionValues.share(stuck, option: "--stuck")
            p.amplitude = amplitude
            p.baseline = baseline
            return .iot(p)
        }
    }
}

/// `chaosrun generate market`.
struct GenerateMarket: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market", abstract: "Market ticks: GARCH(1,1) with Student-t innovations on Hawkes arrivals.")

    @OptionGroup var common: GenerateOptions
    @Option(help: "Number of symbols (stream keys).") var symbols: Int = 10
    @Option(help: "Return model: garch or gbm.") var model: String = "garch"
    @Option(help: "Annualised volatility.") var volatility: Double = 0.2
    @Option(help: "Degrees of freedom of the Student-t innovations (> 2).") var tail: Double = 4
    @Option(help: "Hawkes branching ratio: trades triggered per trade (0…0.95).") var branching: Double = 0.7

    func run() throws {
        try common.run(kind: .market) { rate in
            var p = MarketParameters()
            p.rate = rate
            p.symbols = try OptionValues.range(symbols, "--symbols", 1...100_000)
            guard let m = MarketModel(rawValue: model) else {
                throw UsageError(description: "--model: expected garch or gbm, found '\(model)'")
            }
            p.model = m
            p.volatility = try OptionValues.range(volatility, "--volatility", 0...5)
            p.tail = try OptionValues.range(tail, "--tail", 2.1...100)
            p.branching = try OptionValues.range(branching, "--branching", 0...0.95)
            return .market(p)
        }
    }
}

/// `chaosrun generate network`.
struct GenerateNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Network flows: self-similar counts (fGn-modulated arrivals), Pareto flow sizes.")

    @OptionGroup var common: GenerateOptions
    @Option(help: "Number of sources (stream keys).") var sources: Int = 32
    @Option(help: "Hurst exponent of the counts (0.5…0.99).") var hurst: Double = 0.8
    @Option(help: "Tail index of flow sizes (1.01…2.5).") var tail: Double = 1.5
    @Flag(help: "Modulate the rate by a daily cycle.") var diurnal = false
    @Option(help: "Length of the daily cycle, e.g. 24h or 10m.") var diurnalPeriod: String = "24h"

    func run() throws {
        try common.run(kind: .network) { rate in
            var p = NetworkParameters()
            p.rate = rate
            p.sources = try OptionValues.range(sources, "--sources", 1...100_000)
            p.hurst = try OptionValues.range(hurst, "--hurst", 0.5...0.99)
            p.tail = try OptionValues.range(tail, "--tail", 1.01...2.5)
            p.diurnal = diurnal
            p.diurnalPeriod = Double(try OptionValues.durationNanos(diurnalPeriod, option: "--diurnal-period")) / 1e9
            return .network(p)
        }
    }
}

/// Parsers for the typed literals the options take (the language's spelling: `4k/s`, `1m30s`,
/// `0.5%`), with messages that say what was expected and what was found.
enum OptionValues {
    static func seed(_ text: String) throws -> UInt64 {
        guard let v = UInt64(text) else {
            throw UsageError(description: "--seed: expected an unsigned integer like 42, found '\(text)'")
        }
        return v
    }

    /// `100000`, `10k`, `1M`.
    static func count(_ text: String) throws -> Int {
        let (number, suffix) = split(text)
        let scale: Double? = ["": 1, "k": 1e3, "M": 1e6, "G": 1e9][suffix]
        guard let n = Double(number), let scale, n >= 0, (n * scale).rounded() == n * scale, n * scale < 1e15 else {
            throw UsageError(description: "--count: expected a record count like 100000 or 1M, found '\(text)'")
        }
        return Int(n * scale)
    }

    /// `30s`, `1m30s`, `250ms`, `2h`, `1.5s` → nanoseconds (positive).
    static func durationNanos(_ text: String, option: String) throws -> Int64 {
        let units: [String: Double] = ["h": 3600e9, "m": 60e9, "min": 60e9, "s": 1e9, "ms": 1e6, "us": 1e3, "ns": 1]
        var rest = Substring(text)
        var total = 0.0
        var parts = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let n = Double(digits), let scale = units[String(unit)] else { parts = -1; break }
            total += n * scale
            parts += 1
        }
        guard parts > 0, total > 0, total < 9e18 else {
            throw UsageError(description: "\(option): expected a duration like '30s' or '1m30s', found '\(text)'")
        }
        return Int64(total.rounded())
    }

    /// `500/s`, `4k/s`, `2M/min`, `100/h` → records per second (positive).
    static func rate(_ text: String, option: String) throws -> Double {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        let per: [String: Double] = ["s": 1, "ms": 1e-3, "m": 60, "min": 60, "h": 3600]
        if pieces.count == 2, let seconds = per[String(pieces[1])] {
            let (number, suffix) = split(String(pieces[0]))
            if let n = Double(number), let scale = ["": 1.0, "k": 1e3, "M": 1e6][suffix], n > 0 {
                let value = n * scale / seconds
                if value <= 10_000_000 { return value }
                throw UsageError(description: "\(option): \(text) is above the largest rate, 10M/s")
            }
        }
        throw UsageError(description: "\(option): expected a rate like '500/s' or '4k/s', found '\(text)'")
    }

    /// `0.5%` or a fraction `0.005` → a share in 0…1.
    static func share(_ text: String, option: String) throws -> Double {
        let value: Double?
        if text.hasSuffix("%") { value = Double(text.dropLast()).map { $0 / 100 } } else { value = Double(text) }
        guard let value, value >= 0, value <= 1 else {
            throw UsageError(description: "\(option): expected a share like '0.5%' or 0.005 (0…100%), found '\(text)'")
        }
        return value
    }

    static func range<T: Comparable>(_ value: T, _ option: String, _ range: ClosedRange<T>) throws -> T {
        guard range.contains(value) else {
            throw UsageError(description: "\(option): \(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// Splits a trailing magnitude suffix (k, M, G) from a number.
    private static func split(_ text: String) -> (String, String) {
        if let last = text.last, "kMG".contains(last) { return (String(text.dropLast()), String(last)) }
        return (text, "")
    }
}
