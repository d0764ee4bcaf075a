// Streaming: sliding windows over one signal, delay embedding, several scales, features.
//
// Scale s (a multiplier of the base window) looks at the last W·s samples with the embedding
// dilated by s: point j of the window starting at sample w is
//   (x[w + j·s], x[w + j·s + τ·s], …, x[w + j·s + (m-1)·τ·s]),  0 <= j < P = W - (m-1)·τ,
// so every scale has the same number of points P (same cost) and scale 1 is the plain window.
// A window starts at every multiple of the stride S once W·s samples are there.
//
// Reuse between overlapping windows: vertex labels are ring slots (a diagram does not depend
// on vertex order). When S is a multiple of s, consecutive windows share P - S/s points; only
// the rows of the S/s new points of the distance matrix are computed. All buffers (sample
// ring, coordinates, distance matrix, edges, reduction state, features) keep their storage, so
// a window in steady state allocates nothing.

/// The parameters of sliding-window features.
public struct WindowConfiguration: Sendable, Equatable {
    /// Base window length W in samples.
    public var window: Int
    /// Samples between consecutive window starts (S).
    public var stride: Int
    /// Embedding dimension m.
    public var embedding: Int
    /// Embedding delay τ in samples.
    public var delay: Int
    /// Rips threshold (edges with `d <= Float(threshold)`); `nil` for the full filtration.
    public var threshold: Double?
    /// Window multipliers; see the file comment for their meaning.
    public var scales: [Int]
    /// Largest homology dimension (0 or 1).
    public var maxDim: Int
    /// Radii at which Betti numbers are reported.
    public var bettiRadii: [Double]

    /// A configuration; defaults give the fixture windows (W 200, stride 1, m 3, τ 12).
    public init(
        window: Int = 200, stride: Int = 1, embedding: Int = 3, delay: Int = 12,
        threshold: Double? = nil, scales: [Int] = [1], maxDim: Int = 1, bettiRadii: [Double] = []
    ) {
        self.window = window
        self.stride = stride
        self.embedding = embedding
        self.delay = delay
        self.threshold = threshold
        self.scales = scales
        self.maxDim = maxDim
        self.bettiRadii = bettiRadii
    }

    /// Points per window: `window - (embedding - 1) * delay`.
    public var pointsPerWindow: Int { window - (embedding - 1) * delay }

    /// The first problem with these parameters, or `nil` when they are usable.
    public var problem: String? {
        if window < 1 { return "expected a window of at least 1 sample, found \(window)" }
        if stride < 1 { return "expected a stride of at least 1, found \(stride)" }
        if embedding < 1 { return "expected an embedding dimension of at least 1, found \(embedding)" }
        if delay < 1 { return "expected a delay of at least 1, found \(delay)" }
        if pointsPerWindow < 1 {
            return "window \(window) is too short for embedding \(embedding) with delay \(delay)"
        }
        if pointsPerWindow >= 65_536 { return "expected at most 65535 points per window, found \(pointsPerWindow)" }
        if scales.isEmpty || scales.contains(where: { $0 < 1 }) { return "expected scales of at least 1" }
        if let t = threshold, !(t >= 0 && t.isFinite) { return "expected a finite non-negative threshold" }
        if maxDim < 0 || maxDim > 1 { return "expected maxdim 0 or 1, found \(maxDim)" }
        if bettiRadii.contains(where: { !($0.isFinite && $0 >= 0) }) { return "expected finite non-negative Betti radii" }
        return nil
    }
}

/// The features of one window at one scale.
public struct WindowFeatures: Sendable, Equatable {
    /// The scale multiplier.
    public var scale: Int = 1
    /// The index of the window's first sample in the stream (0-based).
    public var start: Int = 0
    /// The number of samples the window spans (W·scale).
    public var length: Int = 0
    /// The number of embedded points.
    public var points: Int = 0
    /// H0 summary.
    public var h0 = DimensionFeatures()
    /// H1 summary (all zero when maxDim is 0).
    public var h1 = DimensionFeatures()
    /// Betti numbers of H0 at each configured radius.
    public var betti0: [Int] = []
    /// Betti numbers of H1 at each configured radius.
    public var betti1: [Int] = []
    /// 1-Wasserstein distance to the previous window's diagram at this scale (see
    /// `DiagramDistance`), infinite deaths capped at the threshold; `nil` for the first window.
    public var anomaly: Double?

    /// Empty features.
    public init() {}
}

/// One stream's sliding windows at every scale. Not thread-safe: use one engine per stream
/// key (see `KeyedWindowEngines`) and one thread at a time.
public final class SlidingWindowEngine {
    /// The parameters.
    public let configuration: WindowConfiguration
    /// Samples appended so far.
    public private(set) var samplesSeen = 0
    private var ring: [Double]
    private let scales: [ScaleState]

    /// An engine, or `nil` when `configuration.problem` is not `nil`.
    public init?(configuration: WindowConfiguration) {
        guard configuration.problem == nil else { return nil }
        self.configuration = configuration
        ring = [Double](repeating: 0, count: configuration.window * (configuration.scales.max() ?? 1))
        scales = configuration.scales.map { ScaleState(scale: $0, configuration: configuration) }
    }

    /// Appends one sample; calls `emit` for every window (any scale) it completes.
    public func append(_ sample: Double, _ emit: (WindowFeatures) -> Void) {
        ring[samplesSeen % ring.count] = sample
        samplesSeen += 1
        for state in scales {
            let length = state.length
            guard samplesSeen >= length, (samplesSeen - length) % configuration.stride == 0 else { continue }
            state.computeWindow(start: samplesSeen - length, ring: ring)
            emit(state.features)
        }
    }

    /// Appends samples in order, calling `emit` for each completed window.
    public func append(contentsOf samples: [Double], _ emit: (WindowFeatures) -> Void) {
        for x in samples { append(x, emit) }
    }

    /// The bars (unsorted) of the last window computed at scale index `index`.
    public func lastBars(scaleIndex index: Int) -> [PersistenceBar] { scales[index].workspace.bars }

    /// The diagram of the last window computed at scale index `index`.
    public func lastDiagram(scaleIndex index: Int) -> PersistenceDiagram {
        PersistenceDiagram(bars: scales[index].workspace.bars)
    }
}

/// Sliding windows for many streams, one engine per key, created on first use.
public final class KeyedWindowEngines<Key: Hashable> {
    /// The parameters shared by every key.
    public let configuration: WindowConfiguration
    private var engines: [Key: SlidingWindowEngine] = [:]

    /// Engines for `configuration`, or `nil` when it has a problem.
    public init?(configuration: WindowConfiguration) {
        guard configuration.problem == nil else { return nil }
        self.configuration = configuration
    }

    /// Appends a sample to `key`'s stream; calls `emit` for each window it completes.
    public func append(_ sample: Double, key: Key, _ emit: (Key, WindowFeatures) -> Void) {
        let engine: SlidingWindowEngine
        if let existing = engines[key] {
            engine = existing
        } else {
            engine = SlidingWindowEngine(configuration: configuration)!
            engines[key] = engine
        }
        engine.append(sample) { emit(key, $0) }
    }

    /// Forgets a stream's window.
    public func remove(_ key: Key) { engines[key] = nil }
}
