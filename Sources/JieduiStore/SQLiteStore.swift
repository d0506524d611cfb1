import Foundation
import GRDB
import JieduiCore

/// The SQLite store: owns the one connection to a town's database file. Opened by the store
/// factory (`Stores.open`) for a `--db` that is a path.
///
/// One connection, not a pool: the shell is one user at a time, and a script or an explicit
/// `begin` keeps one transaction open across many commands, which GRDB allows on a queue with
/// `allowsUnsafeTransactions`.
public final class SQLiteStore: RecordStore, SavepointNesting, ReadOnlySQLRunning, BackingUp, Discardable, FileBacked {
    let dbQueue: DatabaseQueue
    public let path: String
    /// The last audit entry's number and hash, known while this connection holds the write
    /// transaction that wrote it; forgotten at every transaction boundary and rollback.
    var auditHead: (seq: Int, hash: String)?
    /// The last id of each noun given out in the write transaction this connection holds, and
    /// which of them are not yet in `id_counter`; written out before a savepoint or commit.
    var idCounters: [Noun: Int] = [:]
    var dirtyIDCounters: Set<Noun> = []
    /// The connection's change count when `begin` opened this transaction (with the write lock
    /// or without); nil outside one. While it is unchanged, the transaction has written nothing.
    var changesAtBegin: Int?
    /// A second, read-only connection for queries that can run beside this one's.
    var reader: DatabaseQueue?
    /// SELECT texts by query shape, with the fields they read.
    var selectStatements: [SelectShape: (sql: String, fields: [Field])] = [:]
    struct SelectShape: Hashable {
        let noun: Noun
        let fields: [String]
        let filter: RecordSQL.FilterShape
        let sort: [SortKey]
        let limit: Int?
        let today: Day
    }
    /// INSERT texts by noun and the set of fields given.
    var insertTexts = InsertTexts()

    /// Whether the database was opened for reading only (the file or its folder cannot be
    /// written by this user); every write then fails with a message that says so.
    public let isReadOnly: Bool
    /// Whether there was no file at `path` before this store opened it.
    public let isNew: Bool
    /// Whether `close` has let go of the connections.
    private var isClosed = false

    /// How long an open, a write or a `begin` waits for another program's lock.
    static let busyTimeout: Duration = .seconds(5)

