extension Check {
    /// practice.md no-parent-contact: an active left-behind child (category 6) with an active
    /// pair and no 联系父母 visit in the town's `parent_contact_days`, counted from the pair's
    /// `since` when that is later. Looked at on the period's last day.
    public enum NoParentContact: RowRule {
        public static let code = "no-parent-contact"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpNoParentContact

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let limit = period.visiting.parentContactDays
            let start = max(row.since, row.contacted ?? row.since)
            let days = period.end.dayNumber - start.dayNumber
            guard days > limit else { return nil }
            return finding(row.child, .findingNoParentContact(name: row.name, last: row.contacted?.iso ?? "", since: row.since.iso, days: days, limit: limit))
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            /// The active pair's since.
            public let since: Day
            /// The latest 联系父母 visit of any of the child's pairs up to the period's end.
            public let contacted: Day?
        }
    }
}
