extension Check {
    /// rules.md no-training: a helper with an active pair who attended no training in the year
    /// (方案 四(二): at least `Programme.trainingsPerYear`).
    public enum NoTraining: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            public let helper: String
            public let name: String
        }

        public static let code = "no-training"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpNoTraining

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            rows.map { finding($0.helper, .findingNoTraining(helper: $0.name, year: period.year)) }
        }
    }
}
