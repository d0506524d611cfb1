/// One entry of the audit log: who changed what, when, and what it replaced.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int
    public var time: String
    public var user: String
    /// The command as typed, with personal numbers masked.
    public var command: String
    /// The ids (or names) of the records it touched.
    public var refs: [String]
    /// The replaced values, as a JSON object keyed by ref (empty when nothing was replaced).
    public var old: String
    /// The day the change was made in the programme's calendar (*today*, as `JIEDUI_TODAY` or
    /// `set today` fixes it), ISO; empty in entries written before the log kept it.
    public var day: String
    /// The command's noun and verb (`child`, `exit`; `import`, `child`), as the command table
    /// names them.
    public var noun: String
    public var verb: String
    /// The values the change wrote, as a JSON object keyed by ref like `old`, personal numbers
    /// masked: every changed field of an update, and of a new child, pair or alert what
    /// `changes` reports (`ProgrammeChanges.insertFields`).
    public var new: String

    public init(seq: Int = 0, time: String, user: String, command: String, refs: [String], old: String,
                day: String = "", noun: String = "", verb: String = "", new: String = "") {
        self.seq = seq
        self.time = time
        self.user = user
        self.command = command
        self.refs = refs
        self.old = old
        self.day = day
        self.noun = noun
        self.verb = verb
        self.new = new
    }

    /// Whether the entry keeps what `changes` reads (written since schema v6).
    public var describesChange: Bool { !day.isEmpty || !noun.isEmpty || !verb.isEmpty || !new.isEmpty }
}

/// What `log verify` found: the chain whole, or the first entry that breaks it.
public enum AuditVerification: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The entry's content or hash was changed (or the one before it).
        case altered
        /// Entries from this number on are missing before the entry.
        case removedBefore(Int)
        /// The entry does not belong where it stands.
        case inserted
    }

    case whole(entries: Int, head: String)
    case broken(seq: Int, problem: Problem)
}

/// Rows with named columns: what `sql` prints, and what a store answers for a `check` rule or a
/// `due` source, which is read by column name (`decode`), never by position.
public struct SQLResult: Sendable, Hashable {
    public let columns: [String]
    public let rows: [[Value]]

    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Every row as a `T`, each property of which is read from the column of its name.
    public func decode<T: Decodable>(_ type: T.Type) throws -> [T] {
        let decoder = RowDecoder(columns: columns)
        return try rows.map { try decoder.decode(type, from: $0) }
    }
}

/// What the programme needs of a database: the contract every store meets, whatever SQL
/// database holds the town (a town's own file; a district's server). Stores are
/// opened by the store factory from `--db`'s value, throw only `StoreError`, and offer what
/// only some databases can do as the capabilities below (`ReadOnlySQLRunning`, `BackingUp`,
/// `Discardable`).
public protocol RecordStore: AnyObject {
    /// Whether opening the store made the town (nothing was there before).
    var isNew: Bool { get }
    /// Lets go of the database; the store is not used after. Closing twice does nothing.
    func close()

