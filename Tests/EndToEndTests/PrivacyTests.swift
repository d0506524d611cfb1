import Foundation
import JieduiCore
import Testing

/// 个人信息保护: no printing path shows an ID-card or phone number unless asked.
@Suite struct PrivacyTests {
    /// A third child, unpaired so that `pair auto` has something to propose; a fake number
    /// made by the project's generator.
    static let thirdIdno = IdentityNumber.make(region: "511304", born: Day(year: 2016, month: 8, day: 3)!, sequence: 52).text
    /// The first child's number with another check character: no one's, but shaped as one.
    static let wrongIdno = "51130420140501012" + "3"
    static let numbers = ["511304201405010121", "511304201609120218", "13800001111", "13900002222", "13900003333", "13812345678",
                          "0817-6543210", thirdIdno, "13900004444", wrongIdno,
                          // A mistyped mobile, a digit short, is still nearly someone's number.
                          String("13800001111".dropLast())]

    static let situation = "父亲电话13812345678，身份证511304201609120218"
    static let note = "监护人电话13800001111"
    static let detail = "联系13812345678"
    static let outcome = "报警人13900003333"
    /// Without a number: the quarterly report prints the filer as set (see `SQLMaskingTests`
    /// for a setting that holds one).
    static let filer = "刘干事"

    static let town = ScenarioTests.town + """

    village set 金宝村 director_phone=0817-6543210
    family set F0001 situation="\(situation)"
    pair add family=F0001 helper=李芳 since=2024-01-10
    visit add child=C0001 date=2024-02-05 note="\(note)"
    org add name=春苗 kind=爱心组织 phone=13800001111
    need add child=C0001 date=2024-03-01 kind=其他 detail="\(detail)"
    alert add child=C0001 date=2024-05-03 situation=失踪 reported_to=公安 reported=2024-05-03 outcome="\(outcome)"
    family add village=金宝村 guardian=赵奶奶 guardian_phone=13900004444 father=外出务工 mother=外出务工
    child add name=赵小宝 idno=\(thirdIdno) family=F0002 category=6
    set filer "\(filer)"
    """

    /// A command of the sweep and what it must do: succeed and print each of `shows`, or fail
    /// and say each of them on standard error.
    struct Probe {
        let command: String
        let fails: Bool
        let shows: [String]

        static func prints(_ command: String, _ shows: String...) -> Probe { Probe(command: command, fails: false, shows: shows) }
        static func fails(_ command: String, _ shows: String...) -> Probe { Probe(command: command, fails: true, shows: shows) }
    }

    /// How a personal number and a text holding one are printed while masked: Core's masking,
    /// the one every output uses.
    static func masked(_ number: String) -> String { Masking.maskPersonalField(number) }
    static func masked(text: String) -> String { Masking.maskPersonalNumbers(in: text) }
    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02X", $0) }.joined() }

