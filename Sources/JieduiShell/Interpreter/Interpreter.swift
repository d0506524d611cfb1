import Foundation
import JieduiCore
import JieduiLanguage

/// Runs one parsed command against the store and says what it gives back. It never prints:
/// the runner renders its output and reports its errors.
final class Interpreter {
    let store: any RecordStore
    var session: Session
    /// Lines for standard error that a command leaves besides its output (an import's bad rows).
    var notes: [String] = []
    /// While an import runs, its rows' audit entries are gathered into one.
    var collectingAudit: [String]?
    /// While an import runs, the references it has resolved (a sheet names the same few
    /// villages thousands of times, and no record is renamed or removed meanwhile).
    var resolvedReferences: [String: String]?
    /// Keys of records an import has checked and is about to add, which references may name.
    var pendingKeys: Set<String> = []
    /// The second and text of the last audit timestamp.
    private var lastTimestamp: (Int, String)?

    init(store: any RecordStore, session: Session) {
        self.store = store
        self.session = session
    }

    var today: Day { session.today }

    /// The commands that are not nouns, for dispatch and "did you mean".
    static let commandNames = [
        "check", "due", "export", "import", "sql", "log", "backup", "run", "begin", "commit", "rollback",
        "set", "help", "quit", "exit",
    ]

    /// The verbs each noun takes.
    static func verbs(of noun: Noun) -> [String] {
        var verbs = ["add", "set", "show", "list", "count", "remove"]
        switch noun {
        case .child: verbs += ["review", "exit"]
        case .pair: verbs += ["end", "auto"]
        case .training: verbs += ["attend"]
        case .need: verbs += ["resolve", "refer"]
        case .org: verbs += ["retire"]
        default: break
        }
        return verbs
    }

    /// Whether a command may write to the database (an audit entry included), so that one
    /// that cannot is run without taking the town's write lock. Unknown forms count as writes.
    func mayWrite(_ command: Command) -> Bool {
        guard let first = command.words.first?.text.lowercased() else { return true }
        let second = command.words.count > 1 ? command.words[1].text.lowercased() : ""
        // An unmasked output is written to the audit log (个人信息保护).
        let revealing = !session.mask
        if Noun(rawValue: first) != nil {
            switch second {
            case "list", "show", "count": return revealing
            case "auto": return command.words.dropFirst(2).contains { $0.text.lowercased() == "apply" } || revealing
            default: return true
            }
        }
        switch first {
        case "check", "due", "help", "log": return false
        case "sql": return revealing
        // `set mask off` makes the commands after it write (their reveals are audited).
        case "set": return command.words.count > 1 && (!Self.sessionSettings.contains(second) || second == "mask")
        default: return true
        }
    }

    /// Runs a command; a failing command changes nothing (the caller runs it atomically).
    func execute(_ command: Command) throws -> Output {
        guard let first = command.words.first else { throw ShellError(.unexpectedToken(command.assignments.first?.key.text ?? ""), at: command.location) }
        let name = first.text.lowercased()
        if let noun = Noun(rawValue: name) {
            return try executeRecordCommand(noun, command)
        }
        switch name {
        case "set": return try setSetting(command)
        case "log": return try showLog(command)
        case "sql": return try runSQL(command)
        case "backup": return try backup(command)
        case "help": return try help(command)
        case "check": return try check(command)
        case "due": return try due(command)
        case "export": return try export(command)
        case "import": return try importRecords(command)
        default:
            let all = Noun.allCases.map(\.rawValue) + Self.commandNames
            throw ShellError(.unknownCommand(first.text, suggestions: Suggestions.closest(to: first.text, among: all)), at: first.location)
        }
    }

    private func executeRecordCommand(_ noun: Noun, _ command: Command) throws -> Output {
        guard command.words.count >= 2 else {
            throw ShellError(.missingVerb(noun: noun.rawValue, verbs: Self.verbs(of: noun)), at: command.words[0].location)
        }
        let verbWord = command.words[1]
        let verb = verbWord.text.lowercased()
        guard Self.verbs(of: noun).contains(verb) else {
            throw ShellError(
                .unknownVerb(noun: noun.rawValue, verb: verbWord.text, suggestions: Suggestions.closest(to: verbWord.text, among: Self.verbs(of: noun))),
                at: verbWord.location)
        }
        switch (noun, verb) {
        case (_, "add"):
            try expectWords(command, count: 2)
            switch noun {
            case .pair: return try addPair(command)
            case .visit: return try addVisit(command)
            default: return try add(noun, command)
            }
        case (_, "set"): return try set(noun, command)
        case (_, "show"): return try show(noun, command)
        case (_, "list"): return try list(noun, command)
        case (_, "count"): return try count(noun, command)
        case (_, "remove"): return try remove(noun, command)
        case (.child, "review"): return try reviewChild(command)
        case (.child, "exit"): return try exitChild(command)
        case (.pair, "end"): return try endPair(command)
        case (.pair, "auto"): return try pairAuto(command)
        case (.training, "attend"): return try attendTraining(command)
        case (.need, "resolve"): return try resolveNeed(command)
        case (.need, "refer"): return try referNeed(command)
        case (.org, "retire"): return try retireOrg(command)
        default: preconditionFailure("verb \(verb) of \(noun) listed but not dispatched")
        }
    }

    // MARK: Shared pieces

    /// Refuses words beyond the expected ones (`child show C0001 C0002`).
    func expectWords(_ command: Command, count: Int) throws {
        if command.words.count > count {
            throw ShellError(.extraWord(command.words[count].text), at: command.words[count].location)
        }
    }

