import Crypto
import Foundation
import GRDB
import JieduiCore

/// The audit log: one row per change, never updated or deleted by the program, each chained
/// to the one before by SHA-256 so that an entry altered, removed or inserted is found.
extension SQLiteStore {
    /// SHA-256 over the previous entry's hash and this entry's content, as lowercase hex.
    static func auditHash(_ entry: AuditEntry, previous: String) -> String {
        let content = [String(entry.seq), entry.time, entry.user, entry.command, entry.refs.joined(separator: ","), entry.old]
            .joined(separator: "\u{1F}")
        let digest = SHA256.hash(data: Data((previous + "\n" + content).utf8))
        return digest.hexString
    }

    public func appendAudit(_ entry: AuditEntry) throws {
        try access { db in
            // The next number is the table's sequence (never reused, even past a deleted last row).
            let last: Int, previous: String
            if let head = auditHead, db.isInsideTransaction {
                (last, previous) = head
            } else {
                let row = try Row.fetchOne(db.cachedStatement(
                    sql: "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'audit') AS last, (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS previous"))
                last = row?["last"] ?? 0
                previous = row?["previous"] ?? ""
            }
            var chained = entry
            chained.seq = last + 1
            let hash = Self.auditHash(chained, previous: previous)
            try db.cachedStatement(sql: "INSERT INTO audit (seq, time, user, command, refs, old, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [chained.seq, entry.time, entry.user, entry.command, entry.refs.joined(separator: ","), entry.old, hash])
            auditHead = (chained.seq, hash)
        }
    }

    public func audit(limit: Int?, predicate: (AuditEntry) -> Bool) throws -> [AuditEntry] {
        try access { db in
            var result: [AuditEntry] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, time, user, command, refs, old FROM audit ORDER BY seq DESC")
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                guard predicate(entry) else { continue }
                result.append(entry)
                if let limit, result.count >= limit { break }
            }
            return result.reversed()
        }
    }

    private static func entry(_ row: Row) -> AuditEntry {
        let refs: String = row["refs"]
        return AuditEntry(seq: row["seq"], time: row["time"], user: row["user"], command: row["command"],
                          refs: refs.isEmpty ? [] : refs.components(separatedBy: ","), old: row["old"])
    }

    public func verifyAudit() throws -> AuditVerification {
        try access { db in
            var previous = ""
            var expected = 1
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, time, user, command, refs, old, hash FROM audit ORDER BY seq")
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                if entry.seq != expected {
                    return .broken(seq: entry.seq, problem: entry.seq > expected ? .removedBefore(expected) : .inserted)
                }
                let stored: String? = row["hash"]
                let computed = Self.auditHash(entry, previous: previous)
                guard stored == computed else { return .broken(seq: entry.seq, problem: .altered) }
                previous = computed
                expected += 1
                count += 1
            }
            // Entries removed from the end leave the table's sequence ahead of the last entry.
            let last = try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
            if last >= expected { return .broken(seq: expected, problem: .removedBefore(expected)) }
            return .whole(entries: count, head: previous)
        }
    }
}
