import Foundation
import Testing

/// `check`'s family-split, over-capacity and over-age (rules.md) through the binary: each made
/// to fire by a scenario, and kept quiet where its condition is absent.
@Suite struct CheckFindingTests {
    /// The day `check` runs on (ScenarioTests.Town's today); the records are added half a year earlier.
    static let checkDay = ScenarioTests.today

    /// Two families in one village: F0001 with a girl of 10 and a boy of 8 (left-behind), F0002
    /// with a boy of 12 (category 5). Two women, 李芳 taking one family and 周敏 two.
    static let town = """
    set today 2024-06-01
    village add name=金宝村
    unit add name=区统计局 villages=金宝村
    helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=1
    helper add name=周敏 sex=女 unit=区统计局 phone=13900004444 capacity=2
    family add village=金宝村
    child add name=王小花 idno=\(FakeIdentityNumber.girl(born: "2014-05-01")) family=F0001 category=6
    child add name=王小明 idno=\(FakeIdentityNumber.boy(born: "2016-09-12")) family=F0001 category=6
    family add village=金宝村
    child add name=张小军 idno=\(FakeIdentityNumber.boy(born: "2012-11-30")) family=F0002 category=5
    """

    struct Finding: Equatable {
        let code: String
        let severity: String
        let ref: String
    }

    /// The findings of `check` with the given code, in the order printed.
    static func findings(_ town: ScenarioTests.Town, _ code: String) -> [Finding] {
        let result = town.run("check")
        #expect(result.status == 0, "\(result.err)")
        let rows = Harness.json(result.lines.last ?? "[]") as? [[String: Any]] ?? []
        return rows.filter { $0["code"] as? String == code }.map {
            Finding(code: code, severity: $0["severity"] as? String ?? "", ref: $0["ref"] as? String ?? "")
        }
    }

    /// Runs commands that must all succeed.
    static func given(_ town: ScenarioTests.Town, _ commands: [String]) {
        for command in commands {
            let result = town.run(command)
            #expect(result.status == 0, "\(command): \(result.err)")
        }
    }

    // MARK: family-split

    /// (commands, whether F0001 is split): active children of one family with different helpers.
    static let splits: [([String], Bool)] = [
        (["pair add child=王小花 helper=李芳", "pair add child=王小明 helper=周敏 override=\"兄妹分住两处\""], true),
        (["pair add family=F0001 helper=李芳"], false),
        // One child unpaired is not paired with a different helper.
        (["pair add child=王小花 helper=李芳"], false),
        // A unit pairing is not a helper.
        (["pair add child=王小花 helper=李芳", "pair add child=王小明 unit=区统计局"], false),
        // Only active children count: the sister has left the programme.
        (["pair add child=王小花 helper=李芳", "pair add child=王小明 helper=周敏 override=\"兄妹分住两处\"",
          "child exit 王小花 reason=随父母迁出"], false),
        // An ended pair is no longer the child's helper.
        (["pair add child=王小花 helper=李芳", "pair add child=王小明 helper=周敏 override=\"兄妹分住两处\"",
          "pair end P0001 reason=帮扶人调动"], false),
    ]

    @Test(arguments: splits.indices)
    func familySplit(_ index: Int) {
        let (commands, split) = Self.splits[index]
        let town = ScenarioTests.Town(Self.town)
        Self.given(town, commands)
        let expected = split ? [Finding(code: "family-split", severity: "warning", ref: "F0001")] : []
        #expect(Self.findings(town, "family-split") == expected, "\(commands)")
    }

    // MARK: over-capacity

    /// (commands, whether 李芳 — capacity 1 — is over it): capacity counts families, not children.
    static let capacities: [([String], Bool)] = [
        (["pair add family=F0001 helper=李芳", "pair add child=张小军 helper=李芳 override=\"就近照顾\""], true),
        // Two children of one family are one family.
        (["pair add family=F0001 helper=李芳"], false),
        (["pair add family=F0001 helper=李芳", "pair add child=张小军 helper=李芳 override=\"就近照顾\"",
          "helper set 李芳 capacity=2"], false),
        (["pair add family=F0001 helper=李芳", "pair add child=张小军 helper=李芳 override=\"就近照顾\"",
          "pair end P0003 reason=另行结对"], false),
        // 周敏 has room for two families.
        (["pair add family=F0001 helper=周敏", "pair add child=张小军 helper=周敏"], false),
    ]

    @Test(arguments: capacities.indices)
    func overCapacity(_ index: Int) {
        let (commands, over) = Self.capacities[index]
        let town = ScenarioTests.Town(Self.town)
        Self.given(town, commands)
        let expected = over ? [Finding(code: "over-capacity", severity: "warning", ref: "H0001")] : []
        #expect(Self.findings(town, "over-capacity") == expected, "\(commands)")
    }

    // MARK: over-age

    /// A birth date `years` years before `day`, moved by `days` days.
    static func born(_ years: Int, before day: String, plusDays days: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let date = calendar.date(byAdding: DateComponents(year: -years, day: days), to: formatter.date(from: day)!)!
        return formatter.string(from: date)
    }

    /// Children added half a year before the check, each under its category's limit then; on
    /// the check day some have reached it (18, or 16 for category 6) and some have not.
    @Test func overAgeListsActiveChildrenAtTheirCategorysLimit() {
        let day = Self.checkDay
        let children: [(name: String, born: String, category: Int, exits: Bool, over: Bool)] = [
            ("满十六", Self.born(16, before: day), 6, false, true),
            ("差一天", Self.born(16, before: day, plusDays: 1), 6, false, false),
            ("十六岁", Self.born(16, before: day), 5, false, false),
            ("满十八", Self.born(18, before: day), 5, false, true),
            ("孤儿满十八", Self.born(18, before: day), 1, false, true),
            ("十七岁", Self.born(18, before: day, plusDays: 1), 4, false, false),
            ("已退出", Self.born(18, before: day), 4, true, false),
        ]
        var script = "set today 2024-06-01\nvillage add name=金宝村\nfamily add village=金宝村"
        for (index, child) in children.enumerated() {
            script += "\nchild add name=\(child.name) idno=\(FakeIdentityNumber.make(born: child.born, sequence: index + 1)) family=F0001 category=\(child.category)"
            if child.exits { script += "\nchild exit \(child.name) reason=年满18周岁 date=2024-06-01" }
        }
        let town = ScenarioTests.Town(script)
        let ids = children.indices.map { String(format: "C%04d", $0 + 1) }
        let expected = children.indices.filter { children[$0].over }.map { Finding(code: "over-age", severity: "error", ref: ids[$0]) }
        #expect(expected.count == 3)
        #expect(Self.findings(town, "over-age") == expected)
        // Six months earlier nobody had reached the limit.
        let earlier = Harness.run(["--db", town.db, "--format", "json", "-c", "check"], environment: ["JIEDUI_TODAY": "2024-06-01"])
        #expect(!earlier.out.contains("over-age") && earlier.status == 0, "\(earlier.out)")
        // Moving the child of category 6 to category 5 puts right what the finding asks.
        #expect(town.run("child set C0001 category=5").status == 0)
        #expect(Self.findings(town, "over-age").map(\.ref) == expected.map(\.ref).filter { $0 != "C0001" })
    }
}
