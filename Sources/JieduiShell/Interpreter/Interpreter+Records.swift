import JieduiCore
import JieduiLanguage

/// `add`, `set`, `show`, `list`, `count` and `remove`, for every noun alike.
extension Interpreter {
    /// A field as the user assigned it, read into its stored value.
    struct Assigned {
        let field: Field
        let value: Value
        let assignment: Assignment
    }

    /// Reads the `key=value`s of a command for `noun`. `extra` names input-only keys a verb
    /// takes besides the noun's fields (`family=` of `pair add`); they are returned unread.
    func readAssignments(_ noun: Noun, _ command: Command, extra: [String] = [])
        throws -> (fields: [String: Assigned], extra: [String: Assignment])
    {
        let schema = Schema.of(noun)
        var fields: [String: Assigned] = [:]
        var extras: [String: Assignment] = [:]
        for assignment in command.assignments {
            let name = assignment.key.text
            if extra.contains(name.lowercased()) {
                guard extras[name.lowercased()] == nil else { throw ShellError(.duplicateField(name), at: assignment.key.location) }
                extras[name.lowercased()] = assignment
                continue
            }
            guard let field = schema.field(named: name) else {
                let candidates = schema.fields.filter { $0.origin == .entered }.flatMap { [$0.key, $0.label] } + extra
                throw ShellError(.unknownField(noun: noun.rawValue, field: name, suggestions: Suggestions.closest(to: name, among: candidates)), at: assignment.key.location)
            }
            switch field.origin {
            case .entered: break
            case .derived: throw ShellError(.fieldDerived(field: field.key), at: assignment.key.location)
            case .assigned, .command:
                throw ShellError(.fieldReadOnly(field: field.key, how: Self.commandSetting(noun, field.key)), at: assignment.key.location)
            }
            guard fields[field.key] == nil else { throw ShellError(.duplicateField(name), at: assignment.key.location) }
            let value: Value
            do {
                value = try resolveReferences(in: FieldReader.read(assignment.value, for: field, today: today), field: field, assignment: assignment)
            } catch {
                throw ShellError.from(error, at: assignment.valueLocation)
            }
            fields[field.key] = Assigned(field: field, value: value, assignment: assignment)
        }
        return (fields, extras)
    }

    /// The command that sets a field no `set` may change.
    static func commandSetting(_ noun: Noun, _ key: String) -> String {
        switch (noun, key) {
        case (.child, "reviewed"): "child review"
        case (.child, _): "child exit"
        case (.pair, _): "pair end"
        case (.need, _): "need resolve / need refer"
        case (.org, _): "org retire"
        default: "add"
        }
    }

    /// Replaces references by the keys of the records they name (a child's name by its id).
    private func resolveReferences(in value: Value, field: Field, assignment: Assignment) throws -> Value {
        switch (field.type, value) {
        case (.reference(let noun), .text(let text)):
            return .text(try resolve(noun, Word(text, at: assignment.valueLocation)))
        case (.referral, .text(let text)):
            return .text(try referral(Word(text, at: assignment.valueLocation)))
        case (.helperOrText, .text(let text)):
            // A helper's id or unique name becomes the helper's id; anything else stays text.
            return .text((try? resolve(.helper, Word(text, at: assignment.valueLocation))) ?? text)
        case (.referenceList(let noun), .list(let items)):
            var keys: [String] = []
            for (index, item) in items.enumerated() {
                let location = assignment.items.indices.contains(index) ? assignment.items[index].location : assignment.valueLocation
                let key = try resolve(noun, Word(item, at: location))
                if !keys.contains(key) { keys.append(key) }
            }
            return .list(keys)
        default:
            return value
        }
    }

