import Foundation
import JieduiCore
import JieduiLanguage

/// The commands that are not about one noun: settings, the audit log, SQL, backup and help.
extension Interpreter {
    /// Settings kept in the database, for every later session (records.md, "Settings";
    /// practice.md, the visiting numbers).
    static let storedSettings = ["town", "filer", "filing_unit"] + VisitingRules.settingNames
    /// Settings of this session only.
    static let sessionSettings = ["today", "format", "lang", "mask"]

    func setSetting(_ command: Command) throws -> Output {
        var pairs: [(Word, Word?)] = []
        if command.words.count >= 2 {
            pairs.append((command.words[1], command.words.count >= 3 ? command.words[2] : nil))
            if command.words.count > 3 { throw ShellError(.extraWord(command.words[3].text), at: command.words[3].location) }
        }
        for assignment in command.assignments {
            pairs.append((assignment.key, Word(assignment.value, at: assignment.valueLocation)))
        }
        if pairs.isEmpty { return try listSettings() }
        for (nameWord, valueWord) in pairs {
            let name = nameWord.text.lowercased()
            let all = Self.sessionSettings + Self.storedSettings
            guard all.contains(name) else {
                throw ShellError(.unknownSetting(nameWord.text, choices: all), at: nameWord.location)
            }
            guard let valueWord else { throw ShellError(.settingNeedsValue(name), at: nameWord.location) }
            let value = valueWord.text.trimmed
            switch name {
            case "today":
                guard let day = Day.parse(value) else { throw ShellError(.badDate(field: "today", value: value), at: valueWord.location) }
                session.fixedToday = day
            case "format":
                session.format = try Self.choice(name, valueWord)
            case "lang":
                session.lang = try Self.choice(name, valueWord)
            case "mask":
                switch value.lowercased() {
                case "on", "true", "yes", "开": session.mask = true
                case "off", "false", "no", "关": session.mask = false
                default: throw ShellError(.badOptionValue(option: "mask", value: value, choices: ["on", "off"]), at: valueWord.location)
                }
            default:
                guard value.count <= FieldReader.maxTextLength else {
                    throw ShellError(.textTooLong(field: FieldName(name), max: FieldReader.maxTextLength), at: valueWord.location)
                }
                // `set filing_unit ""`: the setting is cleared, and its default stands again.
                let stored: String? = value.isEmpty ? nil : value
                if let stored, VisitingRules.settingNames.contains(name) {
                    let range = VisitingRules.range(of: name)
                    guard let days = Int(stored), range.contains(days) else {
                        throw ShellError(.badInteger(field: FieldName(name), value: stored, range: "\(range.lowerBound)–\(range.upperBound)"), at: valueWord.location)
                    }
                }
                let old = try store.setting(name)
                try store.setSetting(name, to: stored)
                try audit(command, refs: [name], old: [name: ["value": old.map(Value.text) ?? .null]], new: [name: ["value": stored.map(Value.text) ?? .null]])
            }
        }
        return .nothing
    }

    /// The value of a session setting of a closed set (`set format json`), in any case.
    private static func choice<T: RawRepresentable<String> & CaseIterable>(_ name: String, _ word: Word) throws -> T {
        let value = word.text.trimmed
        guard let choice = T(rawValue: value.lowercased()) else {
            throw ShellError(.badOptionValue(option: name, value: value, choices: T.allCases.map(\.rawValue)), at: word.location)
        }
        return choice
    }

    /// The settings as a table: name and value.
    private func listSettings() throws -> Output {
        let stored = try store.allSettings()
        let town = TownSettings.name(stored["town"])
        let filer: Value = stored["filer"].map { Value.text($0) } ?? .null
        let settings: [(String, Value)] = [
            ("town", .text(town)),
            ("filer", filer),
            ("filing_unit", .text(TownSettings.filingUnit(stored["filing_unit"], town: town))),
        ]
        let visiting = VisitingRules(settings: stored)
        let rest: [(String, Value)] = VisitingRules.settingNames.map { ($0, .int(visiting[$0])) } + [
            ("today", .date(today)),
            ("format", .text(session.format.rawValue)),
            ("lang", .text(session.lang.rawValue)),
            ("mask", .text(session.mask ? "on" : "off")),
        ]
        let rows: [[Value]] = (settings + rest).map { [Value.text($0.0), $0.1] }
        return .table(columns: [Column(key: "setting", label: "设置"), Column(key: "value", label: "值")], rows: rows)
    }

    // MARK: log

