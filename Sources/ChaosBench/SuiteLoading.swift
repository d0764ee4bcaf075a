// Choosing the suites of a run: the built-in ones, plus (or overridden by) those of `--config`.
import ChaosSource
import Foundation

/// The suites a run may choose from, and the diagnostics of the files they came from.
public struct BenchSuiteCatalog: Sendable {
    public var suites: [BenchSuite]
    /// Parse outputs with diagnostics (files with at least one diagnostic).
    public var reports: [BenchSuiteParser.Output]

    public var hasErrors: Bool { reports.contains { $0.hasErrors } }

    /// The built-in suites, then the suites of `configPath` (a `.bench` file or a directory of
    /// them); a suite of a file replaces a built-in one of the same name.
    public static func load(configPath: String?) throws(BenchInputError) -> BenchSuiteCatalog {
        var catalog = BenchSuiteCatalog(suites: BenchSuite.builtin, reports: [])
        guard let configPath else { return catalog }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configPath, isDirectory: &isDir) else {
            throw BenchInputError("cannot read \(configPath)")
        }
        var files = [configPath]
        if isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: configPath)) ?? []
            files = names.filter { $0.hasSuffix(".bench") }.sorted().map { (configPath as NSString).appendingPathComponent($0) }
            if files.isEmpty { throw BenchInputError("\(configPath) holds no .bench file") }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw BenchInputError("cannot read \(file)") }
            let output = BenchSuiteParser.parse(path: file, text: String(decoding: data, as: UTF8.self))
            if !output.diagnostics.isEmpty { catalog.reports.append(output) }
            for suite in output.suites {
                catalog.suites.removeAll { $0.name == suite.name }
                catalog.suites.append(suite)
            }
        }
        return catalog
    }

    /// The suites named `names` (all when empty), in the order asked.
    public func select(_ names: [String]) throws(BenchInputError) -> [BenchSuite] {
        guard !names.isEmpty else { return suites }
        var chosen: [BenchSuite] = []
        for name in names {
            guard let s = suites.first(where: { $0.name == name }) else {
                let hint = Suggest.closest(to: name, in: suites.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw BenchInputError("no suite named '\(name)'\(hint); suites: \(suites.map(\.name).joined(separator: ", "))")
            }
            chosen.append(s)
        }
        return chosen
    }
}