    /// Refuses a value already taken by another record in a unique field.
    func checkUnique(_ record: Record, except key: String?, assigned: [String: Assigned] = [:], known: Set<String> = []) throws {
        for field in Schema.of(record.noun).fields where field.unique && !known.contains(field.key) {
            let value = record[field.key]
            guard !value.isNull else { continue }
            let found = try store.keys(record.noun, whereStored: field.key, equals: value, limit: 2)
            if let other = found.first(where: { $0 != key }) {
                let shown = field.isPersonal ? IdentityNumber.maskedText(value.text) : value.text
                let location = assigned[field.key]?.assignment.valueLocation
                if field.key == record.noun.keyField { throw ShellError(.alreadyExists(noun: record.noun, value: shown), at: location) }
                throw ShellError(.uniqueTaken(field: FieldName(field), value: shown, by: other), at: location)
            }
        }
    }

    /// Applies the record rules, pointing an error at the value it is about.
    func completeRecord(_ record: inout Record, isNew: Bool, checkAgeLimit: Bool = false, fields: [String: Assigned]) throws {
        do {
            try RecordRules.complete(&record, isNew: isNew, checkAgeLimit: checkAgeLimit, today: today)
        } catch {
            let location = error.fieldKey.flatMap { fields[$0]?.assignment.valueLocation }
                ?? (error.fieldKey == "sex" || error.fieldKey == "born" ? fields["idno"]?.assignment.valueLocation : nil)
                // A reason cleared while the risk stays: the error is about the cleared reason.
                ?? (error.fieldKey == "risk" ? fields["risk_reason"]?.assignment.valueLocation : nil)
                ?? (error.fieldKey == "disability_grade" ? fields["disability_kind"]?.assignment.valueLocation : nil)
            throw ShellError(error, at: location)
        }
        if let key = Self.childEventDate[record.noun], let day = record[key].dayValue, case .text(let child) = record["child"] {
            try refuseBeforeBirth(child: child, day, field: Schema.of(record.noun).field(key), at: fields[key]?.assignment.valueLocation)
        }
    }

    /// A new birth date (from a corrected ID-card number) may not fall after what the records
    /// say happened to the child: its pairs, needs and reports, its review and its exit.
    private func refuseEventsBeforeBirth(_ child: Record, born: Day, at location: SourceLocation?) throws {
        var earliest: (field: Field, day: Day)?
        for (key, day) in [("reviewed", child["reviewed"].dayValue), ("exit_date", child["exit_date"].dayValue)] {
            if let day, day < born, day < earliest?.day ?? Day.distantFuture { earliest = (Schema.of(.child).field(key), day) }
        }
        for (noun, key) in Self.childEventDate {
            let first = try store.select(Query(noun: noun, predicate: .compare(field: "child", op: .equal, value: .text(child.key)),
                                               sort: [SortKey(field: key, descending: false)], limit: 1, fields: [key]), today: today)
            if let day = first.first?[key].dayValue, day < born, day < earliest?.day ?? Day.distantFuture { earliest = (Schema.of(noun).field(key), day) }
        }
        if let earliest {
            throw ShellError(.dateBeforeBirth(field: FieldName(earliest.field), date: earliest.day.iso, child: child.key, born: born.iso), at: location)
        }
    }

    /// The date of each record that is something that happened to its child.
    static let childEventDate: [Noun: String] = [.pair: "since", .need: "date", .alert: "date"]

    /// Nothing happens to a child before it was born: a date before is a slip of the keyboard
    /// that would otherwise feed the ledger and `check`.
    func refuseBeforeBirth(child: String, _ day: Day, field: Field, at location: SourceLocation?) throws {
        guard let born = try fetchFields(.child, child, ["born"])["born"].dayValue, day < born else { return }
        throw ShellError(.dateBeforeBirth(field: FieldName(field), date: day.iso, child: child, born: born.iso), at: location)
    }

    func add(_ noun: Noun, _ command: Command) throws -> Output {
        var record = try checkedNewRecord(noun, command)
        let inserted = try insertNew(&record)
        try audit(command, refs: [record.key], new: inserted)
        return .added(key: record.key, keyName: noun.keyField, name: noun == .child || noun == .helper ? record["name"].text : nil)
    }

