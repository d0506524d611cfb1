import Foundation

/// What `due` lists (rules.md, "due"), in the order rows of one date are listed.
public enum DueKind: String, Sendable, CaseIterable {
    /// A new pair's first visit (practice.md), the most pressing of a day's items.
    case firstVisit = "首次走访"
    case visit = "走访"
    case birthday = "生日"
    case springFestival = "春节"
    case winterHoliday = "寒假"
    case summerHoliday = "暑假"
    case childrensDay = "儿童节"
    case quarterReport = "季度报告"
    case annualReview = "年度核实"
    case ageLimit = "年龄到限"
}

/// One thing coming due.
public struct DueItem: Sendable, Hashable {
    public let date: Day
    public let kind: DueKind
    public let ref: String
    public let name: String
    public let message: Message
}

/// `due` (rules.md): what is coming. Each source is one file in `Rules/Due/`; this registry
/// lists them once, and drives what `due` asks the store and what `help due` says.
public enum Due {
    /// Every source, in the order `help due` names them.
    public static let sources: [any DueSource.Type] = [
        Birthdays.self, Festivals.self, FirstVisits.self, Visits.self, QuarterReports.self, AnnualReviews.self, AgeLimits.self,
    ]

    /// The agenda of the window, sorted: the store runs each source's query, the sources turn
    /// the rows into items.
    public static func agenda(in store: any RecordStore, window: DueWindow) throws -> [DueItem] {
        let asked = sources.filter { $0.isAsked(in: window) }
        let answers = try store.dueRows(asked, window: window)
        return sorted(collect(asked, answers: answers, named: { "\($0)" }) { source, rows in try source.items(from: rows, window: window) })
    }

    /// The date of 春节 (the first day of the Chinese lunar year) in a Gregorian year.
    public static func springFestival(_ year: Int) -> Day? {
        var chinese = Calendar(identifier: .chinese)
        var gregorian = Calendar(identifier: .gregorian)
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        chinese.timeZone = zone
        gregorian.timeZone = zone
        guard let midYear = gregorian.date(from: DateComponents(year: year, month: 6, day: 1)) else { return nil }
        var components = DateComponents()
        components.era = chinese.component(.era, from: midYear)
        components.year = chinese.component(.year, from: midYear)
        components.month = 1
        components.day = 1
        guard let date = chinese.date(from: components) else { return nil }
        let g = gregorian.dateComponents([.year, .month, .day], from: date)
        return Day(year: g.year ?? year, month: g.month ?? 1, day: g.day ?? 1)
    }

    /// A birthday in `year`: someone born on 29 February has it on 1 March in other years.
    public static func birthday(of born: Day, in year: Int) -> Day {
        Day(year: year, month: born.month, day: born.day) ?? Day(year: year, month: 3, day: 1)!
    }

    /// Birthdays of `born` falling in the window.
    static func birthdays(of born: Day, in window: DueWindow) -> [Day] {
        window.years.map { birthday(of: born, in: $0) }.filter { window.contains($0) && $0 > born }
    }

    /// Sorted by date, then kind, then ref (ids by their number).
    public static func sorted(_ items: [DueItem]) -> [DueItem] {
        let order = Dictionary(uniqueKeysWithValues: DueKind.allCases.enumerated().map { ($1, $0) })
        return Check.sortedByRef(items, ref: { $0.ref }) { ($0.date.dayNumber, order[$0.kind]!) }
    }
}
