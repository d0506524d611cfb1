import JieduiCore

/// PostgreSQL's SQL, as a district's server speaks it, giving what SQLite gives: dates stay ISO
/// text (checked by a regular expression), text compares and sorts by its bytes (`COLLATE "C"`,
/// whatever the server's locale), NULL sorts first, and conditions become 1 or 0 where a number
/// is wanted.
package struct PostgreSQLDialect: SQLDialect {
    package init() {}

    package func placeholder(_ index: Int) -> String { "$\(index)" }

    // `to_char`, not a cast to text, whose form follows the server's DateStyle.
    package func adding(days: Int, to date: String) -> String {
        "to_char(CAST(\(date) AS date) + \(days), 'YYYY-MM-DD')"
    }

    package func isISODate(_ column: String) -> String { "\(column) ~ '^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$'" }

    package func isQuarter(_ column: String) -> String { "\(column) ~ '^[12][0-9]{3}Q[1-4]$'" }

    package func joined(_ expression: String, separator: String) -> String { "string_agg(\(expression), \(text(separator)))" }

    package func joinedDistinct(_ expression: String) -> String { "string_agg(DISTINCT \(expression), ',')" }

    package func joinedInOrder(_ column: String, from table: String, where condition: String, orderBy order: String, separator: String) -> String {
        "(SELECT string_agg(\(column), \(text(separator)) ORDER BY \(order)) FROM \(table) WHERE \(condition))"
    }

    package var alwaysTrue: String { "true" }
    package var alwaysFalse: String { "false" }
    package func integer(_ condition: String) -> String { "(CASE WHEN \(condition) THEN 1 ELSE 0 END)" }
    // `sum` of bigint is numeric in PostgreSQL.
    package func integerSum(_ expression: String) -> String { "CAST(sum(\(expression)) AS bigint)" }
    package func order(_ expression: String, descending: Bool) -> String {
        descending ? expression + " DESC NULLS LAST" : expression + " NULLS FIRST"
    }
    package var like: String { "ILIKE" }
    package func contains(_ text: String, _ part: String) -> String { "strpos(\(text), \(part)) > 0" }
    package func isDistinct(_ a: String, from b: String) -> String { "\(a) IS DISTINCT FROM \(b)" }
    package func least(_ a: String, _ b: String) -> String { "least(\(a), \(b))" }
    package func current(_ column: String, of table: String) -> String { "\(table).\(column)" }
    // The planner weighs an index by its statistics; there is nothing to steer.
    package func withoutIndex(_ expression: String) -> String { expression }

    package var textColumn: String { "text COLLATE \"C\"" }
    package var integerColumn: String { "bigint" }
    package var recordNumberKey: String { "n bigint PRIMARY KEY" }
    package var linkTableOptions: String { "" }
    package var auditSequenceKey: String { "seq bigint PRIMARY KEY" }
    // PostgreSQL reserves `user`: unquoted, it is the current role on every row.
    package var auditClerk: String { "clerk" }
}
