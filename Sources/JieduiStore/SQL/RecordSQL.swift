import Foundation
import JieduiCore

/// How each field of each noun reads in SQL: stored columns as they are, derived fields and
/// linked lists as correlated subqueries on indexed columns (so that a list stays linear), and
/// `where` expressions with their arguments. Written once for every dialect.
package struct RecordSQL: Sendable {
    package let dialect: any SQLDialect

    package init(_ dialect: any SQLDialect) {
        self.dialect = dialect
    }

    /// The SQL expression of a field of `noun` on the row aliased `r`.
    package func expression(_ noun: Noun, _ key: String, today: Day) -> String {
        let d = dialect
        let yearStart = d.date(Day(year: today.year, month: 1, day: 1)!)
        let yearEnd = d.date(Day(year: today.year, month: 12, day: 31)!)
        let active = d.text(ChildStatus.active)
        let separator = SQLValue.listSeparator
        switch (noun, key) {
        case (_, "id") where noun.idPrefix != nil: return "r.id"
        case (.village, "families"): return "(SELECT count(*) FROM family f WHERE f.village = r.name)"
        case (.village, "children"):
            return "(SELECT count(*) FROM family f JOIN child c ON c.family = f.id WHERE f.village = r.name AND c.status = \(active))"
        case (.unit, "villages"):
            return d.joinedInOrder("village", from: "unit_village", where: "unit = r.name", orderBy: "position", separator: separator)
        case (.unit, "helpers"): return "(SELECT count(*) FROM helper h WHERE h.unit = r.name)"
        case (.family, "children"): return "(SELECT count(*) FROM child c WHERE c.family = r.id AND c.status = \(active))"
        case (.child, "age"): return d.age(born: "r.born", on: d.date(today))
        case (.child, "village"): return "(SELECT f.village FROM family f WHERE f.id = r.family)"
        case (.child, "pair"): return "(SELECT p.id FROM pair p WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "helper"):
            return "(SELECT h.name FROM pair p JOIN helper h ON h.id = p.helper WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "unit_pair"): return "(SELECT p.unit FROM pair p WHERE p.child = r.id AND p.ended IS NULL)"
        case (.child, "visits"):
            return "(SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = r.id AND p.ended IS NULL AND \(Self.isVisit("v", d)) AND v.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.child, "risk_now"):
            // practice.md: a mandatory report in the last 90 days makes the child red.
            let from = d.date(VisitingRules.redAlertsFrom(today)), to = d.date(today)
            return "(CASE WHEN EXISTS (SELECT 1 FROM alert a WHERE a.child = r.id AND a.date BETWEEN \(from) AND \(to)) THEN \(d.text(RiskLevel.red)) ELSE r.risk END)"
        case (.helper, "families"):
            return "(SELECT count(DISTINCT c.family) FROM pair p JOIN child c ON c.id = p.child WHERE p.helper = r.id AND p.ended IS NULL)"
        case (.helper, "trainings"):
            return "(SELECT count(*) FROM training_attendee a JOIN training t ON t.id = a.training WHERE a.helper = r.id AND t.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.pair, "family"): return "(SELECT c.family FROM child c WHERE c.id = r.child)"
        case (.pair, "child_name"): return "(SELECT c.name FROM child c WHERE c.id = r.child)"
        case (.pair, "helper_name"): return "(SELECT h.name FROM helper h WHERE h.id = r.helper)"
        case (.pair, "visits"):
            return "(SELECT count(*) FROM visit v WHERE v.pair = r.id AND \(Self.isVisit("v", d)) AND v.date BETWEEN \(yearStart) AND \(yearEnd))"
        case (.visit, "child"): return "(SELECT p.child FROM pair p WHERE p.id = r.pair)"
        case (.need, "child_name"), (.alert, "child_name"): return "(SELECT c.name FROM child c WHERE c.id = r.child)"
        case (.training, "attendees"):
            return d.joinedInOrder("helper", from: "training_attendee", where: "training = r.id", orderBy: "position", separator: separator)
        default:
            let field = Schema.of(noun).field(key)
            precondition(field.isStored && !Self.isLinked(field), "no SQL for \(noun).\(key)")
            return "r.\(key)"
        }
    }

    /// Whether the visit on row `v` is a visit to the child: every kind but 联系父母, a call to
    /// the migrant parents, which counts toward no visit figure (practice.md). Written as the
    /// partial index `visit_counted` says it, so that the index answers it.
    package static func isVisit(_ v: String, _ d: any SQLDialect) -> String {
        "\(v).kind <> \(d.text(VisitKind.parentContact))"
    }

    /// An ID-card or phone number (as stored: an 18-character ID-card number, an 11-digit mobile,
    /// a landline `0817-2222222`) as `Masking.maskPersonalField` shows it, in SQL both dialects
    /// speak: the ID-card number's first 6 and last 4; the mobile's first 3 and last 4; the
    /// landline's area code and last 4.
    package static func shownPersonalNumber(_ expr: String, _ type: FieldType) -> String {
        if type == .idno { return "(substr(\(expr), 1, 6) || '********' || substr(\(expr), 15))" }
        return """
        (CASE WHEN substr(\(expr), 4, 1) = '-' THEN substr(\(expr), 1, 4) || substr('****', 1, length(\(expr)) - 8) || substr(\(expr), length(\(expr)) - 3) \
        WHEN substr(\(expr), 5, 1) = '-' THEN substr(\(expr), 1, 5) || substr('****', 1, length(\(expr)) - 9) || substr(\(expr), length(\(expr)) - 3) \
        ELSE substr(\(expr), 1, 3) || '****' || substr(\(expr), 8) END)
        """
    }

    /// Whether a field lives in a link table rather than a column.
    package static func isLinked(_ field: Field) -> Bool {
        if case .referenceList = field.type { return true }
        return false
    }

    /// The expression a field sorts by: id by its number, enumerations in their defined order.
    package func sortExpression(_ noun: Noun, _ key: String, today: Day) -> String {
        if key == "id", noun.idPrefix != nil { return "r.n" }
        let expr = expression(noun, key, today: today)
        if case .enumeration(let e) = Schema.of(noun).field(key).type {
            return SchemaSQL(dialect).rank(expr, e)
        }
        return expr
    }

    /// The default order of a noun: ids in order, villages and units in the order they were added.
    package static func defaultOrder(_ noun: Noun) -> String {
        noun.idPrefix == nil ? "r.position" : "r.n"
    }

    /// Translates a predicate to SQL, appending its arguments.
    package func whereClause(_ predicate: RecordFilter, noun: Noun, today: Day, arguments: inout [SQLValue]) -> String {
        let d = dialect
        /// The placeholder of the argument just appended.
        func bound() -> String { d.placeholder(arguments.count) }
        switch predicate {
        case .always:
            return d.alwaysTrue
        case .and(let a, let b):
            return "(\(whereClause(a, noun: noun, today: today, arguments: &arguments)) AND \(whereClause(b, noun: noun, today: today, arguments: &arguments)))"
        case .or(let a, let b):
            return "(\(whereClause(a, noun: noun, today: today, arguments: &arguments)) OR \(whereClause(b, noun: noun, today: today, arguments: &arguments)))"
        case .not(let a):
            return "(NOT coalesce(\(whereClause(a, noun: noun, today: today, arguments: &arguments)), \(d.alwaysFalse)))"
        case .isEmpty(let key):
            let expr = expression(noun, key, today: today)
            // A number is never empty text (and a database that types it cannot compare it so).
            if case .integer = Schema.of(noun).field(key).type { return "(\(expr) IS NULL)" }
            return "(\(expr) IS NULL OR \(expr) = '')"
        case .shownContains(let key, let part):
            arguments.append(.text(part))
            let shown = Self.shownPersonalNumber(expression(noun, key, today: today), Schema.of(noun).field(key).type)
            return "(\(d.contains("coalesce(\(shown), '')", bound())))"
        case .isIn(let key, let values):
            // A list is in the values when it holds one of them: `=` on each, which for a list
            // means "holds the item".
            if Schema.of(noun).field(key).type.isList {
                guard !values.isEmpty else { return "(\(d.alwaysFalse))" }
                let each = values.map { whereClause(.compare(field: key, op: .equal, value: $0), noun: noun, today: today, arguments: &arguments) }
                return "(" + each.joined(separator: " OR ") + ")"
            }
            let expr = comparable(noun, key, today: today)
            var placeholders: [String] = []
            for value in values {
                arguments.append(Self.argument(noun, key, value))
                placeholders.append(bound())
            }
            if let (column, keys) = Self.throughLink(noun, key) {
                return "r.\(column) IN (\(keys) IN (\(placeholders.joined(separator: ", "))))"
            }
            return "\(expr) IN (\(placeholders.joined(separator: ", ")))"
        case .compare(let key, let op, let value):
            let field = Schema.of(noun).field(key)
            let expr = expression(noun, key, today: today)
            if field.type.isList {
                arguments.append(.text(value.text))
                let separator = d.text(SQLValue.listSeparator)
                let member = d.contains("\(separator) || coalesce(\(expr), '') || \(separator)", "\(separator) || \(bound()) || \(separator)")
                switch op {
                case .equal: return "(\(member))"
                case .notEqual: return "(NOT (\(member)))"
                default: return "(\(d.contains("coalesce(\(expr), '')", bound())))"
                }
            }
            if op == .contains {
                arguments.append(.text(value.text))
                // A number is looked in as its text.
                let text = if case .integer = field.type { "CAST(\(expr) AS TEXT)" } else { expr }
                return "(\(d.contains("coalesce(\(text), '')", bound())))"
            }
            let lhs = comparable(noun, key, today: today)
            arguments.append(Self.argument(noun, key, value))
            if op == .equal, let (column, keys) = Self.throughLink(noun, key) {
                return "(r.\(column) IN (\(keys) = \(bound())))"
            }
            switch op {
            case .equal: return "(\(lhs) = \(bound()))"
            case .notEqual: return "(\(d.isDistinct(lhs, from: bound())))"
            case .less: return "(\(lhs) < \(bound()))"
            case .lessOrEqual: return "(\(lhs) <= \(bound()))"
            case .greater: return "(\(lhs) > \(bound()))"
            case .greaterOrEqual: return "(\(lhs) >= \(bound()))"
            case .contains: preconditionFailure("handled above")
            }
        }
    }

    /// The arguments `whereClause` gives, in the same order, without making its text (which
    /// depends only on the predicate's shape, and is kept per shape).
    package static func whereArguments(_ predicate: RecordFilter, noun: Noun, arguments: inout [SQLValue]) {
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
        case .shownContains(_, let part):
            arguments.append(.text(part))
        case .compare(let key, let op, let value):
            if Schema.of(noun).field(key).type.isList || op == .contains {
                arguments.append(.text(value.text))
            } else {
                arguments.append(argument(noun, key, value))
            }
        }
    }

    /// What a predicate's SQL text depends on: everything but its values (and how many a list has).
    package indirect enum FilterShape: Hashable {
        case always, isEmpty(String), isIn(String, Int), compare(String, ComparisonOperator), shownContains(String)
        case and(FilterShape, FilterShape), or(FilterShape, FilterShape), not(FilterShape)

        package init(_ predicate: RecordFilter) {
            switch predicate {
            case .always: self = .always
            case .isEmpty(let key): self = .isEmpty(key)
            case .isIn(let key, let values): self = .isIn(key, values.count)
            case .shownContains(let key, _): self = .shownContains(key)
            case .compare(let key, let op, _): self = .compare(key, op)
            case .and(let a, let b): self = .and(FilterShape(a), FilterShape(b))
            case .or(let a, let b): self = .or(FilterShape(a), FilterShape(b))
            case .not(let a): self = .not(FilterShape(a))
            }
        }
    }

    /// A derived field that is a stored column of the record it links to (a child's village is
    /// its family's): the linking column, and the query that gives the linked keys up to the
    /// comparison. `village = 村7` then reads as `family IN (SELECT id FROM family WHERE
    /// village = 村7)`, which the indexes answer, where comparing the derived value would look
    /// up every child's family. The linked column is never null, so the two agree.
    private static func throughLink(_ noun: Noun, _ key: String) -> (column: String, keys: String)? {
        switch (noun, key) {
        case (.child, "village"): ("family", "SELECT f.id FROM family f WHERE f.village")
        case (.pair, "family"): ("child", "SELECT c.id FROM child c WHERE c.family")
        case (.visit, "child"): ("pair", "SELECT p.id FROM pair p WHERE p.child")
        default: nil
        }
    }

    /// Ids compare by their number, so that `id > C0999` means what it says.
    private func comparable(_ noun: Noun, _ key: String, today: Day) -> String {
        key == "id" && noun.idPrefix != nil ? "r.n" : expression(noun, key, today: today)
    }

    private static func argument(_ noun: Noun, _ key: String, _ value: Value) -> SQLValue {
        if key == "id", noun.idPrefix != nil {
            return .int(noun.idNumber(value.text) ?? -1)
        }
        return SQLValue(value)
    }
}

extension RecordSQL {
    /// A power user's `sql` text without its surrounding white space, and whether it asks for a
    /// plan, if it begins as a query does; anything else is refused before any database is
    /// asked about it.
    package static func query(_ sql: String) throws -> (text: String, isExplain: Bool) {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstWord = trimmed.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "WITH", "VALUES", "EXPLAIN"].contains(firstWord) else {
            throw StoreError(.refused, .sqlNotReadOnly)
        }
        return (trimmed, firstWord == "EXPLAIN")
    }
}
