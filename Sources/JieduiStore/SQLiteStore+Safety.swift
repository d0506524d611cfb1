import Foundation
import GRDB
import JieduiCore

/// The power user's read-only SQL, and online backups.
extension SQLiteStore {
    /// Runs one statement with the connection in `query_only` mode, after checking that SQLite
    /// itself judges it read-only and that it is a query: nothing — DELETE, ATTACH, PRAGMA
    /// writable_schema — can change a file.
    ///
    /// While `masked`, the query sees ID-card and phone columns, and personal numbers in free
    /// text, only masked, whatever it does with them (`hex(idno)`, `substr`, a `WHERE`): it
    /// runs against views of the masked values (`MaskingViews`), and it runs at all only if it
    /// reads no masked column of a real table itself (`QueryChecker`).
    public func readOnlySQL(_ sql: String, masked: Bool) throws -> SQLResult {
        let trimmed = try RecordSQL.query(sql).text
        return try access { db in
            // The id counters this transaction keeps in memory are written out first, so
            // that `id_counter` reads as it is.
            if db.isInsideTransaction { try flushIDCounters(db) }
            guard masked else { return try Self.runReadOnly(trimmed, db) }
            // One snapshot: the schema the query is checked against is the one it runs on.
            if db.isInsideTransaction { return try Self.runMasked(trimmed, db) }
            var result: SQLResult?
            try db.inTransaction(.deferred) {
                result = try Self.runMasked(trimmed, db)
                return .commit
            }
            guard let result else { preconditionFailure("a committed transaction without its result") }
            return result
        }
    }

    /// Checks the query, then runs it with the masking views in place, and removes them: while
    /// they exist, every unqualified table name on this connection means masked values, the
    /// store's own queries' included.
    private static func runMasked(_ sql: String, _ db: Database) throws -> SQLResult {
        let views = try MaskingViews(db)
        let schema = try QueryChecker.schema(of: db)
        let verdict = try QueryChecker.check(sql, schema: schema.statements, analyzed: schema.analyzed, views: views)
        if case .refused(let message) = verdict { throw StoreError(.refused, message) }
        // Removed however the query ends, even if only some of them were made.
        defer {
            do {
                for statement in views.dropStatements { try db.execute(sql: statement) }
            } catch {
                preconditionFailure("the masking views could not be removed: \(reason(error).text(.en))")
            }
        }
        for statement in views.createStatements { try db.execute(sql: statement) }
        // A query that did not compile on the copy gets the real connection's own error; one
        // that does compile there is not run unchecked.
        return try runReadOnly(sql, db, mayRun: verdict == .allowed)
    }

    /// Runs one read-only query as it is; `mayRun` false compiles it (for its error) only.
    private static func runReadOnly(_ sql: String, _ db: Database, mayRun: Bool = true) throws -> SQLResult {
        try db.execute(sql: "PRAGMA query_only = 1")
        defer { try? db.execute(sql: "PRAGMA query_only = 0") }
        let statements = try db.allStatements(sql: sql)
        guard let statement = try statements.next() else { throw StoreError(.refused, .sqlOneStatement) }
        if try statements.next() != nil { throw StoreError(.refused, .sqlOneStatement) }
        guard statement.isReadonly else { throw StoreError(.refused, .sqlNotReadOnly) }
        guard mayRun else { throw StoreError(.refused, .sqlUncheckable) }
        let columns = statement.columnNames
        var rows: [[Value]] = []
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            rows.append(values(row))
        }
        return SQLResult(columns: columns, rows: rows)
    }

    /// Copies the committed state of the database (a script's own uncommitted changes are not in it).
    public func backup(to destination: String) throws {
        do {
            // A separate reader copies what is committed, as one snapshot (WAL), even while this
            // connection holds a transaction open.
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: path, configuration: config)
            defer { try? source.close() }
            try Self.copy(source, to: destination, failing: .failed)
        } catch let error as DatabaseError {
            throw StoreError(.failed, .databaseError(Self.reason(error)))
        }
    }

    /// Copies a database into a file only this user may read, whole: in one file, with no WAL
    /// beside it. The copy is made under a temporary name beside `destination` and renamed onto
    /// it only when complete, so that a copy that fails (a full disk) leaves an earlier file of
    /// that name as it was and nothing else behind. A file that cannot be made fails for `reason`.
    static func copy(_ source: DatabaseQueue, to destination: String, failing reason: StoreError.Reason) throws {
        let folder = FilePath.folder(of: destination)
        var template = Array("\(folder.isEmpty ? "." : folder)/.\(FilePath.name(of: destination)).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw StoreError(reason, .cannotWriteFile(path: destination, reason: .system(errno: errno)))
        }
        fchmod(fd, 0o600)
        _ = Glibc.close(fd)
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            let target = try DatabaseQueue(path: temporary)
            let copied = Result {
                try source.backup(to: target)
                try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            }
            try target.close()
            try copied.get()
            guard rename(temporary, destination) == 0 else {
                throw StoreError(reason, .cannotWriteFile(path: destination, reason: .system(errno: errno)))
            }
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
    }

    public func isOwnFile(_ path: String) -> Bool {
        Self.sameFile(path, asAnyOf: ["", "-journal", "-wal", "-shm"].map { self.path + $0 })
    }

    /// Whether `path` names one of `files`: the same file by device and inode where both exist,
    /// else the same absolute name once the folders' links are resolved.
    static func sameFile(_ path: String, asAnyOf files: [String]) -> Bool {
        func identity(_ path: String) -> (dev_t, ino_t)? {
            var info = stat()
            return stat(path, &info) == 0 ? (info.st_dev, info.st_ino) : nil
        }
        func resolved(_ path: String) -> String {
            let name = FilePath.name(of: path)
            let folder = FilePath.folder(of: path)
            guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
            defer { free(real) }
            return String(cString: real) + "/" + name
        }
        if let target = identity(path), files.contains(where: { identity($0).map { $0 == target } ?? false }) { return true }
        let name = resolved(path)
        return files.contains { resolved($0) == name }
    }
}
