extension Check {
    /// rules.md girl-male-helper: an active pair that breaks `GirlsWithWomen`; a warning that
    /// quotes the override where one was given at pairing — for this rule, so only where the
    /// girl was already of the age on the day the pair was entered, when `pair add` asked for it
    /// (an override for another rule, a family split or a helper's capacity, excuses nothing here).
    public enum GirlMaleHelper: RowRule {
        public static let code = "girl-male-helper"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpGirlMaleHelper

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let override = row.ageAtPairing >= GirlsWithWomen.age ? row.override ?? "" : ""
            return finding(row.pair, .findingGirlMaleHelper(child: row.name, age: row.age, helper: row.helper, override: override),
                           severity: override.isEmpty ? severity : .warning)
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            /// The child's name.
            public let name: String
            public let age: Int
            /// Her age on the day the pair was entered (or began, where that is not known).
            public let ageAtPairing: Int
            /// The helper's name.
            public let helper: String
            public let override: String?

            enum CodingKeys: String, CodingKey {
                case pair, name, age, ageAtPairing = "age_at_pairing", helper, override
            }
        }
    }
}
