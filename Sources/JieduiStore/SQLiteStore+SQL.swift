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

/// The columns of a statement by name, for a query streaming a million rows that reads each
/// column by its name. A row's columns are asked for in the same order at every row, so the
/// search starts just after the column found last: nearly always one comparison of short
/// strings, where a dictionary would hash the name every time.
final class ColumnIndex {
    /// The statement's column names; nil for a name that came earlier too (the first is meant).
    private let names: [String?]
    private var next = 0

    init(_ statement: Statement) {
        var seen: Set<String> = []
        names = statement.columnNames.map { seen.insert($0).inserted ? $0 : nil }
    }

    /// The place of a column the query names; one it does not name is a bug.
    subscript(_ name: String) -> Int {
        var index = next
        for _ in names.indices {
            if names[index] == name {
                next = index + 1 == names.count ? 0 : index + 1
                return index
            }
            index = index + 1 == names.count ? 0 : index + 1
        }
        preconditionFailure("the query has no column \(name)")
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