    func showLog(_ command: Command) throws -> Output {
        if command.words.count >= 2, command.words[1].text.lowercased() == "verify" {
            try expectWords(command, count: 2)
            switch try store.verifyAudit() {
            case .whole(let entries, let head):
                if session.format == .table { return .message(.auditWhole(entries: entries, head: head)) }
                return .record(columns: [Column(key: "entries", label: "条数"), Column(key: "head", label: "最新校验值", kind: .digest)],
                               values: [.int(entries), .text(head)])
            case .broken(let seq, .altered):
                throw ShellError(.auditAltered(seq: seq), at: command.words[1].location)
            case .broken(let seq, .removedBefore(let from)):
                throw ShellError(.auditRemoved(seq: seq, from: from), at: command.words[1].location)
            case .broken(let seq, .inserted):
                throw ShellError(.auditInserted(seq: seq), at: command.words[1].location)
            }
        }
        try expectWords(command, count: 1)
        // The clause is named (`sort`), at its first field.
        for (name, field) in [("by", command.by), ("show", command.show.first), ("sort", command.sort.first?.field)] {
            if let field { throw ShellError(.clauseNotAllowed(name), at: field.location) }
        }
        let limit = try command.limit.map(readLimit) ?? (command.filter == nil ? 50 : nil)
        if let filter = command.filter { try checkLogExpression(filter) }
        let entries = try store.audit(limit: limit) { entry in
            command.filter.map { Self.matches(entry, $0) } ?? true
        }
        let columns = [
            Column(key: "seq", label: "序号"), Column(key: "time", label: "时间"), Column(key: "user", label: "操作人"),
            Column(key: "command", label: "命令", kind: .unknown), Column(key: "refs", label: "涉及记录"),
            Column(key: "old", label: "原值", kind: .unknown),
        ]
        let rows: [[Value]] = entries.map { [.int($0.seq), .text($0.time), .text($0.user), .text($0.command), .list($0.refs), $0.old.isEmpty ? .null : .text($0.old)] }
        return .table(columns: columns, rows: rows)
    }

    static let logFields = ["seq", "time", "user", "command", "refs"]

    private func checkLogExpression(_ expression: WhereExpression) throws {
        switch expression {
        case .and(let a, let b), .or(let a, let b):
            try checkLogExpression(a)
            try checkLogExpression(b)
        case .not(let a): try checkLogExpression(a)
        case .comparison(let field, let op, _, let operand):
            try checkLogField(field)
            if op != .contains { try checkLogOperand(field, operand) }
        case .membership(let field, let values):
            try checkLogField(field)
            for value in values { try checkLogOperand(field, value) }
        case .emptiness(let field, _):
            try checkLogField(field)
        }
    }

    private func checkLogField(_ field: Word) throws {
        guard !Self.logFields.contains(field.text.lowercased()) else { return }
        let close = Suggestions.closest(to: field.text, among: Self.logFields)
        throw ShellError(close.isEmpty ? .unknownFieldOf(noun: "log", field: field.text, fields: Self.logFields)
                                       : .unknownField(noun: "log", field: field.text, suggestions: close), at: field.location)
    }

    /// A value `seq` or `time` cannot take is an error, not a filter that finds nothing: `seq` is
    /// a whole number, `time` a date in any form `add` reads, or a time as the log shows it.
    private func checkLogOperand(_ field: Word, _ operand: Word) throws {
        switch field.text.lowercased() {
        case "seq" where Int(operand.text.trimmed) == nil:
            throw ShellError(.badInteger(field: FieldName(key: "seq", label: "序号"), value: operand.text, range: "1–"), at: operand.location)
        case "time" where Day.parse(operand.text.trimmed) == nil && !Self.isLogTime(operand.text.trimmed):
            throw ShellError(.badDate(field: FieldName(key: "time", label: "时间"), value: operand.text), at: operand.location)
        default:
            return
        }
    }

    /// Whether the text is the start of a time as the log keeps it, past its date:
    /// `2026-12-01T09`, `2026-12-01T09:30`, … (`YYYY-MM-DDThh…`).
    static func isLogTime(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count > 11 && Day.parse(String(String.UnicodeScalarView(scalars.prefix(10)))) != nil && scalars[10] == "T"
    }

