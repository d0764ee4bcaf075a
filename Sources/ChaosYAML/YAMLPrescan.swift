// A lexical pass over the YAML bytes before Yams sees them.
//
// Yams gives each node only a start mark, composes recursively, expands aliases and stops at the
// first duplicate key. This pass, linear and non-recursive, finds what the front end needs first:
// nesting depth (refused beyond `YAMLLimits.maxDepth` before Yams recurses), tabs in indentation,
// aliases, explicit tags, duplicate keys (reported at the second occurrence, then renamed in the
// copy handed to Yams so composition continues), comments, and the end offset of every scalar and
// flow collection (so AST ranges cover whole nodes). It is an approximation of the YAML grammar
// tuned for the scenario shape: where it is unsure, libyaml remains the authority on syntax, and
// the patched copy always keeps the original byte length and line structure, so Yams' marks map
// onto the original file unchanged.
import ChaosSource
import ChaosSyntax

struct YAMLPrescan {
    /// What the pass found; `bytes` is the copy to hand to Yams.
    struct Output {
        var bytes: [UInt8]
        /// Start offset of a scalar (or of its `&anchor`/`!tag` properties) -> its span.
        var scalars: [Int: SourceRange] = [:]
        /// Start offset of a flow collection (or its properties) -> end offset (after the bracket).
        var flowEnds: [Int: Int] = [:]
        /// Content starts of scalars written with `!!str`.
        var strTagged: Set<Int> = []
        /// Start offsets of nodes already reported that the reader must skip silently: alias tokens
        /// (Yams sees a plain placeholder there) and empty nodes behind a bad tag (`op: !=`).
        var placeholders: Set<Int> = []
        /// Start offsets of repeated keys (already reported; the reader skips those pairs).
        var suppressedKeys: Set<Int> = []
        var comments: [Comment] = []
        /// Starts of flow scalars whose index brackets were rewritten for Yams (`broker[2]`).
        var rewritten: Set<Int> = []
        var depthExceeded = false
        var sawTab = false
    }

    struct Level {
        var col: Int
        var isSeq: Bool
        var index = 0
        var key: String?
        var keys: [String: SourceRange] = [:]
    }

    let src: [UInt8]
    var out: Output
    var diagnostics: [Diagnostic] = []
    var i = 0
    var col = 1
    var block: [Level] = []
    var flow: [Level] = []
    /// A block plain scalar that may continue on following lines indented beyond this column.
    private var plainOwnerCol: Int?
    private var plainStart = 0
    private var fillerCounter = 0
    private var aliasCount = 0
    private var lastAliasReport: Int?
    private static let aliasReports = 5

    init(_ bytes: [UInt8]) {
        src = bytes
        out = Output(bytes: bytes)
    }

    static func run(_ bytes: [UInt8]) -> (Output, [Diagnostic]) {
        var p = YAMLPrescan(bytes)
        while p.i < p.src.count && !p.out.depthExceeded { p.line() }
        return (p.out, p.diagnostics)
    }

    /// The key path of the block collections around `offset` (for libyaml's errors, which come
    /// without one): the lines before it are scanned again, and the block levels that start left
    /// of the offset's column are kept. Flow levels are left out, as an unclosed bracket swallows
    /// what follows it.
    static func keyPath(_ bytes: [UInt8], before offset: Int, column: Int) -> String? {
        var p = YAMLPrescan(bytes)
        var lineStart = 0
        while let nl = bytes[min(lineStart, bytes.count)...].firstIndex(of: nl), nl < offset { lineStart = nl + 1 }
        if p.at(lineStart) == UInt8(ascii: "-") || p.at(lineStart) == UInt8(ascii: ".") {
            p.i = lineStart
            if p.isMarker(p.at(lineStart)) { return nil }
            p.i = 0
        }
        while p.i < lineStart && p.i < p.src.count && !p.out.depthExceeded { p.line() }
        p.flow.removeAll()
        p.block.removeAll { $0.col >= column }
        let kp = p.keyPath
        return kp.isEmpty ? nil : kp
    }

    // MARK: bytes

