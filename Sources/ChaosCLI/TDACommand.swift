// `chaosrun tda`: persistence diagrams of point clouds and streaming window features. Only
// parses options, reads files and prints; the computation lives in the TDA module.
import ArgumentParser
import Foundation
import TDA

/// `chaosrun tda`: the TDA engine's core, from the command line.
struct TDACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tda",
        abstract: "Persistent homology of point clouds and streaming window features.",
        subcommands: [TDADiagramCommand.self, TDAWindowsCommand.self]
    )
}

/// Prints `error: FILE:LINE: message` to stderr and exits with status 2.
func tdaInputFailure(_ file: String, line: Int, _ message: String) -> ExitCode {
    let location = line > 0 ? "\(file):\(line)" : file
    FileHandle.standardError.write(Data("error: \(location): \(message)\n".utf8))
    return ExitCode(2)
}

/// Reads a whole text file, or fails with exit code 2.
func readTDAInput(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw tdaInputFailure(path, line: 0, "cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw tdaInputFailure(path, line: 0, "expected UTF-8 text")
    }
    return text
}

/// Validates a `--threshold` value.
func checkedThreshold(_ value: Double?) throws -> Double? {
    guard let value else { return nil }
    guard value.isFinite, value >= 0 else {
        throw tdaInputFailure("--threshold", line: 0, "expected a finite non-negative radius, found \(value)")
    }
    return value
}

/// `chaosrun tda diagram POINTS.csv`.
struct TDADiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Print the Vietoris–Rips persistence diagram of a point cloud.",
        discussion: """
        POINTS.csv holds one point per line, coordinates separated by commas, no header.
        Output rows are `dim,birth,death` sorted by dim, birth, death; `inf` marks essential
        classes and zero-persistence pairs are omitted, so the output diffs against references.
        """
    )

    @Argument(help: "The point cloud (CSV, one point per line).")
    var points: String

    @Option(help: "The largest homology dimension (0 or 1).")
    var maxdim: Int = 1

    @Option(help: "Keep only edges of length <= R (default: the full filtration).")
    var threshold: Double?

    @Option(help: "Output format: csv or json.")
    var format: String = "csv"

    @Option(help: ArgumentHelp("Compute N times and print the median time on stderr (benchmarks).", visibility: .hidden))
    var `repeat`: Int?

    func run() throws {
        guard maxdim == 0 || maxdim == 1 else {
            throw tdaInputFailure("--maxdim", line: 0, "expected 0 or 1, found \(maxdim)")
        }
        guard format == "csv" || format == "json" else {
            throw tdaInputFailure("--format", line: 0, "expected 'csv' or 'json', found '\(format)'")
        }
        let threshold = try checkedThreshold(threshold)
        let text = try readTDAInput(points)
        let cloud: PointCloud
        do {
            cloud = try TDAText.parsePoints(text)
        } catch {
            throw tdaInputFailure(points, line: error.line, error.message)
        }
        guard cloud.count <= RipsPersistence.maxPoints else {
            throw tdaInputFailure(points, line: 0, "expected at most \(RipsPersistence.maxPoints) points, found \(cloud.count)")
        }
        let clock = ContinuousClock()
        var times: [Duration] = []
        var diagram = PersistenceDiagram(bars: [])
        for _ in 0..<max(`repeat` ?? 1, 1) {
            let began = clock.now
            diagram = RipsPersistence.compute(cloud, maxDim: maxdim, threshold: threshold)
            times.append(clock.now - began)
        }
        if `repeat` != nil {
            let note = "tda diagram: median \(milliseconds(times.sorted()[times.count / 2])) ms over \(times.count) runs\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        let out = format == "csv" ? diagram.csv() : diagram.json() + "\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// `chaosrun tda windows SIGNAL.csv`: features of every sliding window, streamed.
struct TDAWindowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "Stream persistence features of sliding windows over a signal.",
        discussion: """
        SIGNAL.csv holds one sample per line. Each window of W samples (every S samples) is
        delay-embedded (dimension m, delay τ) into W-(m-1)τ points. Scale s looks at W·s samples
        with the embedding dilated by s (point j starts at sample j·s, delay τ·s): same point
        count, longer time span. One output row per window and scale; throughput on stderr.
        anomaly = 1-Wasserstein distance (L∞ ground metric, H0+H1) to the previous window of the
        same scale, infinite deaths capped at the threshold; empty for the first window.
        """
    )

    @Argument(help: "The signal (CSV, one sample per line).")
    var signal: String

    @Option(help: "Window length W in samples.")
    var window: Int = 200

    @Option(help: "Samples between window starts (S).")
    var stride: Int = 1

    @Option(help: "Embedding dimension m.")
    var embed: Int = 3

    @Option(help: "Embedding delay τ in samples.")
    var delay: Int = 12

    @Option(help: "Keep only edges of length <= R (default: the full filtration).")
    var threshold: Double?

    @Option(help: "Window multipliers, comma-separated (e.g. 1,2,4).")
    var scales: String = "1"

    @Option(help: "Radii for Betti numbers, comma-separated (e.g. 0.25,0.5).")
    var betti: String?

    @Option(help: "Output format: csv or jsonl.")
    var format: String = "csv"

    @Flag(help: "With --format jsonl, include each window's diagram.")
    var diagrams = false

    func run() throws {
        guard format == "csv" || format == "jsonl" else {
            throw tdaInputFailure("--format", line: 0, "expected 'csv' or 'jsonl', found '\(format)'")
        }
        let scaleList = try parseList(scales, option: "--scales") { Int($0) }
        let radii = try betti.map { try parseList($0, option: "--betti") { Double($0) } } ?? []
        let config = WindowConfiguration(
            window: window, stride: stride, embedding: embed, delay: delay,
            threshold: try checkedThreshold(threshold), scales: scaleList, bettiRadii: radii)
        if let problem = config.problem { throw tdaInputFailure("options", line: 0, problem) }
        let text = try readTDAInput(signal)
        let samples: [Double]
        do {
            samples = try TDAText.parseSignal(text)
        } catch {
            throw tdaInputFailure(signal, line: error.line, error.message)
        }
        try stream(samples, config)
    }

    private func parseList<T>(_ text: String, option: String, _ parse: (String) -> T?) throws -> [T] {
        var out: [T] = []
        for cell in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = cell.trimmingCharacters(in: .whitespaces)
            guard let value = parse(trimmed) else {
                throw tdaInputFailure(option, line: 0, "expected a comma-separated list of numbers, found '\(cell)'")
            }
            out.append(value)
        }
        return out
    }

    private func stream(_ samples: [Double], _ config: WindowConfiguration) throws {
        guard let engine = SlidingWindowEngine(configuration: config) else { throw ExitCode(2) }
        let out = TDAOutputBuffer()
        if format == "csv" { out.write(TDAWindowRow.csvHeader(radii: config.bettiRadii)) }
        let clock = ContinuousClock()
        var windows = 0
        var perWindow: [Duration] = []
        var before = clock.now
        let began = before
        var scaleIndex: [Int: Int] = [:]
        for (i, s) in config.scales.enumerated() where scaleIndex[s] == nil { scaleIndex[s] = i }
        for x in samples {
            engine.append(x) { f in
                let now = clock.now
                perWindow.append(now - before)
                windows += 1
                if format == "csv" {
                    out.write(TDAWindowRow.csv(f))
                } else {
                    let diagram = diagrams ? engine.lastDiagram(scaleIndex: scaleIndex[f.scale] ?? 0) : nil
                    out.write(TDAWindowRow.json(f, diagram: diagram))
                }
                before = clock.now
            }
        }
        out.flush()
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(windows) / seconds : 0
        perWindow.sort()
        func percentile(_ q: Double) -> String {
            perWindow.isEmpty ? "0" : milliseconds(perWindow[min(perWindow.count - 1, Int(Double(perWindow.count) * q))])
        }
        let note = "tda windows: \(windows) windows in \(String(format: "%.3f", seconds)) s, "
            + "\(String(format: "%.1f", rate)) windows/s, per window p50 \(percentile(0.5)) ms, "
            + "p99 \(percentile(0.99)) ms, max \(perWindow.last.map(milliseconds) ?? "0") ms\n"
        FileHandle.standardError.write(Data(note.utf8))
    }
}

