/// How serious a finding is.
public enum Severity: String, Sendable, Comparable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }

    public func label(_ lang: Lang) -> String {
        switch (self, lang) {
        case (.error, .zh): "错误"
        case (.warning, .zh): "警告"
        case (_, .en): rawValue
        }
    }
}

/// The rules `check` applies (rules.md, "check"), each with its code and the kind of record
/// its findings are about.
public enum CheckRule: String, Sendable, CaseIterable {
    case uncovered
    case uncoveredOther = "uncovered-other"
    case girlMaleHelper = "girl-male-helper"
    case familySplit = "family-split"
    case overCapacity = "over-capacity"
    case fewVisits = "few-visits"
    case noSpecialCare = "no-special-care"
    case noTraining = "no-training"
    case overAge = "over-age"
    case notReviewed = "not-reviewed"
    case needOpen = "need-open"
    case alertLate = "alert-late"
    case quarterReport = "quarter-report"
}

/// One shortfall: its rule, severity, the record it is about, and what it says.
public struct Finding: Sendable, Hashable {
    public let code: String
    public let severity: Severity
    public let ref: String
    public let message: Message

    public init(_ rule: CheckRule, _ severity: Severity, _ ref: String, _ message: Message) {
        code = rule.rawValue
        self.severity = severity
        self.ref = ref
        self.message = message
    }
}

/// The stretch of a year `check` looks at: the whole year, or up to today in today's year.
public struct CheckPeriod: Sendable, Hashable {
    public let year: Int
    public let start: Day
    public let end: Day
    public let today: Day

    public init(year: Int, today: Day) {
        self.year = year
        self.today = today
        start = Day(year: year, month: 1, day: 1)!
        end = year == today.year ? today : Day(year: year, month: 12, day: 31)!
    }

    /// Calendar months of the period in which something that began on `since` was active,
    /// the month it began included.
    public func monthsActive(since: Day) -> Int {
        let first = since < start ? 1 : since.month
        return max(0, end.month - first + 1)
    }

    /// 方案 四(三)二: six visits a year, pro rata for a pair active part of it.
    public func requiredVisits(since: Day) -> Int {
        let months = monthsActive(since: since)
        let perYear = Programme.visitsPerYear
        return months >= 12 ? perYear : (perYear * months + 11) / 12
    }

    /// 方案 保障措施(三): each quarter's report is due by the 10th of its last month.
    public func quarterDeadline(_ quarter: Int) -> Day {
        Programme.quarterReportDeadline(year: year, quarter: quarter)
    }
}