    /// The record an `add` would insert, with every rule applied and nothing written.
    /// `known` names unique fields the caller has already found free.
    func checkedNewRecord(_ noun: Noun, _ command: Command, known: Set<String> = []) throws -> Record {
        let (fields, _) = try readAssignments(noun, command)
        var record = Record(noun: noun)
        for (key, assigned) in fields { record[key] = assigned.value }
        if noun == .need, !record["referred_to"].isNull { record["status"] = .text(NeedStatus.referred) }
        try completeRecord(&record, isNew: true, fields: fields)
        try checkUnique(record, except: nil, assigned: fields, known: known)
        return record
    }

    /// Gives a checked record its id and writes it; what the audit keeps of it.
    @discardableResult
    func insertNew(_ record: inout Record) throws -> [String: [String: Value]] {
        if record.noun.idPrefix != nil { record["id"] = .text(try store.nextID(for: record.noun)) }
        try store.insert(record)
        return Self.inserted(record)
    }

    func set(_ noun: Noun, _ given: Command) throws -> Output {
        // A family or helper may be given `override="reason"`, as on `add` (practice.md, "No
        // duplicates"); the log keeps the command with it.
        let (command, overridden) = NaturalKey.fields(of: noun) == nil ? (given, false) : try withoutOverride(given)
        let (ref, key) = try target(noun, of: command)
        guard var record = try store.fetch(noun, key: key) else { throw ShellError(.noSuch(noun: noun, ref: ref.text, suggestions: []), at: ref.location) }
        let old = record
        let (fields, _) = try readAssignments(noun, command)
        if noun == .pair, let assigned = fields.values.first(where: { ["child", "helper", "unit"].contains($0.field.key) }) {
            throw ShellError(.fieldReadOnly(field: assigned.field.key, how: "pair end / pair add"), at: assigned.assignment.key.location)
        }
        for (key, assigned) in fields { record[key] = assigned.value }
        if noun == .child, fields["idno"] != nil {
            // A new ID-card number brings its own sex and birth date unless they are given too.
            if fields["sex"] == nil { record["sex"] = .null }
            if fields["born"] == nil { record["born"] = .null }
        }
        // language.md: set is validated like add — an active child's new ID-card number may not
        // put it over its category's age limit either (one who is over it leaves by `child exit`).
        let newAge = noun == .child && fields["idno"] != nil && record["status"].text == ChildStatus.active
        try completeRecord(&record, isNew: false, checkAgeLimit: fields["category"] != nil || newAge, fields: fields)
        if noun == .visit { try checkVisitDate(record) }
        if noun == .need { try syncNeed(&record, old: old, fields: fields) }
        if noun == .child, let born = record["born"].dayValue, born != old["born"].dayValue {
            try refuseEventsBeforeBirth(record, born: born, at: (fields["idno"] ?? fields["born"])?.assignment.valueLocation)
        }
        // records.md pair rule 2, which nothing overrides: a child of category 1–3 is never in
        // a unit pair, so a child in one does not become such a child while it lasts.
        if noun == .child, let category = fields["category"], ChildCategory.isHelperOnly(record["category"].text),
           !(try store.select(Query(noun: .pair, predicate: .and(.compare(field: "child", op: .equal, value: .text(key)),
                                                                 .and(.isEmpty(field: "ended"), .not(.isEmpty(field: "unit")))),
                                    limit: 1, fields: ["id"]), today: today)).isEmpty {
            throw ShellError(.unitForLowCategory(child: key, category: record["category"].text), at: category.assignment.valueLocation)
        }
        if noun == .pair, let since = record["since"].dayValue, since != old["since"].dayValue {
            try checkPairSince(key, since: since, ended: record["ended"].dayValue, at: fields["since"]?.assignment.valueLocation)
            try refuseOverlap(child: record["child"].text, since: since, ended: record["ended"].dayValue, except: key, at: fields["since"]?.assignment.valueLocation)
        }
        try checkUnique(record, except: key, assigned: fields)
        // Changed into a record registered already: refused as `add` refuses it.
        if !overridden, NaturalKey.values(of: record) != NaturalKey.values(of: old) {
            try refuseRegistered(record, changing: key, command)
        }
        var changes: [String: Value] = [:]
        var replaced: [String: Value] = [:]
        for field in Schema.of(noun).storedFields where record[field.key] != old[field.key] {
            changes[field.key] = record[field.key]
            replaced[field.key] = old[field.key]
        }
        if !changes.isEmpty {
            try store.update(noun, key: key, changes: changes)
            try audit(given, refs: [record.key], old: [key: replaced], new: [key: changes])
        }
        return .message(.updated(record.key))
    }

