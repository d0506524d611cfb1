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
    /// `--dry-run`: the town's changes are rolled back at the end, and commands that would
    /// write outside it (an export's file, a backup, a copy to a server) write nothing.
    var dryRun = false
    /// Whether the user asked to stop the running command (Ctrl-C in the shell): checked
    /// between the rows of an import, which then changes nothing.
    var stopRequested: () -> Bool = { false }
    /// While an import runs, its rows' audit entries are gathered into one.
    var collectingAudit: CollectedAudit?
    /// While an import runs, the references it has resolved (a sheet names the same few
    /// villages thousands of times, and no record is renamed or removed meanwhile).
    var resolvedReferences: [String: String]?
    /// Keys of records an import has checked and is about to add, which references may name.
    var pendingKeys: Set<String> = []
    /// The reveal entries written in the open transaction: numbers shown stay shown when the
    /// work around them is rolled back, so the runner writes these again after a rollback.
    var disclosures: [AuditEntry] = []
    /// How many outputs have been recorded as reveals, so that a command that recorded its own
    /// (`sql`, an export) is not recorded twice.
    private(set) var revealsRecorded = 0
    /// The environment other stores are opened with (`migrate`, the district's towns): where a
    /// server's password is found. Read only when asked for and not given: a command line gives
    /// its own, and reading the process's costs a noticeable part of start-up.
    lazy var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The second and text of the last audit timestamp.
    private var lastTimestamp: (Int, String)?

    init(store: any RecordStore, session: Session) {
        self.store = store
        self.session = session
    }

    var today: Day { session.today }

    /// The commands that are not nouns, as `CommandTable` declares them.
    static var commandNames: [String] { CommandTable.commandWords }

    /// The verbs each noun takes, as `CommandTable` declares them.
    static func verbs(of noun: Noun) -> [String] {
        CommandTable.verbs(of: noun).map(\.word)
    }

    /// Whether a command may write to the database (an audit entry included), so that one
    /// that cannot is run without taking the town's write lock. Unknown forms count as writes.
    func mayWrite(_ command: Command) -> Bool {
        guard let first = command.words.first,
              let spec = CommandTable.spec(first.text, command.words.count > 1 ? command.words[1].text : nil) else { return true }
        // An unmasked output is written to the audit log (个人信息保护).
        return spec.mayWrite(command, revealing: !session.mask)
    }

    /// Runs a command; a failing command changes nothing (the caller runs it atomically).
    func execute(_ command: Command) throws -> Output {
        let spec = try CommandTable.spec(for: command)
        switch spec.handler {
        case .interpreter(let perform):
            let recorded = revealsRecorded
            let output = try perform(self, command)
            if !session.mask, revealsRecorded == recorded, reveals(output) { try auditReveal(command) }
            return output
        // The runner carries these out before they reach the interpreter; alone, it has no
        // transaction or script of its own to act on.
        case .runner: throw ShellError(.notInScript(spec.name), at: command.location)
        }
    }

    /// 个人信息保护: whether an output shows anything unmasked that masking would hide — a
    /// number in a name, a note, a setting, a path, not only in an ID-card or phone column.
    func reveals(_ output: Output) -> Bool {
        let masked = Renderer(format: .table, lang: session.lang, mask: true, colour: false)
        // A listing is asked value by value, stopping at the first that masking would change,
        // rather than printed twice (it may hold hundreds of thousands of rows).
        func shown(_ columns: [Column], _ values: [Value]) -> Bool {
            zip(columns, values).contains { column, value in masked.display(value, in: column) != value.text }
        }
        switch output {
        case .table(let columns, let rows): return rows.contains { shown(columns, $0) }
        case .record(let columns, let values): return shown(columns, values)
        case .counts(let column, let counts): return counts.contains { shown([column], [$0.0]) }
        default:
            let unmasked = Renderer(format: .table, lang: session.lang, mask: false, colour: false)
            return masked.render(output) != unmasked.render(output)
        }
    }

    // MARK: Shared pieces

    /// A word the command does not take, of those bare words it does (`keep-going`, `apply`):
    /// the error names them, as its declaration in `CommandTable` lists them.
    func unknownFlag(_ word: Word, of command: Command) -> ShellError {
        let flags = (try? CommandTable.spec(for: command).flags) ?? []
        return ShellError(flags.isEmpty ? .extraWord(word.text) : .unknownFlag(word.text, choices: flags), at: word.location)
    }

    /// Refuses words beyond the expected ones (`child show C0001 C0002`).
    func expectWords(_ command: Command, count: Int) throws {
        if command.words.count > count {
            throw ShellError(.extraWord(command.words[count].text), at: command.words[count].location)
        }
    }

    /// `NOUN VERB REF key=value…`: the REF word and the key it names; no other word may follow.
    func target(_ noun: Noun, of command: Command) throws -> (ref: Word, key: String) {
        let ref = try refWord(command)
        try expectWords(command, count: 3)
        return (ref, try resolve(noun, ref))
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

    /// The refs and values of the audit entries an import gathers into one.
    struct CollectedAudit {
        var refs: [String] = []
        var old: [String: [String: Value]] = [:]
        var new: [String: [String: Value]] = [:]
    }

    /// Changes one record and audits it: what the changed fields were, and what they are now.
    func update(_ noun: Noun, _ key: String, _ changes: [String: Value], was old: [String: Value], by command: Command) throws {
        try store.update(noun, key: key, changes: changes)
        try audit(command, refs: [key], old: [key: old], new: [key: changes])
    }

    /// Records the change in the audit log: who, when (the clock's time and the programme's
    /// day), the command with personal numbers masked, its noun and verb, what it touched, the
    /// values it replaced (`old`) and those it wrote (`new`), which `changes` reads.
    @discardableResult
    func audit(_ command: Command, refs: [String], old: [String: [String: Value]] = [:], new: [String: [String: Value]] = [:]) throws -> AuditEntry? {
        if collectingAudit != nil {
            collectingAudit?.refs.append(contentsOf: refs)
            collectingAudit?.old.merge(old) { first, _ in first }
            collectingAudit?.new.merge(new) { $0.merging($1) { _, last in last } }
            return nil
        }
        let words = command.words.prefix(2).map { $0.text.lowercased() }
        let entry = AuditEntry(
            time: timestamp(), user: session.user,
            // The refs name records by id, but also files and names a user typed: masked alike.
            command: Masking.maskPersonalNumbers(in: Self.oneLine(command.text)), refs: refs.map { Masking.maskPersonalNumbers(in: $0) }, old: Self.valuesJSON(old),
            day: today.iso, noun: words.first ?? "", verb: words.dropFirst().first ?? "", new: Self.valuesJSON(new))
        try store.appendAudit(entry)
        return entry
    }

    /// The first ref of the audit entry of an output that showed personal numbers unmasked.
    static let revealRef = "reveal"

    /// Records an output that showed personal numbers unmasked (the file it wrote, if any), and
    /// keeps the entry for the runner to write again should the work around it be rolled back.
    func auditReveal(_ command: Command, file: String? = nil) throws {
        revealsRecorded += 1
        if let entry = try audit(command, refs: [Self.revealRef] + (file.map { [$0] } ?? [])) { disclosures.append(entry) }
    }

    /// What an added record's audit entry keeps of it: for a child, pair or alert, the fields
    /// `changes` reports (`ProgrammeChanges.insertFields`); nothing for other records.
    static func inserted(_ record: Record) -> [String: [String: Value]] {
        guard let keys = ProgrammeChanges.insertFields[record.noun] else { return [:] }
        return [record.key: Dictionary(uniqueKeysWithValues: keys.map { ($0, record[$0]) })]
    }

    /// Values keyed by ref as the audit log keeps them: a JSON object with sorted keys, every
    /// value as text (personal numbers masked) or null; "" for none.
    static func valuesJSON(_ values: [String: [String: Value]]) -> String {
        guard !values.isEmpty else { return "" }
        let renderer = Renderer(format: .json, lang: .en, mask: true, colour: false)
        return "{" + values.sorted { $0.key < $1.key }.map { key, fields in
            renderer.jsonString(key) + ":{" + fields.sorted { $0.key < $1.key }.map { field, value in
                renderer.jsonString(field) + ":" + (value.isNull ? "null" : renderer.jsonString(Masking.maskPersonalNumbers(in: value.text)))
            }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "}"
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
