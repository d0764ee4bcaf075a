// Market ticks: each symbol trades on its own Hawkes process (exponential kernel, simulated
// exactly by drawing the next event of the baseline and of the decaying excitation separately),
// and every trade moves the log price by a GARCH(1,1) return with Student-t innovations.
// Symbols are merged into one time-ordered stream with a binary heap.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Return model of `generate market`.
public enum MarketModel: String, Sendable, CaseIterable {
    /// GARCH(1,1) volatility with Student-t innovations.
    case garch
    /// Constant volatility with normal innovations (geometric Brownian motion in tick time).
    case gbm
}

/// Parameters of `generate market` (defaults match the language's field table).
public struct MarketParameters: Sendable, Equatable {
    /// Number of symbols (stream keys).
    public var symbols: Int = 10
    /// Mean ticks per second over all symbols.
    public var rate: Double = 1000
    /// Return model.
    public var model: MarketModel = .garch
    /// Annualised volatility of log returns.
    public var volatility: Double = 0.2
    /// Degrees of freedom of the Student-t innovations (> 2).
    public var tail: Double = 4
    /// GARCH reaction to the last squared return.
    public var garchAlpha: Double = 0.08
    /// GARCH persistence of the last variance; `garchAlpha + garchBeta` must stay below 1.
    public var garchBeta: Double = 0.91
    /// Hawkes branching ratio: the mean number of trades each trade triggers (0 ≤ n < 1).
    public var branching: Double = 0.7
    /// Hawkes decay time of the excitation, in seconds.
    public var decay: Double = 1
    /// Trading seconds per year, to turn annualised volatility into per-tick variance.
    public var secondsPerYear: Double = 252 * 6.5 * 3600
    /// Centre of the symbols' starting prices (each starts at `startPrice · e^{N(0, 0.5²)}`).
    public var startPrice: Double = 100

    /// The defaults.
    public init() {}
}

/// The market tick generator. See the file comment for the model.
public struct MarketGenerator: RecordGenerator, Sendable {
    public let kind = GeneratorKind.market
    public let keyNames: [String]
    /// The parameters it was built with.
    public let parameters: MarketParameters

    private var rngs: [Xoshiro256]
    private var sequences: [UInt64]
    private var excitation: [Double]
    private var logPrice: [Double]
    private var variance: [Double]
    /// Min-heap of (next event time, symbol), one entry per symbol.
    private var heapTime: [Double]
    private var heapSymbol: [Int32]
    private let mu: Double, jump: Double, beta: Double
    private let omega: Double, alpha: Double, garchBeta: Double, nu: Double

    /// A generator for `parameters`, seeded by `seed` under the name `name`.
    public init(parameters p: MarketParameters, seed: UInt64, name: String = "market") {
        parameters = p
        let n = max(1, p.symbols)
        keyNames = KeyNames.make(prefix: "SYM", count: n)
        rngs = keyNames.map { StreamSeed.rng(scenarioSeed: seed, generator: name, key: $0) }
        sequences = Array(repeating: 0, count: n)
        let branching = min(max(p.branching, 0), 0.99)
        let perSymbol = max(p.rate, 1e-9) / Double(n)
        mu = perSymbol * (1 - branching)
        beta = 1 / max(p.decay, 1e-9)
        jump = branching * beta
        let tickVariance = p.volatility * p.volatility / p.secondsPerYear / perSymbol
        switch p.model {
        case .garch:
            alpha = p.garchAlpha
            garchBeta = min(p.garchBeta, 0.9999 - alpha)
            omega = tickVariance * (1 - alpha - garchBeta)
            nu = max(p.tail, 2.05)
        case .gbm:
            alpha = 0; garchBeta = 0; omega = tickVariance; nu = .infinity
        }
        // Start every symbol in its stationary regime: mean excitation, unconditional variance.
        excitation = Array(repeating: mu * branching / (1 - branching), count: n)
        variance = Array(repeating: tickVariance, count: n)
        logPrice = Array(repeating: 0, count: n)
        heapTime = Array(repeating: 0, count: n)
        heapSymbol = (0..<n).map { Int32($0) }
        for s in 0..<n {
            logPrice[s] = log(p.startPrice) + 0.5 * rngs[s].normal()
            heapTime[s] = waitingTime(symbol: s)
        }
        for i in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    /// Time from the current event of `symbol` to its next one; updates the excitation.
    private mutating func waitingTime(symbol s: Int) -> Double {
        let baseline = rngs[s].exponential(rate: mu)
        var excited = Double.infinity
        let lam = excitation[s]
        if lam > 0 {
            let d = 1 + beta * log(rngs[s].uniformPositive()) / lam
            if d > 0 { excited = -log(d) / beta }
        } else {
            _ = rngs[s].next()
        }
        let wait = min(baseline, excited)
        excitation[s] = lam * exp(-beta * wait) + jump
        return wait
    }

    /// The next GARCH return of `symbol`.
    private mutating func nextReturn(symbol s: Int) -> Double {
        let shock = nu.isFinite ? rngs[s].standardizedStudentT(nu: nu) : rngs[s].normal()
        let r = variance[s].squareRoot() * shock
        variance[s] = omega + alpha * r * r + garchBeta * variance[s]
        return r
    }

    public mutating func next() -> GeneratedRecord {
        let t = heapTime[0]
        let s = Int(heapSymbol[0])
        logPrice[s] += nextReturn(symbol: s)
        heapTime[0] = t + waitingTime(symbol: s)
        siftDown(0)
        let seq = sequences[s]
        sequences[s] = seq + 1
        return GeneratedRecord(eventTimeNanos: Nanos.from(seconds: t), key: Int32(s), sequence: seq,
                               value: exp(logPrice[s]))
    }

    public mutating func fill(_ buffer: inout [GeneratedRecord], count: Int) {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(count)
        for _ in 0..<count { buffer.append(next()) }
    }

    private func less(_ i: Int, _ j: Int) -> Bool {
        heapTime[i] < heapTime[j] || (heapTime[i] == heapTime[j] && heapSymbol[i] < heapSymbol[j])
    }

    private mutating func siftDown(_ start: Int) {
        let n = heapTime.count
        var i = start
        while true {
            let l = 2 * i + 1
            if l >= n { return }
            var m = l
            if l + 1 < n && less(l + 1, l) { m = l + 1 }
            if !less(m, i) { return }
            heapTime.swapAt(i, m)
            heapSymbol.swapAt(i, m)
            i = m
        }
    }
}
