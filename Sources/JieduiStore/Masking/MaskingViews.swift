import GRDB

/// The TEMP views a masked `sql` query runs against: for each table with a masked column, an
/// inner view that reads the table and masks those columns, and over it a view with the
/// table's own name, which an unqualified name in the query finds before the table (SQLite
/// looks in `temp` first).
///
/// The inner view's name is random for each query. The authorizer lets a masked column be
/// read only from inside that view, and it knows a view only by name — the same name a
/// query's own `WITH x AS (…)` would give its reads. A query cannot name what it cannot know.
///
/// The views are plain projections, so SQLite flattens them into the query: nothing is
/// copied, indexes on unmasked columns still serve, and a masking function runs only for
/// the masked columns a query actually uses.
struct MaskingViews {
    private static let dialect = SQLiteDialect()

    struct Table {
        let name: String
        /// Every column in order, with its mask if it has one.
        let columns: [(name: String, mask: ColumnMask?)]
    }

    /// The tables with at least one masked column.
    let tables: [Table]
    let secret: String

    /// Reads the tables of the `main` database and how each column is masked.
    init(_ db: Database) throws {
        var tables: [Table] = []
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name
            """)
        for name in names {
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid", arguments: [name])
            let masked = columns.map { (name: $0, mask: ColumnMask.of(table: name, column: $0)) }
            if masked.contains(where: { $0.mask != nil }) { tables.append(Table(name: name, columns: masked)) }
        }
        self.tables = tables
        var generator = SystemRandomNumberGenerator()
        secret = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: "_")
    }

    /// The name of the view that masks `table`.
    func innerName(of table: String) -> String {
        "jiedui_masked_\(secret)_\(table)"
    }

    /// The masked columns by table, keyed in lower case (SQLite compares names without case).
    var maskedColumns: [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: tables.map { table in
            (table.name.lowercased(), Set(table.columns.filter { $0.mask != nil }.map { $0.name.lowercased() }))
        })
    }

    var createStatements: [String] {
        tables.flatMap { table in
            let columns = table.columns.map { column in
                let name = Self.dialect.identifier(column.name)
                return column.mask.map { "\($0.function)(\(name)) AS \(name)" } ?? name
            }
            let inner = Self.dialect.identifier(innerName(of: table.name))
            return [
                "CREATE TEMP VIEW \(inner) AS SELECT \(columns.joined(separator: ", ")) FROM main.\(Self.dialect.identifier(table.name))",
                "CREATE TEMP VIEW \(Self.dialect.identifier(table.name)) AS SELECT * FROM temp.\(inner)",
            ]
        }
    }

    var dropStatements: [String] {
        tables.flatMap { table in
            ["DROP VIEW IF EXISTS temp.\(Self.dialect.identifier(table.name))", "DROP VIEW IF EXISTS temp.\(Self.dialect.identifier(innerName(of: table.name)))"]
        }
    }
}
