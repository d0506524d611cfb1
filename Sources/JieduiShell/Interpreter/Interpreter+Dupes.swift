import JieduiCore
import JieduiLanguage

/// practice.md's "No duplicates": `family add` and `helper add` refuse a record registered under
/// its natural key (`NaturalKey`) unless told why, `import` recognises such rows, and
/// `child|family|helper dupes` list the pairs of records a clerk should look at.
extension Interpreter {
    /// The registered record with the natural key of `record` (the lowest id if several), or nil
    /// where the noun has no natural key or the record leaves part of it empty.
    func registered(as record: Record) throws -> String? {
        guard let values = NaturalKey.values(of: record) else { return nil }
        // The fields in the key's order, so that the lookup starts on an indexed column
        // (family's village, helper's name).
        let predicate = (NaturalKey.fields(of: record.noun) ?? []).map { RecordFilter.compare(field: $0, op: .equal, value: values[$0]!) }
            .reduce(RecordFilter.always) { $0 == .always ? $1 : .and($0, $1) }
        let query = Query(noun: record.noun, predicate: predicate, sort: [SortKey(field: "id", descending: false)], limit: 1, fields: ["id"])
        return try store.select(query, today: today).first?.key
    }

    /// `family add` and `helper add`: `add`, refused where the same family or helper is already
    /// registered, unless `override="reason"` says why this is another one. The reason is kept
    /// with the command in the audit log; the record has no field for it.
    func addRegistered(_ noun: Noun, _ command: Command) throws -> Output {
        let (fieldsOnly, overridden) = try withoutOverride(command)
        var record = try checkedNewRecord(noun, fieldsOnly)
        if !overridden { try refuseRegistered(record, changing: nil, command) }
        try insertNew(&record)
        try audit(command, refs: [record.key])
        return .added(key: record.key, keyName: noun.keyField, name: noun == .helper ? record["name"].text : nil)
    }

    /// The command without its `override="reason"`, and whether it gave one: at most once, and
    /// with a reason. The command itself, reason included, is what the audit log keeps.
    func withoutOverride(_ command: Command) throws -> (command: Command, overridden: Bool) {
        var fieldsOnly = command
        let overrides = command.assignments.filter { $0.key.text.lowercased() == "override" }
        fieldsOnly.assignments.removeAll { $0.key.text.lowercased() == "override" }
        if overrides.count > 1 { throw ShellError(.duplicateField(overrides[1].key.text), at: overrides[1].key.location) }
        if let given = overrides.first, given.value.trimmed.isEmpty {
            throw ShellError(.overrideReasonNeeded, at: given.valueLocation)
        }
        return (fieldsOnly, !overrides.isEmpty)
    }

    /// Refuses `record` where another record (not `own`, the one being changed) is registered
    /// under its natural key, naming it, at the key's first field that the command gives.
    func refuseRegistered(_ record: Record, changing own: String?, _ command: Command) throws {
        guard let existing = try registered(as: record), existing != own else { return }
        let schema = Schema.of(record.noun)
        let given = (NaturalKey.fields(of: record.noun) ?? []).lazy.compactMap { key in
            command.assignments.first { schema.field(named: $0.key.text)?.key == key }
        }.first
        let location = given?.valueLocation
        throw ShellError(.registeredUnderKey(noun: record.noun, record: existing), at: location ?? command.words[1].location)
    }

    /// `child dupes`, `family dupes`, `helper dupes`: likely duplicates, one row per pair, `a`
    /// before `b`, with the strongest reason the pair meets, in the session's language.
    func dupes(_ noun: Noun, _ command: Command) throws -> Output {
        try expectWords(command, count: 2)
        _ = try declaredKeys(command)
        let pairs: [DuplicatePair]
        switch noun {
        case .child:
            var children: [Duplicates.Child] = []
            try store.forEach(Query(noun: .child, fields: ["id", "name", "born", "family"]), today: today) {
                children.append(Duplicates.Child(id: $0.key, name: $0["name"].text, born: $0["born"].text, family: $0["family"].text))
            }
            pairs = Duplicates.children(children)
        case .family, .helper:
            let phone = noun == .family ? "guardian_phone" : "phone"
            var records: [(id: String, phone: String)] = []
            let query = Query(noun: noun, predicate: .not(.isEmpty(field: phone)), fields: ["id", phone])
            try store.forEach(query, today: today) { records.append(($0.key, $0[phone].text)) }
            pairs = Duplicates.samePhone(records, reason: noun == .family ? .sameGuardianPhone : .samePhone)
        default:
            preconditionFailure("dupes is declared for child, family and helper only, not \(noun)")
        }
        let columns = [Column(key: "a", label: "记录甲"), Column(key: "b", label: "记录乙"), Column(key: "reason", label: "原因")]
        let lang = session.lang
        return .table(columns: columns, rows: pairs.map { [.text($0.a), .text($0.b), .text($0.reason.message.text(lang))] })
    }
}
