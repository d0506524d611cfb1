extension Check {
    /// rules.md uncovered: an active child of category 1–3 with no active helper pair
    /// (方案 三(三): those children must have a cadre family).
    public enum Uncovered: CheckRule {
        public typealias Row = ChildRows.Categorised

        public static let code = "uncovered"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpUncovered

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            rows.map { finding($0.child, .findingUncovered(name: $0.name, category: $0.category)) }
        }
    }
}
