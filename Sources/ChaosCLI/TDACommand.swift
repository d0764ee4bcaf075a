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
        let diagram = RipsPersistence.compute(cloud, maxDim: maxdim, threshold: threshold)
        let out = format == "csv" ? diagram.csv() : diagram.json() + "\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
