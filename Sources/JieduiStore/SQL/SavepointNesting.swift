import JieduiCore

/// `atomically` as every SQL store nests it: inside an open transaction, a savepoint named by
/// its depth; outside one, a writing transaction of its own, so that nothing rests on how a
/// database treats a savepoint with no transaction around it.
package protocol SavepointNesting: RecordStore {
    /// How many savepoints are open now.
    var savepointDepth: Int { get set }
    /// Writes out what the store keeps in memory for the transaction (id counters, the audit
    /// chain's head): rolling back to a savepoint then leaves it as it was when the savepoint
    /// began, and the memory is simply forgotten.
    func flushTransactionState() throws
    /// Forgets what is kept in memory, after a rollback to a savepoint; a lock taken before the
    /// savepoint is still held.
    func forgetSavepointState()
    /// Runs one `SAVEPOINT`, `RELEASE SAVEPOINT` or `ROLLBACK TO SAVEPOINT` statement.
    func runSavepointStatement(_ sql: String) throws
}

extension SavepointNesting {
    package func nestedAtomically<T>(_ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try inOwnTransaction(body) }
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "jd\(savepointDepth)"
        try flushTransactionState()
        try runSavepointStatement("SAVEPOINT \(name)")
        do {
            let result = try body()
            try flushTransactionState()
            try runSavepointStatement("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            forgetSavepointState()
            do {
                try runSavepointStatement("ROLLBACK TO SAVEPOINT \(name)")
                try runSavepointStatement("RELEASE SAVEPOINT \(name)")
            } catch let failure {
                // The connection is gone or the transaction cannot be saved: nothing of it stays.
                try? rollback()
                throw failure
            }
            throw error
        }
    }
}
