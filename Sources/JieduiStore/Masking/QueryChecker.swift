import GRDB
import GRDBSQLite
import JieduiCore

/// Decides, before a masked `sql` query runs, whether it reads a masked column of a real table
/// other than from inside its masking view (`main.child`, a CTE, a subquery, a join…).
///
/// SQLite's authorizer is told of every column a statement reads while it is compiled,
/// including the columns its views and subqueries read, with the innermost view responsible.
/// GRDB, though, keeps its own authorizer on its connection for the connection's whole life:
/// it tracks transactions and schema changes with it, and it cannot be put back once replaced
/// (SQLite has no way to read the current one). So the query is compiled — never run — on a
/// private in-memory database that has the real connection's schema, the same masking views
/// and the same functions (GRDB's defaults and ours), with this checker as its authorizer. The
/// same text on the same schema reads the same columns; only a query accepted here runs on
/// the real connection.
final class QueryChecker {
    enum Verdict: Equatable {
        case allowed
        /// Why the query may not run: the first masked column it reads unmasked, or the rowid
        /// of a view (which SQLite would quietly give as NULL).
        case refused(Message)
        /// The query did not compile here, so it could not be checked.
        case failed
    }

    /// Tables whose rows hold a database's raw content: pages, and samples of index keys.
    private static let rawContentTables: Set<String> = ["sqlite_dbpage", "sqlite_stat3", "sqlite_stat4"]

    private let views: MaskingViews
    private let maskedColumns: [String: Set<String>]
    private var refusal: Message?

    private init(views: MaskingViews) {
        self.views = views
        maskedColumns = views.maskedColumns
    }

    /// Compiles `sql` on a copy of the schema (the real connection's `main` schema, as SQL
    /// text) with the masking views, and says whether it may run.
    static func check(_ sql: String, schema: [String], analyzed: Bool, views: MaskingViews) throws -> Verdict {
        let checker = QueryChecker(views: views)
        let copy = try DatabaseQueue()
        defer { try? copy.close() }
        return try copy.inDatabase { db in
            for statement in schema { try db.execute(sql: statement) }
            if analyzed { try db.execute(sql: "ANALYZE") }
            guard let connection = db.sqliteConnection else { preconditionFailure("an open database without a connection") }
            ColumnMask.registerFunctions(on: connection)
            for statement in views.createStatements { try db.execute(sql: statement) }
            return checker.compile(sql, on: connection)
        }
    }

    /// The `main` schema of a connection as the statements that make it, tables first.
    static func schema(of db: Database) throws -> (statements: [String], analyzed: Bool) {
        let statements = try String.fetchAll(db, sql: """
            SELECT sql FROM main.sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid
            """)
        let analyzed = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM main.sqlite_master WHERE name = 'sqlite_stat1'") ?? false
        return (statements, analyzed)
    }

    private func compile(_ sql: String, on connection: OpaquePointer) -> Verdict {
        refusal = nil
        var statement: OpaquePointer?
        let code = withExtendedLifetime(self) {
            sqlite3_set_authorizer(connection, authorizerCallback, Unmanaged.passUnretained(self).toOpaque())
            defer { sqlite3_set_authorizer(connection, nil, nil) }
            return sql.withCString { sqlite3_prepare_v3(connection, $0, -1, 0, &statement, nil) }
        }
        sqlite3_finalize(statement)
        if let refusal { return .refused(refusal) }
        return code == SQLITE_OK ? .allowed : .failed
    }

    /// The authorizer: a read of a masked column of `main` is allowed only from inside the
    /// view that masks that table; raw content and other databases are never read.
    fileprivate func authorize(_ action: Int32, _ first: UnsafePointer<CChar>?, _ second: UnsafePointer<CChar>?,
                               _ database: UnsafePointer<CChar>?, _ view: UnsafePointer<CChar>?) -> Int32 {
        switch action {
        case SQLITE_READ:
            let table = first.map { String(cString: $0) } ?? ""
            let column = second.map { String(cString: $0) } ?? ""
            let databaseName = database.map { String(cString: $0) } ?? ""
            if Self.rawContentTables.contains(table.lowercased()) { return refuse(.sqlMaskedColumn(table: table, column: column)) }
            switch databaseName {
            case "temp":
                // A view has no rowid; the masking views stand for tables that have one.
                let isMaskingView = maskedColumns[table.lowercased()] != nil
                return isMaskingView && column.lowercased() == "rowid" ? refuse(.sqlMaskedRowid(table: table)) : SQLITE_OK
            case "main", "":
                guard maskedColumns[table.lowercased()]?.contains(column.lowercased()) == true else { return SQLITE_OK }
                let responsible = view.map { String(cString: $0) }
                return responsible == views.innerName(of: table) ? SQLITE_OK : refuse(.sqlMaskedColumn(table: table, column: column))
            default:
                // No database is attached to the store's connection; whatever this is, it is
                // not read.
                return refuse(.sqlMaskedColumn(table: table, column: column))
            }
        case SQLITE_ATTACH:
            return refuse(.sqlNotReadOnly)
        default:
            return SQLITE_OK
        }
    }

    private func refuse(_ message: Message) -> Int32 {
        if refusal == nil { refusal = message }
        return SQLITE_DENY
    }
}

/// The C entry of the authorizer; the user data is the `QueryChecker`.
private let authorizerCallback: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                                       UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = { data, action, first, second, database, view in
    guard let data else { return SQLITE_DENY }
    return Unmanaged<QueryChecker>.fromOpaque(data).takeUnretainedValue().authorize(action, first, second, database, view)
}
