extension Check {
    /// rules.md over-capacity: a helper paired with more families than its capacity.
    public enum OverCapacity: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            public let helper: String
            public let name: String
            public let capacity: Int
            public let families: Int
        }

        public static let code = "over-capacity"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpOverCapacity

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            rows.map { finding($0.helper, .findingOverCapacity(helper: $0.name, capacity: $0.capacity, families: $0.families)) }
        }
    }
}
