import Foundation
import Testing

/// The verbs that carry the programme's own steps — `child review`, `pair end`,
/// `training attend`, `org retire` — through the binary: what they print, their exit status,
/// what they leave in the database, and what `check` then says.
@Suite struct ProgrammeCommandTests {
    typealias Town = ScenarioTests.Town

    /// The object `NOUN show REF` prints in JSON.
    static func show(_ town: Town, _ noun: String, _ ref: String) -> [String: Any] {
        let result = town.run("\(noun) show \(ref)")
        #expect(result.status == 0, "\(noun) show \(ref): \(result.err)")
        return Harness.json(result.lines.last ?? "{}") as? [String: Any] ?? [:]
    }

    /// The refs of `check`'s findings with `code`.
    static func refs(_ town: Town, _ code: String) -> [String] {
        let rows = Harness.json(town.run("check").lines.last ?? "[]") as? [[String: Any]] ?? []
        return rows.filter { $0["code"] as? String == code }.compactMap { $0["ref"] as? String }
    }

    /// Runs `command`, which must fail, and checks that it changed nothing at all.
    static func refused(_ town: Town, _ command: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try DatabaseSnapshot.read(town.db)
        let result = town.run(command)
        #expect(result.status == 1, "\(command) must be refused", sourceLocation: sourceLocation)
        #expect(result.out.isEmpty, "\(command) printed \(result.out)", sourceLocation: sourceLocation)
        let after = try DatabaseSnapshot.read(town.db)
        #expect(after.difference(from: before) == [], "\(command) changed the database", sourceLocation: sourceLocation)
        return result.err
    }

    /// An English message names a field by the key the command took it by: `date=` of a
    /// programme verb is not the stored field's key, and 帮扶措施 is a need's `measures` as well
    /// as a visit's `help`. (A Chinese message names the field by its label.)
    @Test func englishMessagesNameTheKeyTyped() throws {
        let town = Town()
        #expect(town.run("pair add family=F0001 helper=李芳 since=2024-01-10", "need add child=C0001 date=2024-03-02 kind=教育缺位").status == 0)
        let long = String(repeating: "辅", count: 501)
        let cases: [(command: String, english: String, chinese: String)] = [
            ("child review C0001 date=2099-01-01", "date (核实日期) 2099-01-01 is after today", "核实日期 2099-01-01 晚于今天"),
            ("child exit C0001 reason=迁出 date=2024-13-01", "date (退出日期) '2024-13-01' is not a valid date", "退出日期“2024-13-01”不是有效日期"),
            ("need resolve N0001 date=2099-01-01 measures=资助", "date (解决日期) 2099-01-01 is after today", "解决日期 2099-01-01 晚于今天"),
            ("need set N0001 measures=飞行", "measures (帮扶措施) cannot be '飞行'", "帮扶措施 不能是“飞行”"),
            ("visit add pair=P0001 date=2024-04-01 help=\(long)", "help (帮扶措施) is limited to 500 characters", "帮扶措施 最多 500 个字"),
        ]
        for (command, english, chinese) in cases {
            let en = try Self.refused(town, command)
            #expect(en.contains("error: " + english), "\(command): \(en)")
            let zh = town.run(command, lang: "zh")
            #expect(zh.status == 1 && zh.err.contains(chinese), "\(command): \(zh.err)")
        }
    }

    // MARK: child review

    @Test func childReviewRecordsTheAnnualReview() throws {
        let town = Town()
        // After 31 March, a child never reviewed is listed.
        #expect(Self.refs(town, "not-reviewed") == ["C0001", "C0002"])
        let first = town.run("child review 王小花 date=2024-09-01", format: "table")
        #expect(first.status == 0, "\(first.err)")
        #expect(first.lines == ["C0001 reviewed on 2024-09-01"])
        #expect(Self.show(town, "child", "C0001")["reviewed"] as? String == "2024-09-01")
        #expect(Self.refs(town, "not-reviewed") == ["C0002"])
        // Without a date the review is today's; in JSON a command that only changes prints nothing.
        let second = town.run("child review C0002")
        #expect(second.status == 0 && second.out.isEmpty, "\(second.out)\(second.err)")
        #expect(Self.show(town, "child", "C0002")["reviewed"] as? String == ScenarioTests.today)
        #expect(Self.refs(town, "not-reviewed") == [])
        // A review of last year is not this year's.
        #expect(town.run("child review C0001 date=2023-12-31").status == 0)
        #expect(Self.refs(town, "not-reviewed") == ["C0001"])
        #expect(town.run("child review C0001 date=2024-01-01").status == 0)
        #expect(Self.refs(town, "not-reviewed") == [])
        let log = town.run("log where refs = C0001 and command ~ review")
        #expect((Harness.json(log.lines.last ?? "[]") as? [Any])?.count == 3)
        // Refused, changing nothing: a future date, `set`, an exited child.
        _ = try Self.refused(town, "child review C0001 date=2025-01-01")
        #expect(try Self.refused(town, "child set C0001 reviewed=2024-10-01").contains("child review"))
        #expect(town.run("child exit C0002 reason=迁出 date=2024-12-01").status == 0)
        _ = try Self.refused(town, "child review C0002")
    }

    // MARK: pair end

