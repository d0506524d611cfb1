/// A field's value as stored and printed: enums are their Chinese label (text), lists are items.
public enum Value: Sendable, Hashable {
    case null
    case text(String)
    case int(Int)
    case date(Day)
    case list([String])

    public var isNull: Bool {
        switch self {
        case .null: true
        case .text(let s): s.isEmpty
        case .list(let items): items.isEmpty
        default: false
        }
    }

    /// The value as plain text, lists joined by `、` (the way a Chinese form writes them).
    public var text: String {
        switch self {
        case .null: ""
        case .text(let s): s
        case .int(let n): String(n)
        case .date(let d): d.iso
        case .list(let items): items.joined(separator: "、")
        }
    }

    public var textValue: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    public var intValue: Int? {
        if case .int(let n) = self { return n }
        return nil
    }

    public var dayValue: Day? {
        if case .date(let d) = self { return d }
        return nil
    }
}

/// One record of any noun: its field values by English key, derived fields included when read.
public struct Record: Sendable, Hashable {
    public let noun: Noun
    public var values: [String: Value]

    public init(noun: Noun, values: [String: Value] = [:]) {
        self.noun = noun
        self.values = values
    }

    public subscript(key: String) -> Value {
        get { values[key] ?? .null }
        set { values[key] = newValue }
    }

    /// The record's id, or its name for a village or unit.
    public var key: String { self[noun.keyField].text }
}
