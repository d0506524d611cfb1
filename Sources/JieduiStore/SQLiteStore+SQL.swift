import GRDB
import JieduiCore

/// SQLite's side of the shared SQL: its dialect, how arguments bind, and how rows read back.
extension SQLiteStore {
    /// The SQL this store speaks.
    static let dialect = SQLiteDialect()
    /// Fields and `where` expressions in that SQL.
    static let sql = RecordSQL(dialect)
    /// The record contract's statements in that SQL.
    static let statements = RecordStatements(dialect)

    /// Statement arguments from stored values. GRDB's initializer for a sequence of one
    /// convertible type reads them through a key path, which Swift builds anew at every call;
    /// this one is a closure, measurably cheaper on a script's hundreds of thousands of inserts.
    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { $0.databaseValue as (any DatabaseValueConvertible)? })
    }

    /// The rows of an SQL text, with their column names.
    func rows(_ sql: String) throws -> SQLResult {
        try access { db in try Self.rows(db, sql) }
    }

    /// The rows of an SQL text on a connection, with their column names; a cursor's row is read
    /// in place, not copied.
    static func rows(_ db: Database, _ sql: String) throws -> SQLResult {
        let statement = try db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement)
        var result: [[Value]] = []
        while let row = try cursor.next() { result.append(values(row)) }
        return SQLResult(columns: statement.columnNames, rows: result)
    }

    /// Every column of a row of a query with no field types behind it (`sql`, the rules'
    /// aggregates): numbers as numbers, text as text.
    static func values(_ row: Row) -> [Value] {
        (0..<row.count).map { index in
            let value: DatabaseValue = row[index]
            switch value.storage {
            case .null: return .null
            case .int64(let n): return .int(Int(n))
            case .double(let d): return .text(String(d))
            case .string(let s): return .text(s)
            case .blob(let data): return .text("<\(data.count) bytes>")
            }
        }
    }

    /// A column read back as the field's value type.
    static func value(_ dbValue: DatabaseValue, as type: FieldType) -> Value {
        switch dbValue.storage {
        case .null: return .null
        case .int64(let n): return .int(Int(n))
        case .double(let d): return .int(Int(d))
        case .blob: return .null
        case .string(let s): return RecordStatements.value(text: s, as: type)
        }
    }
}

/// The columns of a statement by name, found once per query rather than at every row, so that a
/// query streaming a million rows reads each column by its name at the cost of an index.
struct ColumnIndex {
    private let places: [String: Int]

    init(_ statement: Statement) {
        var places: [String: Int] = [:]
        for (index, name) in statement.columnNames.enumerated() where places[name] == nil { places[name] = index }
        self.places = places
    }

    /// The place of a column the query names; one it does not name is a bug.
    subscript(_ name: String) -> Int {
        guard let index = places[name] else { preconditionFailure("the query has no column \(name)") }
        return index
    }
}

extension SQLValue {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .int(let n): n.databaseValue
        case .text(let s): s.databaseValue
        }
    }
}
