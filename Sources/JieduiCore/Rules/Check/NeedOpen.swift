extension Check {
    /// rules.md need-open: a need 待解决 for more than `Programme.needOpenDays` days.
    public enum NeedOpen: RowRule {
        public static let code = "need-open"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNeedOpen

        /// The needs found before this day are overdue on `today`.
        public static func foundBefore(today: Day) -> Day {
            today.adding(days: -Programme.needOpenDays)
        }

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            finding(row.need, .findingNeedOpenChild(kind: row.kind, days: period.end.dayNumber - row.found.dayNumber, child: row.name))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let need: String
            public let found: Day
            public let kind: String
            /// The child's name.
            public let name: String
        }
    }
}
