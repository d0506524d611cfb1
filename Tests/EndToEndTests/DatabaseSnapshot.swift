import Foundation
import GRDB

/// Everything a database file holds — its schema and every row of every table — read straight
/// from the file, not through jiedui, so that a test can tell whether a command changed anything.
struct DatabaseSnapshot: Equatable {
    /// Table name → its rows, each written out with its column names, sorted: a table is
    /// compared as the set of rows it holds, whatever order SQLite keeps them in.
    let tables: [String: [String]]

    /// Reads the database at `path` without writing to it.
    static func read(_ path: String) throws -> DatabaseSnapshot {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            var tables: [String: [String]] = [:]
            // sqlite_master itself is a table here, so that a new table or index shows too.
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for name in ["sqlite_master"] + names {
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)").map(\.description).sorted()
            }
            for pragma in ["user_version", "application_id"] {
                tables["pragma " + pragma] = [try String(describing: Int.fetchOne(db, sql: "PRAGMA \(pragma)") ?? 0)]
            }
            return DatabaseSnapshot(tables: tables)
        }
    }

    /// The rows one snapshot has and the other lacks, table by table (`-` only in `other`,
    /// `+` only in this one): empty when they are the same, short in a failure message.
    func difference(from other: DatabaseSnapshot) -> [String] {
        var lines: [String] = []
        for name in Set(tables.keys).union(other.tables.keys).sorted() {
            let mine = tables[name] ?? [], theirs = other.tables[name] ?? []
            for row in theirs where !mine.contains(row) { lines.append("\(name): - \(row)") }
            for row in mine where !theirs.contains(row) { lines.append("\(name): + \(row)") }
        }
        return lines
    }
}
