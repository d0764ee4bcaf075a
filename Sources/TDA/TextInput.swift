// Parsing of the text inputs (point clouds, signals). No I/O: callers pass the file's text.

/// A malformed input: what is wrong and on which line (1-based).
public struct TDAInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number, or 0 when the problem concerns the whole input.
    public var line: Int
    /// A one-line lowercase message saying what was expected and what was found.
    public var message: String

    /// An error at `line`.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line: message`.
    public var description: String { "\(line): \(message)" }
}

/// Readers for the CSV forms of point clouds and signals.
public enum TDAText {
    /// Parses one point per line, coordinates separated by commas, no header. Blank lines are
    /// skipped. Every row must have the same number of finite numeric cells.
    public static func parsePoints(_ text: String) throws(TDAInputError) -> PointCloud {
        var coordinates: [Double] = []
        var dim = 0
        var lineNumber = 0
        var points = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak) {
            lineNumber += 1
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            var cells = 0
            for cell in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                coordinates.append(try number(cell.trimmingSpaces(), line: lineNumber, column: cells + 1))
                cells += 1
            }
            if points == 0 {
                dim = cells
            } else if cells != dim {
                throw TDAInputError(line: lineNumber, message: "expected \(dim) coordinates like the first row, found \(cells)")
            }
            points += 1
        }
        if points == 0 { throw TDAInputError(line: max(lineNumber, 1), message: "expected points, found an empty file") }
        return PointCloud(coordinates: coordinates, dim: dim)
    }

    /// Parses a signal: one sample per line (the first cell of each line), no header.
    public static func parseSignal(_ text: String) throws(TDAInputError) -> [Double] {
        var samples: [Double] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak) {
            lineNumber += 1
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count != 1 {
                throw TDAInputError(line: lineNumber, message: "expected one sample per line, found \(cells.count) cells")
            }
            samples.append(try number(cells[0].trimmingSpaces(), line: lineNumber, column: 1))
        }
        if samples.isEmpty { throw TDAInputError(line: max(lineNumber, 1), message: "expected samples, found an empty file") }
        return samples
    }

    static func number(_ cell: Substring, line: Int, column: Int) throws(TDAInputError) -> Double {
        guard let value = Double(cell) else {
            let shown = cell.isEmpty ? "an empty cell" : "'\(cell.prefix(40))'"
            throw TDAInputError(line: line, message: "expected a number in column \(column), found \(shown)")
        }
        guard value.isFinite else {
            throw TDAInputError(line: line, message: "expected a finite number in column \(column), found '\(cell.prefix(40))'")
        }
        return value
    }
}

/// Line breaks: `\n`, `\r\n` (one `Character` in Swift) and a lone `\r`.
@inline(__always) func isLineBreak(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }
