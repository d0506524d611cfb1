import Foundation
import GRDB
import JieduiCore

/// The SQLite store: owns the one connection to a town's database file.
///
/// One connection, not a pool: the shell is one user at a time, and a script or an explicit
/// `begin` keeps one transaction open across many commands, which GRDB allows on a queue with
/// `allowsUnsafeTransactions`.
public final class SQLiteStore: RecordStore {
    let dbQueue: DatabaseQueue
    public let path: String
    /// The last audit entry's number and hash, known while this connection holds the write
    /// transaction that wrote it; forgotten at every transaction boundary and rollback.
    var auditHead: (seq: Int, hash: String)?
    /// The last id of each noun given out in the write transaction this connection holds, and
    /// which of them are not yet in `id_counter`; written out before a savepoint or commit.
    var idCounters: [Noun: Int] = [:]
    var dirtyIDCounters: Set<Noun> = []
    /// The connection's change count when `begin` took the write lock; nil outside such a
    /// transaction. While it is unchanged, another connection sees exactly what this one does.
    var changesAtBegin: Int?
    /// A second, read-only connection for queries that can run beside this one's.
    var reader: DatabaseQueue?
    /// SELECT texts by query shape, with the fields they read.
    var selectStatements: [SelectShape: (sql: String, fields: [Field])] = [:]
    struct SelectShape: Hashable {
        let noun: Noun
        let fields: [String]
        let filter: FilterShape
        let sort: [SortKey]
        let limit: Int?
        let today: Day
    }
    /// INSERT texts by noun and the set of fields given (a bit per stored field).
    var insertStatements: [InsertShape: String] = [:]
    struct InsertShape: Hashable {
        let noun: Noun
        let fields: UInt64
    }

    /// Opens (creating it, mode 0600, with its folder) the database at `path` and migrates it.
    /// A file that is not a jiedui database, or one newer than this program, is refused and
    /// left untouched.
    public init(path: String) throws {
        self.path = path
        try Self.checkExistingFile(at: path)
        try Self.createIfAbsent(path)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.allowsUnsafeTransactions = true
        config.busyMode = .timeout(5)
        config.label = "jiedui"
        config.prepareDatabase { db in
            guard let connection = db.sqliteConnection else { return }
            ColumnMask.registerFunctions(on: connection)
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: config)
            try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try Self.migrate(dbQueue, path: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unusableDatabase, .cannotOpenDatabase(path: path, reason: Self.describe(error)))
        }
    }

    /// Refuses, without writing a byte, a file that is not SQLite, an SQLite file of another
    /// program, or a jiedui database of a newer schema.
    private static func checkExistingFile(at path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory {
            throw StoreError(.unusableDatabase, .notADatabase(path: path))
        }
        guard let size = attributes[.size] as? Int, size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(.unusableDatabase, .cannotOpenDatabase(path: path, reason: "permission denied"))
        }
        let header = handle.readData(ofLength: 16)
        try? handle.close()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw StoreError(.unusableDatabase, .notADatabase(path: path))
        }
        var config = Configuration()
        config.readonly = true
        do {
            let reader = try DatabaseQueue(path: path, configuration: config)
            defer { try? reader.close() }
            try reader.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if appID != applicationID {
                    if tables > 0 { throw StoreError(.unusableDatabase, .notADatabase(path: path)) }
                    return
                }
                let known = Set(migrator.migrations)
                let applied = try migrator.appliedIdentifiers(db)
                if !applied.isSubset(of: known) {
                    throw StoreError(.unusableDatabase, .databaseTooNew(path: path))
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unusableDatabase, .notADatabase(path: path))
        }
    }

    /// Creates the file with mode 0600 before SQLite does, so that no other user can ever read it.
    private static func createIfAbsent(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.unusableDatabase, .cannotOpenDatabase(path: path, reason: describe(error)))
            }
        }
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        guard fd >= 0 else {
            throw StoreError(.unusableDatabase, .cannotOpenDatabase(path: path, reason: String(cString: strerror(errno))))
        }
        _ = Glibc.close(fd)
    }

    private static func migrate(_ dbQueue: DatabaseQueue, path: String) throws {
        let applied = try dbQueue.writeWithoutTransaction { db in try migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: Set(migrator.migrations)) {
            throw StoreError(.unusableDatabase, .databaseTooNew(path: path))
        }
        // An older database is copied beside itself before it is upgraded, so nothing is lost
        // if the upgrade goes wrong.
        if !applied.isEmpty, applied.count < migrator.migrations.count {
            let copy = path + ".v\(applied.count).backup"
            let fd = open(copy, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
            guard fd >= 0 else {
                throw StoreError(.unusableDatabase, .cannotWriteFile(path: copy, reason: String(cString: strerror(errno))))
            }
            _ = Glibc.close(fd)
            let target = try DatabaseQueue(path: copy)
            try dbQueue.backup(to: target)
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        }
        try migrator.migrate(dbQueue)
        try dbQueue.writeWithoutTransaction { db in
            if try Int32.fetchOne(db, sql: "PRAGMA application_id") != applicationID {
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            }
            let version = migrator.migrations.count
            if try Int.fetchOne(db, sql: "PRAGMA user_version") != version {
                try db.execute(sql: "PRAGMA user_version = \(version)")
            }
        }
    }

    /// A database error as text without statement arguments (which may hold personal numbers).
    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return String(describing: error)
    }

    /// Runs `body` on the connection, turning database errors into store errors.
    func access<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.writeWithoutTransaction(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError(.operation, .databaseBusy)
        } catch let error as DatabaseError {
            throw StoreError(.operation, .databaseError(Self.describe(error)))
        }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try access { db in try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = ?"), arguments: [key]) }
    }

    public func setSetting(_ key: String, to value: String?) throws {
        try access { db in
            if let value {
                try db.cachedStatement(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                    .execute(arguments: [key, value])
            } else {
                try db.cachedStatement(sql: "DELETE FROM setting WHERE key = ?").execute(arguments: [key])
            }
        }
    }

    public func allSettings() throws -> [String: String] {
        try access { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting") {
                result[row["key"]] = row["value"]
            }
            return result
        }
    }

    // MARK: Transactions

    public var isInTransaction: Bool {
        (try? dbQueue.writeWithoutTransaction { $0.isInsideTransaction }) ?? false
    }

    public func begin() throws {
        forgetTransactionState()
        try access { db in
            try db.beginTransaction(.immediate)
            changesAtBegin = db.totalChangesCount
        }
    }

    public func commit() throws {
        try access { db in
            try flushIDCounters(db)
            forgetTransactionState()
            try db.commit()
        }
    }

    public func rollback() throws {
        forgetTransactionState()
        try access { db in
            if db.isInsideTransaction { try db.rollback() }
        }
    }

    /// Forgets what is known only while this connection holds the write transaction.
    func forgetTransactionState() {
        changesAtBegin = nil
        auditHead = nil
        idCounters = [:]
        dirtyIDCounters = []
    }

    private var savepointDepth = 0

    public func atomically<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "jd\(savepointDepth)"
        try access { db in
            // The counters are written out first: rolling back to this savepoint then leaves
            // them as they were when it began, and the cache is simply forgotten.
            if db.isInsideTransaction { try flushIDCounters(db) } else { forgetTransactionState() }
            try db.execute(sql: "SAVEPOINT \(name)")
        }
        do {
            let result = try body()
            try access { db in
                // Releasing the outermost savepoint of no transaction commits it.
                try flushIDCounters(db)
                try db.execute(sql: "RELEASE SAVEPOINT \(name)")
                if !db.isInsideTransaction { forgetTransactionState() }
            }
            return result
        } catch {
            try? access { db in
                forgetTransactionState()
                try db.execute(sql: "ROLLBACK TO SAVEPOINT \(name)")
                try db.execute(sql: "RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }

    public func bulkWrite<T>(_ body: () throws -> T) throws -> T {
        // SQLite's default cache (2 MB) spills changed pages to the WAL in the middle of a large
        // transaction; 64 MB holds an import of tens of thousands of rows. Only for the import,
        // so that reading (an export of the whole town) keeps its small footprint.
        try access { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        defer { try? access { db in try db.execute(sql: "PRAGMA cache_size = -2000") } }
        return try body()
    }

    public func interrupt() {
        dbQueue.interrupt()
        reader?.interrupt()
    }

    /// Closes the connection (checkpointing the WAL into the main file).
    public func close() {
        try? reader?.close()
        try? dbQueue.close()
    }
}
