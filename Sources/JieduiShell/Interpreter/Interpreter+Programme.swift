import JieduiCore
import JieduiLanguage

/// The commands that carry the programme's own rules: pairing, visits, reviews, exits and
/// training attendance.
extension Interpreter {
    /// The fields of one record, derived ones included.
    func fetchFields(_ noun: Noun, _ key: String, _ fields: [String]) throws -> Record {
        let query = Query(noun: noun, predicate: .compare(field: noun.keyField, op: .equal, value: .text(key)), limit: 1, fields: fields)
        guard let record = try store.select(query, today: today).first else { preconditionFailure("\(noun) \(key) vanished") }
        return record
    }

    /// `date=` of a command, or today; never after today. An error names the key as typed with
    /// the field's label: `date (退出日期)`, not the stored field's key.
    func eventDate(_ assignment: Assignment?, field: Field) throws -> Day {
        guard let assignment else { return today }
        let name = FieldName(key: assignment.key.text.lowercased(), label: field.label)
        do {
            guard case .date(let day) = try FieldReader.read(assignment.value, for: field, as: name, today: today) else {
                throw Message.fieldRequired(field: name)
            }
            return day
        } catch {
            throw ShellError.from(error, at: assignment.valueLocation)
        }
    }

    /// The command's `key=value`s by key: each at most once, and each one that its declaration
    /// in `CommandTable` names, so that what `help` and Tab offer is what the command takes.
    func declaredKeys(_ command: Command) throws -> [String: Assignment] {
        guard case .named(let keys) = try CommandTable.spec(for: command).keys else {
            preconditionFailure("\(command.words.prefix(2).map(\.text)) does not declare its keys by name")
        }
        return try onlyKeys(command, keys.map(\.name))
    }

    /// The command's `key=value`s by key: each at most once, and each one of `keys`.
    func onlyKeys(_ command: Command, _ keys: [String]) throws -> [String: Assignment] {
        var result: [String: Assignment] = [:]
        for assignment in command.assignments {
            let key = assignment.key.text.lowercased()
            guard keys.contains(key) else {
                throw ShellError(.unknownField(noun: command.words.prefix(2).map(\.text).joined(separator: " "), field: assignment.key.text, suggestions: Suggestions.closest(to: assignment.key.text, among: keys)), at: assignment.key.location)
            }
            guard result[key] == nil else { throw ShellError(.duplicateField(key), at: assignment.key.location) }
            result[key] = assignment
        }
        return result
    }

    // MARK: pair add / pair end

    func addPair(_ command: Command) throws -> Output {
        let (fields, extra) = try readAssignments(.pair, command, extra: ["family"])
        let familyAssignment = extra["family"]
        if fields["helper"] != nil, fields["unit"] != nil {
            throw ShellError(.helperAndUnit, at: fields["unit"]!.assignment.key.location)
        }
        guard fields["helper"] != nil || fields["unit"] != nil else { throw ShellError(.helperOrUnitNeeded, at: command.words[1].location) }
        var children: [String]
        if let familyAssignment {
            if let child = fields["child"] { throw ShellError(.childOrFamily, at: child.assignment.key.location) }
            let family = try resolve(.family, Word(familyAssignment.value, at: familyAssignment.valueLocation))
            let predicate = RecordFilter.and(.compare(field: "family", op: .equal, value: .text(family)), .and(.compare(field: "status", op: .equal, value: .text(ChildStatus.active)), .isEmpty(field: "pair")))
            children = try store.select(Query(noun: .child, predicate: predicate, fields: ["id"]), today: today).map(\.key)
            if children.isEmpty { throw ShellError(.noUnpairedChildren(family: family), at: familyAssignment.valueLocation) }
        } else {
            guard let child = fields["child"] else { throw ShellError(.childOrFamily, at: command.words[1].location) }
            children = [child.value.text]
        }
        var base = Record(noun: .pair)
        for (key, assigned) in fields where key != "child" { base[key] = assigned.value }
        if base["since"].isNull { base["since"] = .date(today) }
        let overrideText = base["override"].isNull ? nil : base["override"].text
        var ids: [String] = []
        var inserted: [String: [String: Value]] = [:]
        for child in children {
            var record = base
            record["child"] = .text(child)
            let location = fields["child"]?.assignment.valueLocation ?? familyAssignment?.valueLocation
            do {
                let facts = try pairFacts(child: child, helper: base["helper"].isNull ? nil : base["helper"].text)
                guard facts.active else { throw Message.childNotActive(ref: child) }
                try PairingRules.check(facts.facts, override: overrideText)
            } catch let message as Message {
                throw ShellError(message, at: location)
            }
            try RecordRules.complete(&record, isNew: true, today: today)
            if let since = record["since"].dayValue {
                try refuseBeforeBirth(child: child, since, field: Schema.of(.pair).field("since"), at: fields["since"]?.assignment.valueLocation ?? location)
                try refuseOverlap(child: child, since: since, ended: nil, except: nil, at: fields["since"]?.assignment.valueLocation ?? location)
            }
            inserted.merge(try insertNew(&record)) { first, _ in first }
            ids.append(record.key)
        }
        try audit(command, refs: ids + children, new: inserted)
        return familyAssignment == nil ? .added(key: ids[0], keyName: "id", name: nil) : .addedMany(ids)
    }

