// Choosing a generator at run time: the interpreter and the CLI hold a `GeneratorSpec` and ask
// it for a generator; they drive it through `any RecordGenerator` and pay dynamic dispatch once
// per `fill` batch, not per record.

/// A generator kind with its parameters.
public enum GeneratorSpec: Sendable, Equatable {
    case iot(IoTParameters)
    case market(MarketParameters)
    case network(NetworkParameters)

    /// The kind.
    public var kind: GeneratorKind {
        switch self {
        case .iot: .iot
        case .market: .market
        case .network: .network
        }
    }

    /// The declared mean rate in records per second (for IoT, before dropouts).
    public var rate: Double {
        switch self {
        case .iot(let p): p.rate
        case .market(let p): p.rate
        case .network(let p): p.rate
        }
    }

    /// A generator seeded with the scenario seed; `name` (the scenario's generator name, e.g.
    /// "sensors", or the kind when there is none) enters every stream's seed.
    public func makeGenerator(seed: UInt64, name: String? = nil) -> any RecordGenerator {
        let label = name ?? kind.rawValue
        switch self {
        case .iot(let p): return IoTGenerator(parameters: p, seed: seed, name: label)
        case .market(let p): return MarketGenerator(parameters: p, seed: seed, name: label)
        case .network(let p): return NetworkGenerator(parameters: p, seed: seed, name: label)
        }
    }
}

/// A field value of a `generate` statement in canonical units, as the checked plan holds it.
public enum GeneratorField: Sendable, Equatable {
    /// Integers, numbers, intensities, rates (per second), percents (percent points: 0.5 means
    /// 0.5 %), durations (seconds).
    case number(Double)
    /// Choices such as `model: garch`.
    case word(String)
    /// Booleans such as `diurnal: true`.
    case flag(Bool)
}

extension GeneratorSpec {
    /// Builds a spec from the language's field names (`devices`, `rate`, `period`, `dropout`, …);
    /// missing fields keep their defaults, unknown ones are ignored (the checker reports them).
    /// Returns nil for an unknown kind or a `model` other than garch/gbm.
    public init?(kind: String, fields: [String: GeneratorField]) {
        func number(_ name: String) -> Double? {
            if case .number(let v)? = fields[name] { return v }
            return nil
        }
        func share(_ name: String) -> Double? { number(name).map { $0 / 100 } }
        switch GeneratorKind(rawValue: kind) {
        case .iot:
            var p = IoTParameters()
            if let v = number("rate") { p.rate = v }
            if let v = number("devices") { p.devices = Int(v) }
            if let v = number("period") { p.period = v }
            if let v = number("noise") { p.noise = v }
            if let v = number("correlation") { p.correlation = v }
            if let v = share("dropout") { p.dropout = v }
            if let v = share("spikes") { p.spikes = v }
            if let v = share("stuck") { p.stuck = v }
            self = .iot(p)
        case .market:
            var p = MarketParameters()
            if let v = number("rate") { p.rate = v }
            if let v = number("symbols") { p.symbols = Int(v) }
            if let v = number("volatility") { p.volatility = v }
            if let v = number("tail") { p.tail = v }
            if case .word(let m)? = fields["model"] {
                guard let model = MarketModel(rawValue: m) else { return nil }
                p.model = model
            }
            self = .market(p)
        case .network:
            var p = NetworkParameters()
            if let v = number("rate") { p.rate = v }
            if let v = number("sources") { p.sources = Int(v) }
            if let v = number("hurst") { p.hurst = v }
            if let v = number("tail") { p.tail = v }
            if case .flag(let d)? = fields["diurnal"] { p.diurnal = d }
            self = .network(p)
        case nil:
            return nil
        }
    }
}