    /// A need's status follows its referral (as `need refer` sets it); a resolved need is
    /// not referred again, and cannot have been found after it was resolved.
    private func syncNeed(_ record: inout Record, old: Record, fields: [String: Assigned]) throws {
        if let referral = fields["referred_to"], record["referred_to"] != old["referred_to"] {
            if let resolved = old["resolved"].dayValue {
                throw ShellError(.needAlreadyResolved(need: record.key, date: resolved.iso), at: referral.assignment.key.location)
            }
            record["status"] = .text(record["referred_to"].isNull ? NeedStatus.open : NeedStatus.referred)
        }
        if let found = record["date"].dayValue, let resolved = record["resolved"].dayValue, resolved < found {
            throw ShellError(.dateBeforeFound(date: resolved.iso, found: found.iso), at: fields["date"]?.assignment.valueLocation)
        }
    }

    func show(_ noun: Noun, _ command: Command) throws -> Output {
        let (ref, key) = try target(noun, of: command)
        let fields = Schema.of(noun).fields
        let query = Query(noun: noun, predicate: .compare(field: noun.keyField, op: .equal, value: .text(key)), limit: 1, fields: fields.map(\.key))
        guard let record = try store.select(query, today: today).first else { throw ShellError(.noSuch(noun: noun, ref: ref.text, suggestions: []), at: ref.location) }
        let columns = fields.map(Column.init)
        try noteReveal(command, columns: columns, rows: [fields.map { record[$0.key] }])
        return .record(columns: columns, values: fields.map { record[$0.key] })
    }

    func list(_ noun: Noun, _ command: Command) throws -> Output {
        try expectWords(command, count: 2)
        guard command.assignments.isEmpty else { throw ShellError(.unexpectedToken(command.assignments[0].key.text + "="), at: command.assignments[0].key.location) }
        if let by = command.by { throw ShellError(.clauseNotAllowed("by"), at: by.location) }
        let schema = Schema.of(noun)
        let shown = try command.show.isEmpty ? schema.listColumns.map(schema.field) : command.show.map { try field(noun, $0) }
        var query = Query(noun: noun, fields: shown.map(\.key))
        query.predicate = try command.filter.map { try predicate(noun, $0) } ?? .always
        query.sort = try command.sort.map { SortKey(field: try field(noun, $0.field).key, descending: $0.descending) }
        query.limit = try command.limit.map(readLimit)
        let rows = try store.select(query, today: today).map { record in shown.map { record[$0.key] } }
        let columns = shown.map(Column.init)
        try noteReveal(command, columns: columns, rows: rows)
        return .table(columns: columns, rows: rows)
    }

