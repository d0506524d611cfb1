import Foundation
import Testing

/// practice.md's "No duplicates" through the binary: a survey sheet imported twice adds nothing
/// the second time and names the record each row is (with `update`, updates it), `family add`
/// and `helper add` refuse a record registered already unless told why, and `dupes` lists the
/// pairs a clerk should look at.
@Suite struct DuplicateTests {
    typealias Town = ScenarioTests.Town
    typealias Sheet = ImportTests.Sheet

    /// Rows of the small town's survey: two children of one new family, one of the town's own
    /// family (its village, guardian and phone), and a new helper-less family of one.
    static let children = Sheet(
        headings: ["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "监护人电话", "就读学校"],
        rows: [
            ["李小雨", FakeIdentityNumber.girl(born: "2015-03-08"), "留守儿童", "金宝村", "李奶奶", "13800005555", "金宝小学"],
            ["李小雷", FakeIdentityNumber.boy(born: "2017-07-21"), "留守儿童", "金宝村", "李奶奶", "13800005555", "金宝小学"],
            ["王小军", FakeIdentityNumber.boy(born: "2018-02-02"), "留守儿童", "金宝村", "王大爷", "13800001111", "金宝小学"],
            ["何小东", FakeIdentityNumber.boy(born: "2013-10-10"), "其他困境儿童", "石门社区", "何爷爷", "13800006666", "石门小学"],
        ],
        bad: [:])

    /// The lines of standard error about the sheet's rows, by row number in the file.
    static func rowNotes(_ result: Harness.Result, file: String) -> [Int: String] {
        var notes: [Int: String] = [:]
        for line in result.err.components(separatedBy: "\n") where line.hasPrefix(file + ":") {
            let parts = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 1)
            if let row = Int(parts[0]) { notes[row] = String(parts.count > 1 ? parts[1] : "") }
        }
        return notes
    }