    /// Opens (creating it, mode 0600, with its folder) the database at `path` and migrates it.
    /// A file that is not a jiedui database, or one newer than this program, is refused and
    /// left untouched. A database another clerk is using is waited for, up to `busyTimeout`;
    /// one this user may not write is opened for reading.
    public init(path: String) throws {
        self.path = path
        isNew = !FileManager.default.fileExists(atPath: path)
        let deadline = ContinuousClock.now + Self.busyTimeout
        try Self.whileBusy(path: path, until: deadline) { try Self.checkExistingFile(at: path) }
        isReadOnly = try !Self.createIfAbsent(path)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.allowsUnsafeTransactions = true
        config.busyMode = .callback(BusyWait(until: nil).retry)
        config.readonly = isReadOnly
        config.label = "jiedui"
        config.prepareDatabase { db in
            guard let connection = db.sqliteConnection else { return }
            ColumnMask.registerFunctions(on: connection)
        }
        do {
            let location = isReadOnly ? Self.readOnlyLocation(path) : path
            dbQueue = try Self.whileBusy(path: path, until: deadline) { try DatabaseQueue(path: location, configuration: config) }
            if !isReadOnly {
                try Self.whileBusy(path: path, until: deadline) {
                    try dbQueue.writeWithoutTransaction { db in
                        // Changing the journal mode takes a lock; a file already in WAL is left be.
                        if try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() != "wal" {
                            try db.execute(sql: "PRAGMA journal_mode = WAL")
                        }
                        try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    }
                }
            }
            try Self.migrate(dbQueue, path: path, readOnly: isReadOnly, until: deadline)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: path, reason: Self.reason(error)))
        }
    }

    /// Runs `body` again while SQLite says the database is busy (another program holds a lock
    /// SQLite does not wait for itself, such as the last connection's closing checkpoint),
    /// until `deadline`; then the database is reported busy — never "not a jiedui database".
    static func whileBusy<T>(path: String, until deadline: ContinuousClock.Instant, _ body: () throws -> T) throws -> T {
        let wait = BusyWait(until: deadline)
        var tries = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                guard wait.retry(tries) else { throw StoreError(.busy, .databaseBusyOpening(path: path)) }
                tries += 1
            } catch let error as StoreError where error.reason == .busy {
                guard wait.retry(tries) else { throw StoreError(.busy, .databaseBusyOpening(path: path)) }
                tries += 1
            }
        }
    }

    /// Refuses, without writing a byte, a file that is not SQLite, an SQLite file of another
    /// program, or a jiedui database of a newer schema.
    private static func checkExistingFile(at path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw StoreError(.notJiedui, .notADatabase(path: path))
        }
        guard info.st_size > 0 else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: path, reason: .system(errno: errno)))
        }
        var header = [UInt8](repeating: 0, count: 100)
        let got = read(fd, &header, 100)
        _ = Glibc.close(fd)
        guard got >= 16, header[0..<16].elementsEqual("SQLite format 3\0".utf8) else {
            throw StoreError(.notJiedui, .notADatabase(path: path))
        }
        // The header says at once what a checkpointed jiedui file is: its application id
        // (offset 68) and user version (offset 60, the number of migrations applied). Anything
        // else — another program's file, or one whose first transaction is still only in its
        // WAL — is asked of SQLite itself.
        func bigEndian(_ offset: Int) -> UInt32 { header[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        if got == 100, Int32(bitPattern: bigEndian(68)) == applicationID, Int(bigEndian(60)) <= migrator.migrations.count {
            return
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .callback(BusyWait(until: nil).retry)
        do {
            let reader = try DatabaseQueue(path: folderIsWritable(path) ? path : readOnlyLocation(path), configuration: config)
            defer { try? reader.close() }
            try reader.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if appID != applicationID {
                    if tables > 0 { throw StoreError(.notJiedui, .notADatabase(path: path)) }
                    return
                }
                let known = Set(migrator.migrations)
                let applied = try migrator.appliedIdentifiers(db)
                if !applied.isSubset(of: known) {
                    throw StoreError(.newerSchema, .databaseTooNew(path: path))
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError(.notJiedui, .notADatabase(path: path))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw error  // waited for by the caller
        } catch {
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: path, reason: reason(error)))
        }
    }

    /// Where SQLite opens a database this user may only read. In a folder it cannot write, a WAL
    /// database that nobody has open has no shared-memory file and SQLite cannot make one, so
    /// the file is read as it stands (`immutable`): nobody can be writing it without that file.
    /// One that others have open is read through their shared memory, seeing their commits.
    static func readOnlyLocation(_ path: String) -> String {
        guard !folderIsWritable(path), !FileManager.default.fileExists(atPath: path + "-wal") else { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(escaped)?immutable=1"
    }

    /// Whether this user may make files in the database's folder (SQLite's WAL needs two).
    static func folderIsWritable(_ path: String) -> Bool {
        Glibc.access(folder(of: path), W_OK) == 0
    }

    /// The folder of a file's path as written: what comes before its last `/` (the current
    /// folder if none). Not through `URL`, whose making costs more than opening the file.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates the file with mode 0600 before SQLite does, so that no other user can ever read
    /// it. Returns whether it can be written (the file and its folder); a file that exists but
    /// cannot be written is opened for reading.
    private static func createIfAbsent(_ path: String) throws -> Bool {
        let folder = Self.folder(of: path)
        if !FileManager.default.fileExists(atPath: folder) {
            if mkdirs(folder) != 0 {
                throw StoreError(.cannotOpen, .cannotOpenDatabase(path: path, reason: .system(errno: errno)))
            }
        }
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if (code == EACCES || code == EPERM || code == EROFS), Glibc.access(path, R_OK) == 0 { return false }
            throw StoreError(.cannotOpen, .cannotOpenDatabase(path: path, reason: .system(errno: code)))
        }
        _ = Glibc.close(fd)
        return folderIsWritable(path)
    }

    /// Makes a folder and its missing parents, mode 0700; 0 or -1 with errno set.
    private static func mkdirs(_ folder: String) -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return 0
        } catch {
            if case .system(let code) = FailureReason(error) { errno = code } else { errno = EACCES }
            return -1
        }
    }

    private static func migrate(_ dbQueue: DatabaseQueue, path: String, readOnly: Bool, until deadline: ContinuousClock.Instant) throws {
        let known = migrator.migrations
        var applied = try whileBusy(path: path, until: deadline) { try dbQueue.read { db in try migrator.appliedIdentifiers(db) } }
        if !applied.isSubset(of: Set(known)) {
            throw StoreError(.newerSchema, .databaseTooNew(path: path))
        }
        if applied.count == known.count { return }
        if readOnly {
            throw StoreError(.needsUpgrade, .databaseReadOnlyNeedsUpgrade(path: path))
        }
        // An older database is copied beside itself before it is upgraded, so nothing is lost
        // if the upgrade goes wrong.
        if !applied.isEmpty {
            try Self.copy(dbQueue, to: path + ".v\(applied.count).backup", failing: .cannotOpen)
        }
        // Two clerks may open a new (or old) file at the same moment: each migration is its own
        // transaction, so the later one finds a migration applied under it and starts again
        // from what is now applied.
        while true {
            do {
                try migrator.migrate(dbQueue)
                break
            } catch {
                let now = try whileBusy(path: path, until: deadline) { try dbQueue.read { db in try migrator.appliedIdentifiers(db) } }
                guard now != applied, ContinuousClock.now < deadline else { throw error }
                applied = now
            }
        }
        try whileBusy(path: path, until: deadline) {
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
    }

    /// A database error's reason without statement arguments (which may hold personal numbers).
    static func reason(_ error: Error) -> FailureReason {
        if let error = error as? DatabaseError {
            let problem: FailureReason.DatabaseProblem? = switch error.resultCode.primaryResultCode {
            case .SQLITE_PERM: .permission
            case .SQLITE_BUSY, .SQLITE_LOCKED: .locked
            case .SQLITE_READONLY: .readOnly
            case .SQLITE_INTERRUPT: .interrupted
            case .SQLITE_IOERR: .io
            case .SQLITE_CORRUPT: .damaged
            case .SQLITE_FULL: .full
            case .SQLITE_CANTOPEN: .cannotOpen
            case .SQLITE_NOTADB: .notADatabase
            default: nil
            }
            return .database(problem, detail: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        }
        return FailureReason(error)
    }

    /// Runs `body` on the connection, turning database errors into store errors.
    func access<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.writeWithoutTransaction(body)
        } catch {
            throw storeError(error)
        }
    }

    /// A database error as the store error it means; any other error as it is (a rule's or
    /// the caller's own, passing through `atomically`).
    func storeError(_ error: Error) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.busy, .databaseBusy)
        case .SQLITE_READONLY: return StoreError(.readOnly, .databaseReadOnly(path: path))
        case .SQLITE_CANTOPEN where isReadOnly: return StoreError(.readOnly, .databaseReadOnly(path: path))
        default: return StoreError(.failed, .databaseError(Self.reason(error)))
        }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> String? {
        try access { db in try String.fetchOne(db.cachedStatement(sql: Self.statements.setting), arguments: [key]) }
    }

    public func setSetting(_ key: String, to value: String?) throws {
        try access { db in
            if let value {
                try db.cachedStatement(sql: Self.statements.storeSetting).execute(arguments: [key, value])
            } else {
                try db.cachedStatement(sql: Self.statements.removeSetting).execute(arguments: [key])
            }
        }
    }

    public func allSettings() throws -> [String: String] {
        try access { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: Self.statements.allSettings) {
                result[row["key"]] = row["value"]
            }
            return result
        }
    }

    // MARK: Transactions

    public var isInTransaction: Bool {
        (try? dbQueue.writeWithoutTransaction { $0.isInsideTransaction }) ?? false
    }

    public func begin(writing: Bool) throws {
        forgetTransactionState()
        try access { db in
            // A read-only file can take no write lock; its first write fails and says why.
            try db.beginTransaction(writing && !isReadOnly ? .immediate : .deferred)
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

    package var savepointDepth = 0

    package func flushTransactionState() throws { try access { try flushIDCounters($0) } }

    package func forgetSavepointState() { forgetTransactionState() }

    package func runSavepointStatement(_ sql: String) throws { try access { try $0.execute(sql: sql) } }

    public func atomically<T>(_ body: () throws -> T) throws -> T { try nestedAtomically(body) }

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

    /// SQLite rolls an explicit transaction back whole when it interrupts a write in it.
    public var interruptKeepsTransaction: Bool { false }

    /// Closes the connection (checkpointing the WAL into the main file).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        try? reader?.close()
        try? dbQueue.close()
    }

    /// Closes the store and removes the file with its WAL and shared-memory files.
    public func discard() throws {
        close()
        try Self.removeFiles(at: path)
    }

    /// Removes a database file with its WAL and shared-memory files, where there are any.
    public static func removeFiles(at path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw StoreError(.failed, .cannotWriteFile(path: path + suffix, reason: FailureReason(error)))
            }
        }
    }
}

/// Waiting for another program's lock: short sleeps with jitter, so that clerks waiting at
/// once take turns instead of one of them sleeping through every free moment (SQLite's own
/// timeout backs off to 100 ms sleeps), for at most `SQLiteStore.busyTimeout`.
final class BusyWait: @unchecked Sendable {
    private let deadline: ContinuousClock.Instant?
    private var started: ContinuousClock.Instant?

    /// With a deadline, waits until then; without, `busyTimeout` from the first retry of each wait.
    init(until deadline: ContinuousClock.Instant?) {
        self.deadline = deadline
    }

    /// SQLite's busy callback: whether to try again (after sleeping), given the tries so far.
    func retry(_ tries: Int) -> Bool {
        let now = ContinuousClock.now
        if tries == 0 { started = now }
        let end = deadline ?? ((started ?? now) + SQLiteStore.busyTimeout)
        guard now < end else { return false }
        let micros = tries < 20 ? UInt32.random(in: 500...2_000) : UInt32.random(in: 2_000...8_000)
        usleep(micros)
        return true
    }
}

/// The programme's record, not GRDB's class of the same name.
typealias Record = JieduiCore.Record
