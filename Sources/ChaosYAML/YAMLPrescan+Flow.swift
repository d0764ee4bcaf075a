// The prescan in flow context (`{…}`, `[…]`): nesting, keys, scalars and their ends, across lines.
import ChaosSource

extension YAMLPrescan {
    /// A flow collection and everything inside it, across lines, until its closing bracket.
    mutating func flowCollection(propStart: Int) {
        var starts: [Int] = []
        var expectNode = true
        openFlow(propStart, &starts)
        guard checkDepth() else { return }
        while i < n && !flow.isEmpty && !out.depthExceeded {
            if flowPunctuation(&starts, &expectNode) { continue }
            let nodeStart = i
            let strTag = properties()
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                openFlow(nodeStart, &starts)
                if !checkDepth() { return }
                continue
            }
            if flowScalar(nodeStart: nodeStart, strTag: strTag) { expectNode = false }
        }
    }

    private mutating func openFlow(_ start: Int, _ starts: inout [Int]) {
        flow.append(Level(col: 0, isSeq: c == UInt8(ascii: "[")))
        starts.append(start)
        advance()
    }

    /// Blanks, comments, closing brackets, `,`, `:` and `?`: returns whether one was consumed.
    private mutating func flowPunctuation(_ starts: inout [Int], _ expectNode: inout Bool) -> Bool {
        let ch = c
        if isBlank(ch) || ch == Self.nl || ch == Self.cr { advance(); return true }
        if ch == UInt8(ascii: "#") && (i == 0 || isSpaceOrEnd(src[i - 1])) { comment(); return true }
        if ch == UInt8(ascii: "]") || ch == UInt8(ascii: "}") {
            advance()
            flow.removeLast()
            if let s = starts.popLast() { out.flowEnds[s] = i }
            expectNode = false
            return true
        }
        if ch == UInt8(ascii: ",") {
            advance()
            if flow[flow.count - 1].isSeq { flow[flow.count - 1].index += 1 }
            expectNode = true
            return true
        }
        if ch == UInt8(ascii: ":") && (isSpaceOrEnd(at(i + 1)) || isFlowIndicator(at(i + 1)) || !expectNode) {
            advance()
            expectNode = true
            return true
        }
        if ch == UInt8(ascii: "?") && isSpaceOrEnd(at(i + 1)) { advance(); return true }
        return false
    }

    /// An alias, quoted or plain scalar in flow context; a key is checked for duplicates.
    /// Returns whether a node was read.
    private mutating func flowScalar(nodeStart: Int, strTag: Bool) -> Bool {
        let start = i
        var keyText: String?
        if c == UInt8(ascii: "*") {
            alias()
        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            keyText = quoted()
        } else if i < n && !isFlowIndicator(c) {
            plainFlow()
            keyText = String(decoding: src[start..<i], as: UTF8.self)
        } else {
            return false
        }
        record(nodeStart, start, i, strTag)
        var k = i
        while k < n && isBlank(src[k]) { k += 1 }
        if at(k) == UInt8(ascii: ":"), let key = keyText, !flow[flow.count - 1].isSeq {
            var e = i
            while e > start && isBlank(src[e - 1]) { e -= 1 }
            checkDuplicate(inFlow: true, key, SourceRange(start, e))
        }
        return true
    }

    /// A plain scalar in flow context: up to a flow indicator, `: `, ` #` or the line end.
    /// An index written right after a name (`broker[2]`, `worker[1..3]`, `worker[*]`) is part of
    /// the scalar: libyaml would reject it, so the copy handed to Yams reads `broker(2)` and the
    /// reader takes the scalar's text from the file.
    private mutating func plainFlow() {
        let start = i
        while i < n {
            let ch = src[i]
            if ch == UInt8(ascii: "["), i > start, isWordByte(src[i - 1]), let close = indexEnd(from: i) {
                out.bytes[i] = UInt8(ascii: "(")
                out.bytes[close] = UInt8(ascii: ")")
                out.rewritten.insert(start)
                while i <= close { advance() }
                continue
            }
            if ch == Self.nl || ch == Self.cr || isFlowIndicator(ch) { break }
            if ch == UInt8(ascii: ":") && (isSpaceOrEnd(at(i + 1)) || isFlowIndicator(at(i + 1))) { break }
            if ch == UInt8(ascii: "#") && i > start && isBlank(src[i - 1]) { break }
            advance()
        }
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            || b == UInt8(ascii: "_")
    }

    /// The offset of the `]` closing an index `[2]`, `[1..3]` or `[*]` that opens at `open`.
    private func indexEnd(from open: Int) -> Int? {
        var k = open + 1
        if at(k) == UInt8(ascii: "*") { return at(k + 1) == UInt8(ascii: "]") ? k + 1 : nil }
        func digits(_ k: inout Int) -> Bool {
            let s = k
            while at(k) >= UInt8(ascii: "0") && at(k) <= UInt8(ascii: "9") { k += 1 }
            return k > s
        }
        guard digits(&k) else { return nil }
        if at(k) == UInt8(ascii: "."), at(k + 1) == UInt8(ascii: ".") {
            k += 2
            guard digits(&k) else { return nil }
        }
        return at(k) == UInt8(ascii: "]") ? k : nil
    }
}
