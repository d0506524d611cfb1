import Foundation
import Testing

/// practice.md 动态管理 through the binary: `changes` lists each change of the quarter once,
/// dated as the spec says, from whatever command made it, and nothing of a script that was
/// rolled back; `export changes` writes the same rows.
@Suite struct ChangesTests {
    /// A town whose third quarter adds two children; the fourth quarter's work is done by the
    /// steps of `quarter`, each on its own day.
    static let before = """
    set today 2024-08-01
    village add name=金宝村
    unit add name=区统计局 villages=金宝村
    helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=3
    helper add name=周敏 sex=女 unit=区统计局 phone=13900004444 capacity=3
    family add village=金宝村 guardian=王大爷 father=外出务工 mother=外出务工
    child add name=王小花 idno=\(FakeIdentityNumber.girl(born: "2014-05-01")) family=F0001 category=农村留守儿童
    family add village=金宝村 guardian=张奶奶
    child add name=张小军 idno=\(FakeIdentityNumber.boy(born: "2012-11-30")) family=F0002 category=其他低保家庭儿童
    """

    /// (day the step ran, command, the changes it makes as (date, kind, ref, name, detail)); a
    /// child's exit ends its pair.
    static let quarter: [(day: String, command: String, changes: [[String]])] = [
        ("2024-10-08", "child add name=王小明 idno=\(FakeIdentityNumber.boy(born: "2016-09-12")) family=F0001 category=农村留守儿童",
         [["2024-10-08", "新增儿童", "C0003", "王小明", "农村留守儿童"]]),
        ("2024-10-15", "child set C0002 category=其他困境儿童", [["2024-10-15", "类别变更", "C0002", "张小军", "其他低保家庭儿童 → 其他困境儿童"]]),
        ("2024-10-15", "child set C0001 risk=黄 risk_reason=父母长期在外", [["2024-10-15", "风险变更", "C0001", "王小花", "绿 → 黄"]]),
        ("2024-10-16", "child set C0001 school=金宝小学", []),
        ("2024-10-16", "pair add child=C0001 helper=H0001 since=2024-10-16", [["2024-10-16", "新结对", "P0001", "王小花", "李芳"]]),
        ("2024-10-17", "pair add child=C0002 unit=区统计局 since=2024-10-17", [["2024-10-17", "新结对", "P0002", "张小军", "（包片）区统计局"]]),
        ("2024-10-20", "child add name=张小兰 idno=\(FakeIdentityNumber.girl(born: "2015-02-02", 2)) family=F0002 category=其他低保家庭儿童",
         [["2024-10-20", "新增儿童", "C0004", "张小兰", "其他低保家庭儿童"]]),
        ("2024-11-02", "pair end P0001 date=2024-11-01 reason=帮扶人工作调动", [["2024-11-01", "解除结对", "P0001", "王小花", "帮扶人工作调动"]]),
        ("2024-11-02", "pair add child=C0001 helper=H0002 since=2024-11-02", [["2024-11-02", "新结对", "P0003", "王小花", "周敏"]]),
        ("2024-11-20", "alert add child=C0002 date=2024-11-20 situation=失踪 reported_to=公安 reported=2024-11-20",
         [["2024-11-20", "强制报告", "A0001", "张小军", "失踪"]]),
        ("2024-11-25", "child exit C0004 date=2024-11-24 reason=随父母迁出本镇", [["2024-11-24", "退出", "C0004", "张小兰", "随父母迁出本镇"]]),
        ("2024-12-05", "child exit C0002 date=2024-12-03 reason=年满十八周岁", [["2024-12-03", "退出", "C0002", "张小军", "年满十八周岁"], ["2024-12-03", "解除结对", "P0002", "张小军", "年满十八周岁"]]),
    ]

    struct Town {
        let folder = Harness.temporaryFolder()
        var db: String { folder.appendingPathComponent("town.db").path }

        init() {
            let steps = ChangesTests.quarter.map { "set today \($0.day)\n\($0.command)" }
            let script = ([ChangesTests.before] + steps).joined(separator: "\n")
            let result = Harness.run(["--db", db, "-f", "-"], stdin: script)
            precondition(result.status == 0, "town script failed: \(result.err)")
        }

        func run(_ commands: [String], today: String = "2024-12-31", format: String = "csv") -> Harness.Result {
            Harness.run(["--db", db, "--format", format, "--lang", "en"] + commands.flatMap { ["-c", $0] }, environment: ["JIEDUI_TODAY": today])
        }

        /// The rows `changes …` prints, without the heading.
        func changes(_ command: String = "changes", today: String = "2024-12-31") -> [[String]] {
            let result = run([command], today: today)
            #expect(result.status == 0, "\(result.err)")
            #expect(result.lines.first == "date,kind,ref,name,detail")
            return result.lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
    }

    /// What the steps did, in the order `changes` sorts: by date, then the order they were made.
    static var expected: [[String]] {
        quarter.flatMap(\.changes).enumerated().sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }.map(\.element)
    }

    @Test func theQuartersChangesAreListedEachOnce() {
        let town = Town()
        let rows = town.changes()
        #expect(rows == Self.expected)
        // A child added and exited in the quarter shows both rows; the third quarter's children
        // are not there, but are in a period that holds their day.
        #expect(rows.filter { $0[2] == "C0004" }.map { $0[1] } == ["新增儿童", "退出"])
        let fromSummer = town.changes("changes from=2024-07-01")
        #expect(fromSummer.prefix(2).map { [$0[1], $0[2]] } == [["新增儿童", "C0001"], ["新增儿童", "C0002"]])
        #expect(Array(fromSummer.dropFirst(2)) == Self.expected)
        // A period is cut by each change's date: November's alone.
        #expect(town.changes("changes from=2024-11-01 to=2024-11-30") == Self.expected.filter { $0[0].hasPrefix("2024-11") })
        #expect(town.run(["log verify"], format: "json").status == 0)
    }

