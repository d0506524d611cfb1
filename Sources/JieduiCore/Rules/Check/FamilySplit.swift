extension Check {
    /// rules.md family-split: active children of one family with different helpers
    /// (方案 三(三): 同一家庭有多名困境儿童原则上由同一户爱心家庭帮扶).
    public enum FamilySplit: RowRule {
        public static let code = "family-split"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpFamilySplit

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.family, .findingFamilySplit(helpers: named(row.helpers)))
        }

        /// The helpers by name, in the order of their text (a database joins them in no set
        /// order); a name two of them share is followed by each one's id, so that both show.
        static func named(_ helpers: String) -> String {
            let pairs = helpers.split(separator: ",").map { entry -> (id: Substring, name: Substring) in
                let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                return parts.count == 2 ? (parts[0], parts[1]) : ("", entry)
            }
            let shared = Dictionary(grouping: pairs, by: \.name).filter { $0.value.count > 1 }
            return pairs.map { shared[$0.name] == nil ? String($0.name) : "\($0.name)（\($0.id)）" }.sorted().joined(separator: "、")
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let family: String
            /// The helpers as `id:name`, joined by `,` in any order.
            public let helpers: String
        }
    }
}