    static let probes: [Probe] = {
        let (idno1, idno2) = ("511304201405010121", "511304201609120218")
        // The audit log keeps the command that added the first child, its number masked.
        let addChild = ScenarioTests.town.split(separator: "\n").map(String.init).first { $0.contains(idno1) }!
        let wrongIdno = Self.wrongIdno
        let wrongCheck = Message.idnoCheck(value: masked(wrongIdno), expected: String(IdentityNumber.checkCharacter(forFirst17: String(wrongIdno.prefix(17)))),
                                           found: String(wrongIdno.last!))
        let shortPhone = Self.numbers.last!
        return [
            .prints("village list", masked("0817-6543210")), .prints("village show 金宝村", masked("0817-6543210")),
            .prints("unit list", "区统计局"),
            .prints("family list", "F0001", masked("13800001111"), masked("13900004444")),
            .prints("family show F0001", masked("13800001111"), masked(text: situation)),
            .prints("child list", "C0001", "C0002", "C0003"),
            .prints("child list show id,idno,name", masked(idno1), masked(idno2), masked(thirdIdno)),
            .prints("child show C0001", masked(idno1)), .prints("child show \(idno1)", "C0001", masked(idno1)),
            .prints("helper list", masked("13900002222"), masked("13900003333")), .prints("helper show H0001", masked("13900002222")),
            .prints("pair list", "P0001", "P0002"),
            .prints("visit list show id,note", masked(text: note)), .prints("visit show V0001", masked(text: note)),
            .prints("need list show id,detail", masked(text: detail)), .prints("need show N0001", masked(text: detail)),
            .prints("alert list show id,outcome", masked(text: outcome)), .prints("alert show A0001", masked(text: outcome)),
            .prints("org list", masked("13800001111")), .prints("org show O0001", masked("13800001111")),
            .prints("child count by idno", masked(idno1), masked(idno2)),
            .prints("helper count by phone", masked("13900002222"), masked("13900003333")),
            .prints("sql SELECT * FROM child", masked(idno1), masked(idno2)),
            .prints("sql SELECT * FROM family", masked("13800001111"), masked(text: situation)),
            .prints("sql SELECT * FROM helper", masked("13900002222"), masked("13900003333")),
            .prints("sql SELECT * FROM audit", masked(text: addChild)),
            .prints("sql SELECT * FROM setting", filer),
            .prints("sql SELECT hex(idno) FROM child", hex(masked(idno1)), hex(masked(idno2))),
            .fails("sql SELECT idno FROM main.child", Message.sqlMaskedColumn(table: "child", column: "idno").text(.en)),
            .prints("log", masked(text: addChild)),
            .prints("check", "P0001", "C0003"), .prints("due days=365", "P0001", "P0002"),
            .prints("pair auto", "F0002"), .prints("set", filer),
            .fails("child add name=重复 idno=\(idno1) family=F0001 category=6",
                   Message.uniqueTaken(field: FieldName(Schema.of(.child).field("idno")), value: masked(idno1), by: "C0001").text(.en)),
            .fails("child add name=错号 idno=\(wrongIdno) family=F0001 category=6", wrongCheck.text(.en)),
            .fails("helper add name=错 sex=女 unit=区统计局 phone=\(shortPhone)",
                   Message.badPhone(field: FieldName(Schema.of(.helper).field("phone")), value: Phone.quoted(shortPhone)).text(.en)),
            // Errors that quote what was typed mask the numbers in it.
            .fails("helper set H0001 phone=13900002222/13800001111",
                   Message.badPhone(field: FieldName(Schema.of(.helper).field("phone")), value: Phone.quoted("13900002222/13800001111")).text(.en)),
            .fails("child show \(wrongIdno)", masked(text: wrongIdno)),
            .fails("child list where born = \(idno2)", masked(idno2)),
            // A number in `where` is read as `add` reads it: a mistyped one is an error, masked.
            .fails("child list where idno = \(wrongIdno)", wrongCheck.text(.en)),
            .fails("helper list where phone in (13900002222, \(shortPhone))",
                   Message.badPhone(field: FieldName(Schema.of(.helper).field("phone")), value: Phone.quoted(shortPhone)).text(.en)),
        ]
    }()

