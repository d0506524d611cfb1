import JieduiCore
import LineEditor

/// Tab completion for the shell: nouns and commands, verbs, the current noun's keys (English
/// and Chinese), enum values, village and unit names, record ids and names.
struct Completer {
    let store: any RecordStore
    /// At most this many record candidates are offered (a province has a million children).
    static let recordLimit = 50

    static let listKeywords = ["where", "sort", "limit", "show", "by", "and", "or", "not", "in", "is", "empty", "desc"]

    func complete(_ before: String) -> Completion {
        let words = Self.split(before)
        let endsWithSpace = before.last.map { $0 == " " || $0 == "\u{3000}" } ?? true
        let partial = endsWithSpace ? "" : (words.last ?? "")
        let done = endsWithSpace ? words : Array(words.dropLast())
        let candidates = self.candidates(done: done, partial: partial)
        return candidates
    }

    /// Words of the line so far (quotes are not split; good enough for completion).
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }).map(String.init)
    }

    private func matching(_ options: [String], _ partial: String, suffix: String = " ") -> Completion {
        let lowered = partial.lowercased()
        var seen = Set<String>()
        let found = options.filter { $0.lowercased().hasPrefix(lowered) && seen.insert($0).inserted }
        return Completion(replacing: partial.count, candidates: found.count == 1 ? [found[0] + suffix] : found)
    }

    private func candidates(done: [String], partial: String) -> Completion {
        guard let first = done.first?.lowercased() else {
            return matching(Noun.allCases.map(\.rawValue) + Interpreter.commandNames, partial)
        }
        if first == "help" {
            if done.count == 1 { return matching(Noun.allCases.map(\.rawValue) + Interpreter.commandNames, partial) }
            if let noun = Noun(rawValue: done[1].lowercased()), done.count == 2 { return matching(Interpreter.verbs(of: noun), partial) }
            return .none
        }
        if first == "set", done.count == 1 {
            return matching(Interpreter.sessionSettings + Interpreter.storedSettings, partial)
        }
        guard let noun = Noun(rawValue: first) else { return .none }
        if done.count == 1 { return matching(Interpreter.verbs(of: noun), partial) }
        let verb = done[1].lowercased()
        let schema = Schema.of(noun)
        // key=value: complete the value by the field's type.
        if let eq = partial.firstIndex(where: { $0 == "=" || $0 == "＝" }) {
            let key = String(partial[..<eq])
            var value = String(partial[partial.index(after: eq)...])
            if let comma = value.lastIndex(where: { $0 == "," || $0 == "、" || $0 == "，" }) { value = String(value[value.index(after: comma)...]) }
            let fieldName = key.lowercased()
            let type: FieldType? = switch (noun, fieldName) {
            case (.pair, "family"), (_, "family") where schema.field(named: key) == nil: .reference(.family)
            case (.visit, "child"): .reference(.child)
            case (.training, "helpers"): .referenceList(.helper)
            default: schema.field(named: key)?.type
            }
            guard let type else { return .none }
            return matching(values(for: type, prefix: value), value)
        }
        // A record to act on: `child show C…`, `pair end P…`.
        let refVerbs = ["set", "show", "remove", "review", "exit", "end", "attend"]
        if refVerbs.contains(verb), done.count == 2 {
            return matching(records(noun, prefix: partial), partial)
        }
        switch verb {
        case "list", "count":
            let fields = schema.fields.flatMap { [$0.key, $0.label] }
            // After a field and an operator, offer the field's values.
            if done.count >= 2, let last = done.last, ["=", "!=", "~", "<", ">", "<=", ">="].contains(last),
               done.count >= 4, let field = schema.field(named: done[done.count - 2]) {
                return matching(values(for: field.type, prefix: partial), partial)
            }
            return matching(fields + Self.listKeywords, partial)
        case "add", "set":
            var keys = schema.fields.filter { $0.origin == .entered }.flatMap { [$0.key, $0.label] }
            if noun == .pair && verb == "add" { keys.append("family") }
            return matching(keys, partial, suffix: "=")
        case "exit", "end": return matching(["reason", "date"], partial, suffix: "=")
        case "review": return matching(["date"], partial, suffix: "=")
        case "attend": return matching(["helpers"], partial, suffix: "=")
        default: return .none
        }
    }

    /// Values a field of this type can take: enum labels, village and unit names, record refs.
    private func values(for type: FieldType, prefix: String) -> [String] {
        switch type {
        case .enumeration(let e), .enumList(let e): return e.labels + e.values.flatMap(\.aliases)
        case .reference(let noun), .referenceList(let noun): return records(noun, prefix: prefix)
        default: return []
        }
    }

    /// Ids and names of records that start with `prefix` (villages and units by name).
    private func records(_ noun: Noun, prefix: String) -> [String] {
        guard let rows = try? store.completions(of: noun, prefix: prefix, limit: Self.recordLimit) else { return [] }
        var result: [String] = []
        for row in rows {
            if row.key.lowercased().hasPrefix(prefix.lowercased()) { result.append(row.key) }
            if row.name != row.key, row.name.hasPrefix(prefix) { result.append(row.name) }
        }
        return result
    }
}
