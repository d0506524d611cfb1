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
        let d = Self.dialect
        var stats = QuarterStatistics()
        try access { db in
            for row in try Row.fetchAll(db, sql: ExportSQL.quarterPairing(quarter, d)) {
                let category: String = row["category"]
                guard let index = stats.categories.firstIndex(where: { $0.category == category }) else { continue }
                stats.categories[index].active = row["active"]
                stats.categories[index].pairedHelper = row["paired_helper"]
                stats.categories[index].pairedUnit = row["paired_unit"]
            }
            for row in try Row.fetchAll(db, sql: ExportSQL.quarterBreakdown(quarter, d)) {
                stats.countActive(breakdownColumns: { (row[$0] as String?) ?? "" }, integer: { row[$0] })
            }
            for row in try Row.fetchAll(db, sql: ExportSQL.quarterWork(quarter, d)) {
                let category: String = row["category"]
                guard let index = stats.categories.firstIndex(where: { $0.category == category }) else { continue }
                stats.categories[index].visits = row["visits"]
                stats.categories[index].specialVisits = row["special_visits"]
                stats.categories[index].newNeeds = row["new_needs"]
                stats.categories[index].resolvedNeeds = row["resolved_needs"]
                stats.categories[index].alerts = row["alerts"]
            }
            stats.trainings = try Row.fetchAll(db, sql: ExportSQL.quarterTrainings(quarter, d)).map {
                QuarterStatistics.TrainingRow(date: $0["date"], title: $0["title"], attendees: $0["attendees"])
            }
            let helpers = try Row.fetchOne(db, sql: ExportSQL.quarterHelpersTrained(quarter, d))
            stats.helpersToTrain = helpers?["to_train"] ?? 0
            stats.helpersTrained = helpers?["trained"] ?? 0
            for row in try Row.fetchAll(db, sql: ExportSQL.quarterNeeds(quarter, d)) {
                stats.needs[row["kind"], default: [:]][row["status"]] = row["count"]
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
        try access { db in
            try db.execute(sql: sql, arguments: [quarter.description, filed.iso])
        }
    }
}
