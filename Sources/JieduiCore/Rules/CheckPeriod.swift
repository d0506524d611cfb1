/// The stretch of a year `check` looks at: the whole year, or up to today in today's year.
public struct CheckPeriod: Sendable, Hashable {
    public let year: Int
    public let start: Day
    public let end: Day
    public let today: Day
    /// The town's visiting numbers (its settings, or the defaults).
    public let visiting: VisitingRules

    public init(year: Int, today: Day, visiting: VisitingRules = .standard) {
        self.year = year
        self.today = today
        self.visiting = visiting
        start = Day(year: year, month: 1, day: 1)!
        end = year == today.year ? today : Day(year: year, month: 12, day: 31)!
    }

    /// Calendar months of the period in which something that began on `since` was active,
    /// the month it began included.
    public func monthsActive(since: Day) -> Int {
        let first = since < start ? 1 : since.month
        return max(0, end.month - first + 1)
    }

    /// 方案 四(三)二: six visits a year, pro rata for a pair active part of it.
    public func requiredVisits(since: Day) -> Int {
        let months = monthsActive(since: since)
        let perYear = Programme.visitsPerYear
        return months >= 12 ? perYear : (perYear * months + 11) / 12
    }

    /// 方案 保障措施(三): each quarter's report is due by the 10th of its last month.
    public func quarterDeadline(_ quarter: Int) -> Day {
        Programme.quarterReportDeadline(year: year, quarter: quarter)
    }
}
