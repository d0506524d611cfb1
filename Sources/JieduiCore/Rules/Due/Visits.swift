extension Due {
    /// The next visit of each active pair that has had one: for a helper pair at the work plan's
    /// pace (方案 四(三)二: six a year, so `Programme.visitGapMonths` after the last visit), and
    /// for a child whose `risk_now` is 红, 黄 or 蓝 within the town's gap for it (practice.md,
    /// 四色管理) — whichever comes first. A pair with no visit yet is `FirstVisits`'s.
    public enum Visits: DueSource {
        public typealias Row = Due.ActivePair

        public static let help: Message? = .dueHelpVisits

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            rows.compactMap { row in
                guard let last = row.last else { return nil }
                let risk = VisitingRules.riskNow(risk: row.risk, lastAlert: row.alerted, on: window.today)
                let pace = row.unit == nil ? last.adding(months: Programme.visitGapMonths) : nil
                let gap = window.visiting.gap(for: risk)
                let byRisk = gap.map { last.adding(days: $0) }
                guard let due = [pace, byRisk].compactMap({ $0 }).min(), due <= window.end else { return nil }
                let overdue = max(0, window.today.dayNumber - due.dayNumber)
                let message: Message = if let gap, due == byRisk {
                    .dueVisitByRisk(name: row.name, risk: risk, gap: gap, last: last.iso, overdueDays: overdue)
                } else {
                    .dueVisit(name: row.name, last: last.iso, overdueDays: overdue)
                }
                return DueItem(date: due, kind: .visit, ref: row.pair, name: row.name, message: message)
            }
        }
    }

    /// An active pair as the visiting sources read it: its child, when it began, its last visit
    /// to the child (a call to the parents is none), and what makes the child's `risk_now`.
    /// `Festivals`, `FirstVisits` and `Visits` ask this one question, which the store runs once.
    public struct ActivePair: Decodable, Sendable, Hashable {
        public let pair: String
        /// The child's name.
        public let name: String
        public let since: Day
        /// The day of the pair's last visit.
        public let last: Day?
        /// The unit of a unit pair (部门包片); nil for a helper pair.
        public let unit: String?
        /// The child's stored risk level.
        public let risk: String
        /// The day the child's latest mandatory report was found.
        public let alerted: Day?
    }
}
