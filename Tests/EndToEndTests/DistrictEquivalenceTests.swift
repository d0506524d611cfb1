import Foundation
import JieduiCore
import Testing
#if District
import JieduiPostgres
#endif

/// A town made by the benchmark's generator (scripts/bench/gen_town.py, small), with records of
/// the kinds it does not make added, in a file and, copied by `migrate`, on the server: `check`,
/// `due`, every field of every noun listed and sorted, and every export's SHA-256 are the same on
/// both. The server's database sorts text by Chinese collation (ICU `zh-CN`) when the server can
/// make one, so that an order that followed the server's locale rather than the bytes would show.
@Suite(.enabled(if: DistrictServer.enabled, "JIEDUI_TEST_PG names no server"), .serialized)
struct DistrictEquivalenceTests {
    /// What the generator does not make: needs, alerts, orgs, exits, a unit pair, and text whose
    /// byte order and Chinese order differ.
    static let extras = """
        org add name=春苗爱心协会 kind=爱心组织 services=心理疏导,教育帮扶 phone=13800004444
        org add name=Zhang慈善会 kind=爱心组织 services=临时救助
        need add child=C0001 date=2024-03-01 kind=教育缺位 measures=教育帮扶
        need add child=C0001 date=2024-04-01 kind=亲情缺失 measures=心理疏导 detail="监护人电话13800001111"
        need add child=C0002 date=2024-05-01 kind=经济困难 measures=基本保障,教育帮扶
        need add child=C0003 date=2024-06-01 kind=亲情缺失
        need resolve N0001 date=2024-06-01 measures=控辍保学
        need refer N0002 to=春苗爱心协会
        alert add child=C0004 date=2024-05-03 situation=失踪 reported_to=公安 reported=2024-05-06
        alert add child=C0005 date=2024-11-03 situation=脱离监护单独居住 reported_to=公安,民政 reported=2024-11-03 reporter=帮扶人1
        child exit C0007 reason=年满16周岁 date=2024-12-31
        village add name=Alpha村
        village add name=阿坝村
        village add name=zz村
        family add village=Alpha村 guardian=王大爷 guardian_phone=0817-2222222
        family add village=阿坝村 guardian=Ann
        family add village=zz村 guardian=阿姨
        child set C0009 school=金宝小学 grade=四年级 hobbies=画画
        child set C0010 school="Alpha School" grade=五年级
        child set C0011 school=阿坝小学
        set filer 刘干事
        set filing_unit 测试镇人民政府
        """

    static let today = "2024-12-31"

