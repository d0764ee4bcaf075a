// Tokens of the `.bench` suite format.
import ChaosSource

struct BenchToken {
    enum Kind { case word, string, number, leftBrace, rightBrace, leftBracket, rightBracket, comma, colon, invalid, end }
    var kind: Kind
    var range: SourceRange
    /// The word, the string's contents, or the number's digits (underscores removed).
    var text: String
    /// The unit glued to a number (`ms` in `10ms`).
    var unit: String?
}

enum BenchLexer {
    static func tokens(_ bytes: [UInt8]) -> [BenchToken] {
        var out: [BenchToken] = []
        var i = 0
        func isWord(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 || (b >= 48 && b <= 57) || b >= 0x80 }
        while i < bytes.count {
            let b = bytes[i]
            if b == 32 || b == 9 || b == 10 || b == 13 { i += 1; continue }
            if b == 35 || (b == 47 && i + 1 < bytes.count && bytes[i + 1] == 47) {
                while i < bytes.count && bytes[i] != 10 { i += 1 }
                continue
            }
            let start = i
            let single: [UInt8: BenchToken.Kind] = [123: .leftBrace, 125: .rightBrace, 91: .leftBracket, 93: .rightBracket,
                                                    44: .comma, 58: .colon]
            if let kind = single[b] {
                i += 1
                out.append(BenchToken(kind: kind, range: SourceRange(start, i), text: String(UnicodeScalar(b))))
            } else if b == 34 {
                i += 1
                while i < bytes.count && bytes[i] != 34 && bytes[i] != 10 { i += 1 }
                let closed = i < bytes.count && bytes[i] == 34
                let text = String(decoding: bytes[(start + 1)..<i], as: UTF8.self)
                if closed { i += 1 }
                out.append(BenchToken(kind: closed ? .string : .invalid, range: SourceRange(start, i), text: text))
            } else if b >= 48 && b <= 57 {
                while i < bytes.count && ((bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == 46 || bytes[i] == 95) { i += 1 }
                let digits = String(decoding: bytes[start..<i].filter { $0 != 95 }, as: UTF8.self)
                let unitStart = i
                while i < bytes.count && isWord(bytes[i]) { i += 1 }
                let unit = i > unitStart ? String(decoding: bytes[unitStart..<i], as: UTF8.self) : nil
                out.append(BenchToken(kind: .number, range: SourceRange(start, i), text: digits, unit: unit))
            } else if isWord(b) {
                while i < bytes.count && isWord(bytes[i]) { i += 1 }
                out.append(BenchToken(kind: .word, range: SourceRange(start, i), text: String(decoding: bytes[start..<i], as: UTF8.self)))
            } else {
                i += 1
                while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
                out.append(BenchToken(kind: .invalid, range: SourceRange(start, i), text: String(decoding: bytes[start..<i], as: UTF8.self)))
            }
        }
        out.append(BenchToken(kind: .end, range: SourceRange.at(bytes.count), text: ""))
        return out
    }
}
