// Composition: Yams' node tree turned into `YNode`, this module's own YAML tree with byte ranges.
//
// Nothing Yams-typed leaves this file. Marks (1-based line and column, libyaml counts columns in
// Unicode scalars, the same unit as `SourceFile.offset(line:column:)`) become byte offsets; the end
// of each scalar and flow collection comes from the prescan, the end of a block collection is the
// end of its last child. Conversion is depth- and node-bounded, and an aliased node that slipped
// past the prescan is never expanded twice.
import ChaosSource
import Foundation
import ChaosSyntax
import Yams

/// The scalar styles the reader distinguishes.
enum YScalarStyle: Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }

struct YScalar {
    var value: String
    var style: YScalarStyle
    /// The whole scalar, quotes included.
    var range: SourceRange
    /// Written with `!!str`.
    var strTagged = false
    /// A placeholder for a node already reported (an alias, an empty node behind a bad tag).
    var isPlaceholder = false

    var isQuoted: Bool { style != .plain }
    /// `~`, `null` or nothing, written plain.
    var isNull: Bool { style == .plain && (value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL") }
}

struct YPair {
    var key: YScalar
    var value: YNode
    var range: SourceRange { key.range.union(value.range) }
}

indirect enum YNode {
    case scalar(YScalar)
    case mapping([YPair], SourceRange)
    case sequence([YNode], SourceRange)

    var range: SourceRange {
        switch self {
        case .scalar(let s): s.range
        case .mapping(_, let r), .sequence(_, let r): r
        }
    }

    /// "a mapping", "a list", "a value" for messages.
    var kindDescription: String {
        switch self {
        case .scalar(let s): s.isNull ? "nothing" : "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// Runs Yams over the prescanned bytes and converts its tree.
struct YAMLComposer {
    let file: SourceFile
    let prescan: YAMLPrescan.Output
    var diagnostics: [Diagnostic] = []
    /// Start offsets of mappings that lost pairs to aliases: their missing keys are not reported.
    private(set) var incompleteMappings: Set<Int> = []
    private var nodeCount = 0
    private var limitReported = false
    private var seenAnchored: Set<Int> = []

    /// libyaml's lines, which also break at `\r`, U+0085, U+2028 and U+2029.
    private let lines: YAMLLines

    init(file: SourceFile, prescan: YAMLPrescan.Output) {
        self.file = file; self.prescan = prescan
        lines = YAMLLines(file.bytes)
    }

    /// The root node, or nil when the file holds no document or libyaml failed (reported).
    mutating func compose() -> YNode? {
        let text = String(decoding: prescan.bytes, as: UTF8.self)
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            guard let root = try parser.singleRoot() else { return nil }
            // `parser` stays alive while converting: anchors are held weakly by the nodes.
            return withExtendedLifetime(parser) { convert(root, depth: 0) }
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            diagnostics.append(Diagnostic(.yamlSyntax, "the YAML could not be read: \(error)", at: .at(0)))
            return nil
        }
    }

    private func offset(_ mark: Mark?) -> Int {
        guard let mark else { return 0 }
        return lines.offset(line: mark.line, column: mark.column)
    }

    private mutating func convert(_ node: Node, depth: Int) -> YNode {
        let start = offset(node.mark)
        nodeCount += 1
        if depth > YAMLLimits.maxDepth * 2 || nodeCount > YAMLLimits.maxNodes {
            if !limitReported {
                limitReported = true
                diagnostics.append(Diagnostic(.yamlLimit, nodeCount > YAMLLimits.maxNodes
                    ? "the document has more than \(YAMLLimits.maxNodes) nodes"
                    : "the document nests deeper than \(YAMLLimits.maxDepth) levels", at: .at(start)))
            }
            return .scalar(YScalar(value: "", style: .plain, range: .at(start), isPlaceholder: true))
        }
        if node.anchor != nil {
            // The same anchored node met twice is an alias the prescan missed: never expand it.
            if !seenAnchored.insert(start).inserted {
                diagnostics.append(Diagnostic(.yamlAlias, "aliases are not supported in scenario files", at: .at(start)))
                return .scalar(YScalar(value: "", style: .plain, range: .at(start), isPlaceholder: true))
            }
        }
        switch node {
        case .scalar(let s):
            return .scalar(scalar(s, start: start))
        case .mapping(let m):
            return mapping(m, start: start, depth: depth)
        case .sequence(let seq):
            var items: [YNode] = []
            var end = start
            for item in seq {
                let y = convert(item, depth: depth + 1)
                end = max(end, y.range.end)
                if case .scalar(let ys) = y, ys.isPlaceholder { continue }
                items.append(y)
            }
            return .sequence(items, SourceRange(start, prescan.flowEnds[start] ?? end))
        case .alias:
            diagnostics.append(Diagnostic(.yamlAlias, "aliases are not supported in scenario files", at: .at(start)))
            return .scalar(YScalar(value: "", style: .plain, range: .at(start), isPlaceholder: true))
        }
    }

    private mutating func mapping(_ m: Node.Mapping, start: Int, depth: Int) -> YNode {
        var pairs: [YPair] = []
        var end = start
        for (k, v) in m {
            let key = convert(k, depth: depth + 1)
            let value = convert(v, depth: depth + 1)
            end = max(end, key.range.end, value.range.end)
            guard case .scalar(let ks) = key else {
                diagnostics.append(Diagnostic(.yamlWrongKind, "expected a plain key, found \(key.kindDescription)",
                                              at: key.range, notes: ["complex keys are not used in scenario files"]))
                continue
            }
            if prescan.suppressedKeys.contains(ks.range.start) { continue }
            // A pair whose value is an alias (reported by the prescan) is dropped, `<<` merges too.
            if case .scalar(let vs) = value, vs.isPlaceholder { incompleteMappings.insert(start); continue }
            pairs.append(YPair(key: ks, value: value))
        }
        return .mapping(pairs, SourceRange(start, prescan.flowEnds[start] ?? end))
    }

    private func scalar(_ s: Node.Scalar, start: Int) -> YScalar {
        let style: YScalarStyle = switch s.style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        default: .plain
        }
        var range: SourceRange
        if let r = prescan.scalars[start] {
            range = r
        } else if style == .plain && s.string.isEmpty {
            range = .at(start)
        } else {
            // Fallback: the value's length on the start line.
            let utf8 = Array(s.string.utf8)
            var e = start
            while e < file.bytes.count, e - start < utf8.count, file.bytes[e] != UInt8(ascii: "\n") { e += 1 }
            range = SourceRange(start, e)
        }
        if style == .plain && s.string.isEmpty { range = .at(start) }
        let value = prescan.rewritten.contains(range.start) ? file.text(of: range) : s.string
        return YScalar(value: value, style: style, range: range,
                       strTagged: prescan.strTagged.contains(range.start),
                       isPlaceholder: prescan.placeholders.contains(range.start) || prescan.placeholders.contains(start))
    }

    private mutating func report(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let at = offset(mark)
            var notes: [String] = []
            var labels: [DiagnosticLabel] = []
            if let context {
                let co = offset(context.mark)
                if co != at { labels.append(DiagnosticLabel(.at(co), context.text)) } else { notes.append(context.text) }
            }
            if prescan.sawTab { return }
            var message = problem
            if problem.hasPrefix("did not find expected ',' or"), Self.hasBracketWord(line: file.lineText(mark.line)) {
                notes.append("inside '{…}' or '[…]', brackets end the collection: quote targets like \"kafka.broker[2]\"")
            }
            if problem.contains("found another document") {
                message = "a scenario file holds one YAML document, found another"
                notes.append("put several scenarios in one document under 'scenarios:'")
            }
            let chaos = Self.looksLikeChaos(file.text)
            if chaos {
                notes.append("this looks like .chaos syntax: name the file '.chaos', or write it as YAML (docs/yaml.md)")
            }
            diagnostics.append(Diagnostic(.yamlSyntax, lowercasedFirst(message), at: SourceRange(at, min(at + 1, file.bytes.count)),
                                          labels: labels, notes: notes,
                                          keyPath: chaos ? nil : YAMLPrescan.keyPath(file.bytes, before: at, column: mark.column)))
        case .reader(let problem, let offset, let value, let yaml):
            // Yams reports the offset in Characters of the text it was given.
            var at = 0
            if let offset, let index = yaml.index(yaml.startIndex, offsetBy: offset, limitedBy: yaml.endIndex) {
                at = yaml.utf8.distance(from: yaml.startIndex, to: index)
            }
            let what = value >= 0 ? String(format: " (U+%04X)", value) : ""
            diagnostics.append(Diagnostic(.yamlSyntax, lowercasedFirst(problem) + what,
                                          at: SourceRange(at, min(at + 1, file.bytes.count)),
                                          help: ["remove the character, or write it as an escape inside a double-quoted string"]))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let at = offset(context.mark)
            diagnostics.append(Diagnostic(.yamlDuplicateKey,
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping",
                at: .at(at), help: ["remove the repeated key"]))
        default:
            diagnostics.append(Diagnostic(.yamlSyntax, "the YAML could not be read: \(error)", at: .at(0)))
        }
    }

    /// A first line like `scenario "name" {`: a `.chaos` file read as YAML.
    static func looksLikeChaos(_ text: String) -> Bool {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(50) {
            let t = line.drop { $0 == " " || $0 == "\t" }
            if t.isEmpty || t.hasPrefix("//") || t.hasPrefix("#") { continue }
            return t.hasPrefix("scenario \"") || t.hasPrefix("scenario {")
        }
        return false
    }

    /// A word directly followed by `[` (`kafka.broker[2]`), which flow style cannot hold unquoted.
    static func hasBracketWord(line: String) -> Bool {
        var prev: Character = " "
        for ch in line {
            if ch == "[" && (prev.isLetter || prev.isNumber || prev == "_") { return true }
            prev = ch
        }
        return false
    }

    private func lowercasedFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.lowercased() + s.dropFirst()
    }
}

/// Line starts as libyaml counts them, to turn its marks into byte offsets. `SourceFile` breaks
/// lines at `\n` only; libyaml also at a lone `\r` and at U+0085, U+2028 and U+2029, so text with
/// those (pasted into a description, say) would otherwise shift every later mark.
struct YAMLLines {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x0A: i += 1; starts.append(i)
            case 0x0D: i += (i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1; starts.append(i)
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85: i += 2; starts.append(i)
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                i += 3; starts.append(i)
            default: i += 1
            }
        }
        self.starts = starts
    }

    /// The byte offset of a 1-based line and a 1-based column in Unicode scalars.
    func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= starts.count else { return bytes.count }
        var i = starts[line - 1]
        var col = 1
        while col < column && i < bytes.count {
            i += 1
            while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
            col += 1
        }
        return i
    }
}