    /// What the pairing rules need to know, gathered from the store.
    private func pairFacts(child: String, helper: String?) throws -> (facts: PairFacts, active: Bool) {
        let c = try fetchFields(.child, child, ["id", "name", "category", "sex", "family", "status", "age", "pair"])
        let family = c["family"].text
        var facts = PairFacts(
            childID: child, childName: c["name"].text, category: c["category"].text, age: c["age"].intValue ?? 0,
            sex: c["sex"].text, family: family, activePair: c["pair"].isNull ? nil : c["pair"].text,
            helperID: helper, helperName: nil, helperSex: nil, helperCapacity: 0, helperOtherFamilies: 0,
            helperHasFamily: false, familyHelper: nil)
        // Through the family's children (indexed columns), not the derived `family` of pairs.
        let siblings = try store.select(Query(noun: .child, predicate: .compare(field: "family", op: .equal, value: .text(family)), fields: ["id"]), today: today)
        let familyPairs = try store.select(Query(
            noun: .pair,
            predicate: .and(.isIn(field: "child", values: siblings.map { $0["id"] }), .and(.isEmpty(field: "ended"), .not(.isEmpty(field: "helper")))),
            fields: ["helper"]), today: today)
        facts.familyHelper = familyPairs.first?["helper"].text
        if let helper {
            let h = try fetchFields(.helper, helper, ["name", "sex", "capacity"])
            facts.helperName = h["name"].text
            facts.helperSex = h["sex"].text
            facts.helperCapacity = h["capacity"].intValue ?? 0
            let pairs = try store.select(Query(
                noun: .pair, predicate: .and(.compare(field: "helper", op: .equal, value: .text(helper)), .isEmpty(field: "ended")),
                fields: ["family"]), today: today)
            let families = Set(pairs.map { $0["family"].text })
            facts.helperHasFamily = families.contains(family)
            facts.helperOtherFamilies = families.subtracting([family]).count
        }
        return (facts, c["status"].text == ChildStatus.active)
    }

    func endPair(_ command: Command) throws -> Output {
        let (ref, key) = try target(.pair, of: command)
        let args = try declaredKeys(command)
        let schema = Schema.of(.pair)
        let date = try eventDate(args["date"], field: schema.field("ended"))
        let pair = try fetchFields(.pair, key, ["since", "ended", "end_reason"])
        if case .date(let ended) = pair["ended"] { throw ShellError(.pairEnded(pair: key, date: ended.iso), at: ref.location) }
        if let since = pair["since"].dayValue, date < since {
            throw ShellError(.dateBeforeSince(field: "date", date: date.iso, since: since.iso), at: args["date"]?.valueLocation ?? ref.location)
        }
        try refuseEndBeforeVisits(pair: key, date: date, at: args["date"]?.valueLocation ?? ref.location)
        let reason = args["reason"].map { $0.value.trimmed } ?? ""
        let ending: [String: Value] = ["ended": .date(date), "end_reason": reason.isEmpty ? .null : .text(reason)]
        try update(.pair, key, ending, was: ["ended": .null, "end_reason": .null], by: command)
        return .message(.ended(key))
    }

