import JieduiCore
import JieduiStore

/// Transactions, the town's write lock, and the settings.
extension PostgresStore {
    public var isInTransaction: Bool { inTransaction }

    /// A transaction that will write takes the town's write lock first; one that only reads
    /// reads one snapshot (as a file's read transaction does) and takes no lock.
    public func begin(writing: Bool) throws {
        forgetTransactionState()
        try execute(writing ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ")
        inTransaction = true
        if writing {
            do {
                try takeWriteLock()
            } catch {
                try? rollback()
                throw error
            }
        }
    }

    public func commit() throws {
        let added = rowsAdded
        do {
            try flushTransactionState()
            try execute("COMMIT")
        } catch {
            try? rollback()
            throw error
        }
        inTransaction = false
        forgetTransactionState()
        if added >= Self.loadAnalyzedAfter { refreshStatistics() }
    }

    /// How many records a transaction adds before the town's statistics are taken anew.
    static let loadAnalyzedAfter = 10_000

    /// Takes the statistics of the town's tables anew, so that the queries after a large load
    /// (a script, an import, `migrate`) are planned for what the tables now hold: the server's
    /// own autovacuum gets to them only later, and until then `check` on a town just loaded
    /// took 30 s instead of 1. Only the tables' owner may; for others it is skipped, as the
    /// server would do it later anyway.
    func refreshStatistics() {
        _ = try? execute("ANALYZE " + SchemaHistory.tables.joined(separator: ", "))
    }

    public func rollback() throws {
        forgetTransactionState()
        guard inTransaction else { return }
        inTransaction = false
        try execute("ROLLBACK")
    }

    /// Locks the town's `audit_head` row for this transaction, waiting for another writer at most
    /// `lockTimeout`, and reads the chain's head, which nobody else can move now.
    func takeWriteLock() throws {
        let rows = try query("SELECT seq, hash FROM audit_head FOR UPDATE")
        guard let row = rows.first, let seq = row["seq"].intValue, let hash = row["hash"].textValue else {
            throw StoreError(.notJiedui, .townNotJiedui(town: town, server: url.server))
        }
        holdsWriteLock = true
        auditHead = (seq, hash)
    }

    /// Before a write: inside a transaction, the town's write lock (a transaction begun for
    /// reading takes it at its first write); outside one, nothing (the caller runs the write in a
    /// transaction of its own).
    func prepareToWrite() throws {
        if inTransaction && !holdsWriteLock { try takeWriteLock() }
    }

    /// Runs a write outside a transaction in one of its own, so that it takes the write lock too.
    func writing<T>(_ body: () throws -> T) throws -> T {
        if inTransaction {
            try prepareToWrite()
            return try body()
        }
        return try atomically(body)
    }

    /// Writes what this connection keeps in memory while it holds the town: the id counters
    /// moved and the audit chain's head.
    package func flushTransactionState() throws {
        if !dirtyIDCounters.isEmpty {
            for noun in dirtyIDCounters.sorted(by: { $0.rawValue < $1.rawValue }) {
                guard let last = idCounters[noun] else { continue }
                try execute(Self.statements.storeLastID, [.text(noun.rawValue), .int(last)])
            }
            dirtyIDCounters = []
        }
        if auditHeadMoved, let head = auditHead {
            try execute("UPDATE audit_head SET seq = $1, hash = $2", [.int(head.seq), .text(head.hash)])
            auditHeadMoved = false
        }
    }

    /// Forgets what is known only while this connection holds the town.
    func forgetTransactionState() {
        holdsWriteLock = false
        auditHead = nil
        auditHeadMoved = false
        idCounters = [:]
        dirtyIDCounters = []
        rowsAdded = 0
    }

    public func atomically<T>(_ body: () throws -> T) throws -> T { try nestedAtomically(body) }

    package func forgetSavepointState() {
        let locked = holdsWriteLock
        forgetTransactionState()
        holdsWriteLock = locked
    }

    package func runSavepointStatement(_ sql: String) throws { try execute(sql) }

    public func bulkWrite<T>(_ body: () throws -> T) throws -> T {
        try body()
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try query(Self.statements.setting, [.text(key)]).first?["value"].textValue
    }

    public func setSetting(_ key: String, to value: String?) throws {
        _ = try writing {
            if let value {
                try execute(Self.statements.storeSetting, [.text(key), .text(value)])
            } else {
                try execute(Self.statements.removeSetting, [.text(key)])
            }
        }
    }

    public func allSettings() throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try query(Self.statements.allSettings) {
            if let key = row["key"].textValue, let value = row["value"].textValue { result[key] = value }
        }
        return result
    }
}
