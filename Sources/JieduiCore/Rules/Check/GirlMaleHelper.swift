extension Check {
    /// rules.md girl-male-helper: an active pair that breaks `GirlsWithWomen`; a warning that
    /// quotes the override where one was given at pairing.
    public enum GirlMaleHelper: RowRule {
        public static let code = "girl-male-helper"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpGirlMaleHelper

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let override = row.override ?? ""
            return finding(row.pair, .findingGirlMaleHelper(child: row.name, age: row.age, helper: row.helper, override: override),
                           severity: override.isEmpty ? severity : .warning)
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            /// The child's name.
            public let name: String
            public let age: Int
            /// The helper's name.
            public let helper: String
            public let override: String?
        }
    }
}