    @Test(arguments: ["table", "csv", "tsv", "json"])
    func everyPrintingCommandMasksNumbers(_ format: String) throws {
        let town = ScenarioTests.Town(Self.town)
        for probe in Self.probes {
            // What sql prints is SQLite's (hex, main., the audit's own columns); the server's masked sql is DistrictSQLTests'.
            let result = TwinStores.$fileOnly.withValue(probe.command.hasPrefix("sql ") || TwinStores.fileOnly) {
                Harness.run(["--db", town.db, "--format", format, "-c", probe.command], environment: ["JIEDUI_TODAY": "2024-12-31"])
            }
            #expect(result.status == (probe.fails ? 1 : 0), "\(format) `\(probe.command)` exits \(result.status): \(result.err)")
            let said = probe.fails ? result.err : result.out
            for text in probe.shows {
                #expect(said.contains(text), "\(format) `\(probe.command)` does not show \(text):\n\(said)")
            }
            if !probe.fails { #expect(result.err.isEmpty, "\(format) `\(probe.command)` complains: \(result.err)") }
            for number in Self.numbers {
                #expect(!result.out.contains(number), "\(format) `\(probe.command)` prints \(number)")
                #expect(!result.err.contains(number), "\(format) `\(probe.command)` errs with \(number)")
            }
        }
    }

    @Test func exportsAreMaskedUnlessRevealedAndAllFilesAre0600() throws {
        let town = ScenarioTests.Town(Self.town)
        let folder = town.folder
        for command in ["export ledger to=l.csv", "export quarter 2024Q4 to=q.csv", "export ledger to=l.xlsx", "export book to=b.xlsx",
                        "export roster to=r.xlsx", "export roster to=roster.csv"] {
            let path = folder.appendingPathComponent(String(command.split(separator: "=").last!)).path
            let result = Harness.run(["--db", town.db, "-c", command.replacingOccurrences(of: "to=", with: "to=\(folder.path)/")], environment: ["JIEDUI_TODAY": "2024-12-31"])
            #expect(result.status == 0, "\(result.err)")
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
            if path.hasSuffix(".csv") {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                for number in Self.numbers { #expect(!text.contains(number), "\(command) writes \(number)") }
            }
        }
        let revealed = folder.appendingPathComponent("r.csv").path
        #expect(Harness.run(["--db", town.db, "-c", "export ledger to=\(revealed) reveal"]).status == 0)
        #expect(try String(contentsOfFile: revealed, encoding: .utf8).contains("511304201405010121"))
        #expect(Harness.run(["--db", town.db, "-c", "log limit 1"]).out.contains("reveal"))
        #expect(try FileManager.default.attributesOfItem(atPath: town.db)[.posixPermissions] as? Int == 0o600)
    }

    /// Every text a filing holds is masked, not only the number and note columns: a phone typed
    /// into a guardian's name, a helper's position, a parent's name, an exit's reason, in the ledger,
    /// the roster, the books and the changes, XLSX (every part of the package) and CSV alike.
    /// With `reveal` the file holds them as typed.
    @Test func filingsMaskNumbersTypedIntoAnyText() throws {
        let town = ScenarioTests.Town(Self.town)
        let hidden = ["13800007777", "13800008888", "13800009999", "13800005555"]
        let made = town.run("family set F0001 guardian=王大爷13800007777 mother_name=\(hidden[1])",
                            "helper set 李芳 position=科员\(hidden[2])", "child exit C0002 reason=迁出，联系\(hidden[3]) date=2024-12-30")
        #expect(made.status == 0, "\(made.err)")
        let folder = town.folder.path
        // Every part of an XLSX package, as unzip prints them.
        func contents(_ path: String) throws -> String {
            guard path.hasSuffix(".xlsx") else { return try String(contentsOfFile: path, encoding: .utf8) }
            return Harness.runOnce(["-p", path], executable: "/usr/bin/unzip").out
        }
        for (index, export) in ["ledger", "roster", "book", "changes from=2024-01-01"].enumerated() {
            for format in export == "book" ? ["xlsx"] : ["xlsx", "csv"] {
                let path = "\(folder)/f\(index).\(format)"
                let result = Harness.run(["--db", town.db, "-c", "export \(export) to=\(path)"], environment: ["JIEDUI_TODAY": "2024-12-31"])
                #expect(result.status == 0, "\(export) \(format): \(result.err)")
                let text = try contents(path)
                #expect(text.contains("王大爷") || export.hasPrefix("changes"), "\(export) \(format) lacks the guardian")
                for number in hidden { #expect(!text.contains(number), "\(export) \(format) holds \(number)") }
                // The changes come from the audit log, which never holds the numbers.
                guard !export.hasPrefix("changes") else { continue }
                let revealed = "\(folder)/r\(index).\(format)"
                #expect(Harness.run(["--db", town.db, "-c", "export \(export) to=\(revealed) reveal"], environment: ["JIEDUI_TODAY": "2024-12-31"]).status == 0)
                #expect(try contents(revealed).contains(hidden[0]), "\(export) \(format) reveal")
            }
        }
    }

    /// Numbers in what a clerk types besides the number fields — a village's or org's name, a
    /// file's name, a setting — and written as people write them (in groups, after 86, a
    /// landline by a space or in one run) are masked in every output, the audit log and `sql`
    /// included; shown with `--reveal`, each such output is recorded. No control character a
    /// value holds reaches the terminal.
    @Test func numbersInNamesPathsAndTheirUsualFormsAreMaskedEverywhere() throws {
        let town = ScenarioTests.Town(Self.town)
        let hidden = ["13800007777", "13800006666", "2222222", "08173333333", "20150302"]
        let situation = "座机 0817 2222222，另 08173333333，身份证 510000-20150302-0128，510000 2015 0302 0128"
        let path = town.folder.appendingPathComponent("510000201503020128.csv").path
        let lines = ["village add name=新村13800007777", "org add name=协会8613800006666 kind=爱心组织",
                     "family set F0001 situation=\"\(situation)\"", "set filer 张三13800007777",
                     "export roster to=\(path)", "village list", "org show 协会8613800006666", "family show F0001", "set",
                     "log limit 8", "sql SELECT hex(name) FROM village", "sql SELECT replace(name, '0', 'o') FROM org",
                     "sql SELECT refs FROM audit ORDER BY seq DESC LIMIT 3"]
        for format in ["table", "json"] {
            for line in lines {
                let result = Harness.runOnce(["--db", town.db, "--format", format, "-c", line], environment: ["JIEDUI_TODAY": "2024-12-31"])
                #expect(result.status == 0 || line.contains(" add name="), "\(line): \(result.err)")
                for number in hidden + [Self.hex("13800007777"), Self.hex("2015")] {
                    #expect(!result.out.contains(number) && !result.err.contains(number), "\(format) `\(line)` shows \(number): \(result.out)\(result.err)")
                }
            }
        }
        let revealed = Harness.runOnce(["--db", town.db, "--reveal", "-c", "village list", "-c", "set"], environment: ["JIEDUI_TODAY": "2024-12-31"])
        #expect(revealed.out.contains("13800007777"))
        let reveals = Harness.json(town.run("log where refs = reveal").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(reveals.map { $0["command"] as? String } == ["village list", "set"], "\(reveals)")

        let escape = "\u{1B}[2J"
        for line in ["village add name=\"\(escape)红\"", "child show \"\(escape)x\""] {
            let result = Harness.runOnce(["--db", town.db, "-c", line], environment: ["JIEDUI_TODAY": "2024-12-31"])
            #expect(!result.out.contains("\u{1B}") && !result.err.contains("\u{1B}"), "\(line): \(result.out.debugDescription)\(result.err.debugDescription)")
        }
    }

    /// A phone the fields take (any 11 digits from 1) is masked in the audit log as in `show`;
    /// a reference a digit off an ID-card number, or a disability certificate's number, is not
    /// echoed by the error.
    @Test func numbersAFieldTakesOrAMistypedReferenceAreMaskedInLogAndErrors() throws {
        let town = ScenarioTests.Town(Self.town)
        let set = town.run("family set F0001 mother_phone=12045678901")
        #expect(set.status == 0, "\(set.err)")
        let audit = town.run("sql SELECT new, command FROM audit ORDER BY seq DESC LIMIT 1")
        for shown in [town.run("log limit 1"), town.run("family show F0001"), audit] {
            #expect(!shown.out.contains("12045678901") && shown.out.contains("120****8901"), "\(shown.out)")
        }
        for reference in ["51130420140501012", "5113042014050101211", "51130420140501012142"] {
            let missing = town.run("child show \(reference)")
            #expect(missing.status != 0 && !missing.err.contains(reference) && !missing.err.isEmpty, "\(missing.err)")
        }
    }

    /// `~` on an ID-card or phone field looks, while masked, only in what is shown: the kept
    /// digits and the stars find the record, the hidden digits do not (else a run of searches
    /// would read them out); revealed, it looks in the whole number.
    @Test func aSearchInAMaskedNumberSeesOnlyWhatIsShown() throws {
        let town = ScenarioTests.Town(Self.town)
        let cases: [(String, shown: [String], hidden: [String])] = [
            ("org count where phone", ["1111", "138*", "*1111"], ["0000", "13800", "8000"]),
            ("child count where idno", ["511304", "0121", "4****"], ["20140501", "0501", "40"]),
            ("village count where director_phone", ["0817-", "-***3", "3210"], ["654", "0817-6", "543"]),
        ]
        for (query, shown, hidden) in cases {
            for part in shown {
                #expect(QueryTests.count(town, "\(query) ~ \"\(part)\"") ?? 0 >= 1, "\(query) ~ \(part)")
            }
            for part in hidden {
                #expect(QueryTests.count(town, "\(query) ~ \(part)") == 0, "\(query) ~ \(part) finds a hidden digit")
                let revealed = town.run("\(query) ~ \(part)", extra: ["--reveal"])
                #expect(Int(revealed.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1, "\(query) ~ \(part) revealed: \(revealed.out)\(revealed.err)")
            }
        }
    }

    /// Numbers shown stay shown when the work around them is undone: a revealing command of a
    /// failed line, script or dry run keeps its audit entry, and the log stays whole.
    @Test func aRevealOutlivesTheRollbackOfItsWork() throws {
        let town = ScenarioTests.Town(Self.town)
        let script = town.folder.appendingPathComponent("reveal.jd").path
        try "helper show H0001\nchidl\n".write(toFile: script, atomically: true, encoding: .utf8)
        let runs: [(args: [String], command: String)] = [
            (["-c", "helper list show name,phone; chidl"], "helper list show name,phone"),
            (["--dry-run", "-c", "family show F0001"], "family show F0001"),
            (["-f", script], "helper show H0001"),
            (["--keep-going", "--dry-run", "-c", "child show C0001", "-c", "chidl"], "child show C0001"),
        ]
        for run in runs {
            let shown = Harness.run(["--db", town.db, "--reveal"] + run.args, environment: ["JIEDUI_TODAY": "2024-12-31"])
            #expect(shown.out.contains("13900002222") || shown.out.contains("13800001111") || shown.out.contains("511304201405010121"), "\(run.args): \(shown.out)")
            let log = Harness.json(town.run("log limit 1").lines.last ?? "[]") as? [[String: Any]] ?? []
            #expect(log.first?["command"] as? String == run.command, "\(run.args): \(log)")
            #expect(log.first?["refs"] as? [String] == ["reveal"], "\(run.args): \(log)")
        }
        // Each once, none of the undone work, and the chain whole.
        let reveals = Harness.json(town.run("log where refs = reveal").lines.last ?? "[]") as? [[String: Any]] ?? []
        #expect(reveals.count == runs.count, "\(reveals)")
        #expect(town.run("log verify").status == 0)
    }
}

/// `sql` while masking is on, probed the way a curious query would: functions of a personal
/// number (hex, substr, ||, lower, unicode, instr, length), comparisons in WHERE (=, LIKE),
/// through the table's plain name, quoted, `main.`, a subquery, a CTE named like the table and
/// a join. Each must see exactly what the masked value gives, or be refused; with reveal the
/// query sees the number and the audit log records it.
@Suite(.fileOnly("SQLite's SQL and its masking; the server's masked sql in DistrictSQLTests")) struct SQLMaskingTests {
    /// Where the town keeps a personal number: the row (by its key) and the text stored.
    struct Place: Sendable, CustomTestStringConvertible {
        let table: String
        let column: String
        let keyColumn: String
        let key: String
        let stored: String

        var testDescription: String { "\(table).\(column)" }
        /// A personal field is masked whole; text holding a number, the number in it.
        var maskedValue: String {
            Self.personalColumns.contains("\(table).\(column)") ? Masking.maskPersonalField(stored) : Masking.maskPersonalNumbers(in: stored)
        }

        /// The stretch the mask hides: where it starts (from 1, as SQL counts) and its text.
        var hidden: (start: Int, text: String) {
            let plain = Array(stored), hidden = Array(maskedValue)
            let changed = plain.indices.filter { plain[$0] != hidden[$0] }
            return (changed.first! + 1, String(plain[changed.first!...changed.last!]))
        }

        /// Every ID-card and phone column of every noun, from the schema.
        static let personalColumns: Set<String> = Set(Noun.allCases.flatMap { noun in
            Schema.of(noun).storedFields.filter(\.isPersonal).map { "\(noun.table).\($0.key)" }
        })
    }

    static let idno = IdentityNumber.make(region: "511304", born: Day(year: 2015, month: 3, day: 7)!, sequence: 37).text
    /// Obviously fake numbers, as the demo town's: 138/139, 0000, four digits.
    static let phones = (0..<5).map { "13\(8 + $0 % 2)0000\(4321 + 1111 * $0)" }
    static let landline = "0817-6\(phones[0].suffix(6))"
    static let note = "监护人电话\(phones[3])"
    static let filer = "刘干事 \(phones[4])"
    /// The migrant parents' (practice.md): a mobile and a landline.
    static let parentPhones = ["13700002468", "0817-7\(phones[1].suffix(6))"]

    static let places = [
        Place(table: "village", column: "director_phone", keyColumn: "name", key: "甲村", stored: landline),
        Place(table: "family", column: "guardian_phone", keyColumn: "id", key: "F0001", stored: phones[0]),
        Place(table: "family", column: "father_phone", keyColumn: "id", key: "F0001", stored: parentPhones[0]),
        Place(table: "family", column: "mother_phone", keyColumn: "id", key: "F0001", stored: parentPhones[1]),
        Place(table: "child", column: "idno", keyColumn: "id", key: "C0001", stored: idno),
        Place(table: "helper", column: "phone", keyColumn: "id", key: "H0001", stored: phones[1]),
        Place(table: "org", column: "phone", keyColumn: "id", key: "O0001", stored: phones[2]),
        Place(table: "visit", column: "note", keyColumn: "id", key: "V0001", stored: note),
        Place(table: "setting", column: "value", keyColumn: "key", key: "filer", stored: filer),
    ]

    static let town = """
    set today 2024-12-31
    village add name=甲村 director=赵主任 director_phone=\(landline)
    unit add name=乙局 villages=甲村
    family add village=甲村 guardian=钱某 guardian_phone=\(phones[0]) father=外出务工 mother=外出务工 \
        father_phone=\(parentPhones[0]) mother_phone=\(parentPhones[1])
    child add name=孙某 idno=\(idno) family=F0001 category=6
    helper add name=李某 sex=女 unit=乙局 phone=\(phones[1])
    org add name=春苗 kind=爱心组织 phone=\(phones[2])
    pair add family=F0001 helper=李某 since=2024-01-10
    visit add child=C0001 date=2024-02-05 note="\(note)"
    set filer "\(filer)"
    """

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Functions of a column value `x` whose results must not tell the number.
    static func values(_ x: String, _ place: Place) -> [String] {
        let (start, hidden) = place.hidden
        return ["hex(\(x))", "substr(\(x), \(start), \(hidden.count))", "\(x) || ''", "lower(\(x))", "unicode(substr(\(x), \(start)))",
                "instr(\(x), \(literal(hidden)))", "length(\(x))"]
    }

    /// Conditions on `x` that hold for the stored number and so must not for what sql sees.
    static func filters(_ x: String, _ place: Place) -> [String] {
        let (start, hidden) = place.hidden
        let stored = literal(place.stored)
        return ["\(x) = \(stored)", "\(x) LIKE \(stored)", "\(x) LIKE \(literal("%" + hidden + "%"))", "instr(\(x), \(literal(hidden))) > 0",
                "substr(\(x), \(start), \(hidden.count)) = \(literal(hidden))", "hex(\(x)) = hex(\(stored))", "lower(\(x)) = lower(\(stored))",
                "unicode(substr(\(x), \(start))) = unicode(\(literal(hidden)))", "\(x) || '' = \(stored)",
                "length(replace(\(x), '*', '')) = length(\(stored))"]
    }

    /// A way to name the table in a query: a WITH clause, the FROM clause (the row as `r`), and
    /// whether it is one the masking views answer (rather than one that may be refused).
    struct Form {
        let with: String
        let from: String
        let answers: Bool
    }

    static func forms(_ place: Place) -> [Form] {
        let (t, k) = (place.table, place.keyColumn)
        return [
            Form(with: "", from: "\(t) AS r", answers: true),
            Form(with: "", from: "\"\(t)\" AS r", answers: true),
            Form(with: "", from: "temp.\(t) AS r", answers: true),
            Form(with: "", from: "main.\(t) AS r", answers: false),
            Form(with: "", from: "main.\"\(t)\" AS r", answers: false),
            Form(with: "", from: "\"main\".\"\(t)\" AS r", answers: false),
            Form(with: "", from: "(SELECT * FROM main.\(t)) AS r", answers: false),
            Form(with: "WITH \"\(t)\" AS (SELECT * FROM main.\"\(t)\") ", from: "\(t) AS r", answers: false),
            Form(with: "", from: "\(t) AS v JOIN main.\(t) AS r ON r.\"\(k)\" = v.\"\(k)\"", answers: false),
        ]
    }

    /// One query with every probe: the values as columns, each condition as the count of rows
    /// it selects in a WHERE of its own.
    static func query(_ place: Place, _ form: Form) -> String {
        let row = "r.\"\(place.keyColumn)\" = \(literal(place.key))"
        let x = "r.\"\(place.column)\""
        let items = values(x, place).enumerated().map { "\($1) AS v\($0)" }
            + filters(x, place).enumerated().map { "(SELECT count(*) FROM \(form.from) WHERE \(row) AND \($1)) AS f\($0)" }
        return "\(form.with)SELECT \(items.joined(separator: ", ")) FROM \(form.from) WHERE \(row)"
    }

    /// The same probes on a literal text, for what they give on it.
    static func query(_ place: Place, on text: String) -> String {
        let x = literal(text)
        let items = values(x, place).enumerated().map { "\($1) AS v\($0)" }
            + filters(x, place).enumerated().map { "(SELECT count(*) WHERE \($1)) AS f\($0)" }
        return "SELECT \(items.joined(separator: ", "))"
    }

    @Test func everyPersonalColumnOfTheSchemaIsProbed() {
        let probed = Set(Self.places.map(\.testDescription))
        #expect(Place.personalColumns.isSubset(of: probed), "not probed: \(Place.personalColumns.subtracting(probed).sorted())")
    }

    @Test(arguments: places)
    func sqlSeesOnlyTheMaskedValue(_ place: Place) throws {
        let town = ScenarioTests.Town(Self.town)
        func sql(_ query: String, format: String = "json", _ extra: [String] = []) -> Harness.Result {
            town.run("sql " + query, format: format, extra: extra)
        }
        let onMasked = sql(Self.query(place, on: place.maskedValue))
        let onStored = sql(Self.query(place, on: place.stored), ["--reveal"])
        #expect(onMasked.status == 0 && onStored.status == 0, "\(onMasked.err) \(onStored.err)")
        // The probes tell the number from its mask, or this test could not fail.
        let masked = Harness.json(onMasked.out) as? [[String: Any]], stored = Harness.json(onStored.out) as? [[String: Any]]
        let told = (masked?.first ?? [:]).filter { key, value in key != "v6" && "\(value)" == "\(stored?.first?[key] ?? "")" }
        #expect(masked?.count == 1 && told.isEmpty, "probes that do not tell the number: \(told.keys.sorted())")

        let columns = sql("SELECT * FROM \(place.table) LIMIT 0", format: "csv").lines.first?.split(separator: ",").map(String.init) ?? []
        #expect(columns.contains(place.column))
        for form in Self.forms(place) {
            let query = Self.query(place, form)
            let result = sql(query)
            let refused = result.status == 1 && columns.contains { result.err.contains(Message.sqlMaskedColumn(table: place.table, column: $0).text(.en)) }
            if form.answers || !refused {
                #expect(result.status == 0, "`\(query)`: \(result.err)")
                #expect(result.out == onMasked.out, "`\(query)` sees more than the masked value:\n\(result.out)\nnot\n\(onMasked.out)")
            }
            #expect(!result.out.contains(place.stored) && !result.err.contains(place.stored))
        }

        // Revealed, by --reveal or `set mask off`, the same query sees the number, even through
        // main.; each such query is in the audit log, its numbers masked there too.
        let plain = Self.query(place, Self.forms(place)[0])
        let qualified = Self.query(place, Self.forms(place)[3])
        #expect(sql(plain, ["--reveal"]).out == onStored.out)
        let offResult = town.run("set mask off", "sql " + qualified)
        #expect(offResult.status == 0 && offResult.out == onStored.out, "\(offResult.err)")
        let log = Harness.json(town.run("log").out) as? [[String: Any]] ?? []
        for query in [plain, qualified] {
            let entry = log.last { $0["command"] as? String == Masking.maskPersonalNumbers(in: "sql " + query) }
            #expect((entry?["refs"] as? [String]) == ["reveal"], "no audit entry for `\(query)`")
        }
        #expect(!town.run("log", format: "csv").out.contains(place.stored))
    }
}
