import Foundation
import JieduiCore
import JieduiStore

/// The store of a town on a district's PostgreSQL server (district.md): the town's schema, made
/// on first use with the steps every store shares (`SchemaHistory`), on the one connection a
/// clerk's process holds. Opened by the store factory for a `postgresql://` `--db`.
///
/// The promises of a file, on a server that many clerks write at once:
/// - **One writer per town.** A transaction that will write first locks the town's one row of
///   `audit_head`, waiting at most `lockTimeout` (then "database busy", as a locked file). Taken
///   first, before anything is read, so that writers queue instead of deadlocking; readers take
///   no lock and never wait; two towns never share a lock.
/// - **Ids gapless and in order**, from the row-locked `id_counter`, kept in memory while this
///   connection holds the town and written out before a savepoint or the commit, so that a
///   rolled-back script takes no id.
/// - **The audit chain** (`AuditChain`), its head kept in `audit_head`; the clerk of each entry
///   is the login the server authenticated (`session_user`).
public final class PostgresStore: RecordStore, SavepointNesting, ReadOnlySQLRunning, BackingUp, DistrictServing {
    let connection: ServerConnection
    public let url: ServerURL
    /// The environment the password was found in, for the second connections `backup` and the
    /// `district` commands open.
    let environment: [String: String]
    /// The town's schema.
    public var town: String { url.town.name }
    public let isNew: Bool
    /// The login the server authenticated, which every audit entry names.
    public let clerk: String
    private var isClosed = false

    // MARK: Transaction state
    /// Whether a transaction is open on the connection.
    var inTransaction = false
    /// Whether this transaction holds the town's `audit_head` row (the write lock).
    var holdsWriteLock = false
    /// The audit chain's head while this connection holds the town, and whether it has moved
    /// past what `audit_head` holds.
    var auditHead: (seq: Int, hash: String)?
    var auditHeadMoved = false
    /// The last id of each noun given out in this transaction, and which of them `id_counter`
    /// does not hold yet.
    var idCounters: [Noun: Int] = [:]
    var dirtyIDCounters: Set<Noun> = []
    /// Records added in this transaction: a large load is followed by fresh statistics.
    var rowsAdded = 0
    package var savepointDepth = 0
    /// INSERT texts by noun and the set of fields given.
    var insertTexts = InsertTexts()
    /// The columns each unique index holds, by index name, for messages that name them as a
    /// file's do (`UNIQUE constraint failed: village.name`).
    var uniqueColumns: [String: String] = [:]

    /// How long a writer waits for another clerk's hold of the town (a file's busy timeout).
    static let lockTimeout = "5s"
    /// How long `sql` may run (district.md).
    static let sqlStatementTimeout = "30s"
    /// The SQL this store speaks.
    static let dialect = PostgreSQLDialect()
    static let statements = RecordStatements(dialect)

    /// Connects as the URL says and opens its town, making it on first use (`createIfMissing`)
    /// or upgrading it to this program's schema. A schema that is not a jiedui town, or is newer,
    /// is refused and left untouched; a town this login may not use is "no access".
    public convenience init(location: String, environment: [String: String], createIfMissing: Bool = true) throws(StoreError) {
        let url: ServerURL
        do {
            url = try ServerURL(parsing: location, environment: environment)
        } catch {
            throw Self.storeError(error, town: nil)
        }
        try self.init(url: url, environment: environment, createIfMissing: createIfMissing)
    }

    public init(url: ServerURL, environment: [String: String], createIfMissing: Bool = true) throws(StoreError) {
        self.url = url
        self.environment = environment
        do {
            connection = try ServerConnection(url: url, credentials: .lookUp(for: url, environment: environment))
        } catch {
            throw Self.storeError(error, town: url.town.name)
        }
        do {
            // Every lock this connection waits for, the town's above all, is waited for this long.
            try connection.execute("SELECT set_config('lock_timeout', $1, false)", [.text(Self.lockTimeout)])
            let made = try TownSchemaMaker(connection: connection, town: url.town.name, server: url.server)
                .openOrMake(createIfMissing: createIfMissing)
            isNew = made
            try connection.execute("SELECT set_config('search_path', $1, false)", [.text(url.town.name)])
            clerk = try connection.query("SELECT session_user AS clerk").first?["clerk"].textValue ?? url.user
            uniqueColumns = try Self.uniqueIndexColumns(connection, town: url.town.name)
        } catch {
            connection.close()
            throw Self.storeError(error, town: url.town.name)
        }
    }

    deinit {
        close()
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        connection.close()
    }

    public func interrupt() {
        connection.interrupter.interrupt()
    }

