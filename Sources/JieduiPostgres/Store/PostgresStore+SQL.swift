import Foundation
import JieduiCore
import JieduiStore

/// The power user's read-only SQL on the server.
///
/// Read-only: the query runs in a savepoint of the current transaction (so it sees the script's
/// own rows) made read-only with `SET TRANSACTION READ ONLY`, which the server keeps for the
/// savepoint (no write, no `nextval`, no way back to read-write), with a statement timeout; the
/// savepoint is then rolled back, whatever happened, and leaves nothing behind.
///
/// Masked, the query must not see a personal number unmasked, whatever it does with it. Every
/// table of the town is shadowed, in the session's temporary schema (which an unqualified name
/// finds first), by a view of the same name whose personal columns go through Core's masking
/// (`MaskingFunctions`); the query is then checked on the server's own parse of it, before it
/// runs: made into a temporary view, whose stored query tree (`pg_rewrite.ev_action`) names every
/// relation, function and operator it uses. It runs only when every relation is one of those
/// views and every function is the masking's own or a built-in one (`pg_catalog`) that is not
/// volatile and reads no table or query by name (`query_to_xml`, `table_to_xml`, `ts_stat`…).
/// So `jinbao.child`, `pg_stats` (which samples column values) and any function of another
/// schema are refused, not masked: what cannot be masked does not run.
extension PostgresStore {
    public func readOnlySQL(_ sql: String, masked: Bool) throws -> SQLResult {
        let (trimmed, isExplain) = try RecordSQL.query(sql)
        // One statement: a server takes one per query anyway, and says so in its own words.
        var text = trimmed
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        if text.contains(";") && Self.hasSecondStatement(text) { throw StoreError(.refused, .sqlOneStatement) }

        let ownTransaction = !inTransaction
        if ownTransaction {
            try execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        } else {
            // What this transaction keeps in memory is written first, so that `id_counter` and
            // `audit_head` read as they are.
            try flushTransactionState()
        }
        defer {
            if ownTransaction {
                _ = try? connection.execute("ROLLBACK")
            } else {
                _ = try? connection.execute("ROLLBACK TO SAVEPOINT jiedui_sql")
                _ = try? connection.execute("RELEASE SAVEPOINT jiedui_sql")
            }
        }
        if !ownTransaction { try execute("SAVEPOINT jiedui_sql") }
        let statement: String
        if masked {
            try makeMaskingViews()
            try check(Self.innerStatement(text))
            // Exactly what was checked: the query as a subquery, read whole.
            statement = isExplain ? text : "SELECT * FROM (\n\(text)\n) AS jiedui_query_rows"
        } else {
            statement = text
        }
        try execute("SET TRANSACTION READ ONLY")
        try execute("SELECT set_config('statement_timeout', $1, true)", [.text(Self.sqlStatementTimeout)])
        let rows = try query(statement)
        if let first = rows.first {
            return SQLResult(columns: first.columns, rows: rows.map { $0.values.map(Self.value) })
        }
        return SQLResult(columns: try columns(of: text, masked: masked, isExplain: isExplain), rows: [])
    }

    /// Whether text holds a `;` outside quotes and comments with more after it.
    static func hasSecondStatement(_ text: String) -> Bool {
        var scanner = SQLScanner(text)
        while let token = scanner.next() {
            if token == ";" { return true }
        }
        return false
    }

    /// The names of the columns a query gives, for a query that gave no rows: the server sends
    /// them with the rows only, so the query is asked again joined to one row on nothing.
    private func columns(of text: String, masked: Bool, isExplain: Bool) throws -> [String] {
        if isExplain { return [] }
        let probe = "SELECT * FROM (VALUES (0)) AS jiedui_probe(jiedui_probe) LEFT JOIN LATERAL (\n\(text)\n) AS jiedui_query_rows ON false"
        return Array((try query(probe).first?.columns ?? []).dropFirst())
    }

    /// The statement an EXPLAIN explains (what the check must see), or the text itself.
    static func innerStatement(_ text: String) -> String {
        var scanner = SQLScanner(text)
        guard scanner.nextWord()?.uppercased() == "EXPLAIN" else { return text }
        var mark = scanner.position
        if scanner.peekCharacter() == "(" {
            _ = scanner.skipParenthesised()
            mark = scanner.position
        }
        while let word = scanner.nextWord() {
            guard ["ANALYZE", "ANALYSE", "VERBOSE"].contains(word.uppercased()) else { break }
            mark = scanner.position
        }
        return String(text.unicodeScalars[mark...])
    }

