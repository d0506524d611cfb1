extension Check {
    /// rules.md over-capacity: a helper paired with more families than its capacity.
    public enum OverCapacity: RowRule {
        public static let code = "over-capacity"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpOverCapacity

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.helper, .findingOverCapacity(helper: row.name, capacity: row.capacity, families: row.families))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let helper: String
            public let name: String
            public let capacity: Int
            public let families: Int
        }
    }
}
