import GRDB
import JieduiCore

/// A file's tables as rows, for copying a whole town to or from a server.
extension SQLiteStore: TownTables {
    package func columns(of table: String) throws -> [String] {
        try access { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table]) }
    }

    package func readRows(of table: String, columns: [String], _ body: ([[SQLValue]]) throws -> Void) throws {
        let list = columns.map(Self.dialect.identifier).joined(separator: ", ")
        let sql = "SELECT \(list) FROM \(table) ORDER BY \(TownCopy.order(of: table, columns: columns))"
        try access { db in
            let cursor = try Row.fetchCursor(db, sql: sql)
            var batch: [[SQLValue]] = []
            while let row = try cursor.next() {
                batch.append((0..<row.count).map { index in
                    let value: DatabaseValue = row[index]
                    return switch value.storage {
                    case .null, .blob: .null
                    case .int64(let n): .int(Int(n))
                    case .double(let d): .text(String(d))
                    case .string(let s): .text(s)
                    }
                })
                if batch.count == TownCopy.batch {
                    try body(batch)
                    batch = []
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    package func writeRows(_ rows: [[SQLValue]], to table: String, columns: [String]) throws {
        let sql = "INSERT INTO \(table) (\(columns.map(Self.dialect.identifier).joined(separator: ", "))) VALUES (\(Self.statements.placeholders(columns.count)))"
        try access { db in
            let statement = try db.cachedStatement(sql: sql)
            for row in rows { try statement.execute(arguments: Self.arguments(row)) }
        }
    }

    package func auditCounter() throws -> (seq: Int, hash: String) {
        try access { db in
            let seq = try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
            let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1") ?? ""
            return (seq, hash)
        }
    }

    package func setAuditCounter(_ seq: Int, hash: String) throws {
        try access { db in
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'", arguments: [seq])
            if db.changesCount == 0, seq > 0 {
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('audit', ?)", arguments: [seq])
            }
        }
        auditHead = nil
    }

    package func holdsRows() throws -> Bool {
        try access { db in
            for table in SchemaHistory.tables where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") == true {
                return true
            }
            return false
        }
    }

    /// Leaves the file whole on its own (no write-ahead log beside it), as a backup should be.
    package func leaveAsOneFile() throws {
        try access { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
    }
}
