import Foundation
import Testing

/// Whole-program behaviour a clerk relies on, through the real binary.
@Suite struct ScenarioTests {
    /// The day the tests take as today.
    static let today = "2024-12-31"

    /// A small town: one village, unit, family, two children (a girl of 10, a boy of 8), two helpers.
    static let town = """
    set today \(today)
    village add name=金宝村
    unit add name=区统计局 villages=金宝村
    family add village=金宝村 guardian=王大爷 guardian_phone=13800001111 father=外出务工 mother=外出务工
    child add name=王小花 idno=511304201405010121 family=F0001 category=留守儿童
    child add name=王小明 idno=511304201609120218 family=F0001 category=6
    helper add name=李芳 sex=女 unit=区统计局 phone=13900002222
    helper add name=张强 sex=男 unit=区统计局 phone=13900003333
    """

    struct Town {
        let folder: URL
        var db: String { folder.appendingPathComponent("town.db").path }

        init(_ script: String = ScenarioTests.town) {
            folder = Harness.temporaryFolder()
            let result = Harness.run(["--db", db, "-f", "-"], stdin: script)
            precondition(result.status == 0, "town script failed: \(result.err)")
        }

        func run(_ commands: String..., format: String = "json", lang: String = "en", extra: [String] = []) -> Harness.Result {
            Harness.run(["--db", db, "--format", format, "--lang", lang] + extra + commands.flatMap { ["-c", $0] }, environment: ["JIEDUI_TODAY": ScenarioTests.today])
        }
    }

    @Test func idCardAndPhoneNumbersAreMaskedUnlessRevealed() {
        let town = Town()
        for format in ["json", "csv", "tsv", "table"] {
            let result = town.run("child list show id,idno", "family show F0001", "helper list", format: format)
            #expect(result.status == 0)
            #expect(!result.out.contains("511304201405010121"), "\(format) leaks an ID-card number")
            #expect(!result.out.contains("13800001111") && !result.out.contains("13900002222"), "\(format) leaks a phone")
            #expect(result.out.contains("511304********0121"))
        }
        let revealed = town.run("child list show id,idno", extra: ["--reveal"])
        #expect(revealed.out.contains("511304201405010121"))
        let log = town.run("log")
        #expect(log.out.contains("reveal"), "a revealed output is written to the audit log")
        #expect(!log.out.contains("511304201405010121"), "the audit log masks personal numbers")
    }

    @Test func pairingRulesRefuseOrAcceptWithOverride() {
        let town = Town()
        // 王小花 is a girl of 10: a male helper is refused, and nothing is added.
        let refused = town.run("pair add child=C0001 helper=张强")
        #expect(refused.status == 1)
        #expect(refused.err.contains("override"))
        #expect(town.run("pair count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let excused = town.run("pair add child=C0001 helper=张强 override=\"本单位暂无女性干部\"")
        #expect(excused.status == 0, "\(excused.err)")
        // A second active pair of the same child is never allowed, override or not.
        let twice = town.run("pair add child=C0001 helper=李芳 override=x")
        #expect(twice.status == 1)
        // Siblings go to the same helper.
        let split = town.run("pair add child=C0002 helper=李芳")
        #expect(split.status == 1)
        #expect(town.run("pair add child=C0002 helper=张强").status == 0)
    }

    @Test func unitPairingOnlyForCategoriesFourToSix() {
        let town = Town(ScenarioTests.town + "\nfamily add village=金宝村\nchild add name=赵小红 idno=511304201002030320 family=F0002 category=孤儿")
        let result = town.run("pair add child=C0003 unit=区统计局")
        #expect(result.status == 1)
        #expect(town.run("pair add child=C0002 unit=区统计局").status == 0)
    }

