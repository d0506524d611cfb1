import Foundation
import JieduiCore
import JieduiStore

/// The town's tables as rows, for copying a whole town to or from a file (`migrate`), and the
/// backup into a jiedui file.
extension PostgresStore: TownTables {
    /// The audit's clerk is a file's `user` (which PostgreSQL reserves).
    private static func neutral(_ column: String, of table: String) -> String {
        table == "audit" && column == dialect.auditClerk ? "user" : column
    }

    private static func own(_ column: String, of table: String) -> String {
        table == "audit" && column == "user" ? dialect.auditClerk : column
    }

    package func columns(of table: String) throws -> [String] {
        try query("""
            SELECT a.attname AS name FROM pg_attribute a
            WHERE a.attrelid = (SELECT c.oid FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $2))
              AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.text(table), .text(town)]).compactMap { $0["name"].textValue.map { Self.neutral($0, of: table) } }
    }

    /// Read through a cursor, a batch at a time, inside the snapshot the copy reads.
    package func readRows(of table: String, columns: [String], _ body: ([[SQLValue]]) throws -> Void) throws {
        let list = columns.map { Self.dialect.identifier(Self.own($0, of: table)) }.joined(separator: ", ")
        let order = TownCopy.order(of: table, columns: columns).split(separator: ",").map { Self.own($0.trimmingCharacters(in: .whitespaces), of: table) }
        try execute("DECLARE jiedui_copy NO SCROLL CURSOR FOR SELECT \(list) FROM \(table) ORDER BY \(order.joined(separator: ", "))")
        defer { _ = try? connection.execute("CLOSE jiedui_copy") }
        while true {
            let rows = try query("FETCH \(TownCopy.batch) FROM jiedui_copy")
            if !rows.isEmpty {
                try body(rows.map { $0.values.map(Self.sqlValue) })
            }
            if rows.count < TownCopy.batch { return }
        }
    }

    /// Many rows to a statement, as many as its arguments allow.
    package func writeRows(_ rows: [[SQLValue]], to table: String, columns: [String]) throws {
        guard !columns.isEmpty else { return }
        try prepareToWrite()
        rowsAdded += rows.count
        let list = columns.map { Self.dialect.identifier(Self.own($0, of: table)) }.joined(separator: ", ")
        let perStatement = max(1, 30_000 / columns.count)
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + perStatement, rows.endIndex)
            var values: [String] = []
            var arguments: [SQLValue] = []
            arguments.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] {
                values.append("(" + Self.statements.placeholders(columns.count, from: arguments.count + 1) + ")")
                arguments.append(contentsOf: row)
            }
            try execute("INSERT INTO \(table) (\(list)) VALUES \(values.joined(separator: ", "))", arguments)
            start = end
        }
    }

    package func auditCounter() throws -> (seq: Int, hash: String) {
        if let head = auditHead { return head }
        guard let row = try query("SELECT seq, hash FROM audit_head").first else { return (0, "") }
        return (row["seq"].intValue ?? 0, row["hash"].textValue ?? "")
    }

    package func setAuditCounter(_ seq: Int, hash: String) throws {
        try prepareToWrite()
        try execute("UPDATE audit_head SET seq = $1, hash = $2", [.int(seq), .text(hash)])
        // What this transaction kept of the town before the copy is not the town any more.
        if holdsWriteLock { auditHead = (seq, hash) }
        auditHeadMoved = false
        idCounters = [:]
        dirtyIDCounters = []
    }

    package func holdsRows() throws -> Bool {
        let any = SchemaHistory.tables.map { "EXISTS (SELECT 1 FROM \($0))" }.joined(separator: " OR ")
        return try query("SELECT \(any) AS holds").first?["holds"].boolValue ?? false
    }

    /// The committed town, read as one snapshot on a second connection, written into a new
    /// jiedui file (mode 0600) with its audit chain, so that `log verify` passes on it.
    public func backup(to path: String) throws {
        let source = try PostgresStore(url: url, environment: environment, createIfMissing: false)
        defer { source.close() }
        try SQLiteStore.removeFiles(at: path)
        let target = try SQLiteStore(path: path)
        defer { target.close() }
        try TownCopy.copy(from: source, to: target, targetName: path)
        try target.leaveAsOneFile()
    }
}