/// A duration in milliseconds with three decimals.
func milliseconds(_ d: Duration) -> String {
    let ms = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
    return String(format: "%.3f", ms)
}

/// Text rows of `tda windows`.
enum TDAWindowRow {
    static func csvHeader(radii: [Double]) -> String {
        var h = "scale,start,points"
        for d in 0...1 { h += ",h\(d)_bars,h\(d)_essential,h\(d)_total,h\(d)_max,h\(d)_entropy" }
        for d in 0...1 { for r in radii { h += ",betti\(d)@\(DiagramFormat.number(r))" } }
        return h + ",anomaly\n"
    }

    static func csv(_ f: WindowFeatures) -> String {
        var row = "\(f.scale),\(f.start),\(f.points)"
        for h in [f.h0, f.h1] {
            row += ",\(h.bars),\(h.essential),\(DiagramFormat.number(h.totalPersistence))"
            row += ",\(DiagramFormat.number(h.maxPersistence)),\(DiagramFormat.number(h.entropy))"
        }
        for b in f.betti0 { row += ",\(b)" }
        for b in f.betti1 { row += ",\(b)" }
        return row + "," + (f.anomaly.map { DiagramFormat.number($0) } ?? "") + "\n"
    }

    static func json(_ f: WindowFeatures, diagram: PersistenceDiagram?) -> String {
        func dim(_ h: DimensionFeatures) -> String {
            "{\"bars\":\(h.bars),\"entropy\":\(jsonNumber(h.entropy)),\"essential\":\(h.essential),"
                + "\"max\":\(jsonNumber(h.maxPersistence)),\"total\":\(jsonNumber(h.totalPersistence))}"
        }
        var s = "{\"anomaly\":\(f.anomaly.map(jsonNumber) ?? "null")"
        s += ",\"betti0\":[\(f.betti0.map(String.init).joined(separator: ","))]"
        s += ",\"betti1\":[\(f.betti1.map(String.init).joined(separator: ","))]"
        if let diagram { s += ",\"diagram\":\(diagram.json())" }
        s += ",\"h0\":\(dim(f.h0)),\"h1\":\(dim(f.h1)),\"points\":\(f.points),\"scale\":\(f.scale),\"start\":\(f.start)}\n"
        return s
    }

    static func jsonNumber(_ x: Double) -> String { x.isFinite ? DiagramFormat.number(x) : "null" }
}

/// Buffered stdout for many small rows.
final class TDAOutputBuffer {
    private var buffer: [UInt8] = []

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
