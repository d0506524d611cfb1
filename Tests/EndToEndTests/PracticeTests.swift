import Foundation
import GRDB
import Testing

/// practice.md's fields through the binary: each refuses what it cannot hold and writes nothing
/// then, takes what a clerk types, masks the parents' phones, and a town file of the release
/// before them opens with everything kept.
@Suite struct PracticeTests {
    /// One village, a unit, two helpers; F0001 a left-behind family (a girl of 10, a boy of 8),
    /// F0002 a category-5 family (a boy of 12). Later commands run on 2024-12-31.
    static let town = """
    set today 2024-01-01
    village add name=金宝村
    unit add name=区统计局 villages=金宝村
    helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=3
    helper add name=周敏 sex=女 unit=区统计局 phone=13900004444 capacity=3
    family add village=金宝村 guardian=王大爷 father=外出务工 mother=外出务工
    child add name=王小花 idno=\(FakeIdentityNumber.girl(born: "2014-05-01")) family=F0001 category=6
    child add name=王小明 idno=\(FakeIdentityNumber.boy(born: "2016-09-12")) family=F0001 category=6
    family add village=金宝村 guardian=张奶奶
    child add name=张小军 idno=\(FakeIdentityNumber.boy(born: "2012-11-30")) family=F0002 category=5
    set today 2024-12-31
    """

    /// A town made by `town` and then `commands` (each must succeed), on its own database.
    struct Town {
        let folder = Harness.temporaryFolder()
        var db: String { folder.appendingPathComponent("town.db").path }

        init(_ commands: [String] = []) {
            let script = ([PracticeTests.town] + commands).joined(separator: "\n")
            let result = Harness.run(["--db", db, "-f", "-"], stdin: script)
            precondition(result.status == 0, "town script failed: \(result.err)")
        }

        /// Runs commands on `today`, in JSON and English unless told otherwise.
        func run(_ commands: [String], today: String, format: String = "json", lang: String = "en") -> Harness.Result {
            Harness.run(["--db", db, "--format", format, "--lang", lang] + commands.flatMap { ["-c", $0] }, environment: ["JIEDUI_TODAY": today])
        }

        /// The (severity, ref) of `check`'s findings with `code` on `today`.
        func findings(_ code: String, today: String) -> [String] {
            let result = run(["check"], today: today)
            #expect(result.status == 0, "\(result.err)")
            let rows = Harness.json(result.lines.last ?? "[]") as? [[String: Any]] ?? []
            return rows.filter { $0["code"] as? String == code }.map { "\($0["severity"] as? String ?? "") \($0["ref"] as? String ?? "")" }
        }

        /// A record as `show` prints it in JSON.
        func show(_ noun: String, _ ref: String, today: String = "2024-12-31") -> [String: Any] {
            Harness.json(run(["\(noun) show \(ref)"], today: today).lines.last ?? "{}") as? [String: Any] ?? [:]
        }

        var auditCount: Int {
            (Harness.json(run(["log limit 100000"], today: "2024-12-31").lines.last ?? "[]") as? [Any])?.count ?? -1
        }
    }

    // MARK: The new fields

    /// (command, a word the error names): each refused with nothing written.
    static let refusals: [(String, String)] = [
        ("child set C0001 ethnicity=火星族", "火星族"),
        ("child set C0001 民族=火星", "火星"),
        ("child set C0001 disability_grade=5", "1–4"),
        ("child set C0001 disability_grade=二", "1–4"),
        ("child set C0001 disability_grade=2", "disability_kind"),
        ("child set C0001 disability_kind=肢体 disability_grade=0", "1–4"),
        ("child set C0001 disability_kind=腿脚", "腿脚"),
        ("child set C0001 risk=红", "risk_reason"),
        ("child set C0001 risk=yellow risk_reason=", "risk_reason"),
        ("child set C0001 risk=紫 risk_reason=不明", "紫"),
        ("child set C0001 schooling=大学", "大学"),
        ("child set C0001 boarding=住校", "住校"),
        ("child set C0001 risk_now=红", "risk_now"),
        ("family set F0001 guardianship_type=很好", "很好"),
        // A mistyped phone of seven digits or more is quoted masked: it is nearly someone's number.
        ("family set F0001 father_phone=1390000", "'***0000' is not a valid phone"),
        ("family set F0001 mother_phone=23900001111", "'239****1111' is not a valid phone"),
        ("family set F0001 entrusted=2025-01-05", "2025-01-05"),
        ("family set F0001 entrusted=2024-13-01", "2024-13-01"),
        ("visit add child=C0001 date=2024-03-01 kind=打电话给父母", "打电话给父母"),
        ("child add name=李小雨 idno=\(FakeIdentityNumber.girl(born: "2015-03-08", 3)) family=F0001 category=6 ethnicity=火星族", "火星族"),
        ("child add name=李小雨 idno=\(FakeIdentityNumber.girl(born: "2015-03-08", 3)) family=F0001 category=6 risk=红", "risk_reason"),
    ]

