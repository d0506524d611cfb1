import Foundation
import GRDB
import JieduiCore

/// The audit log: one row per change, never updated or deleted by the program, each chained
/// to the one before by SHA-256 (`AuditChain`) so that an entry altered, removed or inserted is
/// found.
extension SQLiteStore {
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
            let hash = AuditChain.hash(chained, previous: previous)
            try db.cachedStatement(sql: "INSERT INTO audit (seq, time, user, command, refs, old, day, noun, verb, new, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [chained.seq, entry.time, entry.user, entry.command, AuditChain.refsText(entry.refs), entry.old,
                                     Self.optional(entry.day), Self.optional(entry.noun), Self.optional(entry.verb), entry.new, hash])
            auditHead = (chained.seq, hash)
        }
    }

    public func audit(limit: Int?, predicate: (AuditEntry) -> Bool) throws -> [AuditEntry] {
        if let limit, limit <= 0 { return [] }
        return try access { db in
            var result: [AuditEntry] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.auditColumns) FROM audit ORDER BY seq DESC")
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                guard predicate(entry) else { continue }
                result.append(entry)
                if let limit, result.count >= limit { break }
            }
            return result.reversed()
        }
    }

    public func auditEntries(since day: Day, nouns: Set<String>?) throws -> [AuditEntry] {
        let chosen = nouns?.sorted() ?? []
        let only = nouns == nil ? "" : " AND noun IN (" + chosen.map { _ in "?" }.joined(separator: ", ") + ")"
        return try access { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit WHERE day >= ?\(only) ORDER BY seq",
                             arguments: StatementArguments([day.iso] + chosen)).map(Self.entry)
        }
    }

    private static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }

    private static let auditColumns = "seq, time, user, command, refs, old, day, noun, verb, new"

    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], time: row["time"], user: row["user"], command: row["command"],
                   refs: AuditChain.refs(row["refs"]), old: row["old"],
                   day: row["day"] ?? "", noun: row["noun"] ?? "", verb: row["verb"] ?? "", new: row["new"] ?? "")
    }

    public func verifyAudit() throws -> AuditVerification {
        try access { db in
            var verifier = AuditChain.Verifier()
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.auditColumns), hash FROM audit ORDER BY seq")
            while let row = try cursor.next(), verifier.take(Self.entry(row), storedHash: row["hash"]) {}
            return verifier.verdict(last: try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0)
        }
    }
}
