extension Check {
    /// practice.md no-entrustment: an active left-behind child (category 6) whose family has no
    /// date for the parents' signed 委托监护确认书 (`entrusted`).
    public enum NoEntrustment: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            public let family: String
        }

        public static let code = "no-entrustment"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNoEntrustment

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            rows.map { finding($0.child, .findingNoEntrustment(name: $0.name, family: $0.family)) }
        }
    }
}