    @Test func aScriptRolledBackLeavesNoChange() throws {
        let town = Town()
        let before = town.changes()
        let script = """
        child add name=李小雨 idno=\(FakeIdentityNumber.girl(born: "2015-03-08", 4)) family=F0001 category=6
        pair add child=C0005 helper=H0002
        child set C0001 category=7
        """
        let failed = Harness.run(["--db", town.db, "-f", "-"], stdin: script, environment: ["JIEDUI_TODAY": "2024-12-20"])
        #expect(failed.status == 1, "the last command fails: \(failed.err)")
        #expect(town.changes() == before)
        // The same first two lines in a script that succeeds are listed.
        let kept = Harness.run(["--db", town.db, "-f", "-"], stdin: script.split(separator: "\n").prefix(2).joined(separator: "\n"),
                               environment: ["JIEDUI_TODAY": "2024-12-20"])
        #expect(kept.status == 0, "\(kept.err)")
        let after = town.changes()
        #expect(after.count == before.count + 2)
        #expect(after.filter { $0[0] == "2024-12-20" }.map { [$0[1], $0[3]] } == [["新增儿童", "李小雨"], ["新结对", "李小雨"]])
    }

    /// records.md: `remove` is for a record added by mistake. A child, pair or alert added and
    /// removed again was never a change to the programme: the list (and its export) leaves it out.
    @Test func aRecordRemovedAsAMistakeIsNoChange() throws {
        let town = Town()
        let before = town.changes()
        let mistakes = [
            "child add name=误录 idno=\(FakeIdentityNumber.boy(born: "2015-05-05", 7)) family=F0001 category=6", "child remove C0005",
            "pair add child=C0003 helper=H0002", "pair remove P0004",
            "alert add child=C0001 date=2024-12-20 situation=失踪 reported_to=公安 reported=2024-12-20", "alert remove A0002",
        ]
        let result = town.run(mistakes, today: "2024-12-20")
        #expect(result.status == 0, "\(result.err)")
        #expect(town.changes() == before)
        let kept = town.run(["pair add child=C0003 helper=H0002"], today: "2024-12-20")
        #expect(kept.status == 0, "\(kept.err)")
        #expect(town.changes().count == before.count + 1)
    }

    @Test func anImportListsTheChildrenItAddedAndTheCategoriesItChanged() throws {
        let town = Town()
        let girl = FakeIdentityNumber.girl(born: "2015-03-08", 4), boy = FakeIdentityNumber.boy(born: "2013-06-01", 5)
        let sheet = """
        姓名,身份证号,儿童类别,村（社区）,监护人
        李小雨,\(girl),留守儿童,金宝村,李奶奶
        李小雷,\(boy),留守儿童,金宝村,李奶奶
        """
        let file = town.folder.appendingPathComponent("摸排.csv")
        try sheet.write(to: file, atomically: true, encoding: .utf8)
        #expect(town.run(["import child \(file.path)"], today: "2024-12-10").status == 0)
        let added = town.changes().filter { $0[0] == "2024-12-10" }
        #expect(added.map { [$0[1], $0[3], $0[4]] } == [["新增儿童", "李小雨", "农村留守儿童"], ["新增儿童", "李小雷", "农村留守儿童"]])
        // The same sheet again adds nothing; with `update` and a changed category, one change.
        try sheet.replacingOccurrences(of: "李小雷,\(boy),留守儿童", with: "李小雷,\(boy),孤儿").write(to: file, atomically: true, encoding: .utf8)
        #expect(town.run(["import child \(file.path) update"], today: "2024-12-12").status == 0)
        let updated = town.changes().filter { $0[0] == "2024-12-12" }
        #expect(updated.map { [$0[1], $0[3], $0[4]] } == [["类别变更", "李小雷", "农村留守儿童 → 孤儿"]])
    }

    @Test func theExportHoldsTheListsRows() throws {
        let town = Town()
        let rows = town.changes()
        let csv = town.folder.appendingPathComponent("动态.csv").path
        let made = town.run(["export changes to=\(csv)"])
        #expect(made.status == 0, "\(made.err)")
        let lines = try Self.lines(csv)
        #expect(lines.first?.hasSuffix("序号,日期,变动类型,编号,儿童姓名,详情") == true)
        #expect(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",") }
            == rows.map { $0.joined(separator: ",") })
        // `to=` twice: the date ends the period, the other is the file.
        let november = town.folder.appendingPathComponent("十一月.csv").path
        #expect(town.run(["export changes from=2024-11-01 to=2024-11-30 to=\(november)"]).status == 0)
        let novemberLines = try Self.lines(november).count
        #expect(novemberLines - 1 == rows.filter { $0[0].hasPrefix("2024-11") }.count)
        let xlsx = town.folder.appendingPathComponent("动态.xlsx").path
        let sheet = town.run(["export changes to=\(xlsx)"], format: "json")
        #expect(sheet.status == 0 && sheet.out.contains("\"rows\":\(rows.count)"), "\(sheet.out)\(sheet.err)")
    }

    /// A CSV file's lines, without the byte-order mark and line ends.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
            .split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test(arguments: [
        ("changes from=2024-13-01", "from"), ("changes from=2024-12-01 to=2024-11-01", "after its end"),
        ("changes when=2024", "when"), ("export changes from=2024-12-01 to=2024-11-01 to=x.csv", "after its end"),
    ])
    func aBadPeriodIsRefused(_ command: String, _ words: String) {
        let town = Town()
        let result = town.run([command])
        #expect(result.status == 1)
        #expect(result.err.contains(words), "\(result.err)")
    }
}
