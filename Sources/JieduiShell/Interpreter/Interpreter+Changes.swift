import JieduiCore
import JieduiExport
import JieduiLanguage

/// practice.md 动态管理: `changes` and `export changes`, read from the audit log.
extension Interpreter {
    func changes(_ command: Command) throws -> Output {
        try expectWords(command, count: 1)
        let args = try declaredKeys(command)
        let (from, to) = try changesPeriod(from: args["from"], to: args["to"])
        let columns = [
            Column(key: "date", label: "日期"), Column(key: "kind", label: "变动类型"), Column(key: "ref", label: "编号"),
            Column(key: "name", label: "儿童姓名"), Column(key: "detail", label: "详情"),
        ]
        let rows: [[Value]] = try changeRows(from: from, to: to).map {
            [.date($0.date), .text($0.kind.rawValue), .text($0.ref), $0.name.isEmpty ? .null : .text($0.name), $0.detail.isEmpty ? .null : .text($0.detail)]
        }
        return .table(columns: columns, rows: rows)
    }

    /// The period `from=`…`to=`, by default the quarter today is in; an end after today is
    /// allowed (the quarter's last day often is).
    func changesPeriod(from: Assignment?, to: Assignment?) throws -> (from: Day, to: Day) {
        let quarter = Quarter(year: today.year, number: today.quarter)
        func day(_ assignment: Assignment?, _ fallback: Day) throws -> Day {
            guard let assignment else { return fallback }
            guard let day = Day.parse(assignment.value.trimmed) else {
                throw ShellError(.badDate(field: FieldName(assignment.key.text), value: assignment.value), at: assignment.valueLocation)
            }
            return day
        }
        let start = try day(from, quarter.first), end = try day(to, quarter.last)
        guard start <= end else { throw ShellError(.periodReversed(from: start.iso, to: end.iso), at: to?.valueLocation ?? from?.valueLocation) }
        return (start, end)
    }

    /// The changes of the period with the children's and helpers' names looked up.
    func changeRows(from: Day, to: Day) throws -> [ProgrammeChanges.Row] {
        // An exit or an ended pair is dated by its command, never after the day it was entered.
        let logged = ProgrammeChanges.changes(in: try store.auditEntries(since: from), from: from, to: to)
        // A record removed (added by mistake, records.md) was never a change to the programme.
        var kept = Set<String>()
        for (noun, refs) in Dictionary(grouping: Set(logged.map(\.ref)), by: { ProgrammeChanges.noun(of: $0) }) {
            guard let noun else { continue }
            kept.formUnion(try records(noun, Set(refs), fields: ["id"]).map(\.key))
        }
        let changes = logged.filter { kept.contains($0.ref) }
        let endedPairs = Set(changes.filter { $0.child.isEmpty }.map(\.ref))
        var childOfPair: [String: String] = [:]
        if !endedPairs.isEmpty {
            let pairs = try store.select(Query(noun: .pair, predicate: .isIn(field: "id", values: endedPairs.sorted().map(Value.text)), fields: ["id", "child"]), today: today)
            for pair in pairs { childOfPair[pair.key] = pair["child"].text }
        }
        func child(_ change: ProgrammeChanges.Change) -> String { change.child.isEmpty ? childOfPair[change.ref] ?? "" : change.child }
        let names = try namesByID(.child, Set(changes.map(child)))
        let helperIDs = changes.compactMap { change -> String? in if case .helper(let id) = change.detail { id } else { nil } }
        let helpers = try namesByID(.helper, Set(helperIDs))
        return changes.map { change in
            let detail: String = switch change.detail {
            case .text(let text): text
            case .helper(let id): helpers[id] ?? id
            case .unit(let unit): "（包片）\(unit)"
            }
            let name = change.name.isEmpty ? names[child(change)] ?? "" : change.name
            return ProgrammeChanges.Row(date: change.date, kind: change.kind, ref: change.ref, name: name, detail: detail)
        }
    }

    /// The names of the records with these ids (those that are still there).
    private func namesByID(_ noun: Noun, _ ids: Set<String>) throws -> [String: String] {
        Dictionary(try records(noun, ids, fields: ["id", "name"]).map { ($0.key, $0["name"].text) }, uniquingKeysWith: { first, _ in first })
    }

    /// The records with these ids that are still there, asked for a few thousand at a time (a
    /// period's import can name more than a statement may bind).
    private func records(_ noun: Noun, _ ids: Set<String>, fields: [String]) throws -> [Record] {
        let wanted = ids.filter { !$0.isEmpty }.sorted()
        return try stride(from: 0, to: wanted.count, by: 5_000).flatMap { start in
            let chunk = wanted[start..<min(start + 5_000, wanted.count)].map(Value.text)
            return try store.select(Query(noun: noun, predicate: .isIn(field: "id", values: chunk), fields: fields), today: today)
        }
    }
}
