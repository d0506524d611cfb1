extension Due {
    /// practice.md: a new pair is first visited within the town's `first_visit_days` working
    /// days (Monday to Friday) after it began. Each active pair with no visit yet is listed on
    /// that deadline, at its past date when it has passed.
    public enum FirstVisits: DueSource {
        public typealias Row = Due.ActivePair

        public static let help: Message? = .dueHelpFirstVisits

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            rows.compactMap { row in
                guard row.last == nil else { return nil }
                let deadline = window.visiting.firstVisitDeadline(since: row.since)
                guard deadline <= window.end else { return nil }
                return DueItem(date: deadline, kind: .firstVisit, ref: row.pair, name: row.name, message: .dueFirstVisit(
                    name: row.name, since: row.since.iso, days: window.visiting.firstVisitDays,
                    overdueDays: max(0, window.today.dayNumber - deadline.dayNumber)))
            }
        }
    }
}
