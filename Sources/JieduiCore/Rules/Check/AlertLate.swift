extension Check {
    /// rules.md alert-late: a mandatory report made more than `Programme.alertReportDays` after
    /// the finding, or not yet made by then; a warning that quotes the override where one says
    /// why (方案 四(三)四: report at once).
    public enum AlertLate: RowRule {
        public static let code = "alert-late"
        public static let severity = Severity.error
        public static let help: Message? = .checkHelpAlertLate

        /// Alerts found before this day and not yet reported are late on `today`.
        public static func foundBefore(today: Day) -> Day {
            today.adding(days: -Programme.alertReportDays)
        }

        public static func judge(_ row: Row, in period: CheckPeriod) -> Finding? {
            let override = row.override ?? ""
            let days = (row.reported ?? period.today).dayNumber - row.found.dayNumber
            return finding(row.alert, .findingAlertLate(found: row.found.iso, reported: row.reported?.iso ?? "", days: days, override: override),
                           severity: override.isEmpty ? severity : .warning)
        }

        public struct Row: Decodable, Sendable, Hashable {
            public let alert: String
            public let found: Day
            public let reported: Day?
            public let override: String?
        }
    }
}