    #if District
    /// The test server's URL on a database that sorts text in Chinese order, made if the login
    /// may; else the server's own database.
    static func chineseOrderedServer() -> String {
        guard let server = TwinStores.server else { return "" }
        do {
            let connection = try ServerConnection.open(server, environment: ProcessInfo.processInfo.environment)
            defer { connection.close() }
            let name = "jiedui_test_zh"
            if try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]).isEmpty {
                try connection.execute("CREATE DATABASE \(name) LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' LOCALE 'C.UTF-8' TEMPLATE template0")
            }
            return server.replacingOccurrences(of: "/\(connection.url.database)", with: "/\(name)")
        } catch {
            return server
        }
    }
    #endif

    @Test func aGeneratedTownPrintsAndExportsTheSameOnBothStores() throws {
        #if District
        let folder = Harness.temporaryFolder()
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        generator.arguments = [Harness.root.appendingPathComponent("scripts/bench/gen_town.py").path, folder.path]
        generator.environment = ["FAMILIES": "300", "HELPERS": "60", "SURVEY_ROWS": "50", "PATH": "/usr/bin:/bin"]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        let file = folder.appendingPathComponent("town.db").path
        let environment = ["JIEDUI_TODAY": Self.today]
        let made = Harness.runOnce(["--db", file, "-f", folder.appendingPathComponent("town.jd").path], environment: environment)
        try #require(made.status == 0, "\(made.err)")
        let extras = Harness.runOnce(["--db", file, "-f", "-"], stdin: Self.extras, environment: environment)
        try #require(extras.status == 0, "\(extras.err)")

        let server = Self.chineseOrderedServer()
        let town = server + (server.contains("?") ? "&" : "?") + "town=t_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        let migrated = Harness.runOnce(["--db", file, "-c", "migrate to=\"\(town)\""], environment: environment)
        try #require(migrated.status == 0, "\(migrated.err)")

        var commands = ["check", "check year=2023", "due days=400", "due", "log verify", "set", "log limit 5"]
        for noun in Noun.allCases {
            let fields = Schema.of(noun).fields.map(\.key)
            commands.append("\(noun.rawValue) list show \(fields.joined(separator: ","))")
            commands.append("\(noun.rawValue) count")
            for field in Schema.of(noun).fields.prefix(6) where !Schema.of(noun).field(field.key).type.isList {
                commands.append("\(noun.rawValue) list sort \(field.key) desc, \(fields[0]) limit 30 show \(fields[0]),\(field.key)")
                commands.append("\(noun.rawValue) count by \(field.key)")
            }
        }
        commands += ["village list sort name", "family list sort guardian limit 50 show id,guardian", "child list where name > 儿童5 sort name limit 40",
                     "child list where school ~ 小学 sort school", "org list sort name", "helper list where name < 帮扶人3 sort name desc limit 20",
                     // A search in masked numbers looks in what is shown: the same SQL on both.
                     "family list where guardian_phone ~ 2222 or guardian_phone ~ \"0817-*\" show id,guardian_phone", "child count where idno ~ 1",
                     "helper list where phone ~ \"138*\" limit 20 show id,phone", "child list where idno ~ \"****\" limit 20 show id,idno"]
        for format in ["csv", "json"] {
            for command in commands {
                let a = Harness.runOnce(["--db", file, "--format", format, "-c", command], environment: environment)
                let b = Harness.runOnce(["--db", town, "--format", format, "-c", command], environment: environment)
                #expect(a.status == b.status && a.out == b.out && a.err == b.err, """
                    \(format) `\(command)` differs
                    --- file (\(a.status)): \(a.out.prefix(2000))\(a.err)
                    --- server (\(b.status)): \(b.out.prefix(2000))\(b.err)
                    """)
            }
        }
        let revealed = Harness.runOnce(["--db", file, "--reveal", "--format", "csv", "-c", "child list show id,idno,name"], environment: environment)
        #expect(revealed.out == Harness.runOnce(["--db", town, "--reveal", "--format", "csv", "-c", "child list show id,idno,name"], environment: environment).out)

        // Every export, written from each store into a folder of its own: the same SHA-256.
        let exports = [
            "export ledger to=OUT/ledger.xlsx", "export ledger to=OUT/ledger.csv", "export ledger to=OUT/village.xlsx village=村3",
            "export ledger to=OUT/ledger2023.csv year=2023", "export book to=OUT/book.xlsx village=村1",
            "export quarter 2024Q1 to=OUT/q1.xlsx", "export quarter 2024Q2 to=OUT/q2.csv", "export quarter 2024Q3 to=OUT/q3.xlsx",
            "export quarter 2024Q4 to=OUT/q4.xlsx", "export ledger to=OUT/revealed.xlsx reveal",
            "export roster to=OUT/roster.xlsx", "export roster to=OUT/roster.csv reveal",
        ]
        for export in exports {
            var said: [String] = []
            for (name, database) in [("file", file), ("server", town)] {
                let out = folder.appendingPathComponent(name).path
                let result = Harness.runOnce(["--db", database, "--format", "json", "-c", export.replacingOccurrences(of: "OUT", with: out)], environment: environment)
                #expect(result.status == 0, "\(export) on the \(name): \(result.err)")
                said.append(result.out.replacingOccurrences(of: out, with: "OUT"))
            }
            #expect(said[0] == said[1] && said[0].contains("sha256"), "\(export): \(said)")
        }
        // The district's own report reads the same town.
        let district = Harness.runOnce(["--db", town, "--format", "json", "-c", "district towns"], environment: environment)
        #expect(district.status == 0, "\(district.err)")
        #endif
    }
}
