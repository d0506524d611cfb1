extension Due {
    /// 方案 四(三)二: six visits a year — a visit falls due `Programme.visitGapMonths` after the
    /// last one (or after pairing), for every active helper pair.
    public enum Visits: DueSource {
        public struct Row: Decodable, Sendable, Hashable {
            public let pair: String
            /// The child's name.
            public let name: String
            public let since: Day
            /// The day of the pair's last visit.
            public let last: Day?
        }

        public static let help: Message? = .dueHelpVisits

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            rows.compactMap { row in
                let due = (row.last ?? row.since).adding(months: Programme.visitGapMonths)
                guard due <= window.end else { return nil }
                return DueItem(date: due, kind: .visit, ref: row.pair, name: row.name, message: .dueVisit(
                    name: row.name, last: row.last?.iso ?? "", overdueDays: max(0, window.today.dayNumber - due.dayNumber)))
            }
        }
    }
}
