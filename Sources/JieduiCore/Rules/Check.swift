/// `check` (rules.md): where the programme falls short. Each rule is one file in `Rules/Check/`;
/// this registry lists them once, and drives what `check` runs, how its findings sort and what
/// `help check` says.
public enum Check {
    /// Every rule, in the order `check` runs them and `help check` names them.
    public static let rules: [any CheckRule.Type] = [
        Uncovered.self, UncoveredOther.self, GirlMaleHelper.self, FamilySplit.self, OverCapacity.self,
        FewVisits.self, VisitGap.self, FirstVisit.self, NoSpecialCare.self, NoParentContact.self, NoTraining.self,
        OverAge.self, NotReviewed.self, NoEntrustment.self, NeedOpen.self, AlertLate.self, QuarterReport.self,
    ]

    /// The findings of every rule in the period, sorted: the store runs one aggregate query per
    /// rule, the rules turn its rows into findings.
    public static func findings(in store: any RecordStore, period: CheckPeriod) throws -> [Finding] {
        let asked = rules.filter { $0.isAsked(in: period) }
        let answers = try store.checkRows(asked, period: period)
        return sorted(collect(asked, answers: answers, named: { $0.code }) { rule, rows in try rule.findings(from: rows, period: period) })
    }

    /// Each code's place in the order findings sort by: the codes in alphabetical order.
    private static let codeRank: [String: Int] = Dictionary(
        uniqueKeysWithValues: rules.map { $0.code }.sorted().enumerated().map { ($1, $0) })

    /// rules.md: errors first, then by code, then by ref (ids by their number).
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        // Findings come rule by rule, so the last rank looked up is nearly always the next one.
        var lastCode = "", lastCodeRank = 0
        return sortedByRef(findings, ref: { $0.ref }) { finding in
            if finding.code != lastCode {
                lastCode = finding.code
                guard let rank = codeRank[lastCode] else { preconditionFailure("\(lastCode) is not in Check.rules") }
                lastCodeRank = rank
            }
            return (finding.severity == .error ? 0 : 1, lastCodeRank)
        }
    }

    /// The elements sorted by two whole numbers `keys` gives for each (called once an element,
    /// in order), then by ref, ids by their number. Each element gets a key of plain integers
    /// first (ref prefixes by their rank among the distinct ones), so that sorting tens of
    /// thousands compares numbers and copies nothing.
    static func sortedByRef<Element>(_ elements: [Element], ref: (Element) -> String, keys: (Element) -> (Int, Int)) -> [Element] {
        let split = elements.map { splitRef(ref($0)) }
        var prefixes: Set<String> = []
        var last: String?
        for ref in split where ref.prefix != last {
            prefixes.insert(ref.prefix)
            last = ref.prefix
        }
        let prefixRank = Dictionary(uniqueKeysWithValues: prefixes.sorted().enumerated().map { ($1, $0) })
        var lastPrefix = "", lastPrefixRank = 0
        let keyed = elements.indices.map { i in
            if split[i].prefix != lastPrefix || i == 0 { lastPrefix = split[i].prefix; lastPrefixRank = prefixRank[lastPrefix]! }
            let (first, second) = keys(elements[i])
            return RefSortKey(first: first, second: second, prefix: lastPrefixRank, number: split[i].number, index: i)
        }
        let order = keyed.sorted { a, b in
            if a.first != b.first { return a.first < b.first }
            if a.second != b.second { return a.second < b.second }
            if a.prefix == b.prefix, let na = a.number, let nb = b.number { return na < nb }
            return ref(elements[a.index]) < ref(elements[b.index])
        }
        return order.map { elements[$0.index] }
    }

    /// A ref's leading non-digits and the number after them (`P120` → `P`, 120), read from its
    /// bytes when it is ASCII; a ref of another shape keeps a nil number.
    static func splitRef(_ ref: String) -> (prefix: String, number: Int?) {
        let utf8 = ref.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let prefix = ref.prefix { !$0.isNumber }
            return (String(prefix), Int(ref.dropFirst(prefix.count)))
        }
        guard let digits = utf8.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return (ref, nil) }
        var number = 0
        for byte in utf8[digits...] {
            guard byte >= 0x30 && byte <= 0x39, number < Int.max / 10 - 9 else { return (String(ref[..<digits]), nil) }
            number = number * 10 + Int(byte - 0x30)
        }
        return (String(ref[..<digits]), number)
    }

    /// Orders `C9` before `C10`.
    static func refOrder(_ a: String, _ b: String) -> Bool {
        let (pa, na) = splitRef(a), (pb, nb) = splitRef(b)
        if pa == pb, let na, let nb { return na < nb }
        return a < b
    }
}

/// An element's place in `Check.sortedByRef`: two whole numbers, its ref's prefix by rank and
/// number, and where it stood.
private struct RefSortKey {
    let first: Int, second: Int, prefix: Int, number: Int?, index: Int
}
