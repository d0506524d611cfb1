/// The days `due` looks at: from today to `days` days after it, both included.
public struct DueWindow: Sendable, Hashable {
    public let today: Day
    public let end: Day
    /// The town's visiting numbers (its settings, or the defaults).
    public let visiting: VisitingRules

    public init(today: Day, days: Int, visiting: VisitingRules = .standard) {
        self.today = today
        self.visiting = visiting
        end = today.adding(days: days)
    }

    /// Whether a day falls in the window.
    public func contains(_ day: Day) -> Bool { day >= today && day <= end }

    /// The years the window touches.
    public var years: ClosedRange<Int> { today.year...end.year }
}

/// One source of what `due` lists (rules.md, "due"): the row its query gives, how the rows
/// become items, and its phrase in `help due`. A source is one file in `Rules/Due/`, listed once
/// in `Due.sources`; its query is the store's (JieduiStore's `DueQueries.swift`), and gives one
/// column for each property of `Row`, of the same name.
public protocol DueSource: Sendable {
    /// One row of the source's query, read by column name.
    associatedtype Row: Decodable & Sendable

    /// Its phrase in the list `help due` gives; nil where another source's phrase names it too.
    static var help: Message? { get }
    /// Whether anything of this source can fall due in the window; if not, its query is not run.
    static func isAsked(in window: DueWindow) -> Bool
    /// What falls due in the window, from the rows.
    static func items(_ rows: [Row], window: DueWindow) -> [DueItem]
}

extension DueSource {
    public static func isAsked(in window: DueWindow) -> Bool { true }

    /// The items of a store's answer, its rows read by column name.
    static func items(from rows: SQLResult, window: DueWindow) throws -> [DueItem] {
        items(try rows.decode(Row.self), window: window)
    }
}