    /// A pair may not end before a visit recorded on it, which `visit add` would have refused
    /// after the end: the records would contradict each other.
    func refuseEndBeforeVisits(pair: String, date: Day, at location: SourceLocation) throws {
        let later = Query(noun: .visit, predicate: .and(.compare(field: "pair", op: .equal, value: .text(pair)),
                                                        .compare(field: "date", op: .greater, value: .date(date))),
                          sort: [SortKey(field: "date", descending: true)], limit: 1, fields: ["id", "date"])
        if let visit = try store.select(later, today: today).first {
            throw ShellError(.dateBeforeVisit(field: "date", date: date.iso, visit: visit.key, visitDate: visit["date"].text), at: location)
        }
    }

    // MARK: visit add

    func addVisit(_ command: Command) throws -> Output {
        // `pair=` is read here rather than resolved, since the visit's date check fetches the pair
        // anyway: one query per visit instead of two (scripts add visits by the hundred thousand).
        let (fields, extra) = try readAssignments(.visit, command, extra: ["child", "pair"])
        var record = Record(noun: .visit)
        for (key, assigned) in fields { record[key] = assigned.value }
        var pairLocation = fields["pair"]?.assignment.valueLocation
        if let pairAssignment = extra["pair"] {
            let text = pairAssignment.value.trimmed
            guard let n = Noun.pair.idNumber(text) else {
                throw ShellError(.noSuch(noun: .pair, ref: text, suggestions: []), at: pairAssignment.valueLocation)
            }
            record["pair"] = .text(Noun.pair.formatID(n))
            pairLocation = pairAssignment.valueLocation
        }
        if let childAssignment = extra["child"] {
            if let pair = fields["pair"]?.assignment ?? extra["pair"] { throw ShellError(.pairOrChild, at: pair.key.location) }
            let child = try resolve(.child, Word(childAssignment.value, at: childAssignment.valueLocation))
            let pair = try fetchFields(.child, child, ["pair"])["pair"]
            guard !pair.isNull else { throw ShellError(.noActivePair(child: child), at: childAssignment.valueLocation) }
            record["pair"] = pair
        }
        guard !record["pair"].isNull else { throw ShellError(.pairOrChild, at: command.words[1].location) }
        try RecordRules.complete(&record, isNew: true, today: today)
        do {
            try checkVisitDate(record)
        } catch let error as ShellError {
            throw ShellError(error.message, at: error.message.isNoSuch ? pairLocation : fields["date"]?.assignment.valueLocation)
        }
        try insertNew(&record)
        try audit(command, refs: [record.key, record["pair"].text])
        return .added(key: record.key, keyName: "id", name: nil)
    }

    /// records.md pair rule 1 through time: a child's pairs do not overlap. A pair dated back
    /// into the time of one that has ended since would make two at once in the ledger's year; a
    /// pair may begin the day the last one ended.
    func refuseOverlap(child: String, since: Day, ended: Day?, except pair: String?, at location: SourceLocation?) throws {
        let others = try store.select(Query(noun: .pair, predicate: .compare(field: "child", op: .equal, value: .text(child)),
                                            fields: ["id", "since", "ended"]), today: today)
        for other in others where other.key != pair {
            guard let otherSince = other["since"].dayValue else { continue }
            let otherEnded = other["ended"].dayValue
            if since < (otherEnded ?? Day.distantFuture), otherSince < (ended ?? Day.distantFuture) {
                throw ShellError(.pairsOverlap(child: child, pair: other.key, since: otherSince.iso, ended: otherEnded?.iso ?? ""), at: location)
            }
        }
    }

    /// A pair cannot begin after it ended, nor after a visit made under it.
    func checkPairSince(_ pair: String, since: Day, ended: Day?, at location: SourceLocation?) throws {
        if let ended, since > ended {
            throw ShellError(.dateBeforeSince(field: "ended", date: ended.iso, since: since.iso), at: location)
        }
        let first = try store.select(Query(noun: .visit, predicate: .compare(field: "pair", op: .equal, value: .text(pair)),
                                           sort: [SortKey(field: "date", descending: false)], limit: 1, fields: ["date"]), today: today)
        if let date = first.first?["date"].dayValue, date < since {
            throw ShellError(.visitBeforePair(date: date.iso, since: since.iso), at: location)
        }
    }

