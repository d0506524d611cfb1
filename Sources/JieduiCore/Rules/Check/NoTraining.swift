extension Check {
    /// rules.md no-training: a helper with an active pair who attended no training in the year
    /// (方案 四(二): at least `Programme.trainingsPerYear`).
    public enum NoTraining: RowRule {
        public static let code = "no-training"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpNoTraining

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.helper, .findingNoTraining(helper: row.name, year: period.year))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let helper: String
            public let name: String
        }
    }
}
