// Tokens of the `.chaos` language. The lexer produces them lazily (see Lexer.swift); literals
// carry their decoded value so the parser never re-reads their text.
import ChaosSource

/// What a token is.
public enum TokenKind: UInt8, Sendable, Hashable, CaseIterable {
    case eof
    /// One or more line breaks (with any blank lines and comments between them), collapsed.
    case newline
    case semicolon
    case identifier
    case integer, float, duration, rate, percent, size, string, bool
    /// A numeric literal the lexer rejected (already diagnosed); the parser treats it as a value.
    case badLiteral
    case lbrace, rbrace, lbracket, rbracket, lparen, rparen
    case comma, colon, dot, dotdot, star
    /// `<->`
    case link
    case lt, le, gt, ge, eq, ne
    /// `=` (not part of the language; lexed so the parser can suggest `==` or `:`).
    case assign

    /// True for tokens that are values on their own (literals, including rejected ones).
    public var isLiteral: Bool {
        switch self {
        case .integer, .float, .duration, .rate, .percent, .size, .string, .bool, .badLiteral: true
        default: false
        }
    }

    /// True for `newline` and `;`, which end a statement.
    public var isTerminator: Bool { self == .newline || self == .semicolon }

    /// The comparator a token spells, if any.
    public var comparator: Comparator? {
        switch self {
        case .lt: .lt
        case .le: .le
        case .gt: .gt
        case .ge: .ge
        case .eq: .eq
        case .ne: .ne
        default: nil
        }
    }

    /// The fixed spelling of punctuation, for messages.
    public var punctuation: String? {
        switch self {
        case .semicolon: ";"
        case .lbrace: "{"
        case .rbrace: "}"
        case .lbracket: "["
        case .rbracket: "]"
        case .lparen: "("
        case .rparen: ")"
        case .comma: ","
        case .colon: ":"
        case .dot: "."
        case .dotdot: ".."
        case .star: "*"
        case .link: "<->"
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        case .eq: "=="
        case .ne: "!="
        case .assign: "="
        default: nil
        }
    }
}

/// One token with its byte range.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var range: SourceRange
    /// The name of an identifier or the unescaped value of a string; empty otherwise.
    public var text: String
    /// The decoded value of a literal (`nil` for non-literals and rejected literals).
    public var value: ExprKind?

    public init(_ kind: TokenKind, _ range: SourceRange, text: String = "", value: ExprKind? = nil) {
        self.kind = kind; self.range = range; self.text = text; self.value = value
    }

    /// True if this is the identifier `word`.
    public func isWord(_ word: String) -> Bool { kind == .identifier && text == word }
}
