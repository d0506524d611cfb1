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
            guard let next = try Int.fetchOne(db.cachedStatement(sql: Self.statements.takeNextID), arguments: [noun.rawValue]) else {
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
        let stored = try Int.fetchOne(db.cachedStatement(sql: Self.statements.lastID), arguments: [noun.rawValue]) ?? 0
        if db.isInsideTransaction { idCounters[noun] = stored }
        return stored
    }

    /// Writes the counters this transaction has moved into `id_counter`.
    func flushIDCounters(_ db: Database) throws {
        guard !dirtyIDCounters.isEmpty else { return }
        let sql = Self.statements.storeLastID
        for noun in dirtyIDCounters.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let last = idCounters[noun] else { continue }
            try db.cachedStatement(sql: sql).execute(arguments: [noun.rawValue, last])
        }
        dirtyIDCounters = []
    }

    public func keys(_ noun: Noun, whereStored field: String, equals value: Value, limit: Int) throws -> [String] {
        let (sql, argument) = Self.statements.keys(noun, whereStored: field, equals: value, limit: limit)
        return try access { db in try String.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments([argument])) }
    }

    public func insert(_ record: JieduiCore.Record) throws {
        let noun = record.noun
        let schema = Schema.of(noun)
        // Which fields have a value decides the statement; its text is made once per shape.
        let (sql, values) = insertTexts.insert(record, Self.statements)
        try access { db in
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(values))
            for field in schema.storedFields where RecordSQL.isLinked(field) {
                try writeLinks(db, noun, key: record.key, field: field.key, items: RecordStatements.items(record[field.key]))
            }
        }
    }

    public func update(_ noun: Noun, key: String, changes: [String: Value]) throws {
        let schema = Schema.of(noun)
        let plain = changes.filter { !RecordSQL.isLinked(schema.field($0.key)) }.sorted { $0.key < $1.key }
        try access { db in
            if !plain.isEmpty {
                let sql = Self.statements.update(noun, keys: plain.map(\.key))
                try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(plain.map { SQLValue($0.value) } + [.text(key)]))
            }
            for (field, value) in changes where RecordSQL.isLinked(schema.field(field)) {
                try writeLinks(db, noun, key: key, field: field, items: RecordStatements.items(value))
            }
        }
    }

    public func delete(_ noun: Noun, key: String) throws {
        try access { db in
            for sql in Self.statements.delete(noun) { try db.cachedStatement(sql: sql).execute(arguments: [key]) }
        }
    }

    /// Replaces the link rows of a list field (a unit's villages, a training's attendees).
    private func writeLinks(_ db: Database, _ noun: Noun, key: String, field: String, items: [String]) throws {
        let links = Self.statements.links(noun, field)
        try db.cachedStatement(sql: links.remove).execute(arguments: [key])
        let insert = try db.cachedStatement(sql: links.add)
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
        let made = Self.statements.select(query, today: today)
        if selectStatements.count >= 1_000 { selectStatements.removeAll() }
        selectStatements[shape] = (made.0, made.2)
        return made
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
        let (sql, arguments) = Self.statements.count(query, today: today)
        return try access { db in try Int.fetchOne(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)) ?? 0 }
    }

    public func count(_ query: Query, by key: String, today: Day) throws -> [(Value, Int)] {
        let field = Schema.of(query.noun).field(key)
        let (sql, arguments) = Self.statements.count(query, by: key, today: today)
        return try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let column = ColumnIndex(statement)
            return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
                (Self.value(row[column["value"]] as DatabaseValue, as: field.type), row[column["count"]] as Int)
            }
        }
    }

    public func references(to noun: Noun, key: String) throws -> [String] {
        try access { db in
            var found: [String] = []
            for (label, sql) in Self.statements.references(to: noun) {
                for ref in try String.fetchAll(db.cachedStatement(sql: sql), arguments: [key]) {
                    found.append("\(label) \(ref)")
                }
            }
            return found
        }
    }

    public func completions(of noun: Noun, prefix: String, limit: Int) throws -> [(key: String, name: String)] {
        let (sql, arguments) = Self.statements.completions(of: noun, prefix: prefix, limit: limit)
        return try access { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: Self.arguments(arguments)).map { (key: $0["key"] as String, name: $0["name"] as String) }
        }
    }

    public func names(of noun: Noun) throws -> [(key: String, name: String)] {
        let sql = Self.statements.names(of: noun)
        return try access { db in
            let statement = try db.cachedStatement(sql: sql)
            let column = ColumnIndex(statement)
            return try Row.fetchAll(statement).map { (key: $0[column["key"]] as String, name: $0[column["name"]] as String) }
        }
    }
}