    // MARK: Settings kept in the database (town, filer, filing_unit)
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, to value: String?) throws
    func allSettings() throws -> [String: String]

    // MARK: Transactions
    /// Whether a transaction is open.
    var isInTransaction: Bool { get }
    /// Opens a transaction. One that will write takes the town's write lock at once (waiting
    /// for another writer); one that only reads takes none, so that readers never wait.
    func begin(writing: Bool) throws
    func commit() throws
    func rollback() throws
    /// Runs `body` so that it changes nothing if it throws: inside a transaction, as a part of it
    /// that can be undone alone; outside one, in a transaction of its own, committed if `body`
    /// returns.
    func atomically<T>(_ body: () throws -> T) throws -> T
    /// Runs a bulk write (an import) with room to keep the pages it changes in memory.
    func bulkWrite<T>(_ body: () throws -> T) throws -> T

    // MARK: Records
    /// The next id of a noun; ids are never reused, even after a remove.
    func nextID(for noun: Noun) throws -> String
    /// The id `nextID(for:)` would give now, without taking it.
    func peekNextID(for noun: Noun) throws -> String
    /// The keys of at most `limit` records whose stored `field` equals `value`: a lookup by a
    /// key or a unique field, on its index, with none of a query's generality.
    func keys(_ noun: Noun, whereStored field: String, equals value: Value, limit: Int) throws -> [String]
    func insert(_ record: Record) throws
    /// Changes the given fields (list fields replace the whole list).
    func update(_ noun: Noun, key: String, changes: [String: Value]) throws
    func delete(_ noun: Noun, key: String) throws
    /// The stored fields of one record, or nil.
    func fetch(_ noun: Noun, key: String) throws -> Record?
    /// Records matching a query, with the asked derived fields computed on `today`.
    func select(_ query: Query, today: Day) throws -> [Record]
    /// Calls `body` for each record matching a query, in order, without holding them all.
    func forEach(_ query: Query, today: Day, _ body: (Record) throws -> Void) throws
    func count(_ query: Query, today: Day) throws -> Int
    /// Counts per value of a field, in the field's order (enums in their defined order).
    func count(_ query: Query, by field: String, today: Day) throws -> [(Value, Int)]
    /// Records of a noun that refer to this one (what blocks a remove), as "noun id" texts.
    func references(to noun: Noun, key: String) throws -> [String]
    /// Keys and display names of every record of a noun, for "did you mean".
    func names(of noun: Noun) throws -> [(key: String, name: String)]
    /// Keys and names that start with `prefix`, at most `limit` (for Tab completion).
    func completions(of noun: Noun, prefix: String, limit: Int) throws -> [(key: String, name: String)]

    // MARK: Programme rules
    /// The rows of each rule's query for the period, in the rules' order, with the columns of
    /// the rule's `Row` (a store may run the queries side by side).
    func checkRows(_ rules: [any CheckRule.Type], period: CheckPeriod) throws -> [SQLResult]
    /// The rows of each source's query for the window, in the sources' order, with the columns
    /// of the source's `Row`.
    func dueRows(_ sources: [any DueSource.Type], window: DueWindow) throws -> [SQLResult]

    // MARK: Exports
    /// Each child of the ledger of `year` (optionally one village), in ledger order, streamed.
    func forEachLedgerRow(year: Int, village: String?, _ body: (LedgerRow) throws -> Void) throws
    /// Each child now active (在册), in the 花名册's order: by village, then id, streamed.
    func forEachRosterRow(_ body: (RosterRow) throws -> Void) throws
    func quarterStatistics(_ quarter: Quarter) throws -> QuarterStatistics
    /// Records that a quarter's report was filed (exported) on a day; `check` reads it.
    func recordQuarterReport(_ quarter: Quarter, filed: Day) throws

    // MARK: Audit log
    func appendAudit(_ entry: AuditEntry) throws
    func audit(limit: Int?, predicate: (AuditEntry) -> Bool) throws -> [AuditEntry]
    /// The entries made on `day` or later (by `AuditEntry.day`), in the log's order: what
    /// `changes` reads; with `nouns`, only the entries of commands of those nouns (`child`,
    /// `import`), read without the rest.
    func auditEntries(since day: Day, nouns: Set<String>?) throws -> [AuditEntry]
    /// Recomputes the audit log's hash chain.
    func verifyAudit() throws -> AuditVerification

    /// Stops the statement running now (Ctrl-C); safe to call from another thread.
    func interrupt()
    /// Whether `interrupt()` stops only the statement's own work inside an open transaction. A
    /// file's does not: SQLite rolls the whole transaction back when it interrupts a write, so
    /// a writing command inside `begin` is stopped between its steps instead.
    var interruptKeepsTransaction: Bool { get }
}

extension RecordStore {
    /// `body` in a writing transaction of its own: committed when it returns, rolled back when
    /// it or the commit throws. What `atomically` does outside a transaction, in every store.
    public func inOwnTransaction<T>(_ body: () throws -> T) throws -> T {
        try begin(writing: true)
        let result: T
        do {
            result = try body()
            try commit()
        } catch {
            try? rollback()
            throw error
        }
        return result
    }

    /// Opens a transaction that may write.
    public func begin() throws { try begin(writing: true) }

    /// Every entry made on `day` or later.
    public func auditEntries(since day: Day) throws -> [AuditEntry] { try auditEntries(since: day, nouns: nil) }

    /// The rows of one rule's query, each read by column name into the rule's `Row`.
    public func checkRows<Rule: CheckRule>(_ rule: Rule.Type, period: CheckPeriod) throws -> [Rule.Row] {
        try checkRows([rule], period: period)[0].decode(Rule.Row.self)
    }

    /// The rows of one source's query, each read by column name into the source's `Row`.
    public func dueRows<Source: DueSource>(_ source: Source.Type, window: DueWindow) throws -> [Source.Row] {
        try dueRows([source], window: window)[0].decode(Source.Row.self)
    }
}

/// A store that runs a power user's read-only SQL (`sql`).
public protocol ReadOnlySQLRunning: RecordStore {
    /// Runs one read-only statement; nothing it does can write. While `masked`, it sees
    /// personal numbers only masked, whatever it does with them.
    func readOnlySQL(_ sql: String, masked: Bool) throws -> SQLResult
}

/// A store whose town lives in files of this machine, which no output may overwrite.
public protocol FileBacked: RecordStore {
    /// Whether writing `path` would write over the database or a file the database keeps
    /// beside it (its journal, WAL, shared memory), by whatever name or link it is reached.
    func isOwnFile(_ path: String) -> Bool
}

/// A store that copies its town into a jiedui database file (`backup`).
public protocol BackingUp: RecordStore {
    /// A consistent copy of the committed town, taken while it is in use, in a file of mode 0600
    /// whose audit chain `log verify` accepts.
    func backup(to path: String) throws
}

/// A store that can remove the town it made, leaving nothing behind (a half-made demo).
public protocol Discardable: RecordStore {
    /// Closes the store and removes its database and everything the database keeps beside it.
    func discard() throws
}

/// A store on a server that holds a district's towns (district.md): what the `district`
/// commands read.
public protocol DistrictServing: RecordStore {
    /// The jiedui towns on the server by name, sorted as the server sorts names (bytewise), that
    /// this login may read; and how many more there are that it may not.
    func districtTowns() throws -> (readable: [String], unreadable: Int)
    /// One of those towns, opened for reading as a store of its own (which the caller closes).
    func openTown(_ name: String) throws -> any RecordStore
}
