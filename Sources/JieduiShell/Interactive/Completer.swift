import JieduiCore
import JieduiLanguage
import LineEditor

/// Tab completion for the shell: nouns and commands, verbs, the current noun's keys (English
/// and Chinese), enum values, village and unit names, record ids and names. What each command
/// takes is read from its declaration in `CommandTable`.
struct Completer {
    let store: any RecordStore
    /// At most this many record candidates are offered (a province has a million children).
    static let recordLimit = 50

    static let listKeywords = ["where", "sort", "limit", "show", "by", "and", "or", "not", "in", "is", "empty", "asc", "desc"]

    func complete(_ before: String) -> Completion {
        let words = Self.split(before)
        let endsWithSpace = before.last.map { $0 == " " || $0 == "\u{3000}" } ?? true
        let partial = endsWithSpace ? "" : (words.last ?? "")
        let done = endsWithSpace ? words : Array(words.dropLast())
        return candidates(done: done, partial: partial, line: before)
    }

    /// The words of a line of clauses, each bracket and comma a word of its own, and the word
    /// being typed at its end ("" after a space or a mark).
    static func clauseTokens(_ text: String) -> (done: [String], partial: String) {
        var done: [String] = []
        var current = ""
        for c in text {
            if c == " " || c == "\u{3000}" || c == "\t" || Self.clauseMarks.contains(c) {
                if !current.isEmpty { done.append(current) }
                current = ""
                if Self.clauseMarks.contains(c) { done.append(String(c)) }
            } else {
                current.append(c)
            }
        }
        return (done, current)
    }

    static let clauseMarks: Set<Character> = ["(", ")", ",", "（", "）", "，", "、"]

    /// Words of the line so far (quotes are not split; good enough for completion).
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }).map(String.init)
    }

    /// The options that start with what is typed; with `quoted`, each as the lexer reads it back
    /// (a name with a space, `;` or `#` in quotes), so that the completed line means that name.
    private func matching(_ options: [String], _ partial: String, suffix: String = " ", more: Bool = false, quoted: Bool = false) -> Completion {
        let lowered = partial.lowercased()
        var seen = Set<String>()
        let found = options.filter { $0.lowercased().hasPrefix(lowered) && seen.insert($0).inserted }.map { quoted ? Lexer.word($0) : $0 }
        return Completion(replacing: partial.count, candidates: found.count == 1 && !more ? [found[0] + suffix] : found, more: more)
    }

    /// Values: names as records have them, quoted where they must be.
    private func matching(_ options: Options, _ partial: String) -> Completion {
        matching(options.words, partial, more: options.more, quoted: true)
    }

    /// Words to offer, and whether they are only some of those that match.
    typealias Options = (words: [String], more: Bool)

    /// What may follow `done` on `line`: read from the command's declaration in `CommandTable`.
    private func candidates(done: [String], partial: String, line: String) -> Completion {
        guard let first = done.first else { return matching(CommandTable.firstWords, partial) }
        if let noun = Noun(rawValue: first.lowercased()), done.count == 1 {
            return matching(Interpreter.verbs(of: noun), partial)
        }
        guard let spec = CommandTable.spec(first, done.count > 1 ? done[1] : nil) else { return .none }
        // The operands given so far: the words after the command's own, but its keys.
        let given = done.dropFirst(spec.wordCount).filter { !$0.contains(where: { $0 == "=" || $0 == "＝" }) }
        // key=value: complete the value by the key's type.
        if let eq = partial.firstIndex(where: { $0 == "=" || $0 == "＝" }) {
            let key = String(partial[..<eq])
            var value = String(partial[partial.index(after: eq)...])
            if let comma = value.lastIndex(where: { $0 == "," || $0 == "、" || $0 == "，" }) { value = String(value[value.index(after: comma)...]) }
            guard let type = spec.valueType(of: key) else { return .none }
            return matching(values(for: type, prefix: value), value)
        }
        if spec.operands == [.topic] { return topic(given, partial) }
        if case .clauses = spec.keys, let noun = spec.noun {
            // The clauses of list and count have brackets and commas between their words.
            let (clauseDone, clausePartial) = Self.clauseTokens(line)
            return clause(noun, done: clauseDone, partial: clausePartial)
        }
        if given.count < spec.operands.count {
            switch spec.operands[given.count] {
            case .record: return spec.noun.map { matching(records($0, prefix: partial), partial) } ?? .none
            case .choice(let words): return matching(words, partial, quoted: true)
            case .setting: return matching(Interpreter.sessionSettings + Interpreter.storedSettings, partial)
            case .file, .topic: return .none
            case .text: break
            }
        }
        return keysAndFlags(spec.keyNames(), spec.flags, partial)
    }

    /// `help NOUN VERB`: a noun or a command, then one of the noun's verbs.
    private func topic(_ given: [String], _ partial: String) -> Completion {
        if given.isEmpty { return matching(CommandTable.firstWords, partial) }
        if given.count == 1, let noun = Noun(rawValue: given[0].lowercased()) { return matching(Interpreter.verbs(of: noun), partial) }
        return .none
    }

    /// The clauses of `list` and `count`: fields and keywords, and a field's values after an
    /// operator or inside `in (…)`.
    private func clause(_ noun: Noun, done: [String], partial: String) -> Completion {
        let schema = Schema.of(noun)
        if done.count >= 4, let last = done.last, ["=", "!=", "~", "<", ">", "<=", ">="].contains(last),
           let field = schema.field(named: done[done.count - 2]) {
            return matching(values(for: field.type, prefix: partial), partial)
        }
        // FIELD in (a, b, …: the values of FIELD.
        if let open = done.lastIndex(where: { $0 == "(" || $0 == "（" }), open >= 2, !done[open...].contains(where: { $0 == ")" || $0 == "）" }),
           done[open - 1].lowercased() == "in", let field = schema.field(named: done[open - 2]) {
            return matching(values(for: field.type, prefix: partial), partial)
        }
        return matching(schema.fields.flatMap { [$0.key, $0.label] } + Self.listKeywords, partial)
    }

    /// Keys (completed with `=`) and bare words such as `apply` (completed with a space).
    private func keysAndFlags(_ keys: [String], _ flags: [String], _ partial: String) -> Completion {
        let found = matching(keys + flags, partial, suffix: "")
        guard found.candidates.count == 1, let only = found.candidates.first else { return found }
        return Completion(replacing: found.replacing, candidates: [only + (keys.contains(only) ? "=" : " ")])
    }

    /// Values a field of this type can take: enum labels, village and unit names, record refs.
    private func values(for type: FieldType, prefix: String) -> Options {
        switch type {
        case .enumeration(let e), .enumList(let e): return (e.labels + e.values.flatMap(\.aliases), false)
        case .reference(let noun), .referenceList(let noun): return records(noun, prefix: prefix)
        default: return ([], false)
        }
    }

    /// Ids and names of records that start with `prefix` (villages and units by name): at most
    /// `recordLimit` records, and whether there are more.
    private func records(_ noun: Noun, prefix: String) -> Options {
        guard let rows = try? store.completions(of: noun, prefix: prefix, limit: Self.recordLimit + 1) else { return ([], false) }
        var result: [String] = []
        for row in rows.prefix(Self.recordLimit) {
            if row.key.lowercased().hasPrefix(prefix.lowercased()) { result.append(row.key) }
            if row.name != row.key, row.name.hasPrefix(prefix) { result.append(row.name) }
        }
        return (result, rows.count > Self.recordLimit)
    }
}
