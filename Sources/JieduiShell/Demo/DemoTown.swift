import JieduiCore

/// A fictional town (青禾镇, its villages, units, families and people are all invented) generated
/// from a fixed seed, so that `jiedui --demo` builds the same town every time for the same *today*
/// and a newcomer can try every command at once.
///
/// Nothing in it is real: the region codes 519921 and 519923 belong to no county (Sichuan's
/// prefectures stop at 5134), the phone numbers are 138/139-0000-xxxx, and the ID-card numbers
/// are made by `IdentityNumber.make` with valid check characters. The draws that shape the town
/// (families, children, helpers, who pairs with whom) do not depend on *today*; dates are placed
/// relative to it, so the town keeps its shape on any day and its children keep their ages.
///
/// The script respects every pairing rule (方案 三(三)), so it runs in one transaction on an empty
/// database; it leaves the town a little to do: three unpaired children, two families visited too
/// seldom, a helper who missed the training, and a few children's annual review (核实) still open;
/// and of practice.md (`DemoTown+Practice.swift`) a red child not visited for over a month, a
/// new pair visited late, a left-behind family without an entrustment and one whose parents
/// nobody calls.
enum DemoTown {
    /// The generator's seed: "QINGHE" in ASCII, then 2024 (0x07E8).
    static let seed: UInt64 = 0x5149_4E47_4845_07E8

    /// The jiedui script that builds the demo town, as of `today`; one command a line.
    static func script(today: Day) -> String {
        var builder = DemoTownBuilder(today: today, seed: seed)
        return builder.build()
    }
}

// MARK: - Generator

/// What the demo draws besides numbers, on the shared seeded generator.
extension SplitMix64 {
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<Element>(_ items: [Element]) -> Element { items[int(0...(items.count - 1))] }

    /// Fisher–Yates, spelled out so that the order never depends on the standard library.
    mutating func shuffle<Element>(_ items: [Element]) -> [Element] {
        var result = items
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, int(0...index))
            index -= 1
        }
        return result
    }
}

// MARK: - The town's records, before they become commands

/// The six kinds of family the demo makes, one per child category (records.md).
enum DemoKind {
    case orphan, unsupported, dibaoDisabled, dibao, other, leftBehind

    var category: Int {
        switch self {
        case .orphan: 1
        case .unsupported: 2
        case .dibaoDisabled: 3
        case .dibao: 4
        case .other: 5
        case .leftBehind: 6
        }
    }

    /// The oldest whole age the demo gives a child: a year under the category's limit (under 18,
    /// or under 16 for 留守), so that nobody ages out while the demo database is in use.
    var maxAge: Int { self == .leftBehind ? 14 : 16 }
}

/// How a family is looked after: by a helper (the usual way), by a unit (部门包片), or not yet.
enum DemoRole {
    case helper, unit, unpaired
}

struct DemoChild {
    var id = ""
    var name: String
    var sex: Sex
    var born: Day
    var category: Int
    var idno: String
    var fields: [(String, String)]
}

struct DemoFamily {
    var index: Int
    var id: String
    var kind: DemoKind
    var village: Int
    var surname = ""
    /// Where the parents of a left-behind family work (as the situation says).
    var place = ""
    var fields: [(String, String)] = []
    var children: [DemoChild] = []
    /// A child registered after the family was paired, and so left unpaired.
    var late: DemoChild?
    var role: DemoRole
    var since: Day
    var helper: Int?
    var unit: String?
    /// The family's pair ids, one per child of `children`, in the same order.
    var pairs: [String] = []
    /// Visited too seldom, so that `check` has something to say.
    var short: Bool
}

struct DemoHelper {
    var id: String
    var name: String
    var sex: Sex
    var unit: String
    var position: String
    var phone: String
    var capacity: Int
    var members: String
    /// Joined lately: paired with nobody yet.
    var newcomer: Bool
    var families = 0
}

/// One visit to a family, recorded once for each of its paired children.
struct DemoVisit {
    var date: Day
    var kind: String
    var occasion: String?
    var topics: [String]
    var found: String
    var help: String
}

// MARK: - Builder

/// Draws the town, then writes it out as commands in an order the interpreter accepts.
struct DemoTownBuilder {
    let today: Day
    let seed: UInt64
    var random: SplitMix64
    var lines: [String] = []
    var usedNames: Set<String> = []
    var usedPhones: Set<String> = []
    var usedIdnos: Set<String> = []
    var families: [DemoFamily] = []
    var helpers: [DemoHelper] = []
    var childCount = 0
    var pairCount = 0

    init(today: Day, seed: UInt64) {
        self.today = today
        self.seed = seed
        random = SplitMix64(seed: seed)
    }

    // MARK: Build

    mutating func build() -> String {
        drawFamilies()
        drawHelpers()
        assignHelpers()
        drawSinceDates()
        drawPractice()

        emit("# 演示数据：\(Self.townName)（虚构）——村、单位、家庭、儿童、帮扶人、结对、走访、培训")
        emit("set town \(Self.townName)")
        emit("set filer \(helpers[4].name)")
        emitVillagesAndUnits()
        emitFamiliesAndChildren()
        emitHelpers()
        emitPairs()
        emitLateChild()
        emitTrainings()
        emitVisits()
        emitReviewsAndExit()
        emitNeedsAndAlerts()
        emitRisks()
        return lines.joined(separator: "\n") + "\n"
    }
}
