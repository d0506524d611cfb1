extension Check {
    /// rules.md quarter-report: a quarter of the year whose report was not exported by its
    /// deadline (`Programme.quarterReportDeadline`), once that day has passed. The query gives
    /// the reports of the year that were filed.
    public enum QuarterReport: CheckRule {
        public struct Row: Decodable, Sendable, Hashable {
            /// `2024Q1`.
            public let quarter: String
            public let filed: Day
        }

        public static let code = "quarter-report"
        public static let severity = Severity.warning
        public static let help: Message? = .checkHelpQuarterReport

        /// What the quarters of `year` are called in the store (`2024Q1` … `2024Q4`) start with.
        public static func prefix(year: Int) -> String { "\(year)Q" }

        public static func findings(_ rows: [Row], period: CheckPeriod) -> [Finding] {
            var filed: [String: Day] = [:]
            for row in rows { filed[row.quarter] = row.filed }
            var result: [Finding] = []
            for quarter in 1...4 {
                let deadline = period.quarterDeadline(quarter)
                guard period.today > deadline else { continue }
                let ref = prefix(year: period.year) + String(quarter)
                if let day = filed[ref], day <= deadline { continue }
                result.append(finding(ref, .findingQuarterReport(quarter: ref, deadline: deadline.iso, filed: filed[ref]?.iso ?? "")))
            }
            return result
        }
    }
}