/// Turns the rows a store gives for each rule into findings. The store does the aggregating
/// (one query per rule); this holds the rule's arithmetic, severity and words.
public enum Check {
    public static func findings(_ rule: CheckRule, rows: [[Value]], period: CheckPeriod) -> [Finding] {
        var result: [Finding] = []
        for row in rows {
            func text(_ i: Int) -> String { row.indices.contains(i) ? row[i].text : "" }
            func int(_ i: Int) -> Int { row.indices.contains(i) ? row[i].intValue ?? Int(row[i].text) ?? 0 : 0 }
            func day(_ i: Int) -> Day? { row.indices.contains(i) ? row[i].dayValue ?? Day.parse(row[i].text) : nil }
            switch rule {
            case .uncovered:
                result.append(Finding(rule, .error, text(0), .findingUncovered(name: text(1), category: text(2))))
            case .uncoveredOther:
                result.append(Finding(rule, .warning, text(0), .findingUncoveredOther(name: text(1), category: text(2))))
            case .girlMaleHelper:
                let override = text(4)
                result.append(Finding(rule, override.isEmpty ? .error : .warning, text(0),
                                      .findingGirlMaleHelper(child: text(1), age: int(2), helper: text(3), override: override)))
            case .familySplit:
                let helpers = text(1).split(separator: ",").joined(separator: "、")
                result.append(Finding(rule, .warning, text(0), .findingFamilySplit(helpers: helpers)))
            case .overCapacity:
                result.append(Finding(rule, .warning, text(0), .findingOverCapacity(helper: text(1), capacity: int(2), families: int(3))))
            case .fewVisits:
                guard let since = day(1) else { continue }
                let required = period.requiredVisits(since: since)
                let visits = int(2)
                if visits < required {
                    result.append(Finding(rule, .error, text(0), .findingFewVisits(
                        visits: visits, year: period.year, required: required, months: period.monthsActive(since: since))))
                }
            case .noSpecialCare:
                guard let since = day(1) else { continue }
                if period.monthsActive(since: since) >= Programme.specialCareMonths {
                    result.append(Finding(rule, .warning, text(0), .findingNoSpecialCare(year: period.year, child: text(2))))
                }
            case .noTraining:
                result.append(Finding(rule, .error, text(0), .findingNoTraining(helper: text(1), year: period.year)))
            case .overAge:
                result.append(Finding(rule, .error, text(0), .findingOverAge(name: text(1), category: text(2), age: int(3))))
            case .notReviewed:
                result.append(Finding(rule, .warning, text(0), .findingNotReviewed(name: text(1), last: text(2), year: period.year)))
            case .needOpen:
                guard let found = day(1) else { continue }
                result.append(Finding(rule, .warning, text(0), .findingNeedOpenChild(kind: text(2), days: period.today.dayNumber - found.dayNumber, child: text(3))))
            case .alertLate:
                guard let found = day(1) else { continue }
                let reported = day(2)
                let override = text(3)
                let days = (reported ?? period.today).dayNumber - found.dayNumber
                result.append(Finding(rule, override.isEmpty ? .error : .warning, text(0),
                                      .findingAlertLate(found: found.iso, reported: reported?.iso ?? "", days: days, override: override)))
            case .quarterReport:
                break
            }
        }
        if rule == .quarterReport {
            var filed: [String: Day] = [:]
            for row in rows { if let d = row.count > 1 ? (row[1].dayValue ?? Day.parse(row[1].text)) : nil { filed[row[0].text] = d } }
            for quarter in 1...4 {
                let deadline = period.quarterDeadline(quarter)
                guard period.today > deadline else { continue }
                let ref = "\(period.year)Q\(quarter)"
                if let day = filed[ref], day <= deadline { continue }
                result.append(Finding(rule, .warning, ref, .findingQuarterReport(quarter: ref, deadline: deadline.iso, filed: filed[ref]?.iso ?? "")))
            }
        }
        return result
    }

    /// rules.md: errors first, then by code, then by ref (ids by their number).
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        // Each finding gets a key of plain integers first (codes and ref prefixes by their
        // rank among the distinct ones), so that sorting tens of thousands compares numbers
        // and copies nothing.
        struct Key {
            let severity: Int, code: Int, prefix: Int, number: Int?, index: Int
        }
        let split = findings.map { splitRef($0.ref) }
        func ranks(_ values: [String]) -> [String: Int] {
            var distinct: Set<String> = []
            var last: String?
            for value in values where value != last {
                distinct.insert(value)
                last = value
            }
            return Dictionary(uniqueKeysWithValues: distinct.sorted().enumerated().map { ($1, $0) })
        }
        let codeRank = ranks(findings.map(\.code))
        let prefixRank = ranks(split.map(\.prefix))
        // Findings come rule by rule, so the last rank looked up is nearly always the next one.
        var lastCode = "", lastCodeRank = 0, lastPrefix = "", lastPrefixRank = 0
        let keys = findings.indices.map { i in
            if findings[i].code != lastCode || i == 0 { lastCode = findings[i].code; lastCodeRank = codeRank[lastCode]! }
            if split[i].prefix != lastPrefix || i == 0 { lastPrefix = split[i].prefix; lastPrefixRank = prefixRank[lastPrefix]! }
            return Key(severity: findings[i].severity == .error ? 0 : 1, code: lastCodeRank,
                       prefix: lastPrefixRank, number: split[i].number, index: i)
        }
        let order = keys.sorted { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            if a.code != b.code { return a.code < b.code }
            if a.prefix == b.prefix, let na = a.number, let nb = b.number { return na < nb }
            return findings[a.index].ref < findings[b.index].ref
        }
        return order.map { findings[$0.index] }
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
