import GRDB
import JieduiCore

/// Reading and writing records of every noun through one schema-driven path, with cached
/// prepared statements.
extension SQLiteStore {
    public func nextID(for noun: Noun) throws -> String {
        try access { db in
            // Inside a write transaction the counter is kept here and written out before a
            // savepoint or the commit: a script adds hundreds of thousands of records.
            if db.isInsideTransaction {
                let next = try lastID(db, noun) + 1
                idCounters[noun] = next
                dirtyIDCounters.insert(noun)
                return noun.formatID(next)
            }
            let d = Self.dialect
            let sql = "INSERT INTO id_counter(noun, last) VALUES (\(d.placeholder(1)), 1) ON CONFLICT(noun) DO UPDATE SET last = \(d.current("last", of: "id_counter")) + 1 RETURNING last"
            guard let next = try Int.fetchOne(db.cachedStatement(sql: sql), arguments: [noun.rawValue]) else {
                preconditionFailure("id counter returned nothing")
            }
            return noun.formatID(next)
        }
    }

    public func peekNextID(for noun: Noun) throws -> String {
        try access { db in noun.formatID(try lastID(db, noun) + 1) }
    }

    /// The last id given out for a noun: this transaction's, else the stored counter.
    private func lastID(_ db: Database, _ noun: Noun) throws -> Int {
        if db.isInsideTransaction, let cached = idCounters[noun] { return cached }
        let sql = "SELECT last FROM id_counter WHERE noun = \(Self.dialect.placeholder(1))"
        let stored = try Int.fetchOne(db.cachedStatement(sql: sql), arguments: [noun.rawValue]) ?? 0
        if db.isInsideTransaction { idCounters[noun] = stored }
        return stored
    }

