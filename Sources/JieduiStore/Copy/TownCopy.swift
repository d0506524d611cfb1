import JieduiCore

/// A store's tables as rows, for copying a whole town between stores (`migrate`, and `backup`
/// from a server into a file): every table of `SchemaHistory.tables`, its columns named as the
/// schema names them (the audit's clerk as `user`), and the audit chain's counter.
package protocol TownTables: RecordStore {
    /// The columns of a table, in the table's order.
    func columns(of table: String) throws -> [String]
    /// Every row of a table in the order of its key, the values in the order of `columns`,
    /// given a batch at a time.
    func readRows(of table: String, columns: [String], _ body: ([[SQLValue]]) throws -> Void) throws
    /// Adds rows, the values in the order of `columns`.
    func writeRows(_ rows: [[SQLValue]], to table: String, columns: [String]) throws
    /// The highest audit entry number the store ever gave, and the hash of that entry.
    func auditCounter() throws -> (seq: Int, hash: String)
    /// Sets that counter, after the entries are written.
    func setAuditCounter(_ seq: Int, hash: String) throws
    /// Whether any table of the town holds a row.
    func holdsRows() throws -> Bool
}

/// Copies a whole town from one store to another, audit chain included, so that `log verify`
/// passes on the copy and every list, check and export prints the same on both.
package enum TownCopy {
    /// How many rows are read and written at a time.
    package static let batch = 2_000

    /// Copies `source` into `target`, which must hold nothing, in one transaction of the target
    /// (a part of the one it is in); the source is read as one snapshot. Returns how many rows
    /// were copied.
    @discardableResult
    package static func copy(from source: any TownTables, to target: any TownTables, targetName: String) throws -> Int {
        var copied = 0
        try readingOneSnapshot(source) {
            try target.atomically {
                if try target.holdsRows() { throw StoreError(.refused, .migrateTargetNotEmpty(targetName)) }
                for table in SchemaHistory.tables {
                    let columns = try source.columns(of: table)
                    let theirs = try target.columns(of: table)
                    guard Set(columns) == Set(theirs) else {
                        preconditionFailure("the two stores' \(table) differ: \(columns) and \(theirs), though both are at the same step")
                    }
                    try source.readRows(of: table, columns: columns) { rows in
                        try target.writeRows(rows, to: table, columns: columns)
                        copied += rows.count
                    }
                }
                let counter = try source.auditCounter()
                try target.setAuditCounter(counter.seq, hash: counter.hash)
            }
        }
        return copied
    }

    /// Runs `body` in a read transaction of the store (one snapshot), unless one is open.
    private static func readingOneSnapshot(_ store: any TownTables, _ body: () throws -> Void) throws {
        if store.isInTransaction { return try body() }
        try store.begin(writing: false)
        do {
            try body()
        } catch {
            try? store.rollback()
            throw error
        }
        try store.rollback()
    }

    /// The ORDER BY of a table's rows: its key.
    package static func order(of table: String, columns: [String]) -> String {
        if columns.contains("n") { return "n" }
        switch table {
        case "setting": return "key"
        case "id_counter": return "noun"
        case "village", "unit": return "position"
        case "unit_village": return "unit, village"
        case "training_attendee": return "training, helper"
        case "quarter_report": return "quarter"
        case "audit": return "seq"
        default: return columns.first ?? "1"
        }
    }
}