    /// records.md: a visit is not before its pair began, nor after it ended.
    func checkVisitDate(_ visit: Record) throws {
        let key = visit["pair"].text
        let query = Query(noun: .pair, predicate: .compare(field: "id", op: .equal, value: .text(key)), limit: 1, fields: ["since", "ended"])
        guard let pair = try store.select(query, today: today).first else {
            throw ShellError(.noSuch(noun: .pair, ref: key, suggestions: []))
        }
        guard let date = visit["date"].dayValue else { return }
        if let since = pair["since"].dayValue, date < since {
            throw ShellError(.visitBeforePair(date: date.iso, since: since.iso))
        }
        if let ended = pair["ended"].dayValue, date > ended {
            throw ShellError(.pairEnded(pair: visit["pair"].text, date: ended.iso))
        }
    }

    // MARK: child review / child exit

    func reviewChild(_ command: Command) throws -> Output {
        let (ref, key) = try target(.child, of: command)
        let args = try declaredKeys(command)
        let date = try eventDate(args["date"], field: Schema.of(.child).field("reviewed"))
        try refuseBeforeBirth(child: key, date, field: Schema.of(.child).field("reviewed"), at: args["date"]?.valueLocation ?? ref.location)
        let child = try fetchFields(.child, key, ["status", "reviewed"])
        guard child["status"].text == ChildStatus.active else { throw ShellError(.childNotActive(ref: key), at: ref.location) }
        let changes: [String: Value] = ["reviewed": .date(date)]
        try update(.child, key, changes, was: ["reviewed": child["reviewed"]], by: command)
        // An earlier date replaces the last review: right when it puts a slip right, a loss when
        // an old paper review is entered late. Say so, with the way back.
        if let last = child["reviewed"].dayValue, date < last {
            notes.append(Message.reviewMovedBack(child: key, from: last.iso, to: date.iso).text(session.lang))
        }
        return .message(.reviewed(child: key, date: date.iso))
    }

    func exitChild(_ command: Command) throws -> Output {
        let (ref, key) = try target(.child, of: command)
        let args = try declaredKeys(command)
        let date = try eventDate(args["date"], field: Schema.of(.child).field("exit_date"))
        try refuseBeforeBirth(child: key, date, field: Schema.of(.child).field("exit_date"), at: args["date"]?.valueLocation ?? ref.location)
        let reason = args["reason"].map { $0.value.trimmed } ?? ""
        guard !reason.isEmpty else { throw ShellError(.exitReasonRequired, at: args["reason"]?.valueLocation ?? ref.location) }
        let child = try fetchFields(.child, key, ["status", "pair"])
        guard child["status"].text == ChildStatus.active else { throw ShellError(.childAlreadyExited(child: key), at: ref.location) }
        var ended: [String] = []
        var old: [String: [String: Value]] = [key: ["status": .text(ChildStatus.active), "exit_date": .null, "exit_reason": .null]]
        var new: [String: [String: Value]] = [key: ["status": .text(ChildStatus.exited), "exit_date": .date(date), "exit_reason": .text(reason)]]
        if case .text(let pair) = child["pair"] {
            let since = try fetchFields(.pair, pair, ["since"])["since"].dayValue
            if let since, date < since {
                throw ShellError(.dateBeforeSince(field: "date", date: date.iso, since: since.iso), at: args["date"]?.valueLocation ?? ref.location)
            }
            try refuseEndBeforeVisits(pair: pair, date: date, at: args["date"]?.valueLocation ?? ref.location)
            try store.update(.pair, key: pair, changes: ["ended": .date(date), "end_reason": .text(reason)])
            ended.append(pair)
            old[pair] = ["ended": .null, "end_reason": .null]
            new[pair] = ["ended": .date(date), "end_reason": .text(reason)]
        }
        try store.update(.child, key: key, changes: new[key]!)
        try audit(command, refs: [key] + ended, old: old, new: new)
        return .message(.exited(child: key, pairs: ended))
    }

    // MARK: training attend

    func attendTraining(_ command: Command) throws -> Output {
        let (ref, key) = try target(.training, of: command)
        let args = try declaredKeys(command)
        guard let helpers = args["helpers"], !FieldReader.splitList(helpers.value).isEmpty else {
            throw ShellError(.fieldRequired(field: "helpers"), at: ref.location)
        }
        let current = try fetchFields(.training, key, ["attendees"])["attendees"]
        var attendees: [String] = if case .list(let items) = current { items } else { [] }
        let before = attendees
        var added: [String] = []
        for item in FieldReader.splitList(helpers.value) {
            let location = helpers.items.first { $0.text.contains(item) }?.location ?? helpers.valueLocation
            let helper = try resolve(.helper, Word(item, at: location))
            // Named twice in this command (by id and by name, say): attending once.
            if added.contains(helper) { continue }
            if attendees.contains(helper) { throw ShellError(.alreadyAttending(helper: helper, training: key), at: location) }
            attendees.append(helper)
            added.append(helper)
        }
        let changes: [String: Value] = ["attendees": .list(attendees)]
        try store.update(.training, key: key, changes: changes)
        try audit(command, refs: [key] + added, old: [key: ["attendees": .list(before)]], new: [key: changes])
        return .message(.attended(training: key, helpers: added))
    }

