/// One rule of `check` (rules.md): its code, its severity, the row its query gives, its words
/// and its phrase in `help check`. A rule is one file in `Rules/Check/`, listed once in
/// `Check.rules`; its query is the store's (JieduiStore's `CheckQueries.swift`), and gives one
/// column for each property of `Row`, of the same name.
public protocol CheckRule: Sendable {
    /// One row of the rule's query, read by column name.
    associatedtype Row: Decodable & Sendable

    /// The code its findings carry (`few-visits`).
    static var code: String { get }
    /// The severity of its findings when nothing excuses them.
    static var severity: Severity { get }
    /// Its phrase in the list `help check` gives; nil where that list does not name it.
    static var help: Message? { get }
    /// Whether the rule has anything to look at in the period; if not, its query is not run.
    static func isAsked(in period: CheckPeriod) -> Bool
    /// The findings its rows make.
    static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding]
}

/// A rule that judges each row of its query on its own, as most do: its findings are those of
/// its rows, in their order.
public protocol RowRule: CheckRule {
    /// The finding one row makes, or nil where the row is in order after all.
    static func judge(_ row: Row, in period: CheckPeriod) -> Finding?
}

extension RowRule {
    public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
        rows.compactMap { judge($0, in: period) }
    }
}

extension CheckRule {
    public static func isAsked(in period: CheckPeriod) -> Bool { true }

    /// A finding of this rule about `ref`, of its own severity unless another is given.
    static func finding(_ ref: String, _ message: Message, severity: Severity = severity) -> Finding {
        Finding(Self.self, severity, ref, message)
    }

    /// The findings of a store's answer, its rows read by column name.
    static func findings(from rows: SQLResult, period: CheckPeriod) throws -> [Finding] {
        findings(try rows.decode(Row.self), period: period)
    }
}
