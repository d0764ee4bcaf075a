import Foundation
import Testing
import TDA

/// Brute force: the minimum over every assignment of the (n+m)×(n+m) matrix with diagonal
/// copies, written independently of the library.
func bruteForceW1(_ a: [PersistenceBar], _ b: [PersistenceBar]) -> Double {
    let n = a.count, m = b.count, size = n + m
    func cost(_ i: Int, _ j: Int) -> Double {
        let rowIsPoint = i < n, colIsPoint = j < m
        if rowIsPoint && colIsPoint {
            let p = a[i], q = b[j]
            return max(abs(Double(p.birth) - Double(q.birth)), abs(Double(p.death) - Double(q.death)))
        }
        if rowIsPoint { return (Double(a[i].death) - Double(a[i].birth)) / 2 }
        if colIsPoint { return (Double(b[j].death) - Double(b[j].birth)) / 2 }
        return 0
    }
    var best = Double.infinity
    var perm = Array(0..<size)
    func search(_ k: Int, _ sum: Double) {
        if sum >= best { return }
        if k == size { best = sum; return }
        for t in k..<size {
            perm.swapAt(k, t)
            search(k + 1, sum + cost(k, perm[k]))
            perm.swapAt(k, t)
        }
    }
    search(0, 0)
    return size == 0 ? 0 : best
}

func randomBars(_ rng: inout SeededRandom, count: Int, dim: Int, sameBirth: Bool) -> [PersistenceBar] {
    (0..<count).map { _ in
        let birth = sameBirth ? 0 : Float(Double(rng.next() % 20) / 10)
        let life = Float(Double(rng.next() % 20 + 1) / 10)
        return PersistenceBar(dim: dim, birth: birth, death: birth + life)
    }
}

@Suite struct DiagramDistanceTests {
    @Test func hungarianMatchesBruteForce() {
        var rng = SeededRandom(state: 11)
        let workspace = WassersteinWorkspace()
        for trial in 0..<150 {
            let a = randomBars(&rng, count: trial % 4, dim: 1, sameBirth: false)
            let b = randomBars(&rng, count: (trial / 4) % 5, dim: 1, sameBirth: false)
            let got = workspace.distance(a, b, dim: 1)
            #expect(abs(got - bruteForceW1(a, b)) < 1e-9, "\(a) vs \(b)")
        }
    }

    @Test func sameBirthProgramMatchesBruteForce() {
        var rng = SeededRandom(state: 12)
        let workspace = WassersteinWorkspace()
        for trial in 0..<150 {
            let a = randomBars(&rng, count: trial % 5, dim: 0, sameBirth: true)
            let b = randomBars(&rng, count: (trial / 5) % 4, dim: 0, sameBirth: true)
            let got = workspace.distance(a, b, dim: 0)
            #expect(abs(got - bruteForceW1(a, b)) < 1e-9, "\(a) vs \(b)")
        }
    }

    @Test func sharedPointsMatchBruteForce() {
        var rng = SeededRandom(state: 13)
        let workspace = WassersteinWorkspace()
        for trial in 0..<100 {
            let same = trial % 2 == 0
            let shared = randomBars(&rng, count: 2, dim: 1, sameBirth: same)
            let a = shared + randomBars(&rng, count: trial % 3, dim: 1, sameBirth: same)
            let b = randomBars(&rng, count: (trial / 3) % 3, dim: 1, sameBirth: same) + shared
            let got = workspace.distance(a, b, dim: 1)
            #expect(abs(got - bruteForceW1(a, b)) < 1e-9, "\(a) vs \(b)")
        }
    }

    @Test func essentialBars() {
        let inf = Float.infinity
        let a = PersistenceDiagram(bars: [PersistenceBar(dim: 0, birth: 0, death: inf), PersistenceBar(dim: 0, birth: 0, death: 1)])
        let b = PersistenceDiagram(bars: [PersistenceBar(dim: 0, birth: 0, death: inf)])
        #expect(DiagramDistance.wasserstein1(a, b) == 0.5)
        let c = PersistenceDiagram(bars: b.bars + [PersistenceBar(dim: 0, birth: 0, death: inf)])
        #expect(DiagramDistance.wasserstein1(a, c) == .infinity)
        // Capped: (0, inf) becomes (0, 2); (0,2)-(0,2) costs 0 and (0,1)-(0,2) costs 1.
        #expect(DiagramDistance.wasserstein1(a, c, infinityCap: 2) == 1)
        #expect(DiagramDistance.wasserstein1(a, a) == 0)
    }
}

@Suite struct FeatureTests {
    @Test func summariesMatchManifest() throws {
        let data = try Data(contentsOf: Fixture.root.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let clouds = try #require(manifest["clouds"] as? [[String: Any]])
        #expect(clouds.count == 14)
        for cloud in clouds {
            let path = try #require(cloud["diagram"] as? String)
            let diagram = try #require(Fixture.diagram(path))
            let features = try #require(cloud["features"] as? [String: [String: Double]])
            for dim in 0...1 {
                let want = try #require(features["H\(dim)"])
                let got = DiagramFeatures.summarize(diagram.bars, dim: dim)
                #expect(Double(got.bars) == want["bars"] && Double(got.essential) == want["infinite"], "\(path)")
                #expect(abs(got.totalPersistence - want["total_persistence"]!) < 1e-9, "\(path)")
                #expect(abs(got.maxPersistence - want["max_persistence"]!) < 1e-12, "\(path)")
            }
        }
    }

    @Test func entropyAndBetti() {
        let bars = [
            PersistenceBar(dim: 0, birth: 0, death: 1), PersistenceBar(dim: 0, birth: 0, death: 1),
            PersistenceBar(dim: 0, birth: 0, death: .infinity), PersistenceBar(dim: 1, birth: 0.5, death: 2),
        ]
        let h0 = DiagramFeatures.summarize(bars, dim: 0)
        #expect(h0.bars == 3 && h0.essential == 1 && h0.totalPersistence == 2 && h0.maxPersistence == 1)
        #expect(abs(h0.entropy - log(2.0)) < 1e-15)
        #expect(DiagramFeatures.summarize(bars, dim: 1).entropy == 0)
        #expect(DiagramFeatures.betti(bars, dim: 0, radius: 0.5) == 3)
        #expect(DiagramFeatures.betti(bars, dim: 0, radius: 1) == 1)
        #expect(DiagramFeatures.betti(bars, dim: 1, radius: 1) == 1)
        #expect(DiagramFeatures.betti(bars, dim: 1, radius: 2) == 0)
    }
}

/// Equal up to summation order.
func nearlyEqual(_ a: DimensionFeatures, _ b: DimensionFeatures) -> Bool {
    a.bars == b.bars && a.essential == b.essential && a.maxPersistence == b.maxPersistence
        && abs(a.totalPersistence - b.totalPersistence) <= 1e-12 * max(1, b.totalPersistence)
        && abs(a.entropy - b.entropy) <= 1e-12 * max(1, b.entropy)
}
