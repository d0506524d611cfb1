import GRDB
import JieduiCore

/// How each field of each noun reads in SQL: stored columns as they are, derived fields and
/// linked lists as correlated subqueries on indexed columns (so that a list stays linear).
extension SQLiteStore {
    /// The separator of items in a list column (the way Chinese forms write lists).
    static let listSeparator = "、"

    /// A date as an SQL literal; safe because a `Day` formats only digits and hyphens.
    static func literal(_ day: Day) -> String { "'\(day.iso)'" }

    /// The SQL expression of a field of `noun` on the row aliased `r`.
    static func expression(_ noun: Noun, _ key: String, today: Day) -> String {
        let yearStart = "'\(today.year)-01-01'"
        let yearEnd = "'\(today.year)-12-31'"
        switch (noun, key) {
        case (_, "id") where noun.idPrefix != nil: return "r.id"
        case (.village, "families"): return "(SELECT count(*) FROM family f WHERE f.village = r.name)"
        case (.village, "children"):
            return "(SELECT count(*) FROM family f JOIN child c ON c.family = f.id WHERE f.village = r.name AND c.status = '在册')"
        case (.unit, "villages"):
            return "(SELECT group_concat(village, '\(listSeparator)') FROM (SELECT village FROM unit_village WHERE unit = r.name ORDER BY position))"
        case (.unit, "helpers"): return "(SELECT count(*) FROM helper h WHERE h.unit = r.name)"
        case (.family, "children"): return "(SELECT count(*) FROM child c WHERE c.family = r.id AND c.status = '在册')"
        case (.child, "age"):
            let t = literal(today)
            return "(CAST(substr(\(t),1,4) AS INTEGER) - CAST(substr(r.born,1,4) AS INTEGER) - (substr(\(t),6,5) < substr(r.born,6,5)))"
        case (.child, "village"): return "(SELECT f.village FROM family f WHERE f.id = r.family)"
        case (.child, "pair"): return "(SELECT p.id FROM pair p WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "helper"):
            return "(SELECT h.name FROM pair p JOIN helper h ON h.id = p.helper WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "unit_pair"): return "(SELECT p.unit FROM pair p WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "visits"):
            return "(SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = r.id AND p.ended IS NULL AND v.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.helper, "families"):
            return "(SELECT count(DISTINCT c.family) FROM pair p JOIN child c ON c.id = p.child WHERE p.helper = r.id AND p.ended IS NULL)"
        case (.helper, "trainings"):
            return "(SELECT count(*) FROM training_attendee a JOIN training t ON t.id = a.training WHERE a.helper = r.id AND t.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.pair, "family"): return "(SELECT c.family FROM child c WHERE c.id = r.child)"
        case (.pair, "child_name"): return "(SELECT c.name FROM child c WHERE c.id = r.child)"
        case (.pair, "helper_name"): return "(SELECT h.name FROM helper h WHERE h.id = r.helper)"
        case (.pair, "visits"):
            return "(SELECT count(*) FROM visit v WHERE v.pair = r.id AND v.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.visit, "child"): return "(SELECT p.child FROM pair p WHERE p.id = r.pair)"
        case (.need, "child_name"), (.alert, "child_name"): return "(SELECT c.name FROM child c WHERE c.id = r.child)"
        case (.training, "attendees"):
            return "(SELECT group_concat(helper, '\(listSeparator)') FROM (SELECT helper FROM training_attendee WHERE training = r.id ORDER BY position))"
        default:
            let field = Schema.of(noun).field(key)
            precondition(field.isStored && !isLinked(field), "no SQL for \(noun).\(key)")
            return "r.\(key)"
        }
    }

    /// Whether a field lives in a link table rather than a column.
    static func isLinked(_ field: Field) -> Bool {
        if case .referenceList = field.type { return true }
        return false
    }

    /// The expression a field sorts by: id by its number, enumerations in their defined order.
    static func sortExpression(_ noun: Noun, _ key: String, today: Day) -> String {
        if key == "id", noun.idPrefix != nil { return "r.n" }
        let expr = expression(noun, key, today: today)
        if case .enumeration(let e) = Schema.of(noun).field(key).type {
            let cases = e.values.enumerated().map { "WHEN '\($0.element.label)' THEN \($0.offset)" }.joined(separator: " ")
            return "CASE \(expr) \(cases) END"
        }
        return expr
    }

    /// The default order of a noun: ids in order, villages and units in the order they were added.
    static func defaultOrder(_ noun: Noun) -> String {
        noun.idPrefix == nil ? "r.position" : "r.n"
    }

