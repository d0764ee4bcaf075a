import Testing
import TDA

@Suite struct FixtureDiagramTests {
    @Test(arguments: Fixture.cloudCases.map { "\($0.diagram)" })
    func cloudDiagramIsExact(_ diagramPath: String) throws {
        let c = try #require(Fixture.cloudCases.first { $0.diagram == diagramPath })
        let cloud = try Fixture.points(c.points)
        let want = try #require(Fixture.diagram(c.diagram))
        let got = RipsPersistence.compute(cloud, maxDim: 1, threshold: c.threshold)
        #expect(firstDifference(got, want) == nil, "\(diagramPath): \(firstDifference(got, want) ?? "")")
    }

    @Test(arguments: Fixture.windowStarts)
    func windowDiagramIsExact(_ start: Int) throws {
        let base = Fixture.windowName(start)
        let cloud = try Fixture.points(base + ".points.csv")
        #expect(cloud.count == 176 && cloud.dim == 3)
        for (suffix, threshold) in [("__full.csv", nil), ("__t1.csv", 1.0)] as [(String, Double?)] {
            let want = try #require(Fixture.diagram(base + suffix))
            let got = RipsPersistence.compute(cloud, maxDim: 1, threshold: threshold)
            #expect(firstDifference(got, want) == nil, "\(base + suffix): \(firstDifference(got, want) ?? "")")
        }
    }

    @Test func csvTextMatchesFixtureBytes() throws {
        let cloud = try Fixture.points("points/circle_n100.csv")
        let got = RipsPersistence.compute(cloud, threshold: 0.5).csv()
        #expect(got == Fixture.text("diagrams/circle_n100__t0.5.csv"))
    }
}