    /// The REF word of `NOUN VERB REF …`.
    func refWord(_ command: Command) throws -> Word {
        guard command.words.count >= 3 else {
            throw ShellError(.missingRef(command: command.words.prefix(2).map(\.text).joined(separator: " ")), at: command.words.last?.location)
        }
        return command.words[2]
    }

    /// Made once: building a date formatter costs more than the insert it stamps.
    nonisolated(unsafe) private static let timestampFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = .current
        return formatter
    }()

    /// The audit timestamp of now; formatted once a second, since a script writes thousands of
    /// entries a second and the formatter costs more than the entry.
    private func timestamp() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970.rounded(.down))
        if let (cachedSecond, text) = lastTimestamp, cachedSecond == second { return text }
        let text = Self.timestampFormatter.string(from: now)
        lastTimestamp = (second, text)
        return text
    }

    /// Records the change in the audit log: who, when, the command with personal numbers
    /// masked, what it touched and the values it replaced.
    func audit(_ command: Command, refs: [String], old: [String: [String: Value]] = [:]) throws {
        if collectingAudit != nil {
            collectingAudit?.append(contentsOf: refs)
            return
        }
        let renderer = Renderer(format: .json, lang: .en, mask: true, colour: false)
        let oldJSON = old.isEmpty ? "" : "{" + old.sorted { $0.key < $1.key }.map { key, fields in
            renderer.jsonString(key) + ":{" + fields.sorted { $0.key < $1.key }.map { field, value in
                renderer.jsonString(field) + ":" + (value.isNull ? "null" : renderer.jsonString(Masking.maskPersonalNumbers(in: value.text)))
            }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "}"
        try store.appendAudit(AuditEntry(
            time: timestamp(), user: session.user,
            command: Masking.maskPersonalNumbers(in: Self.oneLine(command.text)), refs: refs, old: oldJSON))
    }

    /// A command as one line: `\` continuations joined, as the user meant it.
    static func oneLine(_ text: String) -> String {
        if !text.utf8.contains(UInt8(ascii: "\n")) { return text }
        var result = ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            var line = lines[i]
            if i + 1 < lines.count, line.trimmed.hasSuffix("\\") {
                line = String(line.trimmed.dropLast())
                lines[i + 1] = lines[i + 1].trimmed
                result += line.hasSuffix(" ") ? line : line + " "
            } else {
                result += line + (i + 1 < lines.count ? "\n" : "")
            }
        }
        return result
    }

    // MARK: References

    /// The key of the record a word refers to, or an error that says which records it could mean.
    func resolve(_ noun: Noun, _ word: Word) throws -> String {
        guard resolvedReferences != nil else { return try resolveUncached(noun, word) }
        let memo = noun.rawValue + "\u{1F}" + word.text
        if let key = resolvedReferences?[memo] { return key }
        let key = try resolveUncached(noun, word)
        // A record still only checked, not added, is not remembered: its row may yet fail.
        if !pendingKeys.contains(key) { resolvedReferences?[memo] = key }
        return key
    }

    private func resolveUncached(_ noun: Noun, _ word: Word) throws -> String {
        let text = word.text.trimmed
        func exists(_ key: String) throws -> Bool {
            if pendingKeys.contains(key) { return true }
            return try !store.keys(noun, whereStored: noun.keyField, equals: .text(key), limit: 1).isEmpty
        }
        if noun.idPrefix == nil {
            if try exists(text) { return text }
        } else if let n = noun.idNumber(text) {
            let id = noun.formatID(n)
            if try exists(id) { return id }
            throw ShellError(.noSuch(noun: noun, ref: text, suggestions: []), at: word.location)
        }
        if noun == .child, text.count == 18, let n = try? IdentityNumber.parse(text, today: today) {
            let found = try keys(.child, where: .compare(field: "idno", op: .equal, value: .text(n.text)))
            if let id = found.first { return id }
            throw ShellError(.noSuch(noun: noun, ref: IdentityNumber.maskedText(text), suggestions: []), at: word.location)
        }
        if noun == .child || noun == .helper || noun == .org {
            var predicate = RecordFilter.compare(field: "name", op: .equal, value: .text(text))
            if noun == .child { predicate = .and(predicate, .compare(field: "status", op: .equal, value: .text(ChildStatus.active))) }
            let found = try keys(noun, where: predicate)
            if found.count == 1 { return found[0] }
            if found.count > 1 {
                throw ShellError(.ambiguous(noun: noun, ref: text, count: found.count, keys: found), at: word.location)
            }
            if noun == .child {
                let exited = try keys(.child, where: .compare(field: "name", op: .equal, value: .text(text)))
                if !exited.isEmpty { throw ShellError(.exitedNamed(name: text, keys: exited), at: word.location) }
            }
        }
        throw ShellError(.noSuch(noun: noun, ref: text, suggestions: try suggestions(noun, for: text)), at: word.location)
    }

    private func keys(_ noun: Noun, where predicate: RecordFilter) throws -> [String] {
        try store.select(Query(noun: noun, predicate: predicate, limit: 20, fields: [noun.keyField]), today: today).map(\.key)
    }

    /// "Did you mean" candidates: names (with their ids) close to what was typed.
    func suggestions(_ noun: Noun, for text: String) throws -> [String] {
        let names = try store.names(of: noun)
        let close = Set(Suggestions.closest(to: text, among: names.map(\.name)))
        return names.filter { close.contains($0.name) }.prefix(3).map { $0.key == $0.name ? $0.name : "\($0.name) (\($0.key))" }
    }
}
