import JieduiCore
import JieduiStore

/// `check`, `due` and the exports: the queries every store shares, in PostgreSQL's SQL.
extension PostgresStore {
    /// The rows of an SQL text, every column as SQLite would give it.
    func result(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLResult {
        let rows = try query(sql, arguments)
        return SQLResult(columns: rows.first?.columns ?? [], rows: rows.map { $0.values.map(Self.value) })
    }

    public func checkRows(_ rules: [any CheckRule.Type], period: CheckPeriod) throws -> [SQLResult] {
        try readingOneSnapshot {
            try rules.map { try result(RuleQueries.sql($0, Self.dialect, period: period)) }
        }
    }

    public func dueRows(_ sources: [any DueSource.Type], window: DueWindow) throws -> [SQLResult] {
        try readingOneSnapshot {
            try RuleQueries.dueResults(sources, Self.dialect, window: window) { try result($0) }
        }
    }

    public func forEachLedgerRow(year: Int, village: String?, _ body: (LedgerRow) throws -> Void) throws {
        let sql = ExportSQL.ledger(year: year, village: village.map { _ in Self.dialect.placeholder(1) }, Self.dialect)
        let rows = try query(sql, village.map { [SQLValue.text($0)] } ?? [])
        for r in rows {
            try body(LedgerRow(ledgerColumns: { r[$0].textValue ?? "" }, integer: { r[$0].intValue }))
        }
    }

    public func forEachRosterRow(_ body: (RosterRow) throws -> Void) throws {
        for r in try query(ExportSQL.roster(Self.dialect)) {
            try body(RosterRow(rosterColumns: { r[$0].textValue ?? "" }, integer: { r[$0].intValue }))
        }
    }

    public func quarterStatistics(_ quarter: Quarter) throws -> QuarterStatistics {
        let d = Self.dialect
        var stats = QuarterStatistics()
        try readingOneSnapshot {
            for row in try query(ExportSQL.quarterPairing(quarter, d)) {
                guard let index = stats.categories.firstIndex(where: { $0.category == row["category"].textValue }) else { continue }
                stats.categories[index].active = row["active"].intValue ?? 0
                stats.categories[index].pairedHelper = row["paired_helper"].intValue ?? 0
                stats.categories[index].pairedUnit = row["paired_unit"].intValue ?? 0
            }
            for row in try query(ExportSQL.quarterBreakdown(quarter, d)) {
                stats.countActive(breakdownColumns: { row[$0].textValue ?? "" }, integer: { row[$0].intValue })
            }
            for row in try query(ExportSQL.quarterWork(quarter, d)) {
                guard let index = stats.categories.firstIndex(where: { $0.category == row["category"].textValue }) else { continue }
                stats.categories[index].visits = row["visits"].intValue ?? 0
                stats.categories[index].specialVisits = row["special_visits"].intValue ?? 0
                stats.categories[index].newNeeds = row["new_needs"].intValue ?? 0
                stats.categories[index].resolvedNeeds = row["resolved_needs"].intValue ?? 0
                stats.categories[index].alerts = row["alerts"].intValue ?? 0
            }
            stats.trainings = try query(ExportSQL.quarterTrainings(quarter, d)).map {
                QuarterStatistics.TrainingRow(date: $0["date"].textValue ?? "", title: $0["title"].textValue ?? "", attendees: $0["attendees"].intValue ?? 0)
            }
            let helpers = try query(ExportSQL.quarterHelpersTrained(quarter, d)).first
            stats.helpersToTrain = helpers?["to_train"].intValue ?? 0
            stats.helpersTrained = helpers?["trained"].intValue ?? 0
            for row in try query(ExportSQL.quarterNeeds(quarter, d)) {
                guard let kind = row["kind"].textValue, let status = row["status"].textValue else { continue }
                stats.needs[kind, default: [:]][status] = row["count"].intValue ?? 0
            }
        }
        return stats
    }

    public func recordQuarterReport(_ quarter: Quarter, filed: Day) throws {
        let d = Self.dialect
        let sql = """
            INSERT INTO quarter_report (quarter, filed) VALUES (\(Self.statements.placeholders(2)))
            ON CONFLICT(quarter) DO UPDATE SET filed = \(d.least(d.current("filed", of: "quarter_report"), "excluded.filed"))
            """
        try writing { try execute(sql, [.text(quarter.description), .text(filed.iso)]) }
    }
}
