extension Check {
    /// practice.md no-entrustment: an active left-behind child (category 6) whose family has no
    /// date for the parents' signed 委托监护确认书 (`entrusted`), or, for a past year, one after it.
    public enum NoEntrustment: RowRule {
        public static let code = "no-entrustment"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNoEntrustment

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.child, .findingNoEntrustment(name: row.name, family: row.family))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            public let family: String
        }
    }
}