    // MARK: need resolve / need refer / org retire

    /// Where a need goes: a department's label, or an org's id (a retired org takes none).
    func referral(_ word: Word) throws -> String {
        if let department = Enumeration.department(named: word.text) { return department }
        do {
            let org = try resolve(.org, word)
            if let retired = try fetchFields(.org, org, ["retired"])["retired"].dayValue {
                throw ShellError(.orgRetired(org: org, date: retired.iso), at: word.location)
            }
            return org
        } catch let error as ShellError where error.message.isNoSuch {
            let orgs = try store.names(of: .org).map(\.name)
            let suggestions = Suggestions.closest(to: word.text, among: Enumeration.department.labels + orgs)
            throw ShellError(.unknownReferral(word.text, suggestions: suggestions), at: word.location)
        }
    }

    func resolveNeed(_ command: Command) throws -> Output {
        let (ref, key) = try target(.need, of: command)
        let args = try declaredKeys(command)
        let schema = Schema.of(.need)
        let date = try eventDate(args["date"], field: schema.field("resolved"))
        let need = try fetchFields(.need, key, ["date", "status", "resolved", "measures"])
        if let resolved = need["resolved"].dayValue { throw ShellError(.needAlreadyResolved(need: key, date: resolved.iso), at: ref.location) }
        if let found = need["date"].dayValue, date < found {
            throw ShellError(.dateBeforeFound(date: date.iso, found: found.iso), at: args["date"]?.valueLocation ?? ref.location)
        }
        var measures: [String] = if case .list(let items) = need["measures"] { items } else { [] }
        if let given = args["measures"] {
            do {
                if case .list(let items) = try FieldReader.read(given.value, for: schema.field("measures"), today: today) {
                    for item in items where !measures.contains(item) { measures.append(item) }
                }
            } catch {
                throw ShellError.from(error, at: given.valueLocation)
            }
        }
        // The ledger's 帮扶措施 says how it was solved: a need is not solved with none recorded.
        guard !measures.isEmpty else { throw ShellError(.measuresNeeded(need: key), at: args["measures"]?.valueLocation ?? ref.location) }
        let changes: [String: Value] = ["status": .text(NeedStatus.resolved), "resolved": .date(date), "measures": .list(measures)]
        try update(.need, key, changes, was: ["status": need["status"], "measures": need["measures"]], by: command)
        return .message(.updated(key))
    }

    func referNeed(_ command: Command) throws -> Output {
        let (ref, key) = try target(.need, of: command)
        let args = try declaredKeys(command)
        guard let to = args["to"], !to.value.isEmpty else { throw ShellError(.fieldRequired(field: "to"), at: ref.location) }
        let need = try fetchFields(.need, key, ["status", "resolved", "referred_to"])
        if let resolved = need["resolved"].dayValue { throw ShellError(.needAlreadyResolved(need: key, date: resolved.iso), at: ref.location) }
        let target = try referral(Word(to.value, at: to.valueLocation))
        let changes: [String: Value] = ["status": .text(NeedStatus.referred), "referred_to": .text(target)]
        try update(.need, key, changes, was: ["status": need["status"], "referred_to": need["referred_to"]], by: command)
        return .message(.updated(key))
    }

    func retireOrg(_ command: Command) throws -> Output {
        let (ref, key) = try target(.org, of: command)
        let args = try declaredKeys(command)
        let date = try eventDate(args["date"], field: Schema.of(.org).field("retired"))
        if let retired = try fetchFields(.org, key, ["retired"])["retired"].dayValue {
            throw ShellError(.orgRetired(org: key, date: retired.iso), at: ref.location)
        }
        let changes: [String: Value] = ["retired": .date(date)]
        try update(.org, key, changes, was: ["retired": .null], by: command)
        return .message(.updated(key))
    }
}