    /// Writes the counters this transaction has moved into `id_counter`.
    func flushIDCounters(_ db: Database) throws {
        guard !dirtyIDCounters.isEmpty else { return }
        let sql = "INSERT INTO id_counter(noun, last) VALUES (\(Self.placeholders(2))) ON CONFLICT(noun) DO UPDATE SET last = excluded.last"
        for noun in dirtyIDCounters.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let last = idCounters[noun] else { continue }
            try db.cachedStatement(sql: sql).execute(arguments: [noun.rawValue, last])
        }
        dirtyIDCounters = []
    }

    public func keys(_ noun: Noun, whereStored field: String, equals value: Value, limit: Int) throws -> [String] {
        // An id is found by its number, as the queries compare it.
        let byNumber = field == "id" && noun.idPrefix != nil
        let sql = "SELECT \(noun.keyField) FROM \(noun.table) WHERE \(byNumber ? "n" : field) = \(Self.dialect.placeholder(1)) LIMIT \(limit)"
        let argument: SQLValue = byNumber ? .int(noun.idNumber(value.text) ?? -1) : SQLValue(value)
        return try access { db in try String.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments([argument])) }
    }

    public func insert(_ record: JieduiCore.Record) throws {
        let noun = record.noun
        let schema = Schema.of(noun)
        // Which fields have a value decides the statement; its text is made once per shape.
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
        let shape = InsertShape(noun: noun, fields: mask)
        let sql = insertStatements[shape] ?? {
            var columns = noun.idPrefix != nil ? ["n"] : []
            for (index, field) in schema.storedFields.enumerated() where mask & (1 << UInt64(index)) != 0 { columns.append(field.key) }
            let placeholders = Self.placeholders(columns.count)
            let text = noun.idPrefix == nil
                ? "INSERT INTO \(noun.table) (\(columns.joined(separator: ", ")), position) VALUES (\(placeholders), (SELECT coalesce(max(position), 0) + 1 FROM \(noun.table)))"
                : "INSERT INTO \(noun.table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
            insertStatements[shape] = text
            return text
        }()
        try access { db in
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(values))
            for field in schema.storedFields where RecordSQL.isLinked(field) {
                try writeLinks(db, noun, key: record.key, field: field.key, items: Self.items(record[field.key]))
            }
        }
    }

    public func update(_ noun: Noun, key: String, changes: [String: Value]) throws {
        let schema = Schema.of(noun)
        let plain = changes.filter { !RecordSQL.isLinked(schema.field($0.key)) }.sorted { $0.key < $1.key }
        try access { db in
            if !plain.isEmpty {
                let d = Self.dialect
                let sets = plain.enumerated().map { "\($0.element.key) = \(d.placeholder($0.offset + 1))" }.joined(separator: ", ")
                let sql = "UPDATE \(noun.table) SET \(sets) WHERE \(noun.keyField) = \(d.placeholder(plain.count + 1))"
                try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(plain.map { SQLValue($0.value) } + [.text(key)]))
            }
            for (field, value) in changes where RecordSQL.isLinked(schema.field(field)) {
                try writeLinks(db, noun, key: key, field: field, items: Self.items(value))
            }
        }
    }

    public func delete(_ noun: Noun, key: String) throws {
        try access { db in
            let keyArgument = Self.dialect.placeholder(1)
            switch noun {
            case .unit: try db.cachedStatement(sql: "DELETE FROM unit_village WHERE unit = \(keyArgument)").execute(arguments: [key])
            case .training: try db.cachedStatement(sql: "DELETE FROM training_attendee WHERE training = \(keyArgument)").execute(arguments: [key])
            default: break
            }
            try db.cachedStatement(sql: "DELETE FROM \(noun.table) WHERE \(noun.keyField) = \(keyArgument)").execute(arguments: [key])
        }
    }

    /// The placeholders of `count` arguments, separated by commas.
    static func placeholders(_ count: Int) -> String {
        (0..<count).map { dialect.placeholder($0 + 1) }.joined(separator: ", ")
    }

    private static func items(_ value: Value) -> [String] {
        if case .list(let items) = value { return items }
        return value.isNull ? [] : [value.text]
    }

    /// Replaces the link rows of a list field (a unit's villages, a training's attendees).
    private func writeLinks(_ db: Database, _ noun: Noun, key: String, field: String, items: [String]) throws {
        let (table, owner, item) = switch (noun, field) {
        case (.unit, "villages"): ("unit_village", "unit", "village")
        case (.training, "attendees"): ("training_attendee", "training", "helper")
        default: preconditionFailure("no link table for \(noun).\(field)")
        }
        try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(owner) = \(Self.dialect.placeholder(1))").execute(arguments: [key])
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table) (\(owner), \(item), position) VALUES (\(Self.placeholders(3)))")
        for (position, value) in items.enumerated() {
            try insert.execute(arguments: [key, value, position + 1])
        }
    }

    public func fetch(_ noun: Noun, key: String) throws -> JieduiCore.Record? {
        let fields = Schema.of(noun).storedFields.map(\.key)
        let predicate = RecordFilter.compare(field: noun.keyField, op: .equal, value: .text(key))
        return try select(Query(noun: noun, predicate: predicate, limit: 1, fields: fields), today: Day(year: 2000, month: 1, day: 1)!).first
    }

    /// The SELECT statement of a query, with its arguments.
    func selectSQL(_ query: Query, today: Day) -> (String, [SQLValue], [Field]) {
        // The text depends on the query's shape, not its values: made once per shape, and only
        // the arguments walked for each query (a script asks the same few shapes thousands of times).
        let shape = SelectShape(noun: query.noun, fields: query.fields, filter: RecordSQL.FilterShape(query.predicate),
                                sort: query.sort, limit: query.limit, today: today)
        var arguments: [SQLValue] = []
        if let known = selectStatements[shape] {
            RecordSQL.whereArguments(query.predicate, noun: query.noun, arguments: &arguments)
            return (known.sql, arguments, known.fields)
        }
        let made = makeSelectSQL(query, today: today)
        if selectStatements.count >= 1_000 { selectStatements.removeAll() }
        selectStatements[shape] = (made.0, made.2)
        return made
    }

    private func makeSelectSQL(_ query: Query, today: Day) -> (String, [SQLValue], [Field]) {
        let schema = Schema.of(query.noun)
        let fields = query.fields.map { schema.field($0) }
        // Each column named as its field, and read back by that name.
        let columns = fields.map { "\(Self.sql.expression(query.noun, $0.key, today: today)) AS \($0.key)" }
        var arguments: [SQLValue] = []
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(query.noun.table) AS r"
        if query.predicate != .always {
            sql += " WHERE " + Self.sql.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        }
        var order = query.sort.map { Self.sql.sortExpression(query.noun, $0.field, today: today) + ($0.descending ? " DESC" : "") }
        order.append(RecordSQL.defaultOrder(query.noun))
        sql += " ORDER BY " + order.joined(separator: ", ")
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        return (sql, arguments, fields)
    }

    public func select(_ query: Query, today: Day) throws -> [JieduiCore.Record] {
        var records: [Record] = []
        try forEach(query, today: today) { records.append($0) }
        return records
    }

    public func forEach(_ query: Query, today: Day, _ body: (JieduiCore.Record) throws -> Void) throws {
        let (sql, arguments, fields) = selectSQL(query, today: today)
        try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let column = ColumnIndex(statement)
            let places = fields.map { (field: $0, place: column[$0.key]) }
            let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            while let row = try cursor.next() {
                var record = Record(noun: query.noun)
                for (field, place) in places {
                    record.values[field.key] = Self.value(row[place] as DatabaseValue, as: field.type)
                }
                try body(record)
            }
        }
    }

    public func count(_ query: Query, today: Day) throws -> Int {
        var arguments: [SQLValue] = []
        let condition = Self.sql.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        let sql = "SELECT count(*) FROM \(query.noun.table) AS r WHERE \(condition)"
        return try access { db in try Int.fetchOne(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)) ?? 0 }
    }

    public func count(_ query: Query, by key: String, today: Day) throws -> [(Value, Int)] {
        let field = Schema.of(query.noun).field(key)
        var arguments: [SQLValue] = []
        let condition = Self.sql.whereClause(query.predicate, noun: query.noun, today: today, arguments: &arguments)
        let expr = Self.sql.expression(query.noun, key, today: today)
        let order = Self.sql.sortExpression(query.noun, key, today: today)
        let sql = "SELECT \(expr) AS value, count(*) AS count FROM \(query.noun.table) AS r WHERE \(condition) GROUP BY value ORDER BY min(\(order))"
        return try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let column = ColumnIndex(statement)
            return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
                (Self.value(row[column["value"]] as DatabaseValue, as: field.type), row[column["count"]] as Int)
            }
        }
    }

    public func references(to noun: Noun, key: String) throws -> [String] {
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
        return try access { db in
            var found: [String] = []
            for (label, table, column) in checks {
                let keyColumn = switch table {
                case "unit_village": "unit"
                case "training_attendee": "training"
                default: "id"
                }
                let sql = "SELECT \(keyColumn) FROM \(table) WHERE \(column) = \(Self.dialect.placeholder(1)) LIMIT 5"
                for ref in try String.fetchAll(db.cachedStatement(sql: sql), arguments: [key]) {
                    found.append("\(label) \(ref)")
                }
            }
            return found
        }
    }

    public func completions(of noun: Noun, prefix: String, limit: Int) throws -> [(key: String, name: String)] {
        let pattern = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let (p1, p2) = (Self.dialect.placeholder(1), Self.dialect.placeholder(2))
        let (sql, arguments): (String, StatementArguments) = switch noun {
        case .village, .unit:
            ("SELECT name AS key, name FROM \(noun.table) WHERE name LIKE \(p1) ESCAPE '\\' ORDER BY position LIMIT \(limit)", [pattern])
        case .child, .helper, .org:
            ("SELECT id AS key, name FROM \(noun.table) WHERE id LIKE \(p1) ESCAPE '\\' OR name LIKE \(p2) ESCAPE '\\' ORDER BY n LIMIT \(limit)", [pattern, pattern])
        default:
            ("SELECT id AS key, id AS name FROM \(noun.table) WHERE id LIKE \(p1) ESCAPE '\\' ORDER BY n LIMIT \(limit)", [pattern])
        }
        return try access { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { (key: $0["key"] as String, name: $0["name"] as String) }
        }
    }

    public func names(of noun: Noun) throws -> [(key: String, name: String)] {
        let sql = switch noun {
        case .village, .unit: "SELECT name AS key, name FROM \(noun.table) ORDER BY position"
        case .child, .helper, .org: "SELECT id AS key, name FROM \(noun.table) ORDER BY n"
        default: "SELECT id AS key, id AS name FROM \(noun.table) ORDER BY n"
        }
        return try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let column = ColumnIndex(statement)
            return try Row.fetchAll(statement).map { (key: $0[column["key"]] as String, name: $0[column["name"]] as String) }
        }
    }
}
