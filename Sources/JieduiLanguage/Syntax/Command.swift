import JieduiCore

/// A word of a command as the user typed it, with where it starts.
public struct Word: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let location: SourceLocation
    /// Whether it was written in quotes (and so is never a keyword).
    public let quoted: Bool

    public init(_ text: String, at location: SourceLocation, quoted: Bool = false) {
        self.text = text
        self.location = location
        self.quoted = quoted
    }

    public var description: String { text }
}

/// `key=value`: the key as typed, and the value's items (`a,b,c` gives three; one otherwise).
public struct Assignment: Hashable, Sendable {
    public let key: Word
    public let items: [Word]
    public let equalsLocation: SourceLocation

    public init(key: Word, items: [Word], equalsLocation: SourceLocation) {
        self.key = key
        self.items = items
        self.equalsLocation = equalsLocation
    }

    /// The value as one text, items joined by `,` again (a text field keeps what was typed).
    public var value: String { items.map(\.text).joined(separator: ",") }

    /// Where the value starts (or the `=` when the value is empty).
    public var valueLocation: SourceLocation { items.first?.location ?? equalsLocation }
}

/// A `where` expression as written: field names and values still text, with locations.
public indirect enum WhereExpression: Hashable, Sendable {
    case comparison(field: Word, op: ComparisonOperator, opLocation: SourceLocation, value: Word)
    case membership(field: Word, values: [Word])
    case emptiness(field: Word, negated: Bool)
    case and(WhereExpression, WhereExpression)
    case or(WhereExpression, WhereExpression)
    case not(WhereExpression)
}

/// One `sort` key as written.
public struct SortClause: Hashable, Sendable {
    public let field: Word
    public let descending: Bool
}

/// One command: its positional words (command, verb, refs, flags), its `key=value`s and, for
/// `list`, `count` and `log`, its clauses.
public struct Command: Hashable, Sendable {
    public var words: [Word] = []
    public var assignments: [Assignment] = []
    public var filter: WhereExpression?
    public var sort: [SortClause] = []
    public var limit: Word?
    public var show: [Word] = []
    public var by: Word?
    /// For `sql`: the text after the word `sql`, as typed.
    public var raw: String?
    /// The whole command as typed (for the audit log, after masking).
    public var text: String = ""
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }

    /// The command's name (its first word, lowercased).
    public var name: String { words.first?.text.lowercased() ?? "" }
}