    @Test(arguments: refusals.indices)
    func aBadValueIsRefusedAndNothingIsWritten(_ index: Int) {
        let (command, named) = Self.refusals[index]
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-01-01"])
        let before = (town.show("child", "C0001"), town.show("family", "F0001"), town.auditCount)
        let childrenBefore = town.run(["child count", "visit count"], today: "2024-12-31").lines
        let result = town.run([command], today: "2024-12-31")
        #expect(result.status == 1, "\(command) was taken")
        #expect(result.err.contains(named), "\(command): \(result.err)")
        let zh = town.run([command], today: "2024-12-31", lang: "zh")
        #expect(zh.status == 1 && zh.err.contains("错误"), "\(command) in Chinese: \(zh.err)")
        #expect(NSDictionary(dictionary: town.show("child", "C0001")) == NSDictionary(dictionary: before.0))
        #expect(NSDictionary(dictionary: town.show("family", "F0001")) == NSDictionary(dictionary: before.1))
        #expect(town.run(["child count", "visit count"], today: "2024-12-31").lines == childrenBefore)
        #expect(town.auditCount == before.2, "the audit log grew")
    }

    /// (value typed, value stored): 民族 with or without 族, or by its English name; the other
    /// closed sets by label or alias.
    static let accepted: [(String, String, String)] = [
        ("ethnicity=汉", "ethnicity", "汉族"), ("ethnicity=汉族", "ethnicity", "汉族"), ("民族=维吾尔", "ethnicity", "维吾尔族"),
        ("ethnicity=Tujia", "ethnicity", "土家族"), ("ethnicity=土", "ethnicity", "土族"), ("ethnicity=其他", "ethnicity", "其他"),
        ("ethnicity=基诺", "ethnicity", "基诺族"), ("schooling=primary", "schooling", "小学"), ("是否寄宿=是", "boarding", "是"),
        ("disability_kind=physical disability_grade=2", "disability_grade", "2"), ("残疾类别=视力", "disability_kind", "视力"),
        ("risk=red risk_reason=父亲服刑，祖母重病", "risk", "红"), ("hukou=金宝镇金宝村", "hukou", "金宝镇金宝村"),
    ]

    @Test(arguments: accepted.indices)
    func aChildFieldIsStoredAsItsLabel(_ index: Int) {
        let (assignment, key, stored) = Self.accepted[index]
        let town = Town()
        let result = town.run(["child set C0001 \(assignment)"], today: "2024-12-31")
        #expect(result.status == 0, "\(assignment): \(result.err)")
        let value = town.show("child", "C0001")[key]
        #expect(value.map { "\($0)" } == stored, "\(assignment) gave \(String(describing: value))")
    }

    @Test func aChildIsGreenUnlessSetAndItsRiskChangesAreAudited() {
        let town = Town()
        #expect(town.show("child", "C0001")["risk"] as? String == "绿")
        let set = town.run(["child set C0001 risk=红 risk_reason=\"父亲服刑，祖母重病\""], today: "2024-12-31")
        #expect(set.status == 0, "\(set.err)")
        let log = town.run(["log where refs = C0001"], today: "2024-12-31")
        #expect(log.out.contains("risk=红") && log.out.contains("绿"), "the change and the value it replaced are logged: \(log.out)")
        let cleared = town.run(["child set C0001 risk_reason="], today: "2024-12-31")
        #expect(cleared.status == 1, "a red child keeps its reason")
        #expect(town.run(["child set C0001 risk=绿"], today: "2024-12-31").status == 0, "green needs no reason")
        #expect(town.run(["child list where risk = 红"], today: "2024-12-31").lines.last == "[]")
    }

    @Test func parentsPhonesAreMaskedEverywhere() {
        let town = Town(["family set F0001 father_name=王建国 father_phone=13900007777 mother_phone=0817-2345678 father_workplace=广东省东莞市"])
        for format in ["json", "table", "csv"] {
            let result = town.run(["family show F0001", "family list show id,father_phone,mother_phone", "sql SELECT father_phone, mother_phone FROM family ORDER BY id"], today: "2024-12-31", format: format)
            #expect(result.status == 0, "\(result.err)")
            #expect(!result.out.contains("13900007777") && !result.out.contains("2345678"), "\(format) leaks a parent's phone: \(result.out)")
            #expect(result.out.contains("139****7777"))
        }
        let log = town.run(["log"], today: "2024-12-31")
        #expect(!log.out.contains("13900007777"), "the audit log masks it")
        let filtered = town.run(["family list where father_workplace ~ 东莞 show id,father_name"], today: "2024-12-31")
        #expect(filtered.lines.last?.contains("王建国") == true, "\(filtered.out)")
    }

