extension Check {
    /// rules.md family-split: active children of one family with different helpers
    /// (方案 三(三): 同一家庭有多名困境儿童原则上由同一户爱心家庭帮扶).
    public enum FamilySplit: RowRule {
        public static let code = "family-split"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpFamilySplit

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            // Named in the order of their text: a database joins them in no set order.
            finding(row.family, .findingFamilySplit(helpers: row.helpers.split(separator: ",").sorted().joined(separator: "、")))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let family: String
            /// The helpers' names, joined by `,` in any order.
            public let helpers: String
        }
    }
}
