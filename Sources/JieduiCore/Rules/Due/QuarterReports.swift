extension Due {
    /// 保障措施(三): each quarter's report, due by `Programme.quarterReportDeadline`, until it is
    /// filed (exported).
    public enum QuarterReports: DueSource {
        /// A quarter whose report was filed.
        public struct Row: Decodable, Sendable, Hashable {
            public let quarter: String
        }

        /// `help due` names this deadline together with the annual review's.
        public static let help: Message? = .dueHelpDeadlines

        /// The quarters (`2024Q1`) whose deadline falls in the window, with it.
        static func deadlines(in window: DueWindow) -> [(quarter: String, deadline: Day)] {
            window.years.flatMap { year in
                (1...4).map { ("\(year)Q\($0)", Programme.quarterReportDeadline(year: year, quarter: $0)) }
            }.filter { window.contains($0.1) }
        }

        public static func isAsked(in window: DueWindow) -> Bool { !deadlines(in: window).isEmpty }

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            let filed = Set(rows.map(\.quarter))
            return deadlines(in: window).filter { !filed.contains($0.quarter) }.map {
                DueItem(date: $0.deadline, kind: .quarterReport, ref: $0.quarter, name: "", message: .dueQuarterReport(quarter: $0.quarter))
            }
        }
    }
}