    /// Evaluates a `where` of `log` on one entry (the log is read newest first and stops at the limit).
    static func matches(_ entry: AuditEntry, _ expression: WhereExpression) -> Bool {
        func value(_ field: Word) -> String {
            switch field.text.lowercased() {
            case "seq": String(entry.seq)
            case "time": entry.time
            case "user": entry.user
            case "command": entry.command
            default: entry.refs.joined(separator: ",")
            }
        }
        func compare(_ field: Word, _ op: ComparisonOperator, _ operand: String) -> Bool {
            let key = field.text.lowercased()
            if key == "refs" {
                switch op {
                case .equal: return entry.refs.contains { $0.caseInsensitiveCompare(operand) == .orderedSame }
                case .notEqual: return !entry.refs.contains { $0.caseInsensitiveCompare(operand) == .orderedSame }
                default: return value(field).localizedCaseInsensitiveContains(operand)
                }
            }
            let lhs = value(field)
            if key == "seq", let a = Int(lhs), let b = Int(operand.trimmed) { return op.holds(a, b) ?? lhs.contains(operand) }
            // A date is the day of the entry's time (as the log shows it), whatever form it is
            // written in: `time = 2026-12-01` is that day's entries, `time <= 2026-12-01` up to its end.
            if key == "time", op != .contains, let day = Day.parse(operand.trimmed) {
                return op.holds(String(lhs.prefix(10)), day.iso) ?? false
            }
            return op.holds(lhs, operand) ?? lhs.localizedCaseInsensitiveContains(operand)
        }
        switch expression {
        case .and(let a, let b): return matches(entry, a) && matches(entry, b)
        case .or(let a, let b): return matches(entry, a) || matches(entry, b)
        case .not(let a): return !matches(entry, a)
        case .comparison(let field, let op, _, let operand): return compare(field, op, operand.text)
        case .membership(let field, let values): return values.contains { compare(field, .equal, $0.text) }
        case .emptiness(let field, let negated): return value(field).isEmpty != negated
        }
    }

    // MARK: sql, backup

    func runSQL(_ command: Command) throws -> Output {
        let text = command.raw?.trimmed ?? ""
        guard !text.isEmpty else { throw ShellError(.sqlOneStatement, at: command.location) }
        guard let sqlStore = store as? any ReadOnlySQLRunning else { throw ShellError(.notOffered(command: "sql"), at: command.location) }
        let result = try sqlStore.readOnlySQL(text, masked: session.mask)
        // Unmasked, the query may have read personal numbers even if it prints none of them
        // (`WHERE idno = …`), so the query itself is a reveal, whatever its rows.
        if !session.mask { try auditReveal(command) }
        let columns = result.columns.map { Column(key: $0, label: $0, kind: .unknown) }
        return .table(columns: columns, rows: result.rows)
    }

    /// The file a `to=` names, `~` expanded; never the town's own database or a file it keeps
    /// beside it, which the output would destroy.
    func outputPath(_ to: Assignment) throws -> String {
        let path = (to.value as NSString).expandingTildeInPath
        if let files = store as? any FileBacked, files.isOwnFile(path) {
            throw ShellError(.outputIsDatabase(path: to.value), at: to.valueLocation)
        }
        // The file is made beside its name and renamed onto it: that would put a file in place
        // of a device (`/dev/null`), a pipe or a folder of that name.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw ShellError(.outputNotAFile(path: to.value), at: to.valueLocation)
        }
        return path
    }

    func backup(_ command: Command) throws -> Output {
        try expectWords(command, count: 1)
        guard let to = command.assignments.first(where: { $0.key.text.lowercased() == "to" }), !to.value.isEmpty else {
            throw ShellError(.fieldRequired(field: "to"), at: command.location)
        }
        if let other = command.assignments.first(where: { $0.key.text.lowercased() != "to" }) {
            throw ShellError(.unknownField(noun: "backup", field: other.key.text, suggestions: ["to"]), at: other.key.location)
        }
        guard let backupStore = store as? any BackingUp else { throw ShellError(.notOffered(command: "backup"), at: command.location) }
        let path = try outputPath(to)
        if dryRun { return .message(.dryRunNotWritten(path: path, rows: nil)) }
        let folder = FilePath.folder(of: path)
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try backupStore.backup(to: path)
        return .message(.backupWritten(path: path))
    }

    // MARK: help

    /// `help`, `help NOUN`, `help NOUN VERB` and `help COMMAND`: pages made from the command table.
    func help(_ command: Command) throws -> Output {
        let words = command.words.dropFirst()
        guard let topic = words.first else { return .text(HelpPage.general.text(session.lang)) }
        guard let noun = Noun(rawValue: topic.text.lowercased()) else {
            if let spec = CommandTable.spec(topic.text, nil) { return .text(HelpPage.command(spec).text(session.lang)) }
            throw ShellError(.unknownCommand(topic.text, suggestions: Suggestions.closest(to: topic.text, among: CommandTable.firstWords)), at: topic.location)
        }
        if let verbWord = words.dropFirst().first {
            guard let spec = CommandTable.spec(noun.rawValue, verbWord.text) else {
                throw ShellError(.unknownVerb(noun: noun.rawValue, verb: verbWord.text, suggestions: Suggestions.closest(to: verbWord.text, among: Self.verbs(of: noun))), at: verbWord.location)
            }
            return .text(HelpPage.command(spec).text(session.lang))
        }
        return .text(HelpPage.noun(noun).text(session.lang))
    }
}
