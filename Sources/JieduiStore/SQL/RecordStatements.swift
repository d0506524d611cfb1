import JieduiCore

/// The statements of the record contract (settings, id counters, records, their links, lists,
/// counts, references and completion), written once for every dialect; each store runs them its
/// own way and keeps the texts it makes most often.
package struct RecordStatements: Sendable {
    package let dialect: any SQLDialect
    package let fields: RecordSQL

    package init(_ dialect: any SQLDialect) {
        self.dialect = dialect
        fields = RecordSQL(dialect)
    }

    /// The placeholders of `count` arguments from the first, separated by commas.
    package func placeholders(_ count: Int, from first: Int = 1) -> String {
        (0..<count).map { dialect.placeholder(first + $0) }.joined(separator: ", ")
    }

    // MARK: Settings

    package var setting: String { "SELECT value FROM setting WHERE key = \(dialect.placeholder(1))" }
    package var storeSetting: String {
        "INSERT INTO setting(key, value) VALUES (\(placeholders(2))) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    }
    package var removeSetting: String { "DELETE FROM setting WHERE key = \(dialect.placeholder(1))" }
    package var allSettings: String { "SELECT key, value FROM setting" }

    // MARK: Quarterly reports

    /// Records that a quarter's report was filed (quarter, day); a quarter filed before keeps
    /// its first day.
    package var recordQuarterReport: String {
        """
        INSERT INTO quarter_report (quarter, filed) VALUES (\(placeholders(2)))
        ON CONFLICT(quarter) DO UPDATE SET filed = \(dialect.least(dialect.current("filed", of: "quarter_report"), "excluded.filed"))
        """
    }

    // MARK: Id counters

    /// The last id given for a noun (`noun` the argument).
    package var lastID: String { "SELECT last FROM id_counter WHERE noun = \(dialect.placeholder(1))" }
    /// Takes the next id of a noun and returns it as `last`, in one statement.
    package var takeNextID: String {
        "INSERT INTO id_counter(noun, last) VALUES (\(dialect.placeholder(1)), 1) ON CONFLICT(noun) DO UPDATE SET last = \(dialect.current("last", of: "id_counter")) + 1 RETURNING last"
    }
    /// Writes a counter kept in memory (noun, last).
    package var storeLastID: String {
        "INSERT INTO id_counter(noun, last) VALUES (\(placeholders(2))) ON CONFLICT(noun) DO UPDATE SET last = excluded.last"
    }

    // MARK: Records

    /// The keys of at most `limit` records whose stored `field` equals the argument, and the
    /// argument: an id is found by its number, as the queries compare it.
    package func keys(_ noun: Noun, whereStored field: String, equals value: Value, limit: Int) -> (sql: String, argument: SQLValue) {
        let byNumber = field == "id" && noun.idPrefix != nil
        let sql = "SELECT \(noun.keyField) FROM \(noun.table) WHERE \(byNumber ? "n" : field) = \(dialect.placeholder(1)) LIMIT \(limit)"
        return (sql, byNumber ? .int(noun.idNumber(value.text) ?? -1) : SQLValue(value))
    }

    /// The stored values of a record as an insert binds them: the id's number first (for a noun
    /// with ids), then the given fields in the schema's order, and the bit set of those fields,
    /// which names the statement's shape (`insert(_:fields:)`).
    package static func insertValues(_ record: JieduiCore.Record) -> (values: [SQLValue], fields: UInt64) {
        let noun = record.noun
        let schema = Schema.of(noun)
        // The record's own few values are walked, not every field of the noun.
        var mask: UInt64 = 0
        var given: [(index: Int, value: SQLValue)] = []
        for (key, value) in record.values where !value.isNull {
            guard let index = schema.storedIndex[key], !RecordSQL.isLinked(schema.storedFields[index]) else { continue }
            mask |= 1 << UInt64(index)
            given.append((index, SQLValue(value)))
        }
        given.sort { $0.index < $1.index }
        var values: [SQLValue] = []
        values.reserveCapacity(given.count + 1)
        if noun.idPrefix != nil {
            guard let n = noun.idNumber(record.key) else { preconditionFailure("bad id \(record.key)") }
            values.append(.int(n))
        }
        values.append(contentsOf: given.map { $0.value })
        return (values, mask)
    }

    /// The INSERT of a record of `noun` with the stored fields in `fields` (bits by their place
    /// among the stored fields); a noun named by its name takes the next position.
    package func insert(_ noun: Noun, fields mask: UInt64) -> String {
        let schema = Schema.of(noun)
        var columns = noun.idPrefix != nil ? ["n"] : []
        for (index, field) in schema.storedFields.enumerated() where mask & (1 << UInt64(index)) != 0 { columns.append(field.key) }
        let values = placeholders(columns.count)
        return noun.idPrefix == nil
            ? "INSERT INTO \(noun.table) (\(columns.joined(separator: ", ")), position) VALUES (\(values), (SELECT coalesce(max(position), 0) + 1 FROM \(noun.table)))"
            : "INSERT INTO \(noun.table) (\(columns.joined(separator: ", "))) VALUES (\(values))"
    }

    /// The UPDATE of the stored, unlinked fields `keys` of one record (its key the last argument).
    package func update(_ noun: Noun, keys: [String]) -> String {
        let sets = keys.enumerated().map { "\($0.element) = \(dialect.placeholder($0.offset + 1))" }.joined(separator: ", ")
        return "UPDATE \(noun.table) SET \(sets) WHERE \(noun.keyField) = \(dialect.placeholder(keys.count + 1))"
    }

    /// The statements that remove one record (its key the argument): its link rows, then itself.
    package func delete(_ noun: Noun) -> [String] {
        let key = dialect.placeholder(1)
        var statements: [String] = []
        switch noun {
        case .unit: statements.append("DELETE FROM unit_village WHERE unit = \(key)")
        case .training: statements.append("DELETE FROM training_attendee WHERE training = \(key)")
        default: break
        }
        statements.append("DELETE FROM \(noun.table) WHERE \(noun.keyField) = \(key)")
        return statements
    }

    /// The link table of a list field (a unit's villages, a training's attendees): the statement
    /// that removes a record's links (its key the argument) and the one that adds one (key,
    /// item, position from 1).
    package func links(_ noun: Noun, _ field: String) -> (remove: String, add: String) {
        let (table, owner, item) = switch (noun, field) {
        case (.unit, "villages"): ("unit_village", "unit", "village")
        case (.training, "attendees"): ("training_attendee", "training", "helper")
        default: preconditionFailure("no link table for \(noun).\(field)")
        }
        return ("DELETE FROM \(table) WHERE \(owner) = \(dialect.placeholder(1))",
                "INSERT INTO \(table) (\(owner), \(item), position) VALUES (\(placeholders(3)))")
    }

    /// The items of a list field's value, as its link rows hold them.
    package static func items(_ value: Value) -> [String] {
        if case .list(let items) = value { return items }
        return value.isNull ? [] : [value.text]
    }

    /// The SELECT of a query, its arguments and the fields its columns hold, each column named
    /// as its field.
    package func select(_ query: Query, today: Day) -> (sql: String, arguments: [SQLValue], fields: [Field]) {
        let schema = Schema.of(query.noun)
        let selected = query.fields.map { schema.field($0) }
        let columns = selected.map { "\(fields.expression(query.noun, $0.key, today: today)) AS \($0.key)" }
        var arguments: [SQLValue] = []
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(query.noun.table) AS r"
        if query.predicate != .always {
            sql += " WHERE " + fields.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        }
        var order = query.sort.map { dialect.order(fields.sortExpression(query.noun, $0.field, today: today), descending: $0.descending) }
        order.append(RecordSQL.defaultOrder(query.noun))
        sql += " ORDER BY " + order.joined(separator: ", ")
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        return (sql, arguments, selected)
    }

    /// How many records match a query (one column).
    package func count(_ query: Query, today: Day) -> (sql: String, arguments: [SQLValue]) {
        var arguments: [SQLValue] = []
        let condition = fields.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        return ("SELECT count(*) FROM \(query.noun.table) AS r WHERE \(condition)", arguments)
    }

    /// Counts per value of a field (columns `value` and `count`), in the field's order.
    package func count(_ query: Query, by key: String, today: Day) -> (sql: String, arguments: [SQLValue]) {
        var arguments: [SQLValue] = []
        let condition = fields.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        let expr = fields.expression(query.noun, key, today: today)
        let order = fields.sortExpression(query.noun, key, today: today)
        return ("SELECT \(expr) AS value, count(*) AS count FROM \(query.noun.table) AS r WHERE \(condition) GROUP BY value ORDER BY \(dialect.order("min(\(order))", descending: false))", arguments)
    }

    /// For each kind of record that may refer to one of `noun`: its label and the statement of
    /// the first few that do (the key the argument), in the order they were added.
    package func references(to noun: Noun) -> [(label: String, sql: String)] {
        let checks: [(String, String, String)] = switch noun {
        case .village: [("family", "family", "village"), ("unit", "unit_village", "village")]
        case .unit: [("helper", "helper", "unit"), ("pair", "pair", "unit")]
        case .family: [("child", "child", "family")]
        case .child: [("pair", "pair", "child"), ("need", "need", "child"), ("alert", "alert", "child")]
        case .helper: [("pair", "pair", "helper"), ("training", "training_attendee", "helper"), ("alert", "alert", "reporter")]
        case .pair: [("visit", "visit", "pair")]
        case .org: [("need", "need", "referred_to")]
        case .visit, .training, .need, .alert: []
        }
        return checks.map { label, table, column in
            let (key, order) = switch table {
            case "unit_village": ("unit", "unit")
            case "training_attendee": ("training", "training")
            default: ("id", "n")
            }
            return (label, "SELECT \(key) AS ref FROM \(table) WHERE \(column) = \(dialect.placeholder(1)) ORDER BY \(order) LIMIT 5")
        }
    }

    /// Keys and names (columns `key` and `name`) that start with `prefix`, at most `limit`.
    package func completions(of noun: Noun, prefix: String, limit: Int) -> (sql: String, arguments: [SQLValue]) {
        let pattern = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let (p1, p2, like) = (dialect.placeholder(1), dialect.placeholder(2), dialect.like)
        return switch noun {
        case .village, .unit:
            ("SELECT name AS key, name FROM \(noun.table) WHERE name \(like) \(p1) ESCAPE '\\' ORDER BY position LIMIT \(limit)", [.text(pattern)])
        case .child, .helper, .org:
            ("SELECT id AS key, name FROM \(noun.table) WHERE id \(like) \(p1) ESCAPE '\\' OR name \(like) \(p2) ESCAPE '\\' ORDER BY n LIMIT \(limit)", [.text(pattern), .text(pattern)])
        default:
            ("SELECT id AS key, id AS name FROM \(noun.table) WHERE id \(like) \(p1) ESCAPE '\\' ORDER BY n LIMIT \(limit)", [.text(pattern)])
        }
    }

    /// Keys and display names (columns `key` and `name`) of every record of a noun, in order.
    package func names(of noun: Noun) -> String {
        switch noun {
        case .village, .unit: "SELECT name AS key, name FROM \(noun.table) ORDER BY position"
        case .child, .helper, .org: "SELECT id AS key, name FROM \(noun.table) ORDER BY n"
        default: "SELECT id AS key, id AS name FROM \(noun.table) ORDER BY n"
        }
    }

    /// A stored value read back as the field's value type, from its text.
    package static func value(text: String, as type: FieldType) -> Value {
        switch type {
        case .date: Day.parse(text).map(Value.date) ?? .text(text)
        case .enumList, .referenceList: .list(text.components(separatedBy: SQLValue.listSeparator))
        case .integer: Int(text).map(Value.int) ?? .text(text)
        default: .text(text)
        }
    }
}

/// INSERT texts made once per noun and set of fields given (a bit per stored field), kept by
/// a store: a script inserts thousands of records of a few shapes.
package struct InsertTexts {
    private struct Shape: Hashable {
        let noun: Noun
        let fields: UInt64
    }
    private var texts: [Shape: String] = [:]

    package init() {}

    /// The INSERT of `record` in `statements`' dialect, and its values in the statement's order.
    package mutating func insert(_ record: JieduiCore.Record, _ statements: RecordStatements) -> (sql: String, values: [SQLValue]) {
        let (values, mask) = RecordStatements.insertValues(record)
        let shape = Shape(noun: record.noun, fields: mask)
        if let known = texts[shape] { return (known, values) }
        let text = statements.insert(record.noun, fields: mask)
        texts[shape] = text
        return (text, values)
    }
}
