import JieduiCore
import JieduiStore

/// Reading and writing records of every noun through the statements every store shares.
extension PostgresStore {
    public func nextID(for noun: Noun) throws -> String {
        // Inside a transaction, which holds the town, the counter is kept here and written out
        // before a savepoint or the commit; nobody else can move it meanwhile.
        if inTransaction {
            try prepareToWrite()
            let next = try lastID(noun) + 1
            idCounters[noun] = next
            dirtyIDCounters.insert(noun)
            return noun.formatID(next)
        }
        let next = try writing { try query(Self.statements.takeNextID, [.text(noun.rawValue)]).first?["last"].intValue }
        guard let next else { preconditionFailure("id counter returned nothing") }
        return noun.formatID(next)
    }

    public func peekNextID(for noun: Noun) throws -> String {
        noun.formatID(try lastID(noun) + 1)
    }

    /// The last id given out for a noun: this transaction's, else the stored counter.
    private func lastID(_ noun: Noun) throws -> Int {
        if holdsWriteLock, let cached = idCounters[noun] { return cached }
        let stored = try query(Self.statements.lastID, [.text(noun.rawValue)]).first?["last"].intValue ?? 0
        if holdsWriteLock { idCounters[noun] = stored }
        return stored
    }

    public func keys(_ noun: Noun, whereStored field: String, equals value: Value, limit: Int) throws -> [String] {
        let (sql, argument) = Self.statements.keys(noun, whereStored: field, equals: value, limit: limit)
        return try query(sql, [argument]).compactMap { $0[noun.keyField].textValue }
    }

    public func insert(_ record: Record) throws {
        rowsAdded += 1
        let noun = record.noun
        let (sql, values) = insertTexts.insert(record, Self.statements)
        try writing {
            try execute(sql, values)
            for field in Schema.of(noun).storedFields where RecordSQL.isLinked(field) {
                try writeLinks(noun, key: record.key, field: field.key, items: RecordStatements.items(record[field.key]))
            }
        }
    }

    public func update(_ noun: Noun, key: String, changes: [String: Value]) throws {
        let schema = Schema.of(noun)
        let plain = changes.filter { !RecordSQL.isLinked(schema.field($0.key)) }.sorted { $0.key < $1.key }
        try writing {
            if !plain.isEmpty {
                try execute(Self.statements.update(noun, keys: plain.map(\.key)), plain.map { SQLValue($0.value) } + [.text(key)])
            }
            for (field, value) in changes where RecordSQL.isLinked(schema.field(field)) {
                try writeLinks(noun, key: key, field: field, items: RecordStatements.items(value))
            }
        }
    }

    public func delete(_ noun: Noun, key: String) throws {
        try writing {
            for sql in Self.statements.delete(noun) { try execute(sql, [.text(key)]) }
        }
    }

    /// Replaces the link rows of a list field (a unit's villages, a training's attendees).
    private func writeLinks(_ noun: Noun, key: String, field: String, items: [String]) throws {
        let links = Self.statements.links(noun, field)
        try execute(links.remove, [.text(key)])
        for (position, value) in items.enumerated() {
            try execute(links.add, [.text(key), .text(value), .int(position + 1)])
        }
    }

    public func fetch(_ noun: Noun, key: String) throws -> Record? {
        let fields = Schema.of(noun).storedFields.map(\.key)
        let predicate = RecordFilter.compare(field: noun.keyField, op: .equal, value: .text(key))
        return try select(Query(noun: noun, predicate: predicate, limit: 1, fields: fields), today: Day(year: 2000, month: 1, day: 1)!).first
    }

    public func select(_ query: Query, today: Day) throws -> [Record] {
        var records: [Record] = []
        try forEach(query, today: today) { records.append($0) }
        return records
    }

    public func forEach(_ query: Query, today: Day, _ body: (Record) throws -> Void) throws {
        let (sql, arguments, fields) = Self.statements.select(query, today: today)
        let rows = try self.query(sql, arguments)
        guard let first = rows.first else { return }
        // Columns are found by name once, not at every row.
        let places = fields.map { field in
            guard let place = first.columns.firstIndex(of: field.key) else { preconditionFailure("the query has no column \(field.key)") }
            return (field: field, place: place)
        }
        for row in rows {
            var record = Record(noun: query.noun)
            for (field, place) in places {
                record.values[field.key] = Self.value(row[place], as: field.type)
            }
            try body(record)
        }
    }

    public func count(_ query: Query, today: Day) throws -> Int {
        let (sql, arguments) = Self.statements.count(query, today: today)
        return try self.query(sql, arguments).first?[0].intValue ?? 0
    }

    public func count(_ query: Query, by key: String, today: Day) throws -> [(Value, Int)] {
        let field = Schema.of(query.noun).field(key)
        let (sql, arguments) = Self.statements.count(query, by: key, today: today)
        return try self.query(sql, arguments).map { row in
            (Self.value(row["value"], as: field.type), row["count"].intValue ?? 0)
        }
    }

    public func references(to noun: Noun, key: String) throws -> [String] {
        var found: [String] = []
        for (label, sql) in Self.statements.references(to: noun) {
            for row in try query(sql, [.text(key)]) {
                if let ref = row["ref"].textValue { found.append("\(label) \(ref)") }
            }
        }
        return found
    }

    public func completions(of noun: Noun, prefix: String, limit: Int) throws -> [(key: String, name: String)] {
        let (sql, arguments) = Self.statements.completions(of: noun, prefix: prefix, limit: limit)
        return try query(sql, arguments).map { (key: $0["key"].textValue ?? "", name: $0["name"].textValue ?? "") }
    }

    public func names(of noun: Noun) throws -> [(key: String, name: String)] {
        try query(Self.statements.names(of: noun)).map { (key: $0["key"].textValue ?? "", name: $0["name"].textValue ?? "") }
    }
}
