extension Check {
    /// rules.md not-reviewed: once the year's review deadline has passed, an active child whose
    /// last review (核实) is before the year, or who has none (方案 四(一)).
    public enum NotReviewed: RowRule {
        public typealias Row = ChildRows.Reviewed

        public static let code = "not-reviewed"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNotReviewed

        /// Nothing is late until the deadline has passed.
        public static func isAsked(in period: CheckPeriod) -> Bool {
            period.end > Programme.reviewDeadline(period.year)
        }

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.child, .findingNotReviewed(name: row.name, last: row.reviewed?.iso ?? "", year: period.year))
        }
    }
}