    /// Translates a predicate to SQL with its arguments.
    static func whereClause(_ predicate: RecordFilter, noun: Noun, today: Day, arguments: inout [DatabaseValue]) -> String {
        switch predicate {
        case .always:
            return "1"
        case .and(let a, let b):
            return "(\(whereClause(a, noun: noun, today: today, arguments: &arguments)) AND \(whereClause(b, noun: noun, today: today, arguments: &arguments)))"
        case .or(let a, let b):
            return "(\(whereClause(a, noun: noun, today: today, arguments: &arguments)) OR \(whereClause(b, noun: noun, today: today, arguments: &arguments)))"
        case .not(let a):
            return "(NOT coalesce(\(whereClause(a, noun: noun, today: today, arguments: &arguments)), 0))"
        case .isEmpty(let key):
            let expr = expression(noun, key, today: today)
            return "(\(expr) IS NULL OR \(expr) = '')"
        case .isIn(let key, let values):
            let expr = comparable(noun, key, today: today)
            for value in values { arguments.append(argument(noun, key, value)) }
            return "\(expr) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))"
        case .compare(let key, let op, let value):
            let field = Schema.of(noun).field(key)
            let expr = expression(noun, key, today: today)
            if field.type.isList {
                arguments.append(value.text.databaseValue)
                let member = "instr('\(listSeparator)' || coalesce(\(expr), '') || '\(listSeparator)', '\(listSeparator)' || ? || '\(listSeparator)') > 0"
                switch op {
                case .equal: return "(\(member))"
                case .notEqual: return "(NOT (\(member)))"
                default: return "(instr(coalesce(\(expr), ''), ?) > 0)"
                }
            }
            if op == .contains {
                arguments.append(value.text.databaseValue)
                return "(instr(coalesce(\(expr), ''), ?) > 0)"
            }
            let lhs = comparable(noun, key, today: today)
            arguments.append(argument(noun, key, value))
            switch op {
            case .equal: return "(\(lhs) = ?)"
            case .notEqual: return "(\(lhs) IS NOT ?)"
            case .less: return "(\(lhs) < ?)"
            case .lessOrEqual: return "(\(lhs) <= ?)"
            case .greater: return "(\(lhs) > ?)"
            case .greaterOrEqual: return "(\(lhs) >= ?)"
            case .contains: preconditionFailure("handled above")
            }
        }
    }

    /// The arguments `whereClause` gives, in the same order, without making its text (which
    /// depends only on the predicate's shape, and is kept per shape).
    static func whereArguments(_ predicate: RecordFilter, noun: Noun, arguments: inout [DatabaseValue]) {
        switch predicate {
        case .always, .isEmpty:
            return
        case .and(let a, let b), .or(let a, let b):
            whereArguments(a, noun: noun, arguments: &arguments)
            whereArguments(b, noun: noun, arguments: &arguments)
        case .not(let a):
            whereArguments(a, noun: noun, arguments: &arguments)
        case .isIn(let key, let values):
            for value in values { arguments.append(argument(noun, key, value)) }
        case .compare(let key, let op, let value):
            if Schema.of(noun).field(key).type.isList || op == .contains {
                arguments.append(value.text.databaseValue)
            } else {
                arguments.append(argument(noun, key, value))
            }
        }
    }

    /// What a predicate's SQL text depends on: everything but its values (and how many a list has).
    indirect enum FilterShape: Hashable {
        case always, isEmpty(String), isIn(String, Int), compare(String, ComparisonOperator)
        case and(FilterShape, FilterShape), or(FilterShape, FilterShape), not(FilterShape)

        init(_ predicate: RecordFilter) {
            switch predicate {
            case .always: self = .always
            case .isEmpty(let key): self = .isEmpty(key)
            case .isIn(let key, let values): self = .isIn(key, values.count)
            case .compare(let key, let op, _): self = .compare(key, op)
            case .and(let a, let b): self = .and(FilterShape(a), FilterShape(b))
            case .or(let a, let b): self = .or(FilterShape(a), FilterShape(b))
            case .not(let a): self = .not(FilterShape(a))
            }
        }
    }

    /// Ids compare by their number, so that `id > C0999` means what it says.
    private static func comparable(_ noun: Noun, _ key: String, today: Day) -> String {
        key == "id" && noun.idPrefix != nil ? "r.n" : expression(noun, key, today: today)
    }

    private static func argument(_ noun: Noun, _ key: String, _ value: Value) -> DatabaseValue {
        if key == "id", noun.idPrefix != nil {
            return (noun.idNumber(value.text) ?? -1).databaseValue
        }
        return databaseValue(value)
    }

    /// A value as SQLite stores it: dates as ISO text, lists joined.
    static func databaseValue(_ value: Value) -> DatabaseValue {
        switch value {
        case .null: .null
        case .text(let s): s.isEmpty ? DatabaseValue.null : s.databaseValue
        case .int(let n): n.databaseValue
        case .date(let d): d.iso.databaseValue
        case .list(let items): items.isEmpty ? DatabaseValue.null : items.joined(separator: listSeparator).databaseValue
        }
    }

    /// A row of a query with no field types behind it (`sql`, the rules' aggregates): numbers
    /// as numbers, text as text.
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

    /// The rows of an SQL text, each read by `values`.
    func rows(_ sql: String) throws -> [[Value]] {
        try access { db in try Self.rows(db, sql) }
    }

    /// The rows of an SQL text on a connection; a cursor's row is read in place, not copied.
    static func rows(_ db: Database, _ sql: String) throws -> [[Value]] {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql))
        var result: [[Value]] = []
        while let row = try cursor.next() { result.append(values(row)) }
        return result
    }

    /// A column read back as the field's value type.
    static func value(_ dbValue: DatabaseValue, as type: FieldType) -> Value {
        switch dbValue.storage {
        case .null: return .null
        case .int64(let n): return .int(Int(n))
        case .double(let d): return .int(Int(d))
        case .blob: return .null
        case .string(let s):
            switch type {
            case .date: return Day.parse(s).map(Value.date) ?? .text(s)
            case .enumList, .referenceList: return .list(s.components(separatedBy: listSeparator))
            case .integer: return Int(s).map(Value.int) ?? .text(s)
            default: return .text(s)
            }
        }
    }
}
