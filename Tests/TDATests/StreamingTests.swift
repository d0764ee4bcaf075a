import Testing
import TDA

@Suite struct StreamingTests {
    static let signal: [Double] = (try? TDAText.parseSignal(Fixture.text("signal_sine_100k.csv"))) ?? []

    @Test func signalFixtureIsComplete() { #expect(Self.signal.count == 100_000) }

    /// Feeds x[from ..< to] into a fresh engine and checks every window whose global start has a
    /// fixture (consecutive windows exercise the distance-row reuse).
    func check(threshold: Double?, suffix: String, from: Int, to: Int) throws {
        let engine = try #require(SlidingWindowEngine(configuration: WindowConfiguration(threshold: threshold, bettiRadii: [0.5])))
        var checked = 0
        for t in from..<to {
            var completed: WindowFeatures?
            engine.append(Self.signal[t]) { completed = $0 }
            guard let f = completed else { continue }
            let start = from + f.start
            guard Fixture.windowStarts.contains(start) else { continue }
            let want = try #require(Fixture.diagram(Fixture.windowName(start) + suffix))
            let got = engine.lastDiagram(scaleIndex: 0)
            #expect(firstDifference(got, want) == nil, "window \(start)\(suffix): \(firstDifference(got, want) ?? "")")
            #expect(nearlyEqual(f.h0, DiagramFeatures.summarize(want.bars, dim: 0)))
            #expect(nearlyEqual(f.h1, DiagramFeatures.summarize(want.bars, dim: 1)))
            #expect(f.betti1 == [DiagramFeatures.betti(want.bars, dim: 1, radius: 0.5)])
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test(arguments: [nil, 1.0] as [Double?])
    func windowsEqualFixtures(_ threshold: Double?) throws {
        let suffix = threshold == nil ? "__full.csv" : "__t1.csv"
        try check(threshold: threshold, suffix: suffix, from: 0, to: 204)
        try check(threshold: threshold, suffix: suffix, from: 997, to: 1200)
        try check(threshold: threshold, suffix: suffix, from: 49_990, to: 50_200)
        try check(threshold: threshold, suffix: suffix, from: 99_795, to: 100_000)
    }

    /// The embedding of the file comment, written out directly.
    func embedded(start: Int, scale: Int, c: WindowConfiguration) -> PointCloud {
        var coords: [Double] = []
        for j in 0..<c.pointsPerWindow {
            for k in 0..<c.embedding { coords.append(Self.signal[start + j * scale + k * c.delay * scale]) }
        }
        return PointCloud(coordinates: coords, dim: c.embedding)
    }

    @Test(arguments: [1, 2, 3, 4, 7])
    func multiScaleWindowsEqualDirectComputation(_ stride: Int) throws {
        let c = WindowConfiguration(window: 60, stride: stride, embedding: 3, delay: 5, threshold: 1, scales: [1, 2, 4])
        let engine = try #require(SlidingWindowEngine(configuration: c))
        var seen: [Int: Int] = [:]
        for t in 0..<400 {
            var emitted: [WindowFeatures] = []
            engine.append(Self.signal[t]) { emitted.append($0) }
            for f in emitted {
                #expect(f.start % stride == 0 && f.start + f.length == t + 1)
                let index = c.scales.firstIndex(of: f.scale)!
                let want = RipsPersistence.compute(embedded(start: f.start, scale: f.scale, c: c), threshold: 1)
                #expect(engine.lastDiagram(scaleIndex: index) == want, "scale \(f.scale) start \(f.start)")
                #expect((f.anomaly == nil) == (seen[f.scale] == nil))
                seen[f.scale, default: 0] += 1
            }
        }
        #expect(seen.count == 3)
    }

    @Test func anomalyIsDistanceToPreviousWindow() throws {
        let c = WindowConfiguration(window: 80, stride: 5, embedding: 2, delay: 6)
        let engine = try #require(SlidingWindowEngine(configuration: c))
        var previous: PersistenceDiagram?
        for t in 0..<300 {
            var f: WindowFeatures?
            engine.append(Self.signal[t]) { f = $0 }
            guard let f else { continue }
            let current = engine.lastDiagram(scaleIndex: 0)
            if let previous {
                let want = DiagramDistance.wasserstein1(previous, current)
                #expect(abs(f.anomaly! - want) < 1e-12)
            }
            previous = current
        }
    }

    @Test func rejectsBadConfigurations() {
        #expect(SlidingWindowEngine(configuration: WindowConfiguration(window: 20, embedding: 3, delay: 12)) == nil)
        #expect(SlidingWindowEngine(configuration: WindowConfiguration(stride: 0)) == nil)
        #expect(SlidingWindowEngine(configuration: WindowConfiguration(threshold: -1)) == nil)
        #expect(SlidingWindowEngine(configuration: WindowConfiguration(scales: [])) == nil)
    }

    @Test func keyedEnginesKeepStreamsApart() throws {
        let keyed = try #require(KeyedWindowEngines<String>(configuration: WindowConfiguration(window: 30, stride: 10, embedding: 2, delay: 3)))
        var counts: [String: Int] = [:]
        for t in 0..<100 {
            keyed.append(Self.signal[t], key: "a") { k, _ in counts[k, default: 0] += 1 }
            if t % 2 == 0 { keyed.append(Self.signal[t], key: "b") { k, _ in counts[k, default: 0] += 1 } }
        }
        #expect(counts == ["a": 8, "b": 3])
    }
}
