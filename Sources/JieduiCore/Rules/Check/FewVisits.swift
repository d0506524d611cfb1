extension Check {
    /// rules.md few-visits: an active helper pair with fewer visits in the year than required
    /// (方案 四(三)二: six a year, pro rata by the calendar months it was active). The query gives
    /// the pairs under `Programme.visitsPerYear`; the proration is here.
    public enum FewVisits: RowRule {
        public static let code = "few-visits"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpFewVisits

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let required = period.requiredVisits(since: row.since)
            guard row.visits < required else { return nil }
            return finding(row.pair, .findingFewVisits(
                visits: row.visits, year: period.year, required: required, months: period.monthsActive(since: row.since)))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            public let since: Day
            public let visits: Int
        }
    }
}