    static func refs(_ town: Town) -> [String] {
        (Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]])?.first?["refs"] as? [String] ?? []
    }

    /// Children are known by their number, families by village, guardian and phone: the same
    /// sheet again adds nothing and says which child each row is; with `update` it updates them.
    @Test func importingTheSameChildrenTwiceAddsNothing() throws {
        let town = ImportTests.town()
        let path = Self.children.write(to: town.folder, as: "child.csv")
        let first = town.run("import child \(path)")
        #expect(first.status == 0, "\(first.err)")
        #expect(ImportTests.summary(first) == ["read": 4, "added": 4, "updated": 0, "rejected": 0])
        // 王小军 joins the town's F0001; the 李 children make F0002 and 何小东 F0003.
        let notes = Self.rowNotes(first, file: "child.csv")
        #expect(notes.count == 1 && notes[Self.children.lineNumber(of: 2)]?.contains("already registered as F0001") == true, "\(first.err)")
        let families = ImportTests.list(town, "child", after: 2, show: ["id", "name", "family"])
        #expect(families.map { $0["family"] } == ["F0002", "F0002", "F0001", "F0003"])
        #expect(town.run("family count").out == "3\n")
        let ids = families.compactMap { $0["id"] }
        #expect(ids == ["C0003", "C0004", "C0005", "C0006"])

        let before = try DatabaseSnapshot.read(town.db)
        let again = town.run("import child \(path) keep-going")
        #expect(again.status == 0, "\(again.err)")
        #expect(ImportTests.summary(again) == ["read": 4, "added": 0, "updated": 0, "rejected": 4])
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
        let matched = Self.rowNotes(again, file: "child.csv")
        for (index, id) in ids.enumerated() {
            #expect(matched[Self.children.lineNumber(of: index)]?.contains("already registered as \(id)") == true, "\(again.err)")
        }

        // The sheet again with one school changed: each row updates its child.
        var rows = Self.children.rows
        rows[1][6] = "金宝中学"
        let changed = Sheet(headings: Self.children.headings, rows: rows, bad: [:]).write(to: town.folder, as: "child2.csv")
        let update = town.run("import child \(changed) update")
        #expect(update.status == 0, "\(update.err)")
        #expect(ImportTests.summary(update) == ["read": 4, "added": 0, "updated": 4, "rejected": 0])
        let updated = Self.rowNotes(update, file: "child2.csv")
        for (index, id) in ids.enumerated() {
            #expect(updated[Self.children.lineNumber(of: index)]?.contains("already registered as \(id): updated") == true, "\(update.err)")
        }
        let schools = ImportTests.list(town, "child", after: 2, show: ["id", "school"])
        #expect(schools.map { $0["school"] } == ["金宝小学", "金宝中学", "金宝小学", "石门小学"])
        #expect(town.run("child count").out == "6\n")
        #expect(town.run("family count").out == "3\n")
        #expect(Self.refs(town) == ids)
    }

    /// An import with `update` that a bad row stops keeps nothing, and so says of no row that it
    /// was updated: only the bad row is named.
    @Test func anUpdateThatIsRolledBackSaysNothingWasUpdated() throws {
        let town = ImportTests.town()
        let path = Self.children.write(to: town.folder, as: "child.csv")
        #expect(town.run("import child \(path)").status == 0)
        var rows = Self.children.rows
        rows[0][6] = "金宝中学"
        rows[3][2] = "火星儿童"
        let changed = Sheet(headings: Self.children.headings, rows: rows, bad: [:]).write(to: town.folder, as: "child2.csv")
        let before = try DatabaseSnapshot.read(town.db)
        let stopped = town.run("import child \(changed) update")
        #expect(stopped.status == 1)
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
        let notes = Self.rowNotes(stopped, file: "child2.csv")
        #expect(notes.count == 1 && notes[Self.children.lineNumber(of: 3)] != nil, "\(stopped.err)")
        #expect(!stopped.err.contains("updated"), "\(stopped.err)")
    }

    /// A family or helper sheet imported twice: the rows that give the whole natural key are
    /// the records the first import added (an error, or with `update` an update); a family
    /// without a guardian phone cannot be recognised and is added again.
    @Test(arguments: ["family", "helper"])
    func importingTheSameSheetTwiceRecognisesTheRecords(_ noun: String) throws {
        let sheet = noun == "family" ? ImportTests.families : ImportTests.helpers
        let town = ImportTests.town()
        let path = sheet.write(to: town.folder, as: "\(noun).csv")
        let existing = Int(town.run("\(noun) count").out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let first = town.run("import \(noun) \(path) keep-going")
        #expect(first.status == 0, "\(first.err)")
        let prefix = noun == "family" ? "F" : "H"
        let ids = (0..<sheet.good.count).map { String(format: "\(prefix)%04d", existing + $0 + 1) }
        let goodIndices = sheet.rows.indices.filter { sheet.bad[$0] == nil }
        // The rows the key recognises: a family's with both guardian and phone, every helper's.
        let phoneColumn = sheet.headings.firstIndex(of: noun == "family" ? "监护人电话" : "phone")!
        let known = goodIndices.enumerated().filter { !sheet.rows[$0.element][phoneColumn].isEmpty }

        let before = try DatabaseSnapshot.read(town.db)
        let again = town.run("import \(noun) \(path) keep-going")
        #expect(again.status == 0, "\(again.err)")
        #expect(ImportTests.summary(again) == ["read": sheet.rows.count, "added": goodIndices.count - known.count, "updated": 0,
                                               "rejected": sheet.bad.count + known.count])
        let notes = Self.rowNotes(again, file: "\(noun).csv")
        for (order, index) in known {
            #expect(notes[sheet.lineNumber(of: index)]?.contains("already registered as \(ids[order])") == true, "\(again.err)")
        }
        let difference = try DatabaseSnapshot.read(town.db).difference(from: before)
        #expect(known.count == goodIndices.count ? difference == [] : difference != [])

        // With update, a changed cell changes the record the row is.
        let column = sheet.headings.firstIndex(of: noun == "family" ? "father" : "职务")!
        let newValue = noun == "family" ? "重病" : "副科长"
        var rows = sheet.rows
        for (_, index) in known { rows[index][column] = newValue }
        let changed = Sheet(headings: sheet.headings, rows: rows, bad: sheet.bad).write(to: town.folder, as: "\(noun)2.csv")
        let update = town.run("import \(noun) \(changed) keep-going update")
        #expect(update.status == 0, "\(update.err)")
        #expect(ImportTests.summary(update)["updated"] == known.count)
        let key = noun == "family" ? "father" : "position"
        let records = ImportTests.list(town, noun, after: existing, show: ["id", key])
        for (order, _) in known {
            #expect(records.first { $0["id"] == ids[order] }?[key] == newValue, "\(records)")
        }
        #expect(Array(Self.refs(town).suffix(known.count)) == known.map { ids[$0.offset] })
    }

    /// `family add` and `helper add` of a record registered already: refused, naming it, with
    /// nothing written; with override it is added and the log keeps the reason.
    @Test(arguments: [
        ("family add village=金宝村 guardian=王大爷 guardian_phone=13800001111 dibao=是", "F0001", "F0002"),
        ("helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 position=科员", "H0001", "H0003"),
    ])
    func addRefusesARegisteredRecord(_ command: String, _ existing: String, _ next: String) throws {
        let town = Town()
        let before = try DatabaseSnapshot.read(town.db)
        let refused = town.run(command, format: "table")
        #expect(refused.status == 1)
        #expect(refused.err.contains("already registered as \(existing)"), "\(refused.err)")
        #expect(refused.err.contains("override="), "\(refused.err)")
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
        // Another phone is another record.
        let other = town.run(command.replacingOccurrences(of: "1111", with: "1119").replacingOccurrences(of: "2222", with: "2229"))
        #expect(Harness.json(other.lines.last ?? "") as? [String: String] == ["id": next], "\(other.err)")

        let overridden = town.run(command + " override=\"同名同电话的另一户\"")
        #expect(overridden.status == 0, "\(overridden.err)")
        let log = (Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]])?.first
        #expect((log?["command"] as? String)?.contains("override=\"同名同电话的另一户\"") == true, "\(String(describing: log))")
        #expect(town.run("\(command.prefix { $0 != " " }) dupes").status == 0)
        // An empty reason is no reason.
        #expect(town.run(command + " override=\"\"").status == 1)
    }

    /// `family set` and `helper set` that would make a record another registered one's double:
    /// refused as `add` is, nothing written; with override it is changed and the log keeps the
    /// reason; a change that leaves the key as it was is not asked for one.
    @Test(arguments: [
        ("family", "F0001", "village=金宝村 guardian=王大爷 guardian_phone=13800001119", "guardian_phone=13800001111", "address=金宝村3组"),
        ("helper", "H0001", "name=李芳 sex=女 unit=区统计局 phone=13900002229", "phone=13900002222", "position=副科长"),
    ])
    func setRefusesMakingARegisteredRecord(_ noun: String, _ existing: String, _ fields: String, _ keyChange: String, _ otherChange: String) throws {
        let town = Town()
        let added = town.run("\(noun) add \(fields)")
        #expect(added.status == 0, "\(added.err)")
        let id = try #require((Harness.json(added.lines.last ?? "") as? [String: String])?["id"])

        let before = try DatabaseSnapshot.read(town.db)
        let refused = town.run("\(noun) set \(id) \(keyChange)", format: "table")
        #expect(refused.status == 1)
        #expect(refused.err.contains("already registered as \(existing)"), "\(refused.err)")
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])

        let overridden = town.run("\(noun) set \(id) \(keyChange) override=\"同名同电话的另一户\"")
        #expect(overridden.status == 0, "\(overridden.err)")
        let log = (Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]])?.first
        #expect((log?["command"] as? String)?.contains("override=") == true, "\(String(describing: log))")
        // Now the same as the registered one on purpose: other changes need no reason.
        #expect(town.run("\(noun) set \(id) \(otherChange)").status == 0)
        // The registered one itself may always be changed.
        #expect(town.run("\(noun) set \(existing) \(otherChange)").status == 0)
        #expect(town.run("\(noun) set \(id) \(otherChange) override=\"\"").status == 1)
    }
}