    var n: Int { src.count }
    func at(_ k: Int) -> UInt8 { k < n ? src[k] : 0 }
    var c: UInt8 { at(i) }
    static let sp = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    func isBlank(_ b: UInt8) -> Bool { b == Self.sp || b == Self.tab }
    func isBreakOrEnd(_ b: UInt8) -> Bool { b == Self.nl || b == Self.cr || b == 0 }
    func isSpaceOrEnd(_ b: UInt8) -> Bool { isBlank(b) || isBreakOrEnd(b) }
    func isFlowIndicator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
    }

    mutating func advance() {
        guard i < n else { return }
        if src[i] == Self.nl { col = 1 } else if src[i] & 0xC0 != 0x80 { col += 1 }
        i += 1
    }
    mutating func skipBlanks() { while i < n && isBlank(src[i]) { advance() } }
    private mutating func skipToLineEnd() { while i < n && src[i] != Self.nl { advance() } }

    var keyPath: String {
        var s = ""
        for l in block + flow {
            if l.isSeq { s += "[\(l.index)]" } else if let k = l.key { s += s.isEmpty ? k : ".\(k)" }
        }
        return s
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ range: SourceRange,
                                 labels: [DiagnosticLabel] = [], notes: [String] = [], help: [String] = [],
                                 fixits: [FixIt] = []) {
        guard diagnostics.count < 200 else { return }
        let kp = keyPath
        diagnostics.append(Diagnostic(code, message, at: range, labels: labels, notes: notes, help: help,
                                      fixits: fixits, keyPath: kp.isEmpty ? nil : kp))
    }

    mutating func checkDepth() -> Bool {
        if out.depthExceeded { return false }
        if block.count + flow.count > YAMLLimits.maxDepth {
            diagnostics.append(Diagnostic(.yamlLimit, "the document nests deeper than \(YAMLLimits.maxDepth) levels",
                                          at: SourceRange(i, min(i + 1, n)),
                                          notes: ["scenario files need fewer than 20 levels; deeper input is refused before it is parsed"]))
            out.depthExceeded = true
            return false
        }
        return true
    }

    // MARK: lines (block context)

    private mutating func line() {
        let lineStart = i
        col = 1
        var tabs: [Int] = []
        while i < n && isBlank(src[i]) {
            if src[i] == Self.tab { tabs.append(i) }
            advance()
        }
        if i >= n { return }
        if c == Self.nl || c == Self.cr { skipToLineEnd(); advance(); return }
        if c == UInt8(ascii: "#") { comment(); advance(); return }
        if !tabs.isEmpty { reportTabs(tabs, lineStart: lineStart) }
        if col == 1 && (isMarker(UInt8(ascii: "-")) || isMarker(UInt8(ascii: "."))) {
            let isEnd = c == UInt8(ascii: ".")
            block.removeAll(); plainOwnerCol = nil
            advance(); advance(); advance(); skipBlanks()
            if isEnd || isBreakOrEnd(c) || c == UInt8(ascii: "#") { restOfLine(); return }
            node()
            restOfLine()
            return
        }
        if col == 1 && c == UInt8(ascii: "%") { skipToLineEnd(); advance(); return }
        if let owner = plainOwnerCol, col > owner {
            // The continuation of a multi-line plain scalar.
            plainBlock(start: plainStart, continuing: true)
            restOfLine()
            return
        }
        plainOwnerCol = nil
        while let top = block.last, top.col > col { block.removeLast() }
        node()
        restOfLine()
    }

    func isMarker(_ ch: UInt8) -> Bool {
        at(i) == ch && at(i + 1) == ch && at(i + 2) == ch && isSpaceOrEnd(at(i + 3))
    }

    private mutating func reportTabs(_ tabs: [Int], lineStart: Int) {
        let first = tabs[0]
        var replacement = ""
        for k in lineStart..<i { replacement += src[k] == Self.tab ? "  " : " " }
        report(.yamlTab, "tabs are not allowed for indentation in YAML", SourceRange(first, first + 1),
               help: ["indent with spaces"],
               fixits: [FixIt(range: SourceRange(lineStart, i), replacement: replacement, message: "replace tabs with spaces")])
        for t in tabs { out.bytes[t] = Self.sp }
        out.sawTab = true
    }

    /// Consumes what follows a node on the same line: blanks and a comment, then the line break.
    private mutating func restOfLine() {
        while i < n && !out.depthExceeded {
            if c == Self.nl { advance(); return }
            if isBlank(c) || c == Self.cr { advance(); continue }
            if c == UInt8(ascii: "#") { comment(); continue }
            // Something unexpected (libyaml will report it): skip the rest of the line.
            skipToLineEnd()
        }
    }

    mutating func comment() {
        let start = i
        skipToLineEnd()
        var end = i
        if end > start && src[end - 1] == Self.cr { end -= 1 }
        out.comments.append(Comment(String(decoding: src[start..<end], as: UTF8.self), SourceRange(start, end)))
    }

    /// A node in block context, starting at a non-blank character; consumes up to the end of its line
    /// (or further for block scalars and multi-line flow collections).
    private mutating func node() {
        while i < n && !out.depthExceeded {
            let propStart = i
            let strTag = properties()
            if isBreakOrEnd(c) || c == UInt8(ascii: "#") { return }
            let start = i, nodeCol = col
            if (c == UInt8(ascii: "-") || c == UInt8(ascii: "?")) && isSpaceOrEnd(at(i + 1)) {
                if c == UInt8(ascii: "-") { enterSeq(col: nodeCol) }
                advance(); skipBlanks()
                if isBreakOrEnd(c) || c == UInt8(ascii: "#") || !checkDepth() { return }
                continue
            }
            if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") {
                blockScalar(start: start, propStart: propStart)
                return
            }
            var keyText: String?
            if c == UInt8(ascii: "*") {
                alias()
                record(propStart, start, i, strTag)
                keyText = nil
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let text = quoted()
                record(propStart, start, i, strTag)
                keyText = text
            } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                flowCollection(propStart: propStart)
                keyText = nil
            } else {
                let key = plainBlock(start: start, continuing: false)
                record(propStart, start, i, strTag)
                if !key { plainOwnerCol = block.last?.col ?? 0; plainStart = start; return }
                keyText = String(decoding: src[keyRange(start).start..<keyRange(start).end], as: UTF8.self)
            }
            skipBlanks()
            guard c == UInt8(ascii: ":") && isSpaceOrEnd(at(i + 1)) else { return }
            registerBlockKey(keyText, range: keyRange(start), col: nodeCol)
            advance(); skipBlanks()
            if isBreakOrEnd(c) || c == UInt8(ascii: "#") || !checkDepth() { return }
        }
    }

    private func keyRange(_ start: Int) -> SourceRange {
        var e = i
        while e > start && isBlank(src[e - 1]) { e -= 1 }
        return SourceRange(start, e)
    }

    mutating func record(_ propStart: Int, _ start: Int, _ end: Int, _ strTag: Bool) {
        var e = end
        while e > start && isSpaceOrEnd(src[e - 1]) { e -= 1 }
        out.scalars[start] = SourceRange(start, e)
        out.scalars[propStart] = SourceRange(start, e)
        if strTag { out.strTagged.insert(start) }
    }

    /// `&anchor` and `!tag` before a node; returns whether the tag was `!!str`.
    mutating func properties() -> Bool {
        var str = false
        while c == UInt8(ascii: "&") || c == UInt8(ascii: "!") {
            let start = i
            while i < n && !isSpaceOrEnd(src[i]) && !(flow.count > 0 && isFlowIndicator(src[i])) { advance() }
            if src[start] == UInt8(ascii: "!") {
                let tag = String(decoding: src[start..<i], as: UTF8.self)
                if tag == "!!str" || tag == "!<tag:yaml.org,2002:str>" {
                    str = true
                } else {
                    badTag(tag, SourceRange(start, i))
                }
            }
            skipBlanks()
        }
        return str
    }

    /// An unsupported tag. `!=` (meant as an operator) gets its own message and a quoting fix-it,
    /// and an empty node behind a bad tag is skipped by the reader, so one mistake is one error.
    private mutating func badTag(_ tag: String, _ range: SourceRange) {
        var k = range.end
        while k < n && isBlank(src[k]) { k += 1 }
        let empty = isBreakOrEnd(at(k)) || at(k) == UInt8(ascii: "#") || (flow.count > 0 && isFlowIndicator(at(k)))
        if empty { out.placeholders.insert(range.start) }
        if tag == "!=" || tag == "!==" {
            report(.yamlTag, "'\(tag)' is read as a YAML tag, not as an operator", range,
                   notes: ["a plain scalar cannot start with '!' in YAML"],
                   fixits: [FixIt(range: range, replacement: "\"\(tag)\"", message: "quote the operator")])
            return
        }
        report(.yamlTag, "unsupported YAML tag '\(tag)'", range,
               notes: ["values are typed by the scenario language, not by YAML tags; only '!!str' is accepted"],
               fixits: [FixIt(range: empty ? range : SourceRange(range.start, k), replacement: "", message: "remove the tag")])
    }

    mutating func alias() {
        let start = i
        out.placeholders.insert(start)
        advance()
        while i < n && !isSpaceOrEnd(src[i]) && !isFlowIndicator(src[i]) { advance() }
        out.bytes[start] = UInt8(ascii: "_")
        aliasCount += 1
        if aliasCount <= Self.aliasReports {
            report(.yamlAlias, "aliases are not supported in scenario files", SourceRange(start, i),
                   notes: ["every node must be written where it is used, so each diagnostic points at one place"],
                   help: ["repeat the value here, or use a 'repeat' group for repeated faults"])
            lastAliasReport = diagnostics.count - 1
        } else if let k = lastAliasReport {
            let more = aliasCount - Self.aliasReports
            diagnostics[k].notes = Array(diagnostics[k].notes.prefix(1)) + ["\(more) more alias\(more == 1 ? "" : "es") not reported"]
        }
    }

    private mutating func enterSeq(col: Int) {
        if let top = block.last, top.col == col, top.isSeq {
            block[block.count - 1].index += 1
        } else {
            block.append(Level(col: col, isSeq: true))
            _ = checkDepth()
        }
    }

    private mutating func registerBlockKey(_ text: String?, range: SourceRange, col: Int) {
        while let top = block.last, top.col == col, top.isSeq { block.removeLast() }
        if block.last?.col != col {
            block.append(Level(col: col, isSeq: false))
            guard checkDepth() else { return }
        }
        guard let text else { return }
        checkDuplicate(inFlow: false, text, range)
    }

    mutating func checkDuplicate(inFlow: Bool, _ text: String, _ range: SourceRange) {
        let first = inFlow ? flow[flow.count - 1].keys[text] : block[block.count - 1].keys[text]
        if inFlow { flow[flow.count - 1].key = text } else { block[block.count - 1].key = text }
        if let first {
            report(.yamlDuplicateKey, "duplicate key '\(text)'", range,
                   labels: [DiagnosticLabel(first, "first defined here")],
                   notes: ["the first occurrence is kept; this one is ignored"],
                   help: ["remove one of them"])
            suppress(range)
        } else if inFlow {
            flow[flow.count - 1].keys[text] = range
        } else {
            block[block.count - 1].keys[text] = range
        }
    }

    /// Renames a repeated key in the copy handed to Yams (same byte length), so composition goes on.
    private mutating func suppress(_ range: SourceRange) {
        var s = range.start, e = range.end
        if e - s >= 2 && (src[s] == UInt8(ascii: "\"") || src[s] == UInt8(ascii: "'")) { s += 1; e -= 1 }
        guard e > s else { return }
        fillerCounter += 1
        var filler = Array("~" + String(fillerCounter, radix: 36)).map { UInt8(ascii: $0.unicodeScalars.first ?? "~") }
        while filler.count < e - s { filler.append(UInt8(ascii: "~")) }
        for k in s..<e { out.bytes[k] = filler[k - s] }
        out.suppressedKeys.insert(range.start)
    }

    // MARK: scalars

    /// A plain scalar in block context, up to `: `, ` #` or the line end. Returns whether it is a key.
    @discardableResult
    private mutating func plainBlock(start: Int, continuing: Bool) -> Bool {
        while i < n {
            let ch = src[i]
            if ch == Self.nl || ch == Self.cr { break }
            if ch == UInt8(ascii: ":") && isSpaceOrEnd(at(i + 1)) { return !continuing }
            if ch == UInt8(ascii: "#") && i > start && isBlank(src[i - 1]) { break }
            advance()
        }
        if continuing {
            var e = i
            while e > start && isSpaceOrEnd(src[e - 1]) { e -= 1 }
            out.scalars[start] = SourceRange(start, e)
        }
        return false
    }

    /// A single- or double-quoted scalar; returns its value (escapes kept verbatim, good enough for keys).
    mutating func quoted() -> String {
        let q = c
        let start = i
        advance()
        while i < n {
            if src[i] == q {
                if q == UInt8(ascii: "'") && at(i + 1) == q { advance(); advance(); continue }
                advance()
                return String(decoding: src[(start + 1)..<(i - 1)], as: UTF8.self)
            }
            if q == UInt8(ascii: "\"") && src[i] == UInt8(ascii: "\\") { advance() }
            advance()
        }
        return String(decoding: src[(start + 1)..<i], as: UTF8.self)
    }

    /// `|` or `>`: the header line, then every blank line or line indented beyond the owner.
    private mutating func blockScalar(start: Int, propStart: Int) {
        let owner = block.last?.col ?? 0
        skipToLineEnd()
        var end = i
        while end > start && isSpaceOrEnd(src[end - 1]) { end -= 1 }
        while i < n {
            // i is at a line break; look at the next line.
            var k = i + 1, ind = 0
            while k < n && src[k] == Self.sp { k += 1; ind += 1 }
            if k >= n { break }
            if src[k] == Self.nl || src[k] == Self.cr || ind >= owner && owner > 0 || owner == 0 && ind > 0 {
                let blankLine = src[k] == Self.nl || src[k] == Self.cr
                advance()
                skipToLineEnd()
                if !blankLine {
                    end = i
                    while end > start && isSpaceOrEnd(src[end - 1]) { end -= 1 }
                }
                continue
            }
            break
        }
        out.scalars[start] = SourceRange(start, end)
        out.scalars[propStart] = SourceRange(start, end)
    }
}
