extension Check {
    /// practice.md first-visit: a pair that began in the period and was first visited later than
    /// the town's `first_visit_days` working days (Monday to Friday) after it began, or not at
    /// all once they have passed (unless it ended by then).
    public enum FirstVisit: RowRule {
        public static let code = "first-visit"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpFirstVisit

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let days = period.visiting.firstVisitDays
            let deadline = period.visiting.firstVisitDeadline(since: row.since)
            if let first = row.first {
                guard first > deadline else { return nil }
                return finding(row.pair, .findingFirstVisitLate(child: row.name, since: row.since.iso, first: first.iso, days: days))
            }
            guard period.today > deadline, row.ended.map({ $0 > deadline }) ?? true else { return nil }
            if let ended = row.ended, ended <= period.today {
                return finding(row.pair, .findingFirstVisitNoneEnded(child: row.name, since: row.since.iso, ended: ended.iso, deadline: deadline.iso, days: days))
            }
            return finding(row.pair, .findingFirstVisitNone(child: row.name, since: row.since.iso, deadline: deadline.iso, days: days))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            /// The child's name.
            public let name: String
            public let since: Day
            public let ended: Day?
            /// The pair's first visit (a call to the parents is none).
            public let first: Day?
        }
    }
}
