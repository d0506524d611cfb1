import JieduiCore

/// A token of the command language.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case word(String, quoted: Bool)
        case equals
        case op(ComparisonOperator)
        case openParen
        case closeParen
        case comma
    }

    public let kind: Kind
    public let location: SourceLocation

    /// How the token is shown in a message.
    public var spelling: String {
        switch kind {
        case .word(let text, let quoted): quoted ? "\"\(text)\"" : text
        case .equals: "="
        case .op(let op): op.rawValue
        case .openParen: "("
        case .closeParen: ")"
        case .comma: ","
        }
    }
}

/// The tokens of one command, the text it was written as, and the first lexical error in it.
public struct LexedCommand: Sendable {
    public var tokens: [Token] = []
    public var text: String = ""
    public var location: SourceLocation
    /// For `sql`: the raw text after the word `sql`.
    public var raw: String?
    public var error: Diagnostic?
}
