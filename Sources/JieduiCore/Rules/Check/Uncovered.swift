extension Check {
    /// rules.md uncovered: an active child of category 1–3 with no active helper pair
    /// (方案 三(三): those children must have a cadre family).
    public enum Uncovered: RowRule {
        public typealias Row = ChildRows.Categorised

        public static let code = "uncovered"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpUncovered

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.child, .findingUncovered(name: row.name, category: row.category))
        }
    }
}
