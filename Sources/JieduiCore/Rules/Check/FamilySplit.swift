extension Check {
    /// rules.md family-split: active children of one family with different helpers
    /// (方案 三(三): 同一家庭有多名困境儿童原则上由同一户爱心家庭帮扶).
    public enum FamilySplit: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            public let family: String
            /// The helpers' names, joined by `,` in any order.
            public let helpers: String
        }

        public static let code = "family-split"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpFamilySplit

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            // Named in the order of their text: a database joins them in no set order.
            rows.map { finding($0.family, .findingFamilySplit(helpers: $0.helpers.split(separator: ",").sorted().joined(separator: "、"))) }
        }
    }
}
