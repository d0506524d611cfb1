import GRDB
import JieduiCore

/// What the ledger, the books and the quarterly report read: one streaming query for the
/// ledger, aggregates for the quarter, each column read by its name.
extension SQLiteStore {
    public func forEachLedgerRow(year: Int, village: String?, _ body: (LedgerRow) throws -> Void) throws {
        let d = Self.dialect
        let sql = ExportSQL.ledger(year: year, village: village.map { _ in d.placeholder(1) }, d)
        let arguments: StatementArguments = village.map { [$0] } ?? []
        try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let c = ColumnIndex(statement)
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            while let r = try cursor.next() {
                let row = LedgerRow(ledgerColumns: { (r[c[$0]] as String?) ?? "" }, integer: { r[c[$0]] })
                try body(row)
            }
        }
    }

    public func forEachRosterRow(_ body: (RosterRow) throws -> Void) throws {
        try access { db in
            let statement = try db.cachedStatement(sql: ExportSQL.roster(Self.dialect))
            let c = ColumnIndex(statement)
            let cursor = try Row.fetchCursor(statement)
            while let r = try cursor.next() {
                try body(RosterRow(rosterColumns: { (r[c[$0]] as String?) ?? "" }, integer: { r[c[$0]] }))
            }
        }
    }

    public func quarterStatistics(_ quarter: Quarter) throws -> QuarterStatistics {
        try access { db in
            try QuarterStatistics.read(quarter, Self.dialect) { sql in
                try Row.fetchAll(db, sql: sql).map { row in NamedRow(text: { row[$0] }, integer: { row[$0] }) }
            }
        }
    }

    public func recordQuarterReport(_ quarter: Quarter, filed: Day) throws {
        try access { db in
            try db.execute(sql: Self.statements.recordQuarterReport, arguments: [quarter.description, filed.iso])
        }
    }
}
