import Testing
@testable import Reports

@Suite struct FormatTests {
    @Test func fixedDecimals() {
        #expect(ReportFormat.fixed(3.14159, 2) == "3.14")
        #expect(ReportFormat.fixed(-0.004, 2) == "0.00")
        #expect(ReportFormat.fixed(-1.5, 0) == "-2")
        #expect(ReportFormat.fixed(0.05, 3) == "0.050")
        #expect(ReportFormat.fixed(.nan, 2) == "n/a")
        #expect(ReportFormat.fixed(-.infinity, 2) == "n/a")
        #expect(ReportFormat.fixed(1e300, 1) == "1e+300")
    }

    @Test func shortNumbers() {
        #expect(ReportFormat.short(0) == "0")
        #expect(ReportFormat.short(2.5) == "2.5")
        #expect(ReportFormat.short(950) == "950")
        #expect(ReportFormat.short(4000) == "4000")
        #expect(ReportFormat.short(12_500) == "12.5k")
        #expect(ReportFormat.short(120_000) == "120k")
        #expect(ReportFormat.short(2_500_000) == "2.5M")
        #expect(ReportFormat.short(.infinity) == "n/a")
    }

    @Test func times() {
        #expect(ReportFormat.duration(250) == "250ms")
        #expect(ReportFormat.duration(45_000) == "45s")
        #expect(ReportFormat.duration(90_000) == "1m30s")
        #expect(ReportFormat.duration(120_000) == "2m")
        #expect(ReportFormat.duration(12_500) == "12.5s")
        #expect(ReportFormat.duration(3_900_000) == "1h5m")
        #expect(ReportFormat.duration(-1500) == "-1.5s")
        #expect(ReportFormat.duration(Int64.min).hasPrefix("-"))
        #expect(ReportFormat.clock(62_345) == "1:02.345")
        #expect(ReportFormat.clock(5) == "0:00.005")
        #expect(ReportFormat.delta(planned: 1000, actual: 1014) == "+14ms")
        #expect(ReportFormat.delta(planned: 1000, actual: 990) == "-10ms")
        #expect(ReportFormat.delta(planned: nil, actual: 990) == "–")
        #expect(ReportFormat.delta(planned: Int64.max, actual: Int64.min) == "–")
        #expect(ReportFormat.count(1_061_204) == "1,061,204")
        #expect(ReportFormat.count(-999) == "-999")
    }

    @Test func escaping() {
        #expect(Escape.markup("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
        #expect(Escape.markup("a\u{0}b\u{1B}") == "a\u{FFFD}b\u{FFFD}")
        #expect(Escape.attribute("a\nb") == "a&#10;b")
        #expect(Escape.markdown("a|b_c <d>") == "a\\|b\\_c \\<d\\>")
        #expect(Escape.terminal("x\u{1B}[2Jy\u{9B}") == "x\u{FFFD}[2Jy\u{FFFD}")
    }

    @Test func sourceLocations() {
        #expect(SourceLocation("scenarios/a.chaos:12:5") == SourceLocation(file: "scenarios/a.chaos", line: 12, column: 5))
        #expect(SourceLocation("C:/x/a.chaos:3:1")?.file == "C:/x/a.chaos")
        #expect(SourceLocation("a.chaos:7")?.line == 7)
        #expect(SourceLocation("expect[3]") == nil)
        #expect(SourceLocation(":1:2") == nil)
    }

    @Test func niceTicks() {
        let t = Ticks.nice(lo: 0, hi: 9_300)
        #expect(t.ticks == [0, 2000, 4000, 6000, 8000, 10_000])
        #expect(Ticks.nice(lo: 0, hi: 0).ticks.count >= 2)
        #expect(Ticks.nice(lo: .nan, hi: .infinity).ticks.count >= 2)
        #expect(Ticks.time(spanMs: 268_750) == [0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000, 210_000, 240_000])
        #expect(Ticks.time(spanMs: 0) == [0])
        #expect(Ticks.time(spanMs: Int64.max).count <= 100)
    }

    @Test func thinningKeepsExtremes() {
        let points = (0..<10_000).map { PlotPoint(x: Double($0), y: $0 == 4321 ? 1e6 : Double($0 % 7)) }
        let thin = PlotPath.thinned(points, buckets: 100)
        #expect(thin.count <= 400)
        #expect(thin.contains { $0.y == 1e6 })
        #expect(thin.first == points.first && thin.last == points.last)
    }
}
