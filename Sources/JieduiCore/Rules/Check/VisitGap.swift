extension Check {
    /// practice.md visit-gap (四色管理): an active pair of a child whose `risk_now` is 红, 黄 or 蓝,
    /// last visited (or, with no visit, paired) longer ago than the town's gap for that level:
    /// an error for 红, a warning for 黄 and 蓝. Looked at on the period's last day.
    public enum VisitGap: RowRule {
        public static let code = "visit-gap"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpVisitGap

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let risk = VisitingRules.riskNow(risk: row.risk, lastAlert: row.alerted, on: period.end)
            guard let gap = period.visiting.gap(for: risk) else { return nil }
            let days = period.end.dayNumber - (row.last ?? row.since).dayNumber
            guard days > gap else { return nil }
            return finding(row.pair, .findingVisitGap(child: row.name, risk: risk, last: row.last?.iso ?? "", since: row.since.iso, days: days, gap: gap),
                           severity: risk == RiskLevel.red ? .error : .warning)
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            /// The child's name.
            public let name: String
            /// The child's stored risk level.
            public let risk: String
            /// The day the child's latest mandatory report up to the period's end was found.
            public let alerted: Day?
            public let since: Day
            /// The pair's last visit up to the period's end (a call to the parents is none).
            public let last: Day?
        }
    }
}
