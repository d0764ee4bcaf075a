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