    /// Shadows every table of the town with a view that masks its personal columns, in the
    /// session's temporary schema, and makes the masking functions there.
    private func makeMaskingViews() throws {
        try execute("SELECT set_config('search_path', 'pg_temp, pg_catalog', true)")
        for statement in MaskingFunctions.all { try execute(statement) }
        let rows = try query("""
            SELECT c.relname AS tbl, a.attname AS col FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, [.text(town)])
        var tables: [(name: String, columns: [String])] = []
        for row in rows {
            guard let table = row["tbl"].textValue, let column = row["col"].textValue else { continue }
            if tables.last?.name != table { tables.append((table, [])) }
            tables[tables.count - 1].columns.append(column)
        }
        for table in tables {
            let columns = table.columns.map { column in
                let name = Self.dialect.identifier(column)
                // The audit's clerk is the file's `user`, masked as that is.
                switch ColumnMask.of(table: table.name, column: column == "clerk" && table.name == "audit" ? "user" : column) {
                case .personalNumber?: return "\(MaskingFunctions.personalNumber)(\(name)) AS \(name)"
                case .freeText?: return "\(MaskingFunctions.freeText)(\(name)) AS \(name)"
                case nil: return name
                }
            }
            try execute("CREATE TEMP VIEW \(Self.dialect.identifier(table.name)) AS SELECT \(columns.joined(separator: ", ")) FROM \(town).\(Self.dialect.identifier(table.name))")
        }
    }

    /// Built-in functions that are not volatile yet read a table, a cursor or a query named by
    /// their arguments, or what other sessions run: they would read past the masking views.
    static let functionsReadingByName: Set<String> = [
        "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
        "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
        "cursor_to_xml", "cursor_to_xmlschema",
        "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
        "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
        "ts_stat", "ts_rewrite", "pg_stat_get_activity", "pg_stat_get_backend_activity",
    ]

    /// Checks a masked query on the server's parse of it (see the type's comment); refuses it
    /// with the first relation or function it may not use.
    private func check(_ statement: String) throws {
        try execute("CREATE TEMP VIEW jiedui_query AS SELECT 1 FROM (\n\(statement)\n) AS jiedui_query_rows")
        guard let tree = try query("SELECT ev_action::text AS tree FROM pg_rewrite WHERE ev_class = 'pg_temp.jiedui_query'::regclass")
            .first?["tree"].textValue else { throw StoreError(.refused, .sqlUncheckable) }
        let relations = Self.numbers(in: tree, after: [":relid"])
        let functions = Self.numbers(in: tree, after: [":funcid", ":opfuncid", ":aggfnoid", ":winfnoid"])
        let operators = Self.numbers(in: tree, after: [":opno", ":sortop", ":eqop"]).union(Self.lists(in: tree, after: ":opnos"))
        if !relations.isEmpty {
            // The masking views and the check's own view are all temporary.
            let rows = try query("""
                SELECT c.relname AS name, n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ANY($1::oid[]) AND n.oid <> pg_my_temp_schema() ORDER BY c.relname
                """, [.text(Self.oidArray(relations))])
            if let row = rows.first {
                let schema = row["schema"].textValue ?? "", name = row["name"].textValue ?? ""
                throw StoreError(.refused, .sqlServerRelation("\(schema).\(name)"))
            }
        }
        let called = functions.isEmpty && operators.isEmpty ? [] : try query("""
            SELECT p.proname AS name, n.nspname AS schema, p.provolatile::text AS volatility,
                   n.oid = pg_my_temp_schema() AS own,
                   EXISTS (SELECT 1 FROM unnest(p.proargtypes) AS t WHERE t IN ('regclass'::regtype, 'refcursor'::regtype)) AS by_name
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.oid = ANY($1::oid[]) OR p.oid IN (SELECT o.oprcode FROM pg_operator o WHERE o.oid = ANY($2::oid[]))
            ORDER BY p.proname
            """, [.text(Self.oidArray(functions)), .text(Self.oidArray(operators))])
        for row in called {
            let name = row["name"].textValue ?? "", schema = row["schema"].textValue ?? ""
            if row["own"].boolValue == true, MaskingFunctions.names.contains(name) { continue }
            let builtIn = schema == "pg_catalog" && row["volatility"].textValue != "v"
            if !builtIn || row["by_name"].boolValue == true || Self.functionsReadingByName.contains(name) {
                throw StoreError(.refused, .sqlServerFunction(schema == "pg_catalog" ? name : "\(schema).\(name)"))
            }
        }
    }

    /// The numbers after any of `keys` in a node tree's text (`:funcid 1234`).
    static func numbers(in tree: String, after keys: [String]) -> Set<Int> {
        var found: Set<Int> = []
        for key in keys {
            var rest = tree[...]
            while let range = rest.range(of: key + " ") {
                let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
                if let number = Int(digits), number != 0 { found.insert(number) }
                rest = rest[range.upperBound...]
            }
        }
        return found
    }

    /// The numbers of an OID list after `key` in a node tree's text (`:opnos (o 96 97)`).
    static func lists(in tree: String, after key: String) -> Set<Int> {
        var found: Set<Int> = []
        var rest = tree[...]
        while let range = rest.range(of: key + " (o") {
            let list = rest[range.upperBound...].prefix { $0 != ")" }
            for part in list.split(separator: " ") { if let number = Int(part) { found.insert(number) } }
            rest = rest[range.upperBound...]
        }
        return found
    }

    static func oidArray(_ numbers: Set<Int>) -> String {
        "{" + numbers.sorted().map(String.init).joined(separator: ",") + "}"
    }
}

/// Just enough of SQL's lexical rules to find words and `;` outside quotes, dollar quotes and
/// comments.
struct SQLScanner {
    private let scalars: [Unicode.Scalar]
    private(set) var offset = 0
    private let text: String

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    /// Where the scanner stands, as an index of the text's scalars.
    var position: String.UnicodeScalarView.Index {
        text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: offset)
    }

    mutating func skipSpaceAndComments() {
        while offset < scalars.count {
            let c = scalars[offset]
            if c.properties.isWhitespace { offset += 1; continue }
            if c == "-", offset + 1 < scalars.count, scalars[offset + 1] == "-" {
                while offset < scalars.count, scalars[offset] != "\n" { offset += 1 }
                continue
            }
            if c == "/", offset + 1 < scalars.count, scalars[offset + 1] == "*" {
                var depth = 0
                while offset < scalars.count {
                    if scalars[offset] == "/", offset + 1 < scalars.count, scalars[offset + 1] == "*" { depth += 1; offset += 2; continue }
                    if scalars[offset] == "*", offset + 1 < scalars.count, scalars[offset + 1] == "/" {
                        depth -= 1
                        offset += 2
                        if depth == 0 { break }
                        continue
                    }
                    offset += 1
                }
                continue
            }
            return
        }
    }

    func peekCharacter() -> Unicode.Scalar? {
        var copy = self
        copy.skipSpaceAndComments()
        return copy.offset < scalars.count ? scalars[copy.offset] : nil
    }

    /// The next word of letters, or nil when the next token is something else.
    mutating func nextWord() -> String? {
        skipSpaceAndComments()
        let start = offset
        while offset < scalars.count, scalars[offset].properties.isAlphabetic || scalars[offset] == "_" { offset += 1 }
        guard offset > start else { return nil }
        return String(String.UnicodeScalarView(scalars[start..<offset]))
    }

    /// Skips a parenthesised group, quotes and all; false when it does not close.
    mutating func skipParenthesised() -> Bool {
        skipSpaceAndComments()
        var depth = 0
        while let token = next() {
            if token == "(" { depth += 1 }
            if token == ")" { depth -= 1; if depth == 0 { return true } }
        }
        return false
    }

    /// The next token: a quoted string, a dollar-quoted string, a word, or one character.
    mutating func next() -> String? {
        skipSpaceAndComments()
        guard offset < scalars.count else { return nil }
        let start = offset
        let c = scalars[offset]
        if c == "'" || c == "\"" {
            offset += 1
            while offset < scalars.count {
                if scalars[offset] == c {
                    if offset + 1 < scalars.count, scalars[offset + 1] == c { offset += 2; continue }
                    offset += 1
                    break
                }
                offset += 1
            }
        } else if c == "$", let tagEnd = dollarTagEnd(from: offset) {
            let tag = Array(scalars[offset...tagEnd])
            offset = tagEnd + 1
            while offset < scalars.count {
                if scalars[offset] == "$", offset + tag.count <= scalars.count, Array(scalars[offset..<(offset + tag.count)]) == tag {
                    offset += tag.count
                    break
                }
                offset += 1
            }
        } else if c.properties.isAlphabetic || c == "_" || c.properties.numericType != nil {
            while offset < scalars.count, scalars[offset].properties.isAlphabetic || scalars[offset] == "_" || scalars[offset].properties.numericType != nil || scalars[offset] == "$" {
                offset += 1
            }
        } else {
            offset += 1
        }
        return String(String.UnicodeScalarView(scalars[start..<offset]))
    }

    /// The end of a dollar-quote tag (`$$`, `$tag$`) starting at `start`, or nil.
    private func dollarTagEnd(from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "_" || (index > start + 1 && scalars[index].properties.numericType != nil) {
            index += 1
        }
        return index < scalars.count && scalars[index] == "$" ? index : nil
    }
}