    /// Counts by a list field are per item, as `=` means "holds the item": a visit of two topics
    /// counts under each, and those with none under empty, first as an empty value sorts.
    static func perItem(_ counts: [(Value, Int)], of type: FieldType) -> [(Value, Int)] {
        var totals: [String: Int] = [:]
        var empty = 0
        for (value, n) in counts {
            guard case .list(let items) = value, !items.isEmpty else { empty += n; continue }
            for item in items { totals[item, default: 0] += n }
        }
        var order = totals.keys.sorted()
        if case .enumList(let e) = type {
            let rank = Dictionary(e.labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            order.sort { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
        }
        return (empty > 0 ? [(Value.null, empty)] : []) + order.map { (Value.text($0), totals[$0] ?? 0) }
    }

    func count(_ noun: Noun, _ command: Command) throws -> Output {
        try expectWords(command, count: 2)
        for clause in [("sort", command.sort.first?.field.location), ("show", command.show.first?.location), ("limit", command.limit?.location)] {
            if let location = clause.1 { throw ShellError(.clauseNotAllowed(clause.0), at: location) }
        }
        let query = Query(noun: noun, predicate: try command.filter.map { try predicate(noun, $0) } ?? .always, fields: [])
        if let by = command.by {
            let field = try field(noun, by)
            let column = Column(field)
            let stored = try store.count(query, by: field.key, today: today)
            let counts = field.type.isList ? Self.perItem(stored, of: field.type) : stored
            try noteReveal(command, columns: [column], rows: counts.map { [$0.0] })
            return .counts(column: column, counts: counts)
        }
        return .count(try store.count(query, today: today))
    }

    func remove(_ noun: Noun, _ command: Command) throws -> Output {
        let (ref, key) = try target(noun, of: command)
        let users = try store.references(to: noun, key: key)
        guard users.isEmpty else { throw ShellError(.referencedBy(ref: key, by: users), at: ref.location) }
        guard let record = try store.fetch(noun, key: key) else { throw ShellError(.noSuch(noun: noun, ref: ref.text, suggestions: []), at: ref.location) }
        try store.delete(noun, key: key)
        try audit(command, refs: [key], old: [key: record.values.filter { !$0.value.isNull }])
        return .message(.removed(key))
    }

    // MARK: Clauses

    func readLimit(_ word: Word) throws -> Int {
        guard let n = Int(word.text), n >= 0 else { throw ShellError(.badLimit(word.text), at: word.location) }
        return n
    }

    /// The field a word names, or an error suggesting the closest field names.
    func field(_ noun: Noun, _ word: Word) throws -> Field {
        let schema = Schema.of(noun)
        guard let field = schema.field(named: word.text) else {
            let close = Suggestions.closest(to: word.text, among: schema.fieldNames)
            // With nothing close to suggest, the choices themselves (language.md, Expressions).
            let message: Message = close.isEmpty
                ? .unknownFieldOf(noun: noun.rawValue, field: word.text, fields: FieldReader.shortened(schema.fields.map(\.key)))
                : .unknownField(noun: noun.rawValue, field: word.text, suggestions: close)
            throw ShellError(message, at: word.location)
        }
        return field
    }

    /// A `where` expression resolved against the noun's fields, its values read by type.
    func predicate(_ noun: Noun, _ expression: WhereExpression) throws -> RecordFilter {
        switch expression {
        case .and(let a, let b): return .and(try predicate(noun, a), try predicate(noun, b))
        case .or(let a, let b): return .or(try predicate(noun, a), try predicate(noun, b))
        case .not(let a): return .not(try predicate(noun, a))
        case .emptiness(let word, let negated):
            let field = try field(noun, word)
            return negated ? .not(.isEmpty(field: field.key)) : .isEmpty(field: field.key)
        case .membership(let word, let values):
            let field = try field(noun, word)
            return .isIn(field: field.key, values: try values.map { try filterValue($0, for: field, op: .equal) })
        case .comparison(let word, let op, let opLocation, let valueWord):
            let field = try field(noun, word)
            // `= ""` asks for the empty ones, as `is empty` does (an empty field is stored as none).
            if valueWord.text.trimmed.isEmpty, op == .equal || op == .notEqual {
                return op == .equal ? .isEmpty(field: field.key) : .not(.isEmpty(field: field.key))
            }
            let allowed = Self.operators(for: field)
            guard allowed.contains(op) else {
                // `in (…)` and `is empty` go with every field.
                throw ShellError(.operatorNotForField(op: op.rawValue, field: field.key, choices: allowed.map(\.rawValue) + ["in (…)", "is empty"]), at: opLocation)
            }
            if op == .contains {
                // An ID-card number's X is kept upper-case, as `add` stores it.
                let part = field.type == .idno ? valueWord.text.uppercased() : valueWord.text
                // While numbers are masked, a search looks only in what is shown: else a run of
                // `~` would read out the hidden digits one by one.
                if field.isPersonal, session.mask { return .shownContains(field: field.key, part: part) }
                return .compare(field: field.key, op: op, value: .text(part))
            }
            // Ids are compared by their number: by order, only an id of the noun means anything.
            if field.key == "id", op != .equal, op != .notEqual, noun.idPrefix != nil, noun.idNumber(valueWord.text.trimmed) == nil {
                throw ShellError(.badRecordID(value: valueWord.text, example: noun.formatID(1)), at: valueWord.location)
            }
            return .compare(field: field.key, op: op, value: try filterValue(valueWord, for: field, op: op))
        }
    }

    /// Which operators make sense for a field: order only for dates, numbers and ids.
    static func operators(for field: Field) -> [ComparisonOperator] {
        switch field.type {
        case .date, .integer: [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
        case .text where field.key == "id": [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .contains]
        case .enumList, .referenceList: [.equal, .notEqual, .contains]
        default: [.equal, .notEqual, .contains]
        }
    }

    /// A value of a `where` read by the field's type (a date need not be in the past here).
    private func filterValue(_ word: Word, for field: Field, op: ComparisonOperator) throws -> Value {
        let text = word.text.trimmed
        switch field.type {
        case .date:
            guard let day = Day.parse(text) else { throw ShellError(.badDate(field: FieldName(field.key), value: text), at: word.location) }
            return .date(day)
        case .integer(let range):
            // Range bounds as they are said: `1–10`, or `0–` for a count with no upper bound.
            let said = "\(range.lowerBound)–" + (range.upperBound == Int.max ? "" : "\(range.upperBound)")
            guard let n = Int(text) else { throw ShellError(.badInteger(field: FieldName(field.key), value: text, range: said), at: word.location) }
            // A value an entered field cannot hold finds nothing by `=`: say so (a bound may
            // still be compared with, `capacity > 0`).
            if field.origin == .entered, op == .equal || op == .notEqual, !range.contains(n) {
                throw ShellError(.badInteger(field: FieldName(field.key), value: text, range: said), at: word.location)
            }
            return .int(n)
        case .enumeration(let e), .enumList(let e):
            guard let label = e.resolve(text) else {
                throw ShellError(.badEnum(field: FieldName(field.key), value: text, choices: FieldReader.shortened(e.labels)), at: word.location)
            }
            return .text(label)
        case .idno, .phone:
            // Read as `add` reads it: a mistyped number is an error, not a query that finds nothing.
            do {
                return try FieldReader.read(text, for: field, today: today)
            } catch {
                throw ShellError(error, at: word.location)
            }
        case .reference(let noun), .referenceList(let noun):
            if let n = noun.idNumber(text) { return .text(noun.formatID(n)) }
            // A name is looked up as a reference is (records.md): one that matches nothing, or
            // several records, or an exited child, is an error that says so, not an empty result.
            return .text(try resolve(noun, word))
        case .referral:
            if let department = Enumeration.department(named: text) { return .text(department) }
            return .text((try? resolve(.org, word)) ?? text)
        case .helperOrText:
            return .text((try? resolve(.helper, word)) ?? text)
        case .text where field.key == "id":
            return .text(text.uppercased())
        default:
            return .text(text)
        }
    }

    /// 个人信息保护: each output that shows personal numbers unmasked goes into the audit log.
    func noteReveal(_ command: Command, columns: [Column], rows: [[Value]]) throws {
        guard !session.mask, columns.contains(where: { $0.kind != .plain }) else { return }
        let shown = rows.contains { row in zip(columns, row).contains { $0.kind != .plain && !$1.isNull } }
        guard shown else { return }
        try auditReveal(command)
    }
}
