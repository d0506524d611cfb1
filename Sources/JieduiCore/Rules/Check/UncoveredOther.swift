extension Check {
    /// rules.md uncovered-other: an active child of category 4–6 with no active pair of either
    /// kind (a helper or a unit, 部门包片).
    public enum UncoveredOther: RowRule {
        public typealias Row = ChildRows.Categorised

        public static let code = "uncovered-other"
        public static let severity = Severity.warning
        /// `help check` names the categories that must have a helper, not this warning.
        public static let help: Message? = nil

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.child, .findingUncoveredOther(name: row.name, category: row.category))
        }
    }
}
