import JieduiCore
import JieduiLanguage

/// `check` and `due`: where the programme falls short, and what is coming (rules.md).
extension Interpreter {
    /// `year=` of a command, or today's year; a future year is refused.
    func checkYear(_ command: Command) throws -> Int {
        let args = try declaredKeys(command)
        guard let given = args["year"] else { return today.year }
        guard let year = Int(given.value.trimmed), Day.acceptedYears.contains(year) else {
            throw ShellError(.badYear(given.value), at: given.valueLocation)
        }
        guard year <= today.year else { throw ShellError(.yearInFuture(year: year, today: today.iso), at: given.valueLocation) }
        return year
    }

    /// The children who came into the programme after `day`, as far as the records tell, since
    /// records.md keeps no registration date: those the audit log (from schema v6, whose entries
    /// keep what they wrote) shows were added after it, unless a record of theirs is dated by it
    /// (a pair's start, a need, an alert, a review), as for a child entered late with an earlier
    /// history. None when `day` is not past.
    func childrenAdded(to town: any RecordStore, after day: Day) throws -> Set<String> {
        guard day < today else { return [] }
        let from = day.adding(days: 1)
        // A child is added by `child add` or an `import child`: only those entries are read.
        let changes = ProgrammeChanges.changes(in: try town.auditEntries(since: from, nouns: ["child", "import"]), from: from, to: today)
        var later = Set(changes.filter { $0.kind == .childAdded }.map(\.ref))
        guard !later.isEmpty else { return [] }
        let dated: [(Noun, child: String, date: String)] = [(.pair, "child", "since"), (.need, "child", "date"), (.alert, "child", "date"), (.child, "id", "reviewed")]
        for (noun, child, date) in dated {
            let query = Query(noun: noun, predicate: .compare(field: date, op: .lessOrEqual, value: .date(day)), fields: [child])
            for record in try town.select(query, today: today) {
                if let id = record[child].textValue { later.remove(id) }
            }
        }
        return later
    }

    /// `check` of one town for `year` (this one's, or each of a district's): by the town's own
    /// visiting numbers, and for a past year without the children added after it, who were not
    /// in the programme then (the audit log says when; records.md keeps no registration date).
    func findings(in town: any RecordStore, year: Int) throws -> [Finding] {
        let period = CheckPeriod(year: year, today: today, visiting: VisitingRules(settings: try town.allSettings()))
        var findings = try Check.findings(in: town, period: period)
        let later = try childrenAdded(to: town, after: period.end)
        if !later.isEmpty { findings.removeAll { later.contains($0.ref) } }
        return findings
    }

    /// The town's visiting numbers: its settings, or the work plan's defaults.
    func visitingRules() throws -> VisitingRules {
        VisitingRules(settings: try store.allSettings())
    }

    func check(_ command: Command) throws -> Output {
        try expectWords(command, count: 1)
        let findings = try findings(in: store, year: try checkYear(command))
        let lang = session.lang
        let severityLang: Lang = session.format == .table ? lang : .en
        let columns = [
            Column(key: "code", label: "代码"), Column(key: "severity", label: "级别"),
            Column(key: "ref", label: "记录"), Column(key: "message", label: "说明"),
        ]
        let rows: [[Value]] = findings.map {
            [.text($0.code), .text($0.severity.label(severityLang)), .text($0.ref), .text($0.message.text(lang))]
        }
        return .table(columns: columns, rows: rows)
    }
}

extension Interpreter {
    func due(_ command: Command) throws -> Output {
        try expectWords(command, count: 1)
        let args = try declaredKeys(command)
        var days = Programme.dueDays
        if let given = args["days"] {
            guard let n = Int(given.value.trimmed), (0...3660).contains(n) else {
                throw ShellError(.badDays(given.value), at: given.valueLocation)
            }
            days = n
        }
        let items = try Due.agenda(in: store, window: DueWindow(today: today, days: days, visiting: try visitingRules()))
        let columns = [
            Column(key: "date", label: "日期"), Column(key: "kind", label: "事项"), Column(key: "ref", label: "记录"),
            Column(key: "name", label: "儿童姓名"), Column(key: "message", label: "说明"),
        ]
        let rows: [[Value]] = items.map {
            [.date($0.date), .text($0.kind.rawValue), .text($0.ref), $0.name.isEmpty ? .null : .text($0.name), .text($0.message.text(session.lang))]
        }
        return .table(columns: columns, rows: rows)
    }
}
