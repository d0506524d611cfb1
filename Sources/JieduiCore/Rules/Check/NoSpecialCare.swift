extension Check {
    /// rules.md no-special-care: an active helper pair, active at least
    /// `Programme.specialCareMonths` months of the year, with no 特殊关爱 visit in it
    /// (方案 四(三)五: care at festivals and birthdays).
    public enum NoSpecialCare: RowRule {
        public static let code = "no-special-care"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNoSpecialCare

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            guard period.monthsActive(since: row.since) >= Programme.specialCareMonths else { return nil }
            return finding(row.pair, .findingNoSpecialCare(year: period.year, child: row.name))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            public let since: Day
            /// The child's name.
            public let name: String
        }
    }
}
