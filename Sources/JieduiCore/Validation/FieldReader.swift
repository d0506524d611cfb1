import Foundation

/// Reads what a user typed for a field into a stored value, or says which rule it breaks.
/// References are only normalised here; whether they exist is the interpreter's to check
/// against the store.
public enum FieldReader {
    /// The longest text a field may hold (records.md, "Value types").
    public static let maxTextLength = 500

    /// Reads `text` for `field`; an empty text is `.null` (the field is cleared). An error names
    /// the field as `name` says, by default by its own key and label.
    public static func read(_ text: String, for field: Field, as name: FieldName? = nil, today: Day) throws(Message) -> Value {
        let name = name ?? FieldName(field)
        let trimmed = text.trimmed
        if trimmed.isEmpty { return .null }
        if trimmed.utf8.contains(0) { throw .nulCharacter(field: name) }
        switch field.type {
        case .text:
            guard trimmed.count <= maxTextLength else { throw .textTooLong(field: name, max: maxTextLength) }
            return .text(trimmed)
        case .date(let past):
            guard let day = Day.parse(trimmed) else { throw .badDate(field: name, value: trimmed) }
            if past, day > today { throw .dateInFuture(field: name, value: day.iso, today: today.iso) }
            return .date(day)
        case .enumeration(let enumeration):
            guard let label = enumeration.resolve(trimmed) else {
                throw .badEnum(field: name, value: trimmed, choices: choices(enumeration))
            }
            return .text(label)
        case .enumList(let enumeration):
            var labels: [String] = []
            for item in splitList(trimmed) {
                guard let label = enumeration.resolve(item) else {
                    throw .badEnum(field: name, value: item, choices: choices(enumeration))
                }
                if !labels.contains(label) { labels.append(label) }
            }
            return labels.isEmpty ? .null : .list(labels)
        case .phone:
            guard let phone = Phone.normalized(trimmed) else { throw .badPhone(field: name, value: Phone.quoted(trimmed)) }
            return .text(phone)
        case .idno:
            do {
                return .text(try IdentityNumber.parse(trimmed, today: today).text)
            } catch {
                throw message(for: error, value: trimmed)
            }
        case .integer(let range):
            guard let n = Int(trimmed), range.contains(n) else {
                throw .badInteger(field: name, value: trimmed, range: "\(range.lowerBound)–\(range.upperBound)")
            }
            return .int(n)
        case .reference, .referral, .helperOrText:
            guard trimmed.count <= maxTextLength else { throw .textTooLong(field: name, max: maxTextLength) }
            return .text(trimmed)
        case .referenceList:
            let items = splitList(trimmed)
            return items.isEmpty ? .null : .list(items)
        }
    }

    /// records.md: list values are separated by `,`, `、` or `，`.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "、" || $0 == "，" })
            .map { String($0).trimmed }
            .filter { !$0.isEmpty }
    }

    /// The choices named in an error: each label with its English alias. A long set (the 56
    /// 民族) is named by its first and last values, so that the message stays readable.
    static func choices(_ enumeration: Enumeration) -> [String] {
        let all = enumeration.values.map { value in
            var text = value.label
            if let number = value.number { text = "\(number) " + text }
            if let alias = value.aliases.first, alias != value.label { text += " (\(alias))" }
            return text
        }
        return shortened(all)
    }

    /// Choices as an error names them: all of them, or the first and last of a long set.
    public static func shortened(_ choices: [String]) -> [String] {
        guard choices.count > longestNamedInFull else { return choices }
        return Array(choices.prefix(3)) + ["…"] + Array(choices.suffix(2))
    }

    /// The most choices an error names one by one.
    static let longestNamedInFull = 16

    /// The catalogue message for a bad ID-card number: which part of it is wrong.
    public static func message(for error: IdentityNumberError, value: String) -> Message {
        // Long enough to be someone's number: show only its ends, as output does.
        let shown = value.count >= 14 ? String(value.prefix(6)) + String(repeating: "*", count: value.count - 10) + String(value.suffix(4)) : value
        switch error {
        case .length(let count): return .idnoLength(value: shown, count: count)
        case .characters: return .idnoCharacters(value: shown)
        case .region: return .idnoRegion(value: shown)
        case .birthDate: return .idnoBirthDate(value: shown)
        case .bornInFuture: return .idnoBornInFuture(value: shown)
        case .checkCharacter(let expected, let found):
            return .idnoCheck(value: shown, expected: String(expected), found: String(found))
        }
    }
}

extension IdentityNumber {
    /// Masks any 18-character text the way a valid number is masked (first 6, last 4).
    public static func maskedText(_ text: String) -> String {
        guard text.count == 18 else { return text }
        return String(text.prefix(6)) + String(repeating: "*", count: 8) + String(text.suffix(4))
    }
}
