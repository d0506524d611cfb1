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
        try readingOneSnapshot {
            try QuarterStatistics.read(quarter, Self.dialect) { sql in
                try query(sql).map { row in NamedRow(text: { row[$0].textValue }, integer: { row[$0].intValue }) }
            }
        }
    }

    public func recordQuarterReport(_ quarter: Quarter, filed: Day) throws {
        try writing { try execute(Self.statements.recordQuarterReport, [.text(quarter.description), .text(filed.iso)]) }
    }
}
