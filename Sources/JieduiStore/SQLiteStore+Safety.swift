import Foundation
import GRDB
import JieduiCore

/// The power user's read-only SQL, and online backups.
extension SQLiteStore {
    /// Runs one statement with the connection in `query_only` mode, after checking that SQLite
    /// itself judges it read-only and that it is a query: nothing — DELETE, ATTACH, PRAGMA
    /// writable_schema — can change a file.
    public func readOnlySQL(_ sql: String) throws -> SQLResult {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstWord = trimmed.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "WITH", "VALUES", "EXPLAIN"].contains(firstWord) else {
            throw StoreError(.operation, .sqlNotReadOnly)
        }
        return try access { db in
            // The id counters this transaction keeps in memory are written out first, so
            // that `id_counter` reads as it is.
            if db.isInsideTransaction { try flushIDCounters(db) }
            try db.execute(sql: "PRAGMA query_only = 1")
            defer { try? db.execute(sql: "PRAGMA query_only = 0") }
            let statements = try db.allStatements(sql: trimmed)
            guard let statement = try statements.next() else { throw StoreError(.operation, .sqlOneStatement) }
            if try statements.next() != nil { throw StoreError(.operation, .sqlOneStatement) }
            guard statement.isReadonly else { throw StoreError(.operation, .sqlNotReadOnly) }
            let columns = statement.columnNames
            var rows: [[Value]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append(Self.values(row))
            }
            return SQLResult(columns: columns, rows: rows)
        }
    }

    /// Copies the committed state of the database (a script's own uncommitted changes are not in it).
    public func backup(to destination: String) throws {
        let fd = open(destination, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw StoreError(.operation, .cannotWriteFile(path: destination, reason: .system(errno: errno)))
        }
        _ = Glibc.close(fd)
        chmod(destination, 0o600)
        do {
            // A separate reader copies what is committed, as one snapshot (WAL), even while this
            // connection holds a transaction open.
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: path, configuration: config)
            defer { try? source.close() }
            let target = try DatabaseQueue(path: destination)
            try source.backup(to: target)
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch let error as DatabaseError {
            throw StoreError(.operation, .databaseError(Self.reason(error)))
        }
    }
}
