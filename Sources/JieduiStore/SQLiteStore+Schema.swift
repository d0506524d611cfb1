import Foundation
import GRDB
import JieduiCore

/// The schema of a jiedui database file: the steps of `SchemaHistory`, which every store shares,
/// as named migrations. Closed sets, defaults and limits are generated from Core's enumerations
/// and schema (`SchemaSQL`); a change to an enumeration is a new migration that rebuilds the
/// tables that check it (as `v4` does), or databases made before it refuse the new value.
extension SQLiteStore {
    /// `application_id` of every jiedui database ("JDUI"), so that another SQLite file is recognised.
    static let applicationID: Int32 = 0x4A44_5549

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        let schema = SchemaSQL(dialect)
        for migration in SchemaHistory.migrations {
            migrator.registerMigration(migration.identifier) { db in
                // What a file older than the step needs besides the step's own statements.
                if migration.identifier == "v4" { try rewriteEnumerationChecks(db) }
                // 联系父母 among the visit kinds, which a file made before refuses until its visit
                // table is rebuilt with the new closed set.
                if migration.identifier == "v5" { try rewriteClosedSet(db, table: "visit", column: "kind", .visitKind) }
                for statement in migration.statements(schema) { try db.execute(sql: statement) }
                if migration.identifier == "v3" { try chainAuditEntries(db) }
            }
        }
        return migrator
    }()

    /// v3: the entries written before the audit log became a hash chain are chained in order.
    private static func chainAuditEntries(_ db: Database) throws {
        var previous = ""
        let rows = try Row.fetchAll(db, sql: "SELECT seq, time, user, command, refs, old FROM audit ORDER BY seq")
        for row in rows {
            let entry = AuditEntry(seq: row["seq"], time: row["time"], user: row["user"], command: row["command"],
                                   refs: (row["refs"] as String).isEmpty ? [] : (row["refs"] as String).components(separatedBy: ","), old: row["old"])
            previous = AuditChain.hash(entry, previous: previous)
            try db.execute(sql: "UPDATE audit SET hash = ? WHERE seq = ?", arguments: [previous, entry.seq])
        }
    }

    /// Rebuilds `table` with the CHECK of `column`'s closed set (`column = 'a' OR …`) made from
    /// `enumeration` as it is now, when the stored one differs; rows, other constraints and
    /// indexes stay as they were.
    static func rewriteClosedSet(_ db: Database, table: String, column: String, _ enumeration: Enumeration) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) else {
            throw DatabaseError(message: "no table \(table)")
        }
        let label = "'(?:[^']|'')*'"
        let pattern = try NSRegularExpression(pattern: "CHECK \\(\(column) = \(label)(?: OR \(column) = \(label))*\\)")
        guard let match = pattern.firstMatch(in: sql, range: NSRange(sql.startIndex..., in: sql)), let range = Range(match.range, in: sql) else {
            throw DatabaseError(message: "no closed set of \(table).\(column)")
        }
        let check = SchemaSQL(dialect).closedSet(column, enumeration)
        guard sql[range] != check else { return }
        try rebuild(db, table: table, as: sql.replacingCharacters(in: range, with: check))
    }

    /// Replaces a table by one of the same name, columns and indexes made by `definition`, with
    /// its rows: SQLite's "other kinds of table schema changes". The migrator turns foreign keys
    /// off around a migration and checks them after.
    static func rebuild(_ db: Database, table name: String, as definition: String) throws {
        let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [name])
        // A table that was rebuilt before is named in quotes: SQLite's RENAME writes it so.
        guard let body = ["CREATE TABLE \(name) (", "CREATE TABLE \"\(name)\" ("].first(where: definition.hasPrefix)
            .map({ definition.dropFirst($0.count) }) else {
            throw DatabaseError(message: "unexpected definition of table \(name)")
        }
        let rebuilt = name + "_rebuilt"
        try db.execute(sql: "CREATE TABLE \(rebuilt) (" + body)
        try db.execute(sql: "INSERT INTO \(rebuilt) SELECT * FROM \(name)")
        try db.execute(sql: "DROP TABLE \(name)")
        try db.execute(sql: "ALTER TABLE \(rebuilt) RENAME TO \(name)")
        for index in indexes { try db.execute(sql: index) }
    }

    /// v4: faster writes. Closed sets are checked by comparisons rather than `IN` lists:
    /// rebuilds every table whose CHECKs test a closed set with `IN (…)`, with the same
    /// columns, rows and indexes and those CHECKs written as comparisons. SQLite builds a
    /// temporary b-tree of an `IN` list each time it checks a row, which made writing a family
    /// cost four times what the comparisons do. The steps are those of SQLite's "other kinds of
    /// table schema changes"; the migrator turns foreign keys off around them and checks them
    /// after.
    static func rewriteEnumerationChecks(_ db: Database) throws {
        let tables = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK (% IN (%' ORDER BY name")
        for table in tables {
            let name: String = table["name"], sql: String = table["sql"]
            try rebuild(db, table: name, as: orChainedChecks(sql))
        }
    }

    /// `CHECK (x IN ('a', 'b'))` becomes `CHECK (x = 'a' OR x = 'b')`: the same test, NULL
    /// passing both, with no list to build.
    static func orChainedChecks(_ sql: String) -> String {
        let check = try! NSRegularExpression(pattern: #"CHECK \((\w+) IN \(((?:'(?:[^']|'')*'(?:, *)?)+)\)\)"#)
        let item = try! NSRegularExpression(pattern: #"'(?:[^']|'')*'"#)
        var result = ""
        var text = sql
        while let match = check.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let whole = Range(match.range, in: text), let column = Range(match.range(at: 1), in: text),
              let list = Range(match.range(at: 2), in: text) {
            let listText = String(text[list])
            let items = item.matches(in: listText, range: NSRange(listText.startIndex..., in: listText))
                .compactMap { Range($0.range, in: listText).map { String(listText[$0]) } }
            result += text[..<whole.lowerBound]
            result += "CHECK (" + items.map { "\(text[column]) = \($0)" }.joined(separator: " OR ") + ")"
            text = String(text[whole.upperBound...])
        }
        return result + text
    }
}
