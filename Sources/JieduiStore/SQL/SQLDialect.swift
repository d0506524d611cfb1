import JieduiCore

/// What differs between the SQL of the databases a store may use, and nothing else: the queries
/// of check, due, the exports and the records are written once against this, so that a store on
/// another database adds a dialect, not a rewrite. SQL that both SQLite and PostgreSQL read alike
/// (`ON CONFLICT (…) DO UPDATE SET … = excluded.…`, `RETURNING`, `LIMIT`, `LIKE … ESCAPE`,
/// `coalesce`, `EXISTS`) is written as it is.
package protocol SQLDialect: Sendable {
    /// The placeholder of the `index`-th argument (from 1): `?` or `$1`.
    func placeholder(_ index: Int) -> String

    // MARK: Dates (ISO text in SQLite)
    /// The date `days` days after a date (before it when negative).
    func adding(days: Int, to date: String) -> String
    /// Whether a column holds an ISO date (`2024-01-05`), for a CHECK.
    func isISODate(_ column: String) -> String
    /// Whether a column holds a quarter (`2024Q1`), for a CHECK.
    func isQuarter(_ column: String) -> String

    // MARK: Lists of a group's values as one text
    /// An aggregate joining `expression` of a group's rows with `separator`, in no set order.
    func joined(_ expression: String, separator: String) -> String
    /// An aggregate joining the distinct values of `expression`, separated by `,`.
    func joinedDistinct(_ expression: String) -> String
    /// A scalar subquery joining `column` of the rows of `table` where `condition` holds, in the
    /// order of `order`, with `separator`.
    func joinedInOrder(_ column: String, from table: String, where condition: String, orderBy order: String, separator: String) -> String

    // MARK: Booleans and comparisons
    /// A condition that always holds.
    var alwaysTrue: String { get }
    /// A condition that never holds.
    var alwaysFalse: String { get }
    /// 1 where a condition holds, else 0 (for `sum`).
    func integer(_ condition: String) -> String
    /// The sum of whole numbers, as a whole number.
    func integerSum(_ expression: String) -> String
    /// An ORDER BY term that sorts NULL first, as SQLite does: before every value ascending,
    /// after every value descending.
    func order(_ expression: String, descending: Bool) -> String
    /// The LIKE that ignores the case of ASCII letters, as SQLite's LIKE does.
    var like: String { get }
    /// Whether `part` occurs in `text`.
    func contains(_ text: String, _ part: String) -> String
    /// Whether two values differ, NULL counting as a value.
    func isDistinct(_ a: String, from b: String) -> String
    /// The smaller of two values.
    func least(_ a: String, _ b: String) -> String
    /// The value a row has now, in the SET of an upsert (`ON CONFLICT … DO UPDATE SET`).
    func current(_ column: String, of table: String) -> String
    /// The expression, read so that the planner does not use an index on it (where reading the
    /// table in order is faster than the index).
    func withoutIndex(_ expression: String) -> String

    // MARK: Definitions (`SchemaHistory`)
    /// The type of a column of text, compared and sorted by its bytes (UTF-8 order, which is the
    /// order of code points) whatever the database's locale.
    var textColumn: String { get }
    /// The type of a column of whole numbers (64 bits).
    var integerColumn: String { get }
    /// The key column `n` of a table of records with ids: the id's number, which the store gives.
    var recordNumberKey: String { get }
    /// What follows the definition of a link table (whose key is its two references).
    var linkTableOptions: String { get }
    /// The key column `seq` of the audit log: the entry's number, which the store gives, one
    /// more than the last ever given.
    var auditSequenceKey: String { get }
    /// The audit log's column naming who made the change (`AuditEntry.user`).
    var auditClerk: String { get }
}

/// Fragments every dialect writes alike: literals of what the program itself makes (labels of
/// closed sets, dates, numbers), never of what a user typed, which is bound as an argument.
extension SQLDialect {
    /// A text literal.
    package func text(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "'")) else { return "'" + value + "'" }
        return "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }

    /// A name in double quotes, its own double quotes doubled: SQL's quoted identifier.
    package func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A date literal: ISO text.
    package func date(_ day: Day) -> String { text(day.iso) }

    /// The month and day of an ISO date, as `MM-DD` text.
    package func monthDay(_ date: String) -> String { "substr(\(date),6,5)" }

    /// Whole years from the ISO date `born` to the ISO date `day`: the difference of the years,
    /// less one before the birthday.
    package func age(born: String, on day: String) -> String {
        "(CAST(substr(\(day),1,4) AS \(integerColumn)) - CAST(substr(\(born),1,4) AS \(integerColumn)) - (\(integer("\(monthDay(day)) < \(monthDay(born))"))))"
    }

    /// A parenthesised list of text literals, for `IN`.
    package func list(_ values: [String]) -> String {
        "(" + values.map(text).joined(separator: ",") + ")"
    }
}

/// SQLite's SQL, as the town's file speaks it.
package struct SQLiteDialect: SQLDialect {
    package init() {}

    package func placeholder(_ index: Int) -> String { "?" }

    package func adding(days: Int, to date: String) -> String {
        "date(\(date), '\(days >= 0 ? "+" : "")\(days) day\(abs(days) == 1 ? "" : "s")')"
    }

    package func isISODate(_ column: String) -> String { "\(column) GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'" }

    package func isQuarter(_ column: String) -> String { "\(column) GLOB '[12][0-9][0-9][0-9]Q[1-4]'" }

    package func joined(_ expression: String, separator: String) -> String { "group_concat(\(expression), \(text(separator)))" }

    // SQLite takes DISTINCT only in an aggregate of one argument: its separator is `,`.
    package func joinedDistinct(_ expression: String) -> String { "group_concat(DISTINCT \(expression))" }

    // An ordered subquery: SQLite's group_concat keeps the order the rows come in.
    package func joinedInOrder(_ column: String, from table: String, where condition: String, orderBy order: String, separator: String) -> String {
        "(SELECT \(joined(column, separator: separator)) FROM (SELECT \(column) FROM \(table) WHERE \(condition) ORDER BY \(order)))"
    }

    package var alwaysTrue: String { "1" }
    package var alwaysFalse: String { "0" }
    package func integer(_ condition: String) -> String { condition }
    package func integerSum(_ expression: String) -> String { "sum(\(expression))" }
    package func order(_ expression: String, descending: Bool) -> String { descending ? expression + " DESC" : expression }
    package var like: String { "LIKE" }
    package func contains(_ text: String, _ part: String) -> String { "instr(\(text), \(part)) > 0" }
    package func isDistinct(_ a: String, from b: String) -> String { "\(a) IS NOT \(b)" }
    package func least(_ a: String, _ b: String) -> String { "min(\(a), \(b))" }
    package func current(_ column: String, of table: String) -> String { column }
    package func withoutIndex(_ expression: String) -> String { "+\(expression)" }

    package var textColumn: String { "TEXT" }
    package var integerColumn: String { "INTEGER" }
    // The rowid itself.
    package var recordNumberKey: String { "n INTEGER PRIMARY KEY" }
    package var linkTableOptions: String { " WITHOUT ROWID" }
    // AUTOINCREMENT keeps the last number given in sqlite_sequence, past a deleted last entry.
    package var auditSequenceKey: String { "seq INTEGER PRIMARY KEY AUTOINCREMENT" }
    package var auditClerk: String { "user" }
}
