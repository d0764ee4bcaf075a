// One scale of a sliding-window engine: embedding into ring slots, Rips, features.

final class ScaleState {
    let scale: Int
    let length: Int
    let points: Int
    let dim: Int
    let step: Int
    let stride: Int
    let threshold: Float?
    let maxDim: Int
    let radii: [Float]
    let workspace = RipsWorkspace()
    let distance = WassersteinWorkspace()
    @exclusivity(unchecked) var coordinates: [Double]
    @exclusivity(unchecked) var previousBars: [PersistenceBar] = []
    @exclusivity(unchecked) var hasPrevious = false
    @exclusivity(unchecked) var lastStart = -1
    @exclusivity(unchecked) var newSlots: [Int] = []
    @exclusivity(unchecked) var features = WindowFeatures()

    init(scale: Int, configuration c: WindowConfiguration) {
        self.scale = scale
        length = c.window * scale
        points = c.pointsPerWindow
        dim = c.embedding
        step = c.delay * scale
        stride = c.stride
        threshold = c.threshold.map { Float($0) }
        maxDim = c.maxDim
        radii = c.bettiRadii.map { Float($0) }
        coordinates = [Double](repeating: 0, count: points * dim)
        workspace.resize(points)
        features.scale = scale
        features.length = length
        features.points = points
        features.betti0 = [Int](repeating: 0, count: radii.count)
        features.betti1 = [Int](repeating: 0, count: radii.count)
    }

    /// Embeds the window starting at `start`, computes its diagram and features.
    func computeWindow(start: Int, ring: [Double]) {
        embed(start: start, ring: ring)
        workspace.compute(maxDim: maxDim, threshold: threshold)
        let bars = workspace.bars
        features.start = start
        features.h0 = DiagramFeatures.summarize(bars, dim: 0)
        features.h1 = DiagramFeatures.summarize(bars, dim: 1)
        for (k, r) in radii.enumerated() {
            features.betti0[k] = DiagramFeatures.betti(bars, dim: 0, radius: r)
            features.betti1[k] = DiagramFeatures.betti(bars, dim: 1, radius: r)
        }
        if hasPrevious {
            var score = 0.0
            for d in 0...maxDim {
                score += distance.distance(previousBars, bars, dim: d, infinityCap: threshold)
            }
            features.anomaly = score
        } else {
            features.anomaly = nil
        }
        previousBars.removeAll(keepingCapacity: true)
        previousBars.append(contentsOf: bars)
        hasPrevious = true
    }

    /// Writes the window's points into their ring slots and refreshes the distance rows of
    /// the points that are new since the previous window.
    private func embed(start: Int, ring: [Double]) {
        newSlots.removeAll(keepingCapacity: true)
        let aligned = stride % scale == 0
        let shift = stride / scale
        if aligned && lastStart >= 0 && start == lastStart + stride && shift < points {
            let first = start / scale + points - shift
            for g in first..<(first + shift) { newSlots.append(g % points) }
        } else {
            for j in 0..<points { newSlots.append(aligned ? (start / scale + j) % points : j) }
        }
        lastStart = start
        let n = points, ringCount = ring.count
        // Slot of global point g is g % n when aligned; point j of this window is then
        // g = start/scale + j, so slot -> j = (slot - start/scale) mod n.
        let base = aligned ? start / scale : 0
        for slot in newSlots {
            let j = ((slot - base) % n + n) % n
            let first = start + j * scale
            for k in 0..<dim { coordinates[slot * dim + k] = ring[(first + k * step) % ringCount] }
        }
        workspace.updateRows(slots: newSlots, coordinates: coordinates, dim: dim)
    }
}

extension RipsWorkspace {
    /// Recomputes the distance rows (and columns) of `slots` from slot-indexed coordinates.
    func updateRows(slots: [Int], coordinates: [Double], dim: Int) {
        let n = count
        coordinates.withUnsafeBufferPointer { x in
            distances.withUnsafeMutableBufferPointer { d in
                for p in slots {
                    if !dirty[p] { dirty[p] = true; dirtyCount += 1 }
                    for q in 0..<n {
                        let v = q == p ? 0 : ExactDistance.distance(x, p * dim, x, q * dim, dim: dim)
                        d[p * n + q] = v
                        d[q * n + p] = v
                    }
                }
            }
        }
    }
}