    /// A cancelled statement fails alone: the savepoint around the command undoes its work.
    public var interruptKeepsTransaction: Bool { true }

    /// The columns of every unique index of the town, `table.column` joined by `, `, by index
    /// name, as SQLite names a unique constraint that failed.
    private static func uniqueIndexColumns(_ connection: ServerConnection, town: String) throws -> [String: String] {
        let rows = try connection.query("""
            SELECT ic.relname AS name, string_agg(t.relname || '.' || a.attname, ', ' ORDER BY k.place) AS columns
            FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, place)
            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
            WHERE x.indisunique AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
            GROUP BY ic.relname
            """, [.text(town)])
        var columns: [String: String] = [:]
        for row in rows {
            if let name = row["name"].textValue, let list = row["columns"].textValue { columns[name] = list }
        }
        return columns
    }

    // MARK: Running statements

    /// Runs a statement, its failure as a store error.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> Int {
        try asStoreError { try connection.execute(sql, Self.serverValues(arguments)) }
    }

    /// The rows of a statement, its failure as a store error.
    func query(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> [ServerRow] {
        try asStoreError { try connection.query(sql, Self.serverValues(arguments)) }
    }

    private func asStoreError<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw storeError(error)
        }
    }

    static func serverValues(_ values: [SQLValue]) -> [ServerValue] {
        values.map {
            switch $0 {
            case .null: .null
            case .int(let n): .int(n)
            case .text(let s): .text(s)
            }
        }
    }

    /// A cell of a query with no field types behind it (`sql`, the rules' rows, a copied town)
    /// as SQLite gives it: numbers as numbers, conditions as 1 or 0, dates as ISO text.
    static func sqlValue(_ value: ServerValue) -> SQLValue {
        switch value {
        case .null: .null
        case .int(let n): .int(n)
        case .text(let s): .text(s)
        case .bool(let b): .int(b ? 1 : 0)
        case .date(let d): .text(d.iso)
        }
    }

    /// The same cell as a value.
    static func value(_ value: ServerValue) -> Value {
        switch sqlValue(value) {
        case .null: .null
        case .int(let n): .int(n)
        case .text(let s): .text(s)
        }
    }

    /// A column read back as the field's value type.
    static func value(_ value: ServerValue, as type: FieldType) -> Value {
        switch value {
        case .null: .null
        case .int(let n): .int(n)
        case .text(let s): RecordStatements.value(text: s, as: type)
        case .bool(let b): .int(b ? 1 : 0)
        case .date(let d): .date(d)
        }
    }

    // MARK: Errors

    /// A server error as the store error it means, worded as a file's store words the same failure.
    func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? ServerError else { return StoreError(.failed, .databaseError(FailureReason(error))) }
        func failed(_ detail: String) -> StoreError { StoreError(.failed, .databaseError(.database(nil, detail: detail))) }
        switch error.kind {
        case .uniqueViolation:
            let columns = error.constraint.flatMap { uniqueColumns[$0] } ?? error.table ?? ""
            return failed("UNIQUE constraint failed: \(columns)")
        case .notNullViolation:
            return failed("NOT NULL constraint failed: \(error.table ?? "").\(error.column ?? "")")
        case .checkViolation:
            return failed("CHECK constraint failed: \(error.constraint ?? error.table ?? "")")
        case .foreignKeyViolation:
            return failed("FOREIGN KEY constraint failed")
        case .cancelled:
            return StoreError(.failed, .databaseError(.database(.interrupted, detail: "interrupted")))
        case .noAccess:
            // The town is open, so this login may read it: what it was refused is a change (or
            // the audit entry that `--reveal` writes).
            return StoreError(.readOnly, .townReadOnlyForLogin(user: url.user, town: town))
        default:
            return Self.storeError(error, town: town)
        }
    }

    /// What a server error means for the run: the URL's (exit 2), the server's or the town's
    /// (exit 3), or the statement's (exit 1).
    static func storeError(_ error: any Error, town: String?) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? ServerError else { return StoreError(.cannotOpen, .databaseError(FailureReason(error))) }
        switch error.kind {
        case .badURL, .passwordInURL, .badTownName: return StoreError(.badLocation, error.message)
        case .unreachable, .loginRefused: return StoreError(.unreachable, error.message)
        case .noAccess: return StoreError(.unreachable, .noAccessToTown(town ?? ""))
        case .busy: return StoreError(.busy, .databaseBusy)
        case .readOnly: return StoreError(.refused, .sqlNotReadOnly)
        default: return StoreError(.failed, error.message)
        }
    }
}
