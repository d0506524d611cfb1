import GRDB
import JieduiCore

/// The audit log: one row per change, never updated or deleted by the program.
extension SQLiteStore {
    public func appendAudit(_ entry: AuditEntry) throws {
        try access { db in
            try db.cachedStatement(sql: "INSERT INTO audit (time, user, command, refs, old) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [entry.time, entry.user, entry.command, entry.refs.joined(separator: ","), entry.old])
        }
    }

    public func audit(limit: Int?, predicate: (AuditEntry) -> Bool) throws -> [AuditEntry] {
        try access { db in
            var result: [AuditEntry] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, time, user, command, refs, old FROM audit ORDER BY seq DESC")
            while let row = try cursor.next() {
                let refs: String = row["refs"]
                let entry = AuditEntry(
                    seq: row["seq"], time: row["time"], user: row["user"], command: row["command"],
                    refs: refs.isEmpty ? [] : refs.components(separatedBy: ","), old: row["old"])
                guard predicate(entry) else { continue }
                result.append(entry)
                if let limit, result.count >= limit { break }
            }
            return result.reversed()
        }
    }
}
