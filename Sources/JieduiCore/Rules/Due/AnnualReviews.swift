extension Due {
    /// 方案 四(一): the annual review (核实) by `Programme.reviewDeadline`, for every active child
    /// not reviewed in that year.
    public enum AnnualReviews: DueSource {
        public typealias Row = ChildRows.Reviewed

        /// `help due` names this deadline with the quarterly report's (`QuarterReports.help`).
        public static let help: Message? = nil

        /// The deadlines that fall in the window.
        static func deadlines(in window: DueWindow) -> [Day] {
            window.years.map(Programme.reviewDeadline).filter(window.contains)
        }

        /// The query's children: those not reviewed since the first of January of the last
        /// deadline's year (an earlier deadline asks about fewer of them).
        public static func reviewedBefore(_ window: DueWindow) -> Day? {
            deadlines(in: window).last.map { Day(year: $0.year, month: 1, day: 1)! }
        }

        public static func isAsked(in window: DueWindow) -> Bool { !deadlines(in: window).isEmpty }

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            deadlines(in: window).flatMap { deadline in
                let yearStart = Day(year: deadline.year, month: 1, day: 1)!
                return rows.filter { $0.reviewed.map { $0 < yearStart } ?? true }.map {
                    DueItem(date: deadline, kind: .annualReview, ref: $0.child, name: $0.name, message: .dueReview(name: $0.name))
                }
            }
        }
    }
}
