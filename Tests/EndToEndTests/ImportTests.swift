import Foundation
import Testing

/// `import family`, `import helper` and `import … dry-run` (language.md, ledger.md) through the
/// binary: each row checked as `add` checks it, all or nothing unless `keep-going`, the bad rows
/// reported by their row in the file and written to NAME.errors.csv, and a dry run that says
/// what the import would do and keeps nothing.
@Suite struct ImportTests {
    typealias Town = ScenarioTests.Town

    /// The small town with a second village.
    static func town() -> Town { Town(ScenarioTests.town + "\nvillage add name=石门社区 kind=社区") }

    /// A survey sheet: a title, a 填报单位 line, the headings, then the rows with an empty line
    /// among them, as the villages send it.
    struct Sheet {
        let headings: [String]
        let rows: [[String]]
        /// The rows that must be refused, by index, with the heading of the cell at fault.
        let bad: [Int: String]

        var text: String {
            var lines = ["金宝镇摸排表", "填报单位：金宝镇人民政府", headings.joined(separator: ",")]
            for (index, row) in rows.enumerated() {
                precondition(row.count == headings.count && !row.contains { $0.contains(",") || $0.contains("\"") })
                if index == 1 { lines.append("") }
                lines.append(row.joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// The row's number in the file, 1 for the first line.
        func lineNumber(of index: Int) -> Int { 4 + index + (index >= 1 ? 1 : 0) }

        var good: [[String]] { rows.indices.filter { bad[$0] == nil }.map { rows[$0] } }

        func write(to folder: URL, as name: String) -> String {
            let path = folder.appendingPathComponent(name).path
            try! text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static let families = Sheet(
        headings: ["村（社区）", "监护人", "与儿童关系", "监护人电话", "低保", "father"],
        rows: [
            ["金宝村", "王大爷", "祖父母", "13800003333", "是", "外出务工"],
            ["石门社区", "张奶奶", "外祖父母", "", "", "在家"],
            ["无此村", "李奶奶", "祖父母", "13800004444", "否", "在家"],
            ["金宝村", "赵爷爷", "老乡", "", "", ""],
            ["石门社区", "刘奶奶", "其他亲属", "0817-2222222", "yes", ""],
        ],
        bad: [2: "村（社区）", 3: "与儿童关系"])

    static let helpers = Sheet(
        headings: ["name", "sex", "工作单位", "phone", "capacity", "职务"],
        rows: [
            ["周敏", "女", "区统计局", "13900004444", "3", "科员"],
            ["赵强", "male", "区统计局", "0817-2222223", "", ""],
            ["钱多", "男", "无此单位", "13900005555", "", ""],
            ["孙丽", "女", "区统计局", "1390000", "", ""],
            ["吴刚", "男", "区统计局", "13900006666", "11", ""],
        ],
        bad: [2: "工作单位", 3: "phone", 4: "capacity"])

    /// The JSON summary an import prints.
    static func summary(_ result: Harness.Result) -> [String: Int] {
        Harness.json(result.lines.last ?? "{}") as? [String: Int] ?? [:]
    }

    /// The records of `noun` after the first `skip`, with `fields` in full, as text.
    static func list(_ town: Town, _ noun: String, after skip: Int, show fields: [String]) -> [[String: String]] {
        let result = town.run("\(noun) list show \(fields.joined(separator: ","))", extra: ["--reveal"])
        let rows = Harness.json(result.lines.last ?? "[]") as? [[String: Any]] ?? []
        return rows.dropFirst(skip).map { $0.compactMapValues { $0 is NSNull ? nil : "\($0)" } }
    }

    /// The English key of a heading these sheets give as a Chinese label.
    static let keys = ["村（社区）": "village", "监护人": "guardian", "与儿童关系": "guardian_relation", "监护人电话": "guardian_phone",
                       "低保": "dibao", "工作单位": "unit", "职务": "position"]

    /// What a cell becomes (records.md): an enum alias its label, an empty cell the field's
    /// default (低保 否, capacity 2) or nothing.
    static func stored(_ cell: String, under heading: String) -> String? {
        if cell.isEmpty { return ["低保": "否", "capacity": "2"][heading] }
        return ["yes": "是", "male": "男"][cell] ?? cell
    }

    /// An import with bad rows imports nothing and says which rows, by their line in the file;
    /// with keep-going the good rows are imported. Importing the same rows again adds only those
    /// that give no whole natural key.
    @Test(arguments: ["family", "helper"])
    func importAddsTheGoodRowsOrNothing(_ noun: String) throws {
        let sheet = noun == "family" ? Self.families : Self.helpers
        let town = Self.town()
        let path = sheet.write(to: town.folder, as: "\(noun).csv")
        let before = try DatabaseSnapshot.read(town.db)
        let existing = before.tables[noun]?.count ?? 0

        let refused = town.run("import \(noun) \(path)")
        #expect(refused.status == 1)
        let after = try DatabaseSnapshot.read(town.db)
        #expect(after.difference(from: before) == [])
        let reported = refused.err.components(separatedBy: "\n").filter { $0.hasPrefix("\(noun).csv:") }
        #expect(reported.count == sheet.bad.count, "\(refused.err)")
        for (index, heading) in sheet.bad {
            #expect(reported.contains { $0.hasPrefix("\(noun).csv:\(sheet.lineNumber(of: index)): column \(heading): ") }, "row \(index): \(refused.err)")
        }
        // The bad rows, as they were, with the reason in a last column.
        let errors = try String(contentsOfFile: town.folder.appendingPathComponent("\(noun).errors.csv").path, encoding: .utf8)
        // CSV lines end in CRLF, which Swift reads as one Character.
        let errorLines = errors.split(whereSeparator: \.isNewline).map { String($0.drop { $0 == "\u{FEFF}" }) }
        #expect(errorLines.first == (sheet.headings + ["错误原因"]).joined(separator: ","))
        #expect(errorLines.count == 1 + sheet.bad.count)
        // A phone number is written after a tab, in quotes, so that a spreadsheet keeps it as text.
        #expect(errorLines.contains { $0.contains(",\"\t1") })
        for (line, index) in zip(errorLines.dropFirst(), sheet.bad.keys.sorted()) {
            let unguarded = line.replacingOccurrences(of: "\"\t([0-9]+[0-9Xx]?)\"", with: "$1", options: .regularExpression)
            #expect(unguarded.hasPrefix(sheet.rows[index].joined(separator: ",") + ","), "\(line)")
        }

        let kept = town.run("import \(noun) \(path) keep-going")
        #expect(kept.status == 0, "\(kept.err)")
        #expect(Self.summary(kept) == ["read": sheet.rows.count, "added": sheet.good.count, "updated": 0, "rejected": sheet.bad.count])
        let prefix = noun == "family" ? "F" : "H"
        let ids = (0..<sheet.good.count).map { String(format: "\(prefix)%04d", existing + $0 + 1) }
        // One audit entry names the records added.
        let log = Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(log.first?["command"] as? String == "import \(noun) \(path) keep-going")
        #expect(log.first?["refs"] as? [String] == ids)
        let added = Self.list(town, noun, after: existing, show: ["id"] + sheet.headings.map { Self.keys[$0] ?? $0 })
        #expect(added.map { $0["id"] } == ids)
        // Each cell is its field's value; an empty one leaves the field unset or at its default.
        #expect(added.count == sheet.good.count)
        for (record, row) in zip(added, sheet.good) {
            for (heading, cell) in zip(sheet.headings, row) {
                #expect(record[Self.keys[heading] ?? heading] == Self.stored(cell, under: heading), "\(heading) in \(record)")
            }
        }
        // The same rows again are the records just added, except a family without a guardian
        // phone, which nothing recognises (DuplicateTests says more).
        let phone = sheet.headings.firstIndex(of: noun == "family" ? "监护人电话" : "phone")!
        let unrecognised = sheet.good.filter { $0[phone].isEmpty }.count
        #expect(Self.summary(town.run("import \(noun) \(path) keep-going"))["added"] == unrecognised)
        #expect(town.run("\(noun) count").out == "\(existing + sheet.good.count + unrecognised)\n")
    }

    /// The number with another check character.
    static func wrongCheck(_ number: String) -> String {
        String(number.dropLast()) + (number.last == "0" ? "1" : "0")
    }

    /// `dry-run` reports what the import would do — the same figures the import then gives — and
    /// keeps none of it, not even the ids it would have taken; the errors file is written all the same.
    @Test(arguments: ["child", "family", "helper"])
    func dryRunReportsAndKeepsNothing(_ noun: String) throws {
        let sheet: Sheet
        switch noun {
        case "family": sheet = Self.families
        case "helper": sheet = Self.helpers
        default:
            sheet = Sheet(
                headings: ["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "监护人电话"],
                rows: [
                    ["李小雨", FakeIdentityNumber.girl(born: "2015-03-08"), "留守儿童", "金宝村", "李奶奶", "13800005555"],
                    ["李小雷", FakeIdentityNumber.boy(born: "2017-07-21"), "留守儿童", "金宝村", "李奶奶", "13800005555"],
                    // A wrong check character, and C0001's number.
                    ["何小东", Self.wrongCheck(FakeIdentityNumber.boy(born: "2013-10-10")), "其他困境儿童", "石门社区", "何爷爷", "13800006666"],
                    ["王小花", "511304201405010121", "留守儿童", "金宝村", "王大爷", "13800001111"],
                ],
                bad: [2: "身份证号", 3: "身份证号"])
        }
        let town = Self.town()
        let path = sheet.write(to: town.folder, as: "\(noun).csv")
        let errorsPath = town.folder.appendingPathComponent("\(noun).errors.csv").path
        let before = try DatabaseSnapshot.read(town.db)
        let dry = town.run("import \(noun) \(path) keep-going dry-run")
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.err.contains("dry run"), "\(dry.err)")
        #expect(FileManager.default.fileExists(atPath: errorsPath))
        let after = try DatabaseSnapshot.read(town.db)
        #expect(after.difference(from: before) == [])
        try FileManager.default.removeItem(atPath: errorsPath)
        let real = town.run("import \(noun) \(path) keep-going")
        #expect(real.status == 0, "\(real.err)")
        #expect(Self.summary(dry) == Self.summary(real))
        #expect(Self.summary(real)["added"] == sheet.good.count)
        #expect(FileManager.default.fileExists(atPath: errorsPath))
        // The ids are the ones the dry run did not keep.
        let refs = (Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]])?.first?["refs"] as? [String] ?? []
        let prefix = ["child": "C", "family": "F", "helper": "H"][noun]!
        #expect(refs.first { $0.hasPrefix(prefix) } == String(format: "\(prefix)%04d", (before.tables[noun]?.count ?? -1) + 1), "\(refs)")
    }

    /// Writes a CSV of the headings and rows (no commas or quotes in them) into the town's folder.
    static func csv(_ town: Town, _ name: String, _ lines: [[String]]) -> String {
        let path = town.folder.appendingPathComponent(name).path
        try! (lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let childHeadings = ["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "监护人电话"]

    /// practice.md: a family is recognised by village, guardian and phone only when the row gives
    /// both; children of one village with neither are not put into one household.
    @Test func childrenWithoutGuardianAndPhoneAreNotOneHousehold() {
        let town = Self.town()
        let path = Self.csv(town, "nobody.csv", [Self.childHeadings,
            ["甲", FakeIdentityNumber.boy(born: "2016-07-01"), "留守儿童", "金宝村", "", ""],
            ["乙", FakeIdentityNumber.girl(born: "2012-03-01"), "孤儿", "金宝村", "", ""],
            ["丙", FakeIdentityNumber.boy(born: "2015-02-01"), "留守儿童", "金宝村", "丙奶奶", ""],
            ["丁", FakeIdentityNumber.boy(born: "2014-02-01"), "留守儿童", "金宝村", "丙奶奶", ""],
            ["戊", FakeIdentityNumber.girl(born: "2013-05-01"), "留守儿童", "金宝村", "戊爷爷", "13800007001"],
            ["己", FakeIdentityNumber.boy(born: "2011-05-01"), "留守儿童", "金宝村", "戊爷爷", "13800007001"],
        ])
        let result = town.run("import child \(path)")
        #expect(result.status == 0, "\(result.err)")
        let children = Self.list(town, "child", after: 0, show: ["name", "family"])
        let family = Dictionary(children.map { ($0["name"] ?? "", $0["family"] ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(Set(["甲", "乙", "丙", "丁", "戊"].map { family[$0] }).count == 5, "\(family)")
        #expect(family["戊"] == family["己"], "\(family)")
    }

    /// ledger.md: every row is validated like `add`, and nothing of a row is dropped unseen. A row
    /// that joins a family (an earlier row's, a registered one, or `家庭=F0001`) gives family
    /// cells that must read as their fields and agree with the family; so must a registered
    /// child's row with `update`, whose repeat in the sheet is refused like any repeat.
    @Test func aRowJoiningAFamilyMustAgreeWithIt() throws {
        let town = Self.town()
        let headings = ["姓名", "身份证号", "儿童类别", "家庭", "村（社区）", "监护人", "监护人电话", "低保", "父亲情况"]
        let path = Self.csv(town, "kin.csv", [headings,
            ["甲", FakeIdentityNumber.boy(born: "2015-06-01"), "6", "钱户", "金宝村", "钱七", "13800008001", "是", "外出务工"],
            ["乙", FakeIdentityNumber.boy(born: "2015-06-02"), "6", "钱户", "金宝村", "钱七", "13800008001", "maybe", "外出务工"],
            ["丙", FakeIdentityNumber.girl(born: "2013-01-09"), "6", "钱户", "石门社区", "钱七", "13800008001", "是", "外出务工"],
            ["丁", FakeIdentityNumber.girl(born: "2012-01-09"), "6", "钱户", "金宝村", "钱七", "13800008001", "是", "外出务工"],
            ["戊", FakeIdentityNumber.boy(born: "2011-01-09"), "6", "F0001", "金宝村", "王大爷", "13800001111", "", "在家"],
            ["王小花", "511304201405010121", "6", "", "金宝村", "王大爷", "13800001119", "", ""],
        ])
        let before = try DatabaseSnapshot.read(town.db)
        let refused = town.run("import child \(path) update")
        #expect(refused.status == 1)
        let reported = refused.err.components(separatedBy: "\n").filter { $0.hasPrefix("kin.csv:") }
        #expect(reported.count == 4, "\(refused.err)")
        #expect(reported.contains { $0.hasPrefix("kin.csv:3: column 低保:") }, "\(reported)")
        #expect(reported.contains { $0.hasPrefix("kin.csv:4: column 村（社区）:") && $0.contains("金宝村") }, "\(reported)")
        #expect(reported.contains { $0.hasPrefix("kin.csv:6: column 父亲情况:") && $0.contains("外出务工") }, "\(reported)")
        #expect(reported.contains { $0.hasPrefix("kin.csv:7: column 监护人电话:") && $0.contains("F0001") }, "\(reported)")
        #expect(!refused.err.contains("13800001119"), "\(refused.err)")
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
        // The rows that agree go in, 甲 and 丁 in one new family.
        let kept = town.run("import child \(path) update keep-going")
        #expect(kept.status == 0, "\(kept.err)")
        let family = Dictionary(Self.list(town, "child", after: 0, show: ["name", "family"]).map { ($0["name"] ?? "", $0["family"] ?? "") },
                                uniquingKeysWith: { a, _ in a })
        #expect(family["甲"] != nil && family["甲"] == family["丁"] && family["乙"] == nil && family["丙"] == nil, "\(family)")

        // A registered child given twice with `update` is updated once; the second row is a repeat.
        let school = Self.csv(town, "school.csv", [["身份证号", "就读学校"], ["511304201405010121", "新学校A"], ["511304201405010121", "新学校B"]])
        let twice = town.run("import child \(school) update keep-going")
        #expect(twice.err.contains("school.csv:3: column 身份证号: repeats row 2 of this sheet"), "\(twice.err)")
        #expect(town.run("child show C0001").out.contains("新学校A"))
    }

    /// A sheet that cannot be read says why in the clerk's language: an old `.xls` workbook is
    /// named as one (not taken for a CSV in an unknown encoding), a workbook is known by its
    /// content whatever its name, and an unclosed quote names its line in Chinese words.
    @Test func aSheetThatCannotBeReadSaysWhyInTheClerksWords() throws {
        let town = Self.town()
        let old = town.folder.appendingPathComponent("摸排.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0x5A, count: 600)).write(to: old)
        let xls = town.run("import child \(old.path)", lang: "zh")
        #expect(xls.status == 1 && xls.err.contains("Excel 97-2003") && xls.err.contains(".xlsx") && !xls.err.contains("GB18030"), "\(xls.err)")

        let exported = town.folder.appendingPathComponent("f.xlsx").path
        #expect(town.run("export ledger to=\(exported)").status == 0)
        let renamed = town.folder.appendingPathComponent("台账副本.dat").path
        try FileManager.default.moveItem(atPath: exported, toPath: renamed)
        let workbook = town.run("import family \(renamed) dry-run", lang: "zh")
        #expect(!workbook.err.contains("UTF-8") && !workbook.err.contains("CSV"), "read as a workbook: \(workbook.err)")

        let quote = Self.csv(town, "q.csv", [["村（社区）", "监护人"], ["金宝村", "\"王大爷"], ["金宝村", "李奶奶"]])
        let unclosed = town.run("import family \(quote)", lang: "zh")
        #expect(unclosed.status == 1 && unclosed.err.contains("第 2 行") && !unclosed.err.contains("never closed"), "\(unclosed.err)")
    }

    /// ledger.md: unknown headings are an error that lists them, even where they outnumber the
    /// known ones; two columns for one field are refused, naming both, not row by row.
    @Test func headingsTheImportCannotUseAreNamed() {
        let town = Self.town()
        let many = Self.csv(town, "many.csv", [["姓名", "身份证号", "儿童类别", "甲栏", "乙栏", "丙栏", "丁栏"],
                                                ["甲", FakeIdentityNumber.boy(born: "2015-06-01"), "6", "1", "2", "3", "4"]])
        let unknown = town.run("import child \(many)")
        #expect(unknown.status == 1 && ["甲栏", "乙栏", "丙栏", "丁栏", "ignore="].allSatisfy(unknown.err.contains), "\(unknown.err)")
        let twice = Self.csv(town, "twice.csv", [["姓名", "身份证号", "儿童类别", "村（社区）", "监护人电话", "guardian_phone"],
                                                  ["甲", FakeIdentityNumber.boy(born: "2015-06-01"), "6", "金宝村", "13800001111", ""]])
        let duplicate = town.run("import child \(twice)")
        #expect(duplicate.status == 1 && duplicate.err.contains("E, F") && duplicate.err.contains("guardian_phone"), "\(duplicate.err)")
    }

    /// Invisible marks pasted with a number (a zero-width space before an ID-card number) are
    /// not part of the value.
    @Test func invisibleMarksInACellAreNotItsValue() {
        let town = Self.town()
        let idno = FakeIdentityNumber.boy(born: "2015-06-01")
        let path = Self.csv(town, "zw.csv", [["姓名", "身份证号", "儿童类别", "家庭"], ["甲\u{200B}", "\u{200B}" + idno + "\u{FEFF}", "6", "F0001"]])
        let result = town.run("import child \(path)")
        #expect(result.status == 0, "\(result.err)")
        #expect(town.run("child count where name = 甲").out.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// The list of bad rows cannot be written beside the sheet (here a folder stands where it
    /// would go): the import still does what it would, and says the list was not written.
    @Test func anErrorsFileThatCannotBeWrittenIsSaidAndTheImportStands() throws {
        let town = Self.town()
        let path = Self.families.write(to: town.folder, as: "fam.csv")
        try FileManager.default.createDirectory(atPath: town.folder.appendingPathComponent("fam.errors.csv").path, withIntermediateDirectories: false)
        let kept = town.run("import family \(path) keep-going", lang: "zh")
        #expect(kept.status == 0 && kept.err.contains("fam.errors.csv") && kept.err.contains("fam.csv:\(Self.families.lineNumber(of: 2)):"), "\(kept.err)")
        #expect(!kept.err.contains("数据库"), "\(kept.err)")
        #expect(Self.list(town, "family", after: 1, show: ["guardian"]).count == Self.families.good.count)
    }

    /// ledger.md: `update` updates a registered child's fields, its 家庭 among them: `家庭=F0002`
    /// moves the child there, as `child set family=` does; a family that does not exist is the
    /// row's error, not an update that changed nothing.
    @Test func anUpdateMovesAChildToTheFamilyItsRowNames() throws {
        let town = Self.town()
        #expect(town.run("family add village=石门社区 guardian=孙奶奶").status == 0)
        let bad = Self.csv(town, "bad.csv", [["姓名", "身份证号", "家庭"], ["王小花", "511304201405010121", "F0009"]])
        let refused = town.run("import child \(bad) update")
        #expect(refused.status == 1 && refused.err.contains("bad.csv:2: column 家庭:") && refused.err.contains("F0009"), "\(refused.err)")
        let moved = Self.csv(town, "moved.csv", [["姓名", "身份证号", "家庭", "就读学校"], ["王小花", "511304201405010121", "F0002", "石门小学"]])
        let result = town.run("import child \(moved) update")
        #expect(result.status == 0, "\(result.err)")
        let shown = town.run("child list where idno = 511304201405010121 show family,school")
        #expect(shown.out.contains("F0002") && shown.out.contains("石门小学"), "\(shown.out)")
    }

    /// ledger.md: the heading row is the first whose cells are mostly known, and `ignore=` names
    /// the unknown ones: those count for nothing in finding it, as 序号 does. A row that holds
    /// only a 序号 (a template filled down the page) or a note in an ignored column is empty; a
    /// heading wrapped in its cell (LF or CRLF) is read as one.
    @Test func ignoredHeadingsAndRowNumbersMakeNoRow() throws {
        let town = Self.town()
        let headings = ["序号", "姓名", "身份证号", "儿童类别", "村（社区）", "公民身份证号码", "父亲身份证号", "母亲身份证号", "是否建档立卡", "户口性质"]
        let ignore = "ignore=公民身份证号码,父亲身份证号,母亲身份证号,是否建档立卡,户口性质"
        let path = Self.csv(town, "many.csv", [headings,
            ["1", "甲", FakeIdentityNumber.boy(born: "2016-07-01"), "6", "金宝村", "", "", "", "", ""],
            ["2", "", "", "", "", "", "", "", "", ""],
            ["3", "", "", "", "", "", "", "", "请勿填写", ""],
        ])
        let result = town.run("import child \(path) \(ignore)")
        #expect(result.status == 0, "\(result.err)")
        #expect(Self.summary(result) == ["read": 1, "added": 1, "updated": 0, "rejected": 0], "\(result.out)")

        let wrapped = town.folder.appendingPathComponent("wrapped.csv").path
        try "姓名,身份证号,儿童类别,村（社区）,\"监护人\r\n电话\",\"监护人\n\"\r\n乙,\(FakeIdentityNumber.girl(born: "2014-02-03")),6,金宝村,13800007011,乙奶奶\r\n"
            .write(toFile: wrapped, atomically: true, encoding: .utf8)
        let read = town.run("import child \(wrapped)")
        #expect(read.status == 0, "\(read.err)")
        #expect(town.run("family list where guardian = 乙奶奶").out.contains("138****7011"))
    }

    /// A mistyped word of a command that takes bare words (`keep-going`, `apply`, `reveal`) is
    /// refused naming the words it takes, as its declaration lists them.
    @Test func aMistypedWordNamesTheWordsTheCommandTakes() {
        let town = Self.town()
        let path = Self.csv(town, "one.csv", [Self.childHeadings])
        for (command, words) in [("import child \(path) keepgoing", "keep-going, update, dry-run"), ("pair auto aply", "apply"),
                                 ("export ledger to=\(town.folder.path)/l.csv revael", "reveal")] {
            let result = town.run(command)
            #expect(result.status == 1)
            #expect(result.err.contains("the words this takes: \(words)"), "\(command): \(result.err)")
        }
    }

    /// Cells under no heading would be read as nothing: the sheet is refused, naming the columns,
    /// and nothing is imported.
    @Test func cellsWithoutAHeadingAreRefusedByTheirColumn() throws {
        let town = Self.town()
        let path = Self.csv(town, "wide.csv", [Self.childHeadings + ["", "就读学校"],
            ["甲", FakeIdentityNumber.boy(born: "2016-07-01"), "留守儿童", "金宝村", "甲奶奶", "13800007002", "", "金宝小学"],
            ["乙", FakeIdentityNumber.girl(born: "2012-03-01"), "孤儿", "金宝村", "乙奶奶", "13800007003", "备注", "金宝小学", "多余"],
        ])
        let before = try DatabaseSnapshot.read(town.db)
        let result = town.run("import child \(path) keep-going")
        #expect(result.status == 1)
        #expect(result.err.contains("G, I") && !result.err.contains("H"), "\(result.err)")
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
    }

    /// A row that gives again the record an earlier row of the sheet adds is refused as a repeat
    /// of that row, not as registered under an id the refused import never kept.
    @Test(arguments: [false, true])
    func aRowRepeatedInTheSheetNamesTheRow(keepGoing: Bool) {
        let town = Self.town()
        let child = ["甲", FakeIdentityNumber.boy(born: "2016-07-01"), "留守儿童", "金宝村", "甲奶奶", "13800007002"]
        let path = Self.csv(town, "twice.csv", [Self.childHeadings, child, ["乙", FakeIdentityNumber.girl(born: "2012-03-01"), "孤儿", "金宝村", "乙奶奶", "13800007003"], child])
        let count = town.run("child count").out
        let result = town.run("import child \(path)\(keepGoing ? " keep-going update" : "")")
        #expect(result.status == (keepGoing ? 0 : 1))
        let reported = result.err.components(separatedBy: "\n").filter { $0.hasPrefix("twice.csv:") }
        #expect(reported == ["twice.csv:4: column 身份证号: repeats row 2 of this sheet"], "\(result.err)")
        #expect(town.run("child count").out == (keepGoing ? "\(Int(count.trimmingCharacters(in: .whitespacesAndNewlines))! + 2)\n" : count))
    }

    /// A dry run of an import that a bad row stops says so as the import would: it fails, and
    /// its figures are the import's.
    @Test func aDryRunFailsWhereTheImportWould() {
        let town = Self.town()
        let path = Self.families.write(to: town.folder, as: "family.csv")
        let dry = town.run("import family \(path) dry-run")
        let real = town.run("import family \(path)")
        #expect(dry.status == 1 && real.status == 1)
        #expect(dry.err.contains("dry run"), "\(dry.err)")
        let errorLines = { (r: Harness.Result) in r.err.components(separatedBy: "\n").filter { !$0.contains("dry run") } }
        #expect(errorLines(dry) == errorLines(real))
        #expect(Self.summary(dry) == Self.summary(real))
    }

    /// A column of ID-card numbers that a spreadsheet kept to 15 digits: every number there that
    /// ends in those zeros is refused, the one whose zeros happen to give a valid check too.
    @Test func aColumnOfDamagedNumbersIsRefusedWhole() {
        // The sequences whose number ends in 000, valid or not.
        let damaged = (1...999).map { FakeIdentityNumber.make(born: "2014-05-01", sequence: $0) }
            .map { String($0.dropLast(3)) + "000" }
        let valid = damaged.first { number in
            let sequence = Int(number.dropFirst(14).prefix(3))!
            return sequence > 0 && FakeIdentityNumber.make(born: "2014-05-01", sequence: sequence) == number
        }!
        let invalid = damaged.first { $0 != valid }!
        let town = Self.town()
        let path = Self.csv(town, "lost.csv", [Self.childHeadings,
            ["甲", valid, "留守儿童", "金宝村", "甲奶奶", "13800007002"],
            ["乙", invalid, "留守儿童", "金宝村", "甲奶奶", "13800007002"],
        ])
        let result = town.run("import child \(path) keep-going")
        #expect(Self.summary(result)["added"] == 0, "\(result.err)")
        #expect(result.err.components(separatedBy: "\n").filter { $0.contains("lost its last digits") }.count == 2, "\(result.err)")
        // Alone, a valid number ending in zeros is a number like any other.
        let alone = Self.csv(town, "alone.csv", [Self.childHeadings, ["甲", valid, "留守儿童", "金宝村", "甲奶奶", "13800007002"]])
        #expect(Self.summary(town.run("import child \(alone)"))["added"] == 1)
    }

    /// A required field left empty is reported under its column.
    @Test func anEmptyRequiredCellIsReportedUnderItsColumn() {
        let town = Self.town()
        let path = Self.csv(town, "novillage.csv", [Self.childHeadings, ["甲", FakeIdentityNumber.boy(born: "2016-07-01"), "留守儿童", "", "甲奶奶", "13800007002"]])
        let result = town.run("import child \(path)")
        #expect(result.err.contains("novillage.csv:2: column 村（社区）: "), "\(result.err)")
    }
}