    @Test func aFailingScriptChangesNothing() {
        let town = Town()
        let folder = town.folder
        let script = folder.appendingPathComponent("bad.jd")
        try! "village add name=石门村\nchild add name=X idno=511304201609120219 family=F0001 category=6\n".write(to: script, atomically: true, encoding: .utf8)
        let result = Harness.run(["--db", town.db, "-f", script.path], environment: ["JIEDUI_TODAY": "2024-12-31"])
        #expect(result.status == 1)
        #expect(result.err.contains("bad.jd:2:"))
        #expect(town.run("village count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func keepGoingReportsEveryErrorAndKeepsTheGoodCommands() {
        let town = Town()
        let result = Harness.run(["--db", town.db, "--keep-going", "-f", "-"], stdin: "village add name=甲村\nvillage add name=甲村\nvillage add name=乙村\nnonsense\n")
        #expect(result.status == 1)
        #expect(result.err.contains(":2:") && result.err.contains(":4:"))
        #expect(town.run("village count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    /// Ids are given from a counter kept in memory during a transaction: whatever mix of
    /// scripts, failing commands and savepoints, every id is new, in order, and never reused.
    @Test func idsStayInOrderThroughFailuresSavepointsAndScripts() {
        let town = Town()
        let add = "family add village=金宝村 guardian=某"
        let bad = "family add village=无此村"
        // --keep-going inside a dry run: each command in a savepoint of the run's transaction.
        let dry = Harness.run(["--db", town.db, "--format", "json", "--dry-run", "--keep-going", "-f", "-"], stdin: [add, bad, add].joined(separator: "\n"))
        #expect(dry.out.components(separatedBy: "\n").filter { $0.contains("\"id\"") } == [#"{"id":"F0002"}"#, #"{"id":"F0003"}"#])
        // --keep-going alone: each command its own transaction.
        let kept = Harness.run(["--db", town.db, "--format", "json", "--keep-going", "-f", "-"], stdin: [add, bad, add].joined(separator: "\n"))
        #expect(kept.out.components(separatedBy: "\n").filter { $0.contains("\"id\"") } == [#"{"id":"F0002"}"#, #"{"id":"F0003"}"#])
        // A script that fails: its ids are rolled back with it, and the next script goes on from them.
        let failed = Harness.run(["--db", town.db, "--format", "json", "-f", "-"], stdin: [add, add, bad].joined(separator: "\n"))
        #expect(failed.status == 1)
        let next = town.run(add, add)
        #expect(next.out.components(separatedBy: "\n").filter { !$0.isEmpty } == [#"{"id":"F0004"}"#, #"{"id":"F0005"}"#])
        let ids = town.run("family list show id").out
        #expect(ids.contains("F0005") && !ids.contains("F0006"))
        // `sql` inside the script that gave the ids sees the counter where it is.
        let seen = Harness.run(["--db", town.db, "--format", "json", "-f", "-"], stdin: [add, "sql SELECT last FROM id_counter WHERE noun = 'family'"].joined(separator: "\n"))
        #expect(seen.out.contains(#"{"last":6}"#), "\(seen.out)")
    }

    @Test func dryRunRollsBackEverything() {
        let town = Town()
        let result = Harness.run(["--db", town.db, "--dry-run", "-c", "village add name=丙村"])
        #expect(result.status == 0)
        #expect(town.run("village count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func beginAndCommitAreRefusedInAScript() {
        let town = Town()
        let result = Harness.run(["--db", town.db, "-f", "-"], stdin: "begin\nvillage add name=丁村\ncommit\n")
        #expect(result.status == 1)
        #expect(town.run("village count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// What an English error offers after "did you mean", one item per suggestion.
    static func suggestions(in error: String) -> [String] {
        guard let start = error.range(of: "did you mean ") else { return [] }
        let list = error[start.upperBound...].prefix { $0 != "?" && $0 != "\n" }
        return list.components(separatedBy: ", ")
    }

    /// A suggestion is checked as the item offered, not as text somewhere in the message: the
    /// message quotes the misspelt word, and `agee` contains `age` whatever is suggested.
    @Test func unknownCommandsKeysAndNamesGetSuggestions() {
        let town = Town()
        #expect(Self.suggestions(in: town.run("chidl list").err).contains("child"))
        #expect(Self.suggestions(in: town.run("child lisst").err).contains("list"))
        // Each key misspelt by one letter too many: the refusal offers that very key.
        for key in ["age", "name", "school", "category"] {
            let typo = key + String(key.last!)
            let result = town.run("child list where \(typo) > 3")
            #expect(result.status == 1)
            #expect(Self.suggestions(in: result.err).contains(key), "\(typo): \(result.err)")
        }
        #expect(Self.suggestions(in: town.run("child list where qqqqqq > 3").err) == [], "nothing is close to qqqqqq")
        let name = town.run("child show 王小华")
        #expect(Self.suggestions(in: name.err).contains("王小花 (C0001)"), "same pinyin suggests the right name: \(name.err)")
        #expect(Self.suggestions(in: town.run("family add village=金宝").err).contains("金宝村"))
    }

    @Test(.fileOnly("SQLite's statements (ATTACH, PRAGMA); the server's in DistrictSQLTests")) func sqlIsReadOnlyAndMasked() {
        let town = Town()
        let read = town.run("sql SELECT idno FROM child")
        #expect(read.status == 0)
        #expect(!read.out.contains("511304201405010121"))
        for statement in ["sql DELETE FROM child", "sql ATTACH DATABASE '/tmp/x.db' AS x", "sql PRAGMA writable_schema = 1",
                          "sql SELECT 1; DELETE FROM child", "sql WITH x AS (SELECT 1) DELETE FROM child"] {
            #expect(town.run(statement).status == 1, "\(statement) must be refused")
        }
        #expect(town.run("child count").out.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func newDatabaseFilesAndBackupsAreMode0600() throws {
        let town = Town()
        let mode = try FileManager.default.attributesOfItem(atPath: town.db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let copy = town.folder.appendingPathComponent("copy.db").path
        #expect(town.run("backup to=\(copy)").status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int == 0o600)
        let fromCopy = Harness.run(["--db", copy, "--format", "json", "-c", "child count"])
        #expect(fromCopy.out.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    /// Nothing happens to a child before it was born (王小明, 2016-09-12): a pair, a need, a
    /// report, a review or an exit dated before is refused, naming the birth date.
    @Test func nothingHappensToAChildBeforeItWasBorn() {
        let town = Town()
        for line in ["pair add child=C0002 helper=李芳 since=2016-01-01", "need add child=C0002 date=2015-05-01 kind=其他",
                     "alert add child=C0002 date=2016-09-11 situation=失踪 reported_to=公安", "child review C0002 date=2010-01-01",
                     "child exit C0002 reason=迁出 date=2016-09-01"] {
            let refused = town.run(line)
            #expect(refused.status == 1 && refused.err.contains("before C0002 was born (2016-09-12)"), "\(line): \(refused.err)")
        }
        #expect(town.run("pair add child=C0002 helper=李芳 since=2016-09-12").status == 0)
        let moved = town.run("pair set P0001 since=2016-09-11")
        #expect(moved.status == 1 && moved.err.contains("was born"), "\(moved.err)")
        // A corrected ID-card number whose birth date falls after the pair began is refused too.
        let later = town.run("child set C0002 idno=\(FakeIdentityNumber.boy(born: "2017-01-01"))")
        #expect(later.status == 1 && later.err.contains("2016-09-12") && later.err.contains("2017-01-01"), "\(later.err)")
        #expect(town.run("child set C0002 idno=\(FakeIdentityNumber.boy(born: "2016-09-01"))").status == 0)
    }

    /// records.md pair rule 1 through time: a pair dated back into a pair that has ended since
    /// is refused (two at once); one beginning the day the other ended is not. `training attend`
    /// with no helpers is refused, and a review dated before the last one says so.
    @Test func aChildHasOnePairAtATimeInThePastToo() {
        let town = Town()
        #expect(town.run("pair add child=C0002 helper=李芳 since=2024-01-01", "pair end P0001 date=2024-06-01 reason=调整").status == 0)
        let overlap = town.run("pair add child=C0002 helper=张强 since=2024-03-01")
        #expect(overlap.status == 1 && overlap.err.contains("P0001") && overlap.err.contains("2024-06-01"), "\(overlap.err)")
        #expect(town.run("pair add child=C0002 helper=张强 since=2024-06-01").status == 0)
        let moved = town.run("pair set P0002 since=2024-05-01")
        #expect(moved.status == 1 && moved.err.contains("P0001"), "\(moved.err)")

        #expect(town.run("training add date=2024-03-01 title=培训 attendees=李芳").status == 0)
        #expect(town.run("training attend T0001 helpers=\"\"").status == 1)
        #expect(town.run("child review C0001 date=2024-10-01").status == 0)
        let back = town.run("child review C0001 date=2024-02-01")
        #expect(back.status == 0 && back.err.contains("2024-10-01") && back.err.contains("child review C0001 date=2024-10-01"), "\(back.err)")
    }

    /// `log where` reads `time` and `seq` by their type: a date in any form `add` takes is the
    /// day of the entry's time, a value neither can take is an error, and an unknown field names
    /// the fields there are.
    @Test func theLogIsFilteredByTheDayAndTheNumberOfItsEntries() {
        let town = Town()
        let day = String(town.run("log limit 1", format: "csv").lines.last?.split(separator: ",")[1].prefix(10) ?? "")
        let all = town.run("log", format: "csv").lines.count
        #expect(all > 2)
        for filter in ["time = \(day)", "time <= \(day)", "time >= \(day.replacingOccurrences(of: "-", with: "/"))", "seq >= 1"] {
            #expect(town.run("log where \(filter)", format: "csv").lines.count == all, "\(filter)")
        }
        #expect(town.run("log where time < \(day)", format: "csv").lines.count <= 1)
        for (filter, said) in [("time >= banana", "banana"), ("seq >= abc", "a whole number of 1 or more, not 'abc'"), ("foo = 1", "seq, time, user, command, refs")] {
            let refused = town.run("log where \(filter)")
            #expect(refused.status == 1 && refused.err.contains(said), "\(filter): \(refused.err)")
        }
    }

    @Test func removeOnlyWhatNothingRefersTo() {
        let town = Town()
        #expect(town.run("village remove 金宝村").status == 1)
        #expect(town.run("village add name=误录村", "village remove 误录村").status == 0)
        let log = town.run("log where command ~ remove")
        #expect(log.out.contains("误录村"))
        // Ids are never reused after a remove.
        #expect(town.run("family add village=金宝村", "family remove F0002").status == 0)
        #expect(town.run("family add village=金宝村").out.contains("F0003"))
    }

    @Test func childExitEndsItsPair() {
        let town = Town()
        #expect(town.run("pair add family=F0001 helper=李芳 since=2024-01-10").status == 0)
        #expect(town.run("child exit C0002 reason=随父母外出 date=2024-06-01").status == 0)
        let pair = town.run("pair show P0002")
        #expect(pair.out.contains("\"ended\":\"2024-06-01\""))
        #expect(town.run("child exit C0002 reason=x").status == 1)
        #expect(town.run("child list where status = 在册 show id").out.contains("C0001"))
    }

    /// language.md: `set` is validated like `add` — a new ID-card number may not put an active
    /// child over its category's age limit (records.md), and changes nothing when refused.
    @Test func aNewIDCardNumberMayNotPutAChildOverItsAgeLimit() {
        let town = Town()
        let older = FakeIdentityNumber.girl(born: "2007-05-01")
        let refused = town.run("child set C0001 idno=\(older)")
        #expect(refused.status == 1 && refused.err.contains("over the age limit"), "\(refused.err)")
        #expect(town.run("child show C0001").out.contains("2014-05-01"))
        // Within the limit the number is taken, with its birth date.
        #expect(town.run("child set C0001 idno=\(FakeIdentityNumber.girl(born: "2013-05-01"))").status == 0)
        #expect(town.run("child show C0001").out.contains("2013-05-01"))
        // A child who has left may still have her number put right.
        #expect(town.run("child exit C0001 reason=迁出 date=2024-06-01").status == 0)
        #expect(town.run("child set C0001 idno=\(older)").status == 0)
    }

    /// records.md pair rule 2, which nothing overrides: a child in a unit pair does not become a
    /// child of category 1–3 by `set` while the pair lasts; once it has ended, it may.
    @Test func aChildInAUnitPairDoesNotBecomeOneOnlyAHelperMayPair() {
        let town = Town()
        #expect(town.run("pair add child=C0001 unit=区统计局 since=2024-03-01").status == 0)
        let refused = town.run("child set C0001 category=孤儿")
        #expect(refused.status == 1 && refused.err.contains("never a unit"), "\(refused.err)")
        #expect(town.run("child show C0001").out.contains("农村留守儿童"))
        #expect(town.run("child set C0001 category=5").status == 0)
        #expect(town.run("pair end P0001 date=2024-06-01 reason=改由干部结对").status == 0)
        #expect(town.run("child set C0001 category=孤儿").status == 0)
    }

    /// An export's file is what its name says: a name ending in no export format, or a
    /// `format=` against its ending, is refused and writes nothing; `format=` names the format
    /// of a file whose ending says none.
    @Test func anExportIsTheFormatItsNameSays() throws {
        let town = Town()
        let folder = town.folder.path
        for (command, said) in [("export ledger to=\(folder)/台账.pdf", ".pdf"), ("export roster to=\(folder)/r.txt", ".txt"),
                                ("export ledger to=\(folder)/l.xlsx format=csv", "format=csv")] {
            let refused = town.run(command)
            #expect(refused.status == 1 && refused.err.contains(said), "\(command): \(refused.err)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: town.folder.path)
        #expect(!names.contains { ["台账.pdf", "r.txt", "l.xlsx"].contains($0) }, "\(names)")
        #expect(town.run("export ledger to=\(folder)/l.txt format=csv").status == 0)
        // A dot in a date is no ending: the name is written as given, in XLSX.
        #expect(town.run("export ledger to=\(folder)/台账2024.12.31").status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(folder)/台账2024.12.31"))
        let text = try String(contentsOfFile: town.folder.appendingPathComponent("l.txt").path, encoding: .utf8)
        #expect(text.contains("儿童姓名,"), "\(text.prefix(200))")
    }

    @Test func tablesAlignChineseByDisplayWidth() {
        let town = Town()
        let result = town.run("child list show id,name,category", format: "table", lang: "zh")
        let lines = result.lines
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("编号"))
        // Each column starts at the same display column on every line.
        let starts = lines.map { line -> Int in
            let prefix = line.prefix { $0 != "农" && $0 != "儿" }
            return String(prefix).unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        }
        #expect(Set(starts).count == 1, "\(lines)")
    }

    @Test func csvIsRFC4180WithEnglishKeys() {
        let town = Town()
        #expect(town.run("village set 金宝村 director=\"王, 主任\"").status == 0)
        let result = town.run("village list show name,director", format: "csv")
        #expect(result.lines == ["name,director", "金宝村,\"王, 主任\""])
    }

    @Test func whereExpressionsFilterByType() {
        let town = Town()
        #expect(town.run("child list where age >= 9 and sex = 女 show id").out == "[{\"id\":\"C0001\"}]\n")
        #expect(town.run("child list where not (born < 2016-01-01) show id").out == "[{\"id\":\"C0002\"}]\n")
        #expect(town.run("child list where name in (王小明, 无此人) show id").out == "[{\"id\":\"C0002\"}]\n")
        #expect(town.run("child count where school is empty").out == "2\n")
        #expect(town.run("child list where age >= abc").status == 1)
        #expect(town.run("child list where category = 9").err.contains("孤儿"))
    }
}

/// Regressions found by trying every documented example.
@Suite struct RegressionTests {
    @Test func familiesWithParentsAtHomeOrDeadCanBeAdded() {
        let town = ScenarioTests.Town()
        let result = town.run("family add village=金宝村 father=在家 mother=死亡")
        #expect(result.status == 0, "\(result.err)")
    }

    @Test func derivedFieldsSayTheyAreComputed() {
        let town = ScenarioTests.Town()
        let result = town.run("child set C0001 age=3")
        #expect(result.status == 1)
        #expect(result.err.contains("computed"))
    }

    @Test func numbersTypedIntoFreeTextAreMaskedToo() {
        let town = ScenarioTests.Town()
        #expect(town.run("family set F0001 situation=\"父亲电话13812345678\"").status == 0)
        for format in ["json", "table", "csv"] {
            #expect(!town.run("family show F0001", format: format).out.contains("13812345678"))
        }
    }

    @Test func pairSinceCannotPassItsVisits() {
        let town = ScenarioTests.Town()
        #expect(town.run("pair add family=F0001 helper=李芳 since=2024-01-10", "visit add pair=P0001 date=2024-02-01").status == 0)
        #expect(town.run("pair set P0001 since=2024-03-01").status == 1)
        #expect(town.run("pair set P0001 since=2024-01-20").status == 0)
    }

    @Test func listFieldsMatchByName() {
        let town = ScenarioTests.Town()
        #expect(town.run("training add date=2024-03-01 title=政策培训 attendees=李芳").status == 0)
        #expect(town.run("training count where attendees = 李芳").out == "1\n")
        #expect(town.run("training count where attendees = 张强").out == "0\n")
    }

    @Test func dryRunSaysWhatWouldHaveChanged() {
        let town = ScenarioTests.Town()
        let result = Harness.run(["--db", town.db, "--dry-run", "-f", "-"], stdin: "village add name=戊村\nvillage add name=己村\n")
        #expect(result.status == 0)
        #expect(result.err.contains("戊村") && result.err.contains("己村"))
        #expect(town.run("village count").out == "1\n")
    }

    @Test func exitedChildrenAreNamedAsExited() {
        let town = ScenarioTests.Town()
        #expect(town.run("child exit C0002 reason=迁出").status == 0)
        let result = town.run("child show 王小明")
        #expect(result.status == 1)
        #expect(result.err.contains("exited") && result.err.contains("C0002"))
    }

    @Test func theDemoTownIsBuiltTheSameEveryTime() throws {
        let folder = Harness.temporaryFolder()
        var dumps: [String] = []
        for name in ["a.db", "b.db"] {
            let db = folder.appendingPathComponent(name).path
            let result = Harness.run(["--db", db, "--demo", "--format", "csv", "--reveal", "-c", "child list show id,name,idno,category,family,helper"],
                                     environment: ["JIEDUI_TODAY": "2026-11-29"])
            #expect(result.status == 0, "\(result.err)")
            dumps.append(result.out)
        }
        #expect(dumps[0] == dumps[1])
        let db = folder.appendingPathComponent("a.db").path
        let counts = Harness.run(["--db", db, "--format", "json", "-c", "child count by category", "-c", "village count", "-c", "family count", "-c", "helper count", "-c", "unit count"],
                                 environment: ["JIEDUI_TODAY": "2026-11-29"]).lines
        let categories = Harness.json(counts[0]) as? [String: Int] ?? [:]
        #expect(categories.count == 6, "all six categories")
        #expect(categories.values.reduce(0, +) >= 60)
        #expect((Int(counts[1]) ?? 0) >= 5 && (Int(counts[2]) ?? 0) >= 25 && (Int(counts[3]) ?? 0) >= 20 && (Int(counts[4]) ?? 0) >= 4)
    }
}

@Suite struct PipeTests {
    @Test func noProgressBarOnAPipe() {
        let folder = Harness.temporaryFolder()
        let script = (0..<500).map { "village add name=村\($0)" }.joined(separator: "\n")
        let result = Harness.run(["--db", folder.appendingPathComponent("p.db").path, "--format", "json", "-f", "-"], stdin: script)
        #expect(result.status == 0)
        #expect(result.lines.count == 500)
        #expect(!result.err.contains("█") && !result.err.contains("\r"))
    }
}
