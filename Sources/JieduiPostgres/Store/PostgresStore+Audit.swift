import JieduiCore
import JieduiStore

/// The audit log: one SHA-256 chain per town (`AuditChain`), its head in `audit_head`, whose row
/// the writer holds; each entry names the login the server authenticated.
extension PostgresStore {
    /// How many entries are read at a time by `log` and `log verify`.
    static let auditPage = 5_000

    public func appendAudit(_ entry: AuditEntry) throws {
        try writing {
            let head: (seq: Int, hash: String)
            if let known = auditHead {
                head = known
            } else {
                guard let row = try query("SELECT seq, hash FROM audit_head").first,
                      let seq = row["seq"].intValue, let hash = row["hash"].textValue else {
                    throw StoreError(.notJiedui, .townNotJiedui(town: town, server: url.server))
                }
                head = (seq, hash)
            }
            var chained = entry
            chained.seq = head.seq + 1
            // The server's login, which a clerk cannot change, not the name the shell was given.
            chained.user = clerk
            let hash = AuditChain.hash(chained, previous: head.hash)
            func optional(_ text: String) -> SQLValue { text.isEmpty ? .null : .text(text) }
            try execute("INSERT INTO audit (seq, time, clerk, command, refs, old, day, noun, verb, new, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                        [.int(chained.seq), .text(chained.time), .text(chained.user), .text(chained.command),
                         .text(AuditChain.refsText(chained.refs)), .text(chained.old),
                         optional(chained.day), optional(chained.noun), optional(chained.verb), .text(chained.new), .text(hash)])
            if holdsWriteLock {
                auditHead = (chained.seq, hash)
                auditHeadMoved = true
            } else {
                try execute("UPDATE audit_head SET seq = $1, hash = $2", [.int(chained.seq), .text(hash)])
            }
        }
    }

    private static func entry(_ row: ServerRow) -> AuditEntry {
        AuditEntry(seq: row["seq"].intValue ?? 0, time: row["time"].textValue ?? "", user: row["clerk"].textValue ?? "",
                   command: row["command"].textValue ?? "", refs: AuditChain.refs(row["refs"].textValue ?? ""), old: row["old"].textValue ?? "",
                   day: row["day"].textValue ?? "", noun: row["noun"].textValue ?? "", verb: row["verb"].textValue ?? "",
                   new: row["new"].textValue ?? "")
    }

    private static let auditColumns = "seq, time, clerk, command, refs, old, day, noun, verb, new"

    public func auditEntries(since day: Day, nouns: Set<String>?) throws -> [AuditEntry] {
        let chosen = nouns?.sorted() ?? []
        let only = nouns == nil ? "" : " AND noun IN (" + chosen.indices.map { "$\($0 + 2)" }.joined(separator: ", ") + ")"
        return try readingOneSnapshot {
            try query("SELECT \(Self.auditColumns) FROM audit WHERE day >= $1\(only) ORDER BY seq", [.text(day.iso)] + chosen.map(SQLValue.text)).map(Self.entry)
        }
    }

    /// Newest first, until `limit` entries match.
    public func audit(limit: Int?, predicate: (AuditEntry) -> Bool) throws -> [AuditEntry] {
        if let limit, limit <= 0 { return [] }
        return try readingOneSnapshot {
            var result: [AuditEntry] = []
            try walkAudit(newestFirst: true) { entry, _ in
                if predicate(entry) { result.append(entry) }
                return limit.map { result.count < $0 } ?? true
            }
            return result.reversed()
        }
    }

    public func verifyAudit() throws -> AuditVerification {
        try readingOneSnapshot {
            var verifier = AuditChain.Verifier()
            try walkAudit(newestFirst: false) { entry, row in verifier.take(entry, storedHash: row["hash"].textValue) }
            let stored = try query("SELECT seq FROM audit_head").first?["seq"].intValue ?? 0
            let last = auditHead?.seq ?? stored
            return verifier.verdict(last: last)
        }
    }

    /// Hands the log's entries (with their rows, which hold `hash` too) to `visit` a page at a
    /// time, oldest or newest first, while it says to go on: a long log is never held whole.
    private func walkAudit(newestFirst: Bool, _ visit: (AuditEntry, ServerRow) -> Bool) throws {
        let (comparison, order) = newestFirst ? ("<", "DESC") : (">", "")
        var bound = newestFirst ? Int.max : 0
        while true {
            let rows = try query("SELECT \(Self.auditColumns), hash FROM audit WHERE seq \(comparison) $1 ORDER BY seq \(order) LIMIT \(Self.auditPage)",
                                 [.int(bound)])
            for row in rows {
                let entry = Self.entry(row)
                bound = entry.seq
                guard visit(entry, row) else { return }
            }
            if rows.count < Self.auditPage { return }
        }
    }

    /// Runs reads that must see one state of the town: inside the current transaction, or in a
    /// read-only snapshot of their own.
    func readingOneSnapshot<T>(_ body: () throws -> T) throws -> T {
        if inTransaction { return try body() }
        try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