    @Test func pairEndKeepsThePairAndFreesTheChild() throws {
        let town = Town()
        #expect(town.run("pair add family=F0001 helper=李芳 since=2024-01-10").status == 0)
        let ended = town.run("pair end P0002 reason=随父母外出 date=2024-08-31", format: "table")
        #expect(ended.status == 0, "\(ended.err)")
        #expect(ended.lines == ["pair P0002 ended"])
        // The pair is kept, with the date and reason; the child has no helper now.
        let pair = Self.show(town, "pair", "P0002")
        #expect(pair["ended"] as? String == "2024-08-31" && pair["end_reason"] as? String == "随父母外出")
        #expect(pair["child"] as? String == "C0002" && pair["helper"] as? String == "H0001")
        #expect(town.run("pair count").out == "2\n")
        let child = Self.show(town, "child", "C0002")
        #expect(child["pair"] is NSNull && child["helper"] is NSNull)
        // Visits up to the day it ended are taken, later ones refused.
        #expect(town.run("visit add pair=P0002 date=2024-08-31").status == 0)
        _ = try Self.refused(town, "visit add pair=P0002 date=2024-09-01")
        // An ended pair is not checked for visits; the other one is.
        #expect(Self.refs(town, "few-visits") == ["P0001"])
        // Ending it again, before it began, or in the future is refused.
        _ = try Self.refused(town, "pair end P0002")
        _ = try Self.refused(town, "pair end P0001 date=2024-01-09")
        _ = try Self.refused(town, "pair end P0001 date=2025-01-01")
        // Nor may it end before a visit recorded on it, by `pair end` or by the child's exit.
        #expect(town.run("visit add pair=P0001 date=2024-06-05").status == 0)
        let early = try Self.refused(town, "pair end P0001 date=2024-06-04")
        #expect(early.contains("V0002") && early.contains("2024-06-05"), "\(early)")
        let exit = try Self.refused(town, "child exit C0001 reason=迁出 date=2024-06-04")
        #expect(exit.contains("V0002"), "\(exit)")
        // Without a date it ends today, with no reason.
        #expect(town.run("pair end P0001").status == 0)
        let today = Self.show(town, "pair", "P0001")
        #expect(today["ended"] as? String == ScenarioTests.today && today["end_reason"] is NSNull)
        #expect(Self.refs(town, "few-visits") == [])
        // The child may be paired again.
        #expect(town.run("pair add child=王小明 helper=李芳").status == 0)
        #expect(Self.show(town, "child", "C0002")["pair"] as? String == "P0003")
    }

    // MARK: training attend

    @Test func trainingAttendAddsAttendees() throws {
        let town = Town()
        #expect(town.run("pair add child=王小明 helper=张强 since=2024-01-10", "training add date=2024-03-01 title=政策培训 attendees=李芳").status == 0)
        // 张强 has a pair and no training this year.
        #expect(Self.refs(town, "no-training") == ["H0002"])
        let attended = town.run("training attend T0001 helpers=张强", format: "table")
        #expect(attended.status == 0, "\(attended.err)")
        #expect(attended.lines == ["H0002 added to T0001"])
        #expect(Self.show(town, "training", "T0001")["attendees"] as? [String] == ["H0001", "H0002"])
        #expect(Self.show(town, "helper", "张强")["trainings"] as? Int == 1)
        #expect(Self.refs(town, "no-training") == [])
        // Someone already there, or a helper who does not exist, fails the whole command.
        #expect(try Self.refused(town, "training attend T0001 helpers=张强").contains("H0002"))
        #expect(try Self.refused(town, "training attend T0001 helpers=H0003,李芳").contains("H0003"))
        _ = try Self.refused(town, "training attend T0001")
        _ = try Self.refused(town, "training attend T0009 helpers=李芳")
        #expect(Self.show(town, "training", "T0001")["attendees"] as? [String] == ["H0001", "H0002"])
    }

    // MARK: org retire

    @Test func orgRetireKeepsTheOrgAndItsNeedsButTakesNoNewOnes() throws {
        let town = Town()
        #expect(town.run("org add name=春苗爱心协会 kind=爱心组织", "need add child=王小花 date=2024-10-01 kind=经济困难",
                         "need refer N0001 to=春苗爱心协会", "need add child=王小明 date=2024-10-02 kind=教育缺位").status == 0)
        let retired = town.run("org retire 春苗爱心协会 date=2024-12-01", format: "table")
        #expect(retired.status == 0, "\(retired.err)")
        #expect(retired.lines == ["updated O0001"])
        #expect(Self.show(town, "org", "O0001")["retired"] as? String == "2024-12-01")
        #expect(town.run("org count").out == "1\n")
        let kept = Self.show(town, "need", "N0001")
        #expect(kept["referred_to"] as? String == "O0001" && kept["status"] as? String == "已转介")
        // No new need goes to it, by name or by id.
        #expect(try Self.refused(town, "need refer N0002 to=春苗爱心协会").contains("2024-12-01"))
        _ = try Self.refused(town, "need refer N0002 to=O0001")
        _ = try Self.refused(town, "need add child=王小明 date=2024-12-02 kind=经济困难 referred_to=O0001")
        #expect(Self.show(town, "need", "N0002")["status"] as? String == "待解决")
        // Retiring twice, `set`, or a future date is refused; without a date it is today.
        _ = try Self.refused(town, "org retire O0001")
        _ = try Self.refused(town, "org set O0001 retired=2024-11-01")
        #expect(town.run("org add name=金宝爱心超市 kind=爱心企业").status == 0)
        _ = try Self.refused(town, "org retire 金宝爱心超市 date=2025-01-01")
        #expect(town.run("org retire 金宝爱心超市").status == 0)
        #expect(Self.show(town, "org", "O0002")["retired"] as? String == ScenarioTests.today)
    }
}
