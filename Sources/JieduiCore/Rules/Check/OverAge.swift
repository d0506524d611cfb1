extension Check {
    /// rules.md over-age: an active child at or past its category's age limit
    /// (`ChildCategory.ageLimit`): the child should exit or change category.
    public enum OverAge: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            public let category: String
            public let age: Int
        }

        public static let code = "over-age"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpOverAge

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            rows.map { finding($0.child, .findingOverAge(name: $0.name, category: $0.category, age: $0.age)) }
        }
    }
}
