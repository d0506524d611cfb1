/// One child's line of the pairing ledger (结对帮扶台账, ledger.md), as the store reads it.
public struct LedgerRow: Sendable, Hashable {
    public var childID: String
    public var village: String
    public var name: String
    public var sex: String
    public var born: String
    public var idno: String
    public var category: String
    public var guardian: String
    public var guardianRelation: String
    public var guardianPhone: String
    /// The helper's name, or `（包片）{unit}` for a unit pairing; empty when unpaired.
    public var helper: String
    public var helperSex: String
    public var helperUnit: String
    public var helperPosition: String
    public var helperPhone: String
    public var since: String
    public var visits: Int
    public var lastVisit: String
    /// Kinds of needs still 待解决 or 已转介, joined by `、`.
    public var openNeeds: String
    /// Measures of the year's needs, distinct, joined by `、`.
    public var measures: String
    public var override: String
    public var exitDate: String
    public var exitReason: String
    // practice.md's fields that the ledger has no column for, which its 备注 carries.
    public var risk = ""
    public var riskReason = ""
    public var disabilityKind = ""
    public var disabilityGrade: Int?
    public var guardianshipType = ""
    public var entrusted = ""

    public init(childID: String = "", village: String = "", name: String = "", sex: String = "", born: String = "",
                idno: String = "", category: String = "", guardian: String = "", guardianRelation: String = "",
                guardianPhone: String = "", helper: String = "", helperSex: String = "", helperUnit: String = "",
                helperPosition: String = "", helperPhone: String = "", since: String = "", visits: Int = 0,
                lastVisit: String = "", openNeeds: String = "", measures: String = "", override: String = "",
                exitDate: String = "", exitReason: String = "") {
        self.childID = childID; self.village = village; self.name = name; self.sex = sex; self.born = born
        self.idno = idno; self.category = category; self.guardian = guardian; self.guardianRelation = guardianRelation
        self.guardianPhone = guardianPhone; self.helper = helper; self.helperSex = helperSex; self.helperUnit = helperUnit
        self.helperPosition = helperPosition; self.helperPhone = helperPhone; self.since = since; self.visits = visits
        self.lastVisit = lastVisit; self.openNeeds = openNeeds; self.measures = measures; self.override = override
        self.exitDate = exitDate; self.exitReason = exitReason
    }

    /// ledger.md 备注: override reasons of the pair; `已退出（{date}，{reason}）`. Then what
    /// practice.md adds that the ledger has no column for and that a reader of it must see: a
    /// risk other than 绿 with its reason, the disability's kind and grade, a type of
    /// guardianship that is a concern (not 一般 or 较好), and for a left-behind child the day the
    /// entrustment was signed, or that it was not.
    public var remarks: String {
        var parts: [String] = []
        if !override.isEmpty { parts.append(override) }
        if !exitDate.isEmpty { parts.append("已退出（\(exitDate)，\(exitReason)）") }
        if !risk.isEmpty, risk != RiskLevel.green { parts.append("\(risk)色风险（\(riskReason)）") }
        if !disabilityKind.isEmpty { parts.append("残疾：\(disabilityKind)" + (disabilityGrade.map { "\($0)级" } ?? "")) }
        if !guardianshipType.isEmpty, !GuardianshipType.adequate.contains(guardianshipType) { parts.append("监护类型：\(guardianshipType)") }
        if !entrusted.isEmpty {
            parts.append("委托监护确认书：\(entrusted)")
        } else if category == ChildCategory.leftBehind {
            parts.append("未签委托监护确认书")
        }
        return parts.joined(separator: "；")
    }
}

/// The figures of one quarter's report of results (结对帮扶成效, ledger.md).
public struct QuarterStatistics: Sendable, Hashable {
    /// Table 1, one row per category in order 1–6.
    public struct CategoryRow: Sendable, Hashable {
        public var category: String
        public var active = 0
        public var pairedHelper = 0
        public var pairedUnit = 0
        public var unpaired: Int { active - pairedHelper - pairedUnit }
        public var visits = 0
        public var specialVisits = 0
        public var newNeeds = 0
        public var resolvedNeeds = 0
        public var alerts = 0

        public init(category: String) { self.category = category }

        /// Its counts of pairing, each with the column of `ExportSQL.quarterPairing` that gives it.
        public static var pairingCounts: [(column: String, count: WritableKeyPath<CategoryRow, Int>)] {
            [("active", \.active), ("paired_helper", \.pairedHelper), ("paired_unit", \.pairedUnit)]
        }
        /// Its counts of work, each with the column of `ExportSQL.quarterWork` that gives it.
        public static var workCounts: [(column: String, count: WritableKeyPath<CategoryRow, Int>)] {
            [("visits", \.visits), ("special_visits", \.specialVisits), ("new_needs", \.newNeeds),
             ("resolved_needs", \.resolvedNeeds), ("alerts", \.alerts)]
        }

        /// Adds another row's counts to this one's (the 合计 row).
        public mutating func add(_ other: CategoryRow) {
            for (_, count) in Self.pairingCounts + Self.workCounts { self[keyPath: count] += other[keyPath: count] }
        }
    }

    public struct TrainingRow: Sendable, Hashable {
        public var date: String
        public var title: String
        public var attendees: Int

        public init(date: String, title: String, attendees: Int) {
            self.date = date
            self.title = title
            self.attendees = attendees
        }
    }

    public var categories: [CategoryRow]
    public var trainings: [TrainingRow]
    /// Helpers with an active pair at the quarter's end, and how many of them trained this year.
    public var helpersToTrain = 0
    public var helpersTrained = 0
    /// Table 3: needs found in the quarter, count by kind (rows) and status (columns).
    public var needs: [String: [String: Int]] = [:]
    /// The children active on the quarter's last day by their age then (whole years) and category.
    public var activeByAge: [Int: [String: Int]] = [:]
    /// The same children by their family's 监护类型 ("" where none is recorded) and category.
    public var activeByGuardianship: [String: [String: Int]] = [:]

    /// Counts `count` active children of one category, age and type of guardianship in both
    /// breakdowns.
    public mutating func countActive(category: String, age: Int, guardianship: String, count: Int) {
        activeByAge[age, default: [:]][category, default: 0] += count
        activeByGuardianship[guardianship, default: [:]][category, default: 0] += count
    }

    public init() {
        categories = Enumeration.category.labels.map(CategoryRow.init)
        trainings = []
    }
}

/// A quarter such as `2024Q1`.
public struct Quarter: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    /// The quarter `number` (1–4) of `year`.
    public init(year: Int, number: Int) {
        precondition((1...4).contains(number), "quarter \(number)")
        self.year = year
        self.number = number
    }

    public init?(_ text: String) {
        let upper = text.uppercased()
        let parts = upper.split(separator: "Q")
        guard parts.count == 2, let y = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q), Day.acceptedYears.contains(y) else { return nil }
        year = y
        number = q
    }

    public var first: Day { Day(year: year, month: number * 3 - 2, day: 1)! }
    public var last: Day { Day(year: year, month: number * 3, day: Day.daysIn(month: number * 3, year: year))! }
    public var description: String { "\(year)Q\(number)" }
}
