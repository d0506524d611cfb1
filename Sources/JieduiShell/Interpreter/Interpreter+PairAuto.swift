import JieduiCore
import JieduiLanguage

/// `pair auto [category=…] [apply]`: the best pairing the rules allow (rules.md), proposed by
/// `PairingOptimizer`, and with `apply` added in one transaction.
extension Interpreter {
    /// A family with unpaired active children, as `pair auto` sees it.
    private struct Candidate {
        var family: String
        var village: String
        var children: [(id: String, name: String)] = []
        var hasPriority = false
        var needsFemale = false
    }

    func pairAuto(_ command: Command) throws -> Output {
        var apply = false
        for word in command.words.dropFirst(2) {
            guard word.text.lowercased() == "apply" else { throw unknownFlag(word, of: command) }
            guard !apply else { throw ShellError(.extraWord(word.text), at: word.location) }
            apply = true
        }
        let args = try declaredKeys(command)
        var categories = Enumeration.category.labels
        if let given = args["category"] {
            categories = []
            for item in given.items {
                for part in FieldReader.splitList(item.text) {
                    guard let label = Enumeration.category.resolve(part) else {
                        throw ShellError(.badEnum(field: "儿童类别", value: part, choices: Enumeration.category.labels), at: item.location)
                    }
                    if !categories.contains(label) { categories.append(label) }
                }
            }
        }
        // Every active child with no active pair, by family; those in the asked categories are
        // paired, but a girl of 8 or more among the others decides the helper all the same: the
        // family's children go to one helper (rule 4), so hers will be theirs.
        let unpaired = try store.select(Query(
            noun: .child,
            predicate: .and(.compare(field: "status", op: .equal, value: .text(ChildStatus.active)), .isEmpty(field: "pair")),
            fields: ["id", "name", "family", "category", "sex", "age", "village"]), today: today)
        var candidates: [String: Candidate] = [:]
        var order: [String] = []
        for child in unpaired {
            let family = child["family"].text
            if candidates[family] == nil {
                candidates[family] = Candidate(family: family, village: child["village"].text)
                order.append(family)
            }
            if GirlsWithWomen.applies(sex: child["sex"].text, age: child["age"].intValue ?? 0) { candidates[family]!.needsFemale = true }
            guard categories.contains(child["category"].text) else { continue }
            candidates[family]!.children.append((child["id"].text, child["name"].text))
            if ChildCategory.isHelperOnly(child["category"].text) { candidates[family]!.hasPriority = true }
        }
        order.removeAll { candidates[$0]!.children.isEmpty }
        order.sort { (Noun.family.idNumber($0) ?? 0) < (Noun.family.idNumber($1) ?? 0) }
        // Families already partly paired go to that helper (the first pair of a family decides).
        var familyHelper: [String: String] = [:]
        for pair in try store.select(Query(noun: .pair, predicate: .and(.isEmpty(field: "ended"), .not(.isEmpty(field: "helper"))),
                                           fields: ["family", "helper"]), today: today) where familyHelper[pair["family"].text] == nil {
            familyHelper[pair["family"].text] = pair["helper"].text
        }
        var linkedVillages: [String: Set<String>] = [:]
        for unit in try store.select(Query(noun: .unit, fields: ["name", "villages"]), today: today) {
            if case .list(let villages) = unit["villages"] { linkedVillages[unit["name"].text] = Set(villages) }
        }
        let helperRecords = try store.select(Query(noun: .helper, fields: ["id", "name", "unit", "sex", "capacity", "families"]), today: today)
        let helpers = helperRecords.map {
            AutoHelper(id: $0["id"].text, unit: $0["unit"].text, isFemale: $0["sex"].text == GirlsWithWomen.helperSex,
                       capacity: $0["capacity"].intValue ?? 0, currentFamilies: $0["families"].intValue ?? 0,
                       linkedVillages: linkedVillages[$0["unit"].text] ?? [])
        }
        let helperByID = Dictionary(uniqueKeysWithValues: helperRecords.map { ($0["id"].text, $0) })

        var assignments: [String: AutoAssignment] = [:]
        // rules.md: a partly paired family goes to its helper or stays unpaired; here because
        // the helper is a man and a girl aged 8 or more is among those to pair.
        var familyHelperIsMan: [String: String] = [:]
        var open: [AutoFamily] = []
        for family in order {
            let candidate = candidates[family]!
            if let helper = familyHelper[family] {
                let female = helperByID[helper]?["sex"].text == GirlsWithWomen.helperSex
                let ok = !candidate.needsFemale || female
                let linked = linkedVillages[helperByID[helper]?["unit"].text ?? ""]?.contains(candidate.village) ?? false
                assignments[family] = AutoAssignment(family: family, helper: ok ? helper : nil, linked: ok && linked, reason: nil)
                if !ok { familyHelperIsMan[family] = helper }
            } else {
                open.append(AutoFamily(id: family, village: candidate.village, hasPriorityChild: candidate.hasPriority, needsFemaleHelper: candidate.needsFemale))
            }
        }
        for assignment in PairingOptimizer.propose(families: open, helpers: helpers) {
            assignments[assignment.family] = assignment
        }

        var ids: [String] = []
        var paired: [String] = []
        var inserted: [String: [String: Value]] = [:]
        if apply {
            for family in order {
                guard let helper = assignments[family]?.helper else { continue }
                for child in candidates[family]!.children {
                    var record = Record(noun: .pair, values: ["child": .text(child.id), "helper": .text(helper), "since": .date(today)])
                    try RecordRules.complete(&record, isNew: true, today: today)
                    inserted.merge(try insertNew(&record)) { first, _ in first }
                    ids.append(record.key)
                    paired.append(child.id)
                }
            }
            if !ids.isEmpty { try audit(command, refs: ids + paired, new: inserted) }
        }

        let columns = [
            Column(key: "family", label: "家庭"), Column(key: "children", label: "儿童"), Column(key: "helper", label: "结对帮扶人"),
            Column(key: "helper_name", label: "帮扶人姓名"), Column(key: "unit", label: "工作单位"), Column(key: "linked", label: "联系村"),
            Column(key: "reason", label: "未结对原因"),
        ]
        let rows: [[Value]] = order.map { family in
            let candidate = candidates[family]!
            let assignment = assignments[family]
            let helper = assignment?.helper.flatMap { helperByID[$0] }
            var reason: Value = switch assignment?.reason {
            case .noFemaleHelperWithRoom: .text(Message.noFemaleHelperWithRoom.text(session.lang))
            case .noHelperWithRoom: .text(Message.noHelperWithRoom.text(session.lang))
            case nil: .null
            }
            if let man = familyHelperIsMan[family] {
                reason = .text(Message.familyHelperIsMan(helper: helperByID[man]?["name"].text ?? man).text(session.lang))
            }
            return [
                .text(family), .list(candidate.children.map { "\($0.name)（\($0.id)）" }),
                helper.map { $0["id"] } ?? .null, helper.map { $0["name"] } ?? .null, helper.map { $0["unit"] } ?? .null,
                helper == nil ? .null : .text(assignment?.linked == true ? YesNo.yes : YesNo.no), reason,
            ]
        }
        return .table(columns: columns, rows: rows)
    }
}
