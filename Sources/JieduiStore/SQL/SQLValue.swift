import JieduiCore

/// A value as an SQL database stores it and a statement binds it: dates as ISO text, lists joined,
/// empty text as NULL. The queries the stores share make their arguments of these.
package enum SQLValue: Sendable, Hashable {
    case null
    case int(Int)
    case text(String)

    /// The separator of items in a list column (the way Chinese forms write lists).
    package static let listSeparator = "、"

    /// A record's value as it is stored.
    package init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .text(let s): self = s.isEmpty ? .null : .text(s)
        case .int(let n): self = .int(n)
        case .date(let d): self = .text(d.iso)
        case .list(let items): self = items.isEmpty ? .null : .text(items.joined(separator: Self.listSeparator))
        }
    }
}
