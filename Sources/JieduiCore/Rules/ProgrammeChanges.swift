import Foundation

/// practice.md 动态管理: the changes to the programme in a period, read from the audit log.
/// Each entry since schema v6 keeps the values it replaced (`old`) and wrote (`new`), keyed by
/// the record's id; a change is a transition of those values, whatever command made it (`add`,
/// `set`, `import … update`, `child exit`, `pair end`, `pair auto`). Work undone by a rollback
/// never reached the log, so it is not here.
public enum ProgrammeChanges {
    /// What a change is, as the 动态变化 table names it.
    public enum Kind: String, CaseIterable, Sendable {
        case childAdded = "新增儿童"
        case exited = "退出"
        case categoryChanged = "类别变更"
        case riskChanged = "风险变更"
        case pairAdded = "新结对"
        case pairEnded = "解除结对"
        case alertAdded = "强制报告"
    }

    /// What a change says beyond its kind: a text, or the helper (or unit) of a new pair, whose
    /// name the caller looks up.
    public enum Detail: Sendable, Equatable {
        case text(String)
        case helper(id: String)
        case unit(String)
    }

    public struct Change: Sendable, Equatable {
        /// The day the change was made, or for an exit or an ended pair the date its command gave.
        public var date: Day
        public var kind: Kind
        /// The record changed: the child, the pair or the alert.
        public var ref: String
        /// The child the change is about, when the entry says (a new pair's or alert's child);
        /// empty for a pair ended, whose child the caller finds through the pair.
        public var child: String
        /// The child's name, when the entry holds it (a child added).
        public var name: String
        public var detail: Detail
        /// The audit entry's number: the order within a day.
        public var seq: Int
    }

    /// A change as it is listed and exported: the names looked up, the detail in words.
    public struct Row: Sendable, Equatable {
        public var date: Day
        public var kind: Kind
        public var ref: String
        public var name: String
        public var detail: String

        public init(date: Day, kind: Kind, ref: String, name: String, detail: String) {
            self.date = date; self.kind = kind; self.ref = ref; self.name = name; self.detail = detail
        }
    }

    /// The fields of a new record an entry keeps, for the nouns whose addition is a change.
    public static let insertFields: [Noun: [String]] = [
        .child: ["name", "category", "risk"],
        .pair: ["child", "helper", "unit", "since"],
        .alert: ["child", "situation", "date"],
    ]

    /// The changes the entries record, dated within `from...to`, sorted by date, then the log's
    /// order (and within one entry, the order of its refs).
    public static func changes(in entries: [AuditEntry], from: Day, to: Day) -> [Change] {
        var result: [Change] = []
        for entry in entries where entry.describesChange {
            guard let made = Day.parse(entry.day) else { continue }
            let old = values(entry.old), new = values(entry.new)
            for ref in orderedRefs(entry, new) {
                guard let noun = noun(of: ref), let after = new[ref] else { continue }
                result += changes(of: noun, ref: ref, before: old[ref], after: after, made: made, seq: entry.seq)
            }
        }
        return result.filter { $0.date >= from && $0.date <= to }
            .enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// One record's changes in one entry. A record with no replaced values was added.
    private static func changes(of noun: Noun, ref: String, before: [String: String?]?, after: [String: String?],
                                made: Day, seq: Int) -> [Change] {
        func value(_ key: String) -> String? { after[key] ?? nil }
        func was(_ key: String) -> String? { before?[key] ?? nil }
        func change(_ kind: Kind, date: Day = made, child: String = "", name: String = "", _ detail: Detail) -> Change {
            Change(date: date, kind: kind, ref: ref, child: child, name: name, detail: detail, seq: seq)
        }
        var result: [Change] = []
        switch noun {
        case .child:
            if before == nil {
                result.append(change(.childAdded, child: ref, name: value("name") ?? "", .text(value("category") ?? "")))
                return result
            }
            if let status = value("status"), status == ChildStatus.exited, was("status") != ChildStatus.exited {
                let date = value("exit_date").flatMap(Day.parse) ?? made
                result.append(change(.exited, date: date, child: ref, .text(value("exit_reason") ?? "")))
            }
            for (key, kind) in [("category", Kind.categoryChanged), ("risk", .riskChanged)] {
                guard after.keys.contains(key), before?.keys.contains(key) == true, was(key) != value(key) else { continue }
                result.append(change(kind, child: ref, .text("\(was(key) ?? "") → \(value(key) ?? "")")))
            }
        case .pair:
            if before == nil {
                let detail: Detail = value("helper").map { .helper(id: $0) } ?? .unit(value("unit") ?? "")
                result.append(change(.pairAdded, child: value("child") ?? "", detail))
            } else if let ended = value("ended").flatMap(Day.parse), was("ended") == nil {
                result.append(change(.pairEnded, date: ended, .text(value("end_reason") ?? "")))
            }
        case .alert:
            if before == nil { result.append(change(.alertAdded, child: value("child") ?? "", .text(value("situation") ?? ""))) }
        default:
            break
        }
        return result
    }

    /// The entry's refs that it wrote values for, in the entry's order, then any others `new`
    /// holds (an import's refs are cut short in the entry; its values are whole).
    private static func orderedRefs(_ entry: AuditEntry, _ new: [String: [String: String?]]) -> [String] {
        var seen = Set<String>()
        var refs = entry.refs.filter { new[$0] != nil && seen.insert($0).inserted }
        refs += new.keys.filter { !seen.contains($0) }.sorted(by: IDOrder.precedes)
        return refs
    }

    /// The noun whose id a ref is (`C0012` a child's).
    public static func noun(of ref: String) -> Noun? {
        guard let first = ref.first else { return nil }
        return Noun.allCases.first { $0.idPrefix == String(first) && $0.idNumber(ref) != nil }
    }

    /// A JSON object of values keyed by ref, as the audit log keeps `old` and `new`.
    static func values(_ json: String) -> [String: [String: String?]] {
        guard !json.isEmpty, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else { return [:] }
        return object.mapValues { fields in fields.mapValues { $0 as? String } }
    }
}
