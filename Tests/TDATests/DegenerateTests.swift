import Testing
import TDA

@Suite struct DegenerateTests {
    @Test func emptyCloudHasEmptyDiagram() {
        let d = RipsPersistence.compute(PointCloud(coordinates: [], dim: 2))
        #expect(d.bars.isEmpty)
    }

    @Test func onePointIsOneEssentialComponent() {
        let d = RipsPersistence.compute(PointCloud(points: [[1, 2]]))
        #expect(d.bars == [PersistenceBar(dim: 0, birth: 0, death: .infinity)])
    }

    @Test func twoPoints() {
        let cloud = PointCloud(points: [[0, 0], [3, 4]])
        #expect(RipsPersistence.compute(cloud).bars == [
            PersistenceBar(dim: 0, birth: 0, death: 5), PersistenceBar(dim: 0, birth: 0, death: .infinity),
        ])
        #expect(RipsPersistence.compute(cloud, threshold: 4.9).bars == [
            PersistenceBar(dim: 0, birth: 0, death: .infinity), PersistenceBar(dim: 0, birth: 0, death: .infinity),
        ])
        #expect(RipsPersistence.compute(cloud, threshold: 5).bars.count == 2)
    }

    @Test func duplicatePointsAddNoBars() {
        let square: [[Double]] = [[0, 0], [1, 0], [1, 1], [0, 1]]
        let doubled = PointCloud(points: square + square + [[0, 0]])
        #expect(RipsPersistence.compute(doubled) == RipsPersistence.compute(PointCloud(points: square)))
        #expect(RipsPersistence.compute(doubled) == naiveRipsDiagram(doubled))
    }

    @Test func allPointsEqual() {
        let cloud = PointCloud(points: Array(repeating: [0.5, 0.5, 0.5], count: 7))
        #expect(RipsPersistence.compute(cloud).bars == [PersistenceBar(dim: 0, birth: 0, death: .infinity)])
    }

    @Test func collinearPointsHaveNoLoops() {
        let cloud = PointCloud(points: (0..<12).map { [Double($0) * 0.25, Double($0) * 0.5] })
        let d = RipsPersistence.compute(cloud)
        #expect(d.bars(ofDimension: 1).isEmpty)
        #expect(d == naiveRipsDiagram(cloud))
    }

    @Test func squareGridWithManyTies() {
        let cloud = PointCloud(points: (0..<16).map { [Double($0 % 4), Double($0 / 4)] })
        #expect(RipsPersistence.compute(cloud) == naiveRipsDiagram(cloud))
        #expect(RipsPersistence.compute(cloud, threshold: 1) == naiveRipsDiagram(cloud, threshold: 1))
        // A 4-cycle square: one H1 class born at 1, killed at sqrt(2).
        let square = PointCloud(points: [[0, 0], [1, 0], [1, 1], [0, 1]])
        #expect(RipsPersistence.compute(square).bars(ofDimension: 1).elementsEqual([
            PersistenceBar(dim: 1, birth: 1, death: Float(2.0.squareRoot())),
        ]))
    }

    @Test(arguments: [4, 5, 7])
    func higherDimensionalCloudsMatchNaive(_ dim: Int) {
        var rng = SeededRandom(state: UInt64(dim) * 77)
        for trial in 0..<6 {
            let n = 8 + trial
            let cloud = PointCloud(coordinates: (0..<(n * dim)).map { _ in rng.unit() }, dim: dim)
            #expect(RipsPersistence.compute(cloud) == naiveRipsDiagram(cloud))
            #expect(RipsPersistence.compute(cloud, threshold: 0.8) == naiveRipsDiagram(cloud, threshold: 0.8))
        }
    }

    @Test func randomPlanarCloudsWithTiesMatchNaive() {
        var rng = SeededRandom(state: 5)
        for trial in 0..<25 {
            let n = 5 + trial % 10
            // Coordinates on a coarse lattice: many equal distances.
            let cloud = PointCloud(coordinates: (0..<(n * 2)).map { _ in Double(rng.next() % 5) }, dim: 2)
            #expect(RipsPersistence.compute(cloud) == naiveRipsDiagram(cloud))
            #expect(RipsPersistence.compute(cloud, threshold: 2) == naiveRipsDiagram(cloud, threshold: 2))
        }
    }

    @Test func maxDimZeroOmitsH1() {
        let square = PointCloud(points: [[0, 0], [1, 0], [1, 1], [0, 1]])
        #expect(RipsPersistence.compute(square, maxDim: 0).bars(ofDimension: 1).isEmpty)
    }

    @Test func distanceFollowsTheConvention() {
        // Summed left to right in Double, one sqrt, one rounding to Float.
        let x: [Double] = [0.1, 0.7, -0.3], y: [Double] = [0.4, -0.2, 0.9]
        var s = 0.0
        for k in 0..<3 { let t = x[k] - y[k]; s = s + t * t }
        let d = ExactDistance.matrix(PointCloud(points: [x, y]))
        #expect(d[1] == Float(s.squareRoot()))
    }
}

@Suite struct InputParsingTests {
    @Test func parsesPoints() throws {
        let cloud = try TDAText.parsePoints("1,2\n 3.5 , -4\r\n\n5e-1,6\n")
        #expect(cloud.count == 3 && cloud.dim == 2)
        #expect(cloud.coordinates == [1, 2, 3.5, -4, 0.5, 6])
    }

    @Test(arguments: [
        ("1,2\n3\n", 2, "expected 2 coordinates like the first row, found 1"),
        ("1,2\n3,x\n", 2, "expected a number in column 2, found 'x'"),
        ("1,nan\n", 1, "expected a finite number in column 2, found 'nan'"),
        ("1,2\ninf,3\n", 2, "expected a finite number in column 1, found 'inf'"),
        ("", 1, "expected points, found an empty file"),
        ("1,,2\n", 1, "expected a number in column 2, found an empty cell"),
    ])
    func rejectsBadPoints(_ text: String, _ line: Int, _ message: String) {
        #expect(throws: TDAInputError(line: line, message: message)) { try TDAText.parsePoints(text) }
    }

    @Test func parsesAndRejectsSignals() throws {
        #expect(try TDAText.parseSignal("0.5\n-1\n") == [0.5, -1])
        #expect(throws: TDAInputError(line: 2, message: "expected one sample per line, found 2 cells")) {
            try TDAText.parseSignal("1\n2,3\n")
        }
    }
}
