/// A field as a message names it: its label, which Chinese messages show, and the key the
/// command was given it by, which English messages show beside the label (`help (帮扶措施)`).
/// Two nouns' fields may share a label (帮扶措施 is a visit's `help` and a need's `measures`),
/// and a command may take a field by a key of its own (`child review … date=` sets `reviewed`),
/// so the key travels with the label rather than being looked up from it.
public struct FieldName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// What Chinese messages show: the field's label, or a name that has none (a key, a setting).
    public let label: String
    /// The key English messages show beside the label; nil where the label is all there is.
    public let key: String?

    public init(key: String?, label: String) {
        self.key = key
        self.label = label
    }

    /// The field by its own key.
    public init(_ field: Field) {
        self.init(key: field.key, label: field.label)
    }

    /// A name as it is: a label, a key or a setting's name.
    public init(_ name: String) {
        self.init(key: nil, label: name)
    }

    public init(stringLiteral name: String) {
        self.init(name)
    }

    public var description: String { label }

    /// The name in English: `key (label)`; for a bare label, the key of the first field that
    /// has it; anything else as it is.
    public var english: String {
        if let key { return key == label ? key : "\(key) (\(label))" }
        for noun in Noun.allCases {
            if let field = Schema.of(noun).fields.first(where: { $0.label == label }) { return "\(field.key) (\(label))" }
        }
        return label
    }
}
