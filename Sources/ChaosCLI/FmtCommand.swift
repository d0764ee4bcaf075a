import ArgumentParser
import ChaosCheck
import ChaosSource
import ChaosSyntax
import Foundation

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format .chaos files canonically (comments kept, meaning unchanged).",
        discussion: """
        Without --write or --check, prints the formatted text of each file. Directories are
        searched recursively for *.chaos. Files with syntax errors are left alone and reported.

        Exit status: 0 ok; 1 with --check when a file is not formatted (a diff is printed) or a
        file has syntax errors; 2 usage error or unreadable file.

        Examples:
          chaosrun fmt --check scenarios/      # in pre-commit or CI
          chaosrun fmt --write scenarios/      # rewrite in place
        """)

    @Argument(help: ".chaos files or directories.")
    var paths: [String]

    @Flag(help: "Report files that are not formatted, with a diff; change nothing.")
    var check = false

    @Flag(help: "Rewrite files in place.")
    var write = false

    func run() throws {
        let (found, missing) = ScenarioFinder.expand(paths)
        let files = found.filter { $0.hasSuffix(".chaos") }
        for m in missing { FileHandle.standardError.write(Data("error: cannot read '\(m)'\n".utf8)) }
        if !missing.isEmpty { throw ExitCode(2) }
        var failed = false
        for path in files {
            let r = Frontend.load(path: path)
            var bag = DiagnosticBag()
            let ast = ChaosParser.parse(r.source, into: &bag)
            if bag.hasErrors {
                let renderer = RichRenderer(color: ScenarioLoader.stderrColor)
                let text = bag.sorted.filter { $0.severity == .error }.map { renderer.render($0, in: r.source) }.joined(separator: "\n")
                FileHandle.standardError.write(Data((text + "\nerror: \(path) has syntax errors; not formatted\n").utf8))
                failed = true
                continue
            }
            let formatted = ChaosWriter.write(ast, file: r.source)
            let original = r.source.text
            if check {
                if formatted != original {
                    failed = true
                    print("\(path) is not formatted:")
                    print(LineDiff.unified(original, formatted, path: path), terminator: "")
                }
            } else if write {
                if formatted != original { try formatted.write(toFile: path, atomically: true, encoding: .utf8) }
            } else {
                print(formatted, terminator: "")
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// A small unified diff (longest common subsequence over lines) for `fmt --check`.
enum LineDiff {
    static func unified(_ a: String, _ b: String, path: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let n = x.count, m = y.count
        guard n * m <= 4_000_000 else { return "--- \(path)\n+++ \(path) (formatted)\n(files too large to diff)\n" }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out = "--- \(path)\n+++ \(path) (formatted)\n"
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] { i += 1; j += 1; continue }
            out += "@@ line \(i + 1) @@\n"
            while i < n || j < m {
                if i < n, j < m, x[i] == y[j] { break }
                if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] { out += "-\(x[i])\n"; i += 1 } else { out += "+\(y[j])\n"; j += 1 }
            }
        }
        return out
    }
}
