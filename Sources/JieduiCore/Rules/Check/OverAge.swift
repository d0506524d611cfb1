extension Check {
    /// rules.md over-age: an active child at or past its category's age limit
    /// (`ChildCategory.ageLimit`): the child should exit or change category.
    public enum OverAge: RowRule {
        public static let code = "over-age"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpOverAge

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.child, .findingOverAge(name: row.name, category: row.category, age: row.age))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            public let category: String
            public let age: Int
        }
    }
}
