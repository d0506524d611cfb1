/// Why two records may be one (practice.md, "No duplicates"), strongest first: where a pair meets
/// several reasons, `child dupes` gives the first of them.
public enum DuplicateReason: Int, Sendable, CaseIterable, Comparable {
    /// Two children with the same name and birth date.
    case sameNameAndBirth
    /// Two children whose names read the same (张晓, 张小) with the same birth date.
    case sameReadingAndBirth
    /// Two children of one family whose names read the same.
    case sameReadingInFamily
    /// Two families with the same guardian phone.
    case sameGuardianPhone
    /// Two helpers with the same phone.
    case samePhone

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The records a reason compares.
    public var noun: Noun {
        switch self {
        case .sameNameAndBirth, .sameReadingAndBirth, .sameReadingInFamily: .child
        case .sameGuardianPhone: .family
        case .samePhone: .helper
        }
    }

    /// The reasons of one noun's `dupes`, strongest first, in words.
    public static func listed(_ lang: Lang, separator: String) -> String {
        Dictionary(grouping: allCases, by: \.noun).sorted { $0.value[0] < $1.value[0] }.map { noun, reasons in
            noun.rawValue + (lang == .zh ? "：" : ": ") + reasons.map { $0.message.text(lang) }.joined(separator: separator)
        }.joined(separator: lang == .zh ? "；" : "; ")
    }

    /// The words of the `reason` column.
    public var message: Message {
        switch self {
        case .sameNameAndBirth: .dupeSameNameAndBirth
        case .sameReadingAndBirth: .dupeSameReadingAndBirth
        case .sameReadingInFamily: .dupeSameReadingInFamily
        case .sameGuardianPhone: .dupeSameGuardianPhone
        case .samePhone: .dupeSamePhone
        }
    }
}

/// Two records a clerk should look at, `a` before `b` in id order.
public struct DuplicatePair: Sendable, Hashable {
    public let a: String
    public let b: String
    public let reason: DuplicateReason
}

/// Likely duplicates among a town's records, found by grouping on what two duplicates share (a
/// birth date, a family, a phone) and comparing only within a group, never all pairs.
public enum Duplicates {
    /// What `child dupes` looks at of a child.
    public struct Child: Sendable {
        public let id: String
        public let name: String
        /// ISO birth date; empty where unknown.
        public let born: String
        public let family: String

        public init(id: String, name: String, born: String, family: String) {
            self.id = id
            self.name = name
            self.born = born
            self.family = family
        }
    }


    /// Pairs of children with the same name or reading and birth date, or the same reading in
    /// one family; each pair once, with its strongest reason, sorted by `a` then `b`.
    public static func children(_ children: [Child]) -> [DuplicatePair] {
        var reading = NameReading()
        var found: [Pair: DuplicateReason] = [:]
        let keys = children.map { reading.key($0.name) }
        // Within one birth date: the same reading, and of those the same name.
        for group in groups(children.indices.filter { !children[$0].born.isEmpty }, by: { children[$0].born }) {
            for same in groups(group, by: { keys[$0] }) {
                forEachPair(same) { i, j in
                    let reason: DuplicateReason = children[i].name == children[j].name ? .sameNameAndBirth : .sameReadingAndBirth
                    note(Pair(children[i].id, children[j].id), reason, in: &found)
                }
            }
        }
        for group in groups(Array(children.indices), by: { children[$0].family }) {
            for same in groups(group, by: { keys[$0] }) {
                forEachPair(same) { i, j in note(Pair(children[i].id, children[j].id), .sameReadingInFamily, in: &found) }
            }
        }
        return sorted(found)
    }

    /// Pairs of records (families by guardian phone, helpers by phone) with the same non-empty
    /// phone, each once with `reason`, sorted by `a` then `b`.
    public static func samePhone(_ records: [(id: String, phone: String)], reason: DuplicateReason) -> [DuplicatePair] {
        var found: [Pair: DuplicateReason] = [:]
        for group in groups(records.indices.filter { !records[$0].phone.isEmpty }, by: { records[$0].phone }) {
            forEachPair(group) { i, j in note(Pair(records[i].id, records[j].id), reason, in: &found) }
        }
        return sorted(found)
    }

    /// Two ids in id order.
    private struct Pair: Hashable {
        let a: String
        let b: String
        init(_ x: String, _ y: String) {
            (a, b) = IDOrder.precedes(x, y) ? (x, y) : (y, x)
        }
    }

    private static func note(_ pair: Pair, _ reason: DuplicateReason, in found: inout [Pair: DuplicateReason]) {
        guard pair.a != pair.b else { return }
        if let known = found[pair], known <= reason { return }
        found[pair] = reason
    }

    /// The indices grouped by `key`, groups of one left out.
    private static func groups(_ indices: [Int], by key: (Int) -> String) -> [[Int]] {
        var byKey: [String: [Int]] = [:]
        for index in indices { byKey[key(index), default: []].append(index) }
        return byKey.values.filter { $0.count > 1 }
    }

    private static func forEachPair(_ group: [Int], _ body: (Int, Int) -> Void) {
        for x in group.indices {
            for y in group.indices where y > x { body(group[x], group[y]) }
        }
    }

    private static func sorted(_ found: [Pair: DuplicateReason]) -> [DuplicatePair] {
        found.map { DuplicatePair(a: $0.key.a, b: $0.key.b, reason: $0.value) }
            .sorted { $0.a != $1.a ? IDOrder.precedes($0.a, $1.a) : IDOrder.precedes($0.b, $1.b) }
    }
}