    /// A survey sheet with the form's columns, by their Chinese labels: the good row is taken
    /// with every field, the bad one refused by its column, and nothing is imported.
    @Test func aSurveySheetIsImportedByTheFormsLabels() throws {
        let town = Town()
        let girl = FakeIdentityNumber.girl(born: "2015-03-08", 4), boy = FakeIdentityNumber.boy(born: "2013-06-01", 5)
        let sheet = """
        姓名,身份证号,儿童类别,民族,户籍所在地,就学情况,是否寄宿,残疾类别,残疾等级,风险等级,风险说明,村（社区）,监护人,监护人电话,现居住地,父亲姓名,父亲电话,父亲务工地点,监护类型,委托监护确认书
        李小雨,\(girl),留守儿童,土家,金宝镇金宝村,小学,否,听力,3,黄,父母均在外,金宝村,李奶奶,13800005555,外祖父母家,李建军,13700005555,浙江省宁波市,一般,2024/3/1
        李小雷,\(boy),留守儿童,火星族,金宝镇金宝村,初中,是,,2,,,金宝村,李爷爷,13800006666,,,,,,
        """
        let file = town.folder.appendingPathComponent("摸排.csv")
        try sheet.write(to: file, atomically: true, encoding: .utf8)
        let refused = town.run(["import child \(file.path)"], today: "2024-12-31", lang: "zh")
        #expect(refused.status == 1)
        #expect(refused.err.contains(":3: 列 民族") && refused.err.contains("火星族"), "\(refused.err)")
        let kept = town.run(["import child \(file.path) keep-going"], today: "2024-12-31")
        #expect(kept.status == 0, "\(kept.err)")
        let child = town.show("child", "C0004")
        #expect(child["name"] as? String == "李小雨" && child["ethnicity"] as? String == "土家族" && child["hukou"] as? String == "金宝镇金宝村")
        #expect(child["disability_kind"] as? String == "听力" && child["disability_grade"] as? Int == 3 && child["risk"] as? String == "黄")
        let family = town.show("family", child["family"] as? String ?? "")
        #expect(family["father_name"] as? String == "李建军" && family["father_phone"] as? String == "137****5555")
        #expect(family["entrusted"] as? String == "2024-03-01" && family["guardianship_type"] as? String == "一般" && family["residence"] as? String == "外祖父母家")
        #expect(town.run(["child count where name = 李小雷"], today: "2024-12-31").lines.last == "0", "the bad row is left out")
    }

    @Test func riskNowIsRedForAnAlertOfTheLast90Days() {
        let town = Town(["pair add family=F0001 helper=李芳 since=2024-01-02",
                         "alert add child=C0002 date=2024-10-02 situation=脱离监护单独居住 reported_to=公安 reported=2024-10-02"])
        func riskNow(_ today: String) -> String? {
            let rows = Harness.json(town.run(["child list where id = C0002 show risk_now"], today: today).lines.last ?? "[]") as? [[String: Any]]
            return rows?.first?["risk_now"] as? String
        }
        #expect(riskNow("2024-12-31") == "红", "the alert was found 90 days before")
        #expect(riskNow("2025-01-01") == "绿", "91 days after, the child is as its risk says")
        #expect(town.show("child", "C0002")["risk"] as? String == "绿")
    }

    // MARK: An older town file

    /// The town file of the release before practice.md (`Tests/Fixtures/town-v4.db`) opens with
    /// every record and the audit chain whole, and takes the new fields at once.
    @Test func aTownFileOfTheLastReleaseIsUpgradedWithNothingLost() throws {
        let folder = Harness.temporaryFolder()
        let path = folder.appendingPathComponent("town.db").path
        try FileManager.default.copyItem(at: Harness.root.appendingPathComponent("Tests/Fixtures/town-v4.db"), to: URL(fileURLWithPath: path))
        let old = try DatabaseQueue(path: path)
        let (entries, head, children, visits) = try old.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? -1, try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"),
             try String.fetchAll(db, sql: "SELECT id FROM child ORDER BY n"), try Int.fetchOne(db, sql: "SELECT count(*) FROM visit") ?? -1)
        }
        try old.close()
        func run(_ commands: String...) -> Harness.Result {
            Harness.run(["--db", path, "--format", "json", "--lang", "en"] + commands.flatMap { ["-c", $0] }, environment: ["JIEDUI_TODAY": "2024-12-31"])
        }
        let verified = run("log verify")
        #expect(verified.status == 0, "\(verified.err)")
        let whole = Harness.json(verified.lines.last ?? "{}") as? [String: Any]
        #expect(whole?["entries"] as? Int == entries)
        #expect(whole?["head"] as? String == head)
        let listed = Harness.json(run("child list show id,risk,risk_now").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(listed.map { $0["id"] as? String ?? "" } == children)
        #expect(listed.allSatisfy { $0["risk"] as? String == "绿" })
        #expect(run("visit count").lines.last == String(visits))
        #expect(FileManager.default.fileExists(atPath: path + ".v4.backup"))
        let added = run("visit add child=C0001 date=2024-12-30 kind=联系父母 found=父亲身体健康", "child set C0001 ethnicity=汉 risk=黄 risk_reason=思念父母",
                        "family set F0001 entrusted=2022-03-10 father_phone=13700001234", "check", "log verify")
        #expect(added.status == 0, "\(added.err)")
        #expect((Harness.json(added.lines.last ?? "{}") as? [String: Any])?["entries"] as? Int == entries + 3)
    }

    /// `day` moved by `days`, as ISO text.
    static func day(_ day: String, plus days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: formatter.date(from: day)!.addingTimeInterval(Double(days) * 86_400))
    }
}
