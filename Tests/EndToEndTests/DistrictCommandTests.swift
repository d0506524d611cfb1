import Foundation
import JieduiCore
import Testing
#if District
import JieduiPostgres
#endif

/// `district towns`, `district check` and `export district` on a server with towns of its own
/// (district.md, "the district's view"), and `migrate`'s refusals.
@Suite(.enabled(if: DistrictServer.enabled, "JIEDUI_TEST_PG names no server"), .serialized)
struct DistrictCommandTests {
    /// A database of the test server that holds only this suite's towns, so that the district's
    /// view sees exactly them.
    static let server: String = {
        #if District
        guard let server = TwinStores.server else { return "" }
        do {
            let connection = try ServerConnection.open(server, environment: ProcessInfo.processInfo.environment)
            defer { connection.close() }
            let name = "jiedui_district_" + UUID().uuidString.prefix(8).lowercased()
            try connection.execute("CREATE DATABASE \(name)")
            return server.replacingOccurrences(of: "/\(connection.url.database)", with: "/\(name)")
        } catch {
            Issue.record("cannot make a database for the district's tests: \(error)")
            return server
        }
        #else
        return ""
        #endif
    }()

    static func town(_ name: String) -> String {
        server + (server.contains("?") ? "&" : "?") + "town=\(name)"
    }

    static let jinbao = """
        set town 金宝镇
        village add name=金宝村
        unit add name=区统计局 villages=金宝村
        family add village=金宝村 guardian=王大爷
        child add name=王小花 idno=\(FakeIdentityNumber.girl(born: "2014-05-01")) family=F0001 category=留守儿童
        child add name=王小明 idno=\(FakeIdentityNumber.boy(born: "2016-09-12")) family=F0001 category=6
        helper add name=李芳 sex=女 unit=区统计局 phone=13900002222
        pair add family=F0001 helper=李芳 since=2023-01-10
        visit add child=王小花 date=2024-02-05 kind=特殊关爱 occasion=春节
        visit add child=王小明 date=2023-06-05
        """

    static let shimen = """
        set town 石门镇
        village add name=石门村
        family add village=石门村
        child add name=张小军 idno=\(FakeIdentityNumber.boy(born: "2012-11-30")) family=F0001 category=事实无人抚养
        """

    /// Makes the suite's towns once: `jinbao` and `shimen` (and `aaa_empty`, a town with nothing).
    static let made: Bool = {
        for (name, script) in [("shimen", shimen), ("jinbao", jinbao), ("aaa_empty", "")] {
            let result = DistrictServer.run(town(name), ["-f", "-"], stdin: script)
            if result.status != 0 { Issue.record("\(name): \(result.err)") }
        }
        return true
    }()

    @Test func townsAreListedOneRowEachSortedBySchema() throws {
        try #require(Self.made)
        let result = DistrictServer.run(Self.town("jinbao"), ["--format", "csv", "-c", "district towns"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.lines == ["town,name,children,pairs,visits", "aaa_empty,未命名镇,0,0,0", "jinbao,金宝镇,2,2,1", "shimen,石门镇,1,0,0"], "\(result.out)")
    }

    @Test func checkRunsInEveryTownWithTheTownBeforeEachRef() throws {
        try #require(Self.made)
        let district = DistrictServer.run(Self.town("shimen"), ["--format", "csv", "-c", "district check"])
        #expect(district.status == 0, "\(district.err)")
        var expected = ["code,severity,ref,message"]
        for name in ["aaa_empty", "jinbao", "shimen"] {
            let own = DistrictServer.run(Self.town(name), ["--format", "csv", "-c", "check"]).lines.dropFirst()
            expected += own.map { line in
                var fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                fields[2] = "\(name)/\(fields[2])"
                return fields.joined(separator: ",")
            }
        }
        #expect(district.lines == expected)
        #expect(district.out.contains("shimen/C0001"), "\(district.out)")
        let year = DistrictServer.run(Self.town("shimen"), ["--format", "csv", "-c", "district check year=2023"])
        #expect(year.status == 0 && year.out.contains("jinbao/"), "\(year.out)\(year.err)")
    }

    @Test func aFileHasNoDistrict() throws {
        let file = Harness.temporaryFolder().appendingPathComponent("t.db").path
        for command in ["district towns", "district check", "export district year=2024 to=d.xlsx"] {
            let result = TwinStores.$fileOnly.withValue(true) { Harness.run(["--db", file, "--lang", "en", "-c", command]) }
            #expect(result.status == 1, "\(command): \(result.out)")
            #expect(result.err.contains("needs a district server"), "\(command): \(result.err)")
        }
    }

    #if District
    /// A login that may read one town sees that one, and is told how many more there are.
    @Test func aLoginSeesTheTownsItMayReadAndCountsTheOthers() throws {
        try #require(Self.made)
        let login = "reader_" + String(UUID().uuidString.prefix(8)).lowercased()
        let admin = try ServerConnection.open(Self.server, environment: ProcessInfo.processInfo.environment)
        defer { admin.close() }
        try admin.execute(statements: [
            "CREATE ROLE \(login) LOGIN",
            "GRANT USAGE ON SCHEMA jinbao TO \(login)",
            "GRANT SELECT ON ALL TABLES IN SCHEMA jinbao TO \(login)",
        ])
        let url = Self.town("jinbao").replacingOccurrences(of: "://\(TwinStores.login)@", with: "://\(login)@")
        let result = DistrictServer.run(url, ["--format", "csv", "--lang", "en", "-c", "district towns"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.lines == ["town,name,children,pairs,visits", "jinbao,金宝镇,2,2,1"], "\(result.out)")
        #expect(result.err.contains(Message.districtUnreadable(count: 2).text(.en)), "\(result.err)")
        // A town it may not read is one line naming it, and is not made again.
        let refused = DistrictServer.run(url.replacingOccurrences(of: "town=jinbao", with: "town=shimen"), ["--lang", "en", "-c", "child count"])
        #expect(refused.status == 3 && refused.err == "jiedui: \(Message.noAccessToTown("shimen").text(.en))\n", "\(refused.err)")
        // Reading may not write: the town's tables refuse it, and the clerk is told so — the
        // script failed (exit 1), the town did not.
        let write = DistrictServer.run(url, ["--lang", "en", "-f", "-"], stdin: "child count\nvillage add name=新村\n")
        #expect(write.status == 1, "\(write.err)")
        #expect(write.err.hasSuffix("error: \(Message.townReadOnlyForLogin(user: login, town: "jinbao").text(.en))\n"), "\(write.err)")
    }

    /// One town the program cannot open (made by a newer jiedui) is named and left out; the
    /// district's view still shows the others.
    @Test func aTownThatCannotBeOpenedIsLeftOutAndNamed() throws {
        let admin = try ServerConnection.open(TwinStores.server ?? "", environment: ProcessInfo.processInfo.environment)
        defer { admin.close() }
        let name = "jiedui_district_" + UUID().uuidString.prefix(8).lowercased()
        try admin.execute("CREATE DATABASE \(name)")
        let server = (TwinStores.server ?? "").replacingOccurrences(of: "/\(admin.url.database)", with: "/\(name)")
        let town = { (town: String) in server + (server.contains("?") ? "&" : "?") + "town=\(town)" }
        for (schema, script) in [("jinbao", Self.jinbao), ("newer", "village add name=新村")] {
            let made = DistrictServer.run(town(schema), ["-f", "-"], stdin: script)
            try #require(made.status == 0, "\(made.err)")
        }
        let database = try ServerConnection.open(town("newer"), environment: ProcessInfo.processInfo.environment)
        try database.execute("INSERT INTO newer.jiedui_migrations VALUES ('v999')")
        database.close()
        // The town itself will not open.
        #expect(DistrictServer.run(town("newer"), ["-c", "village list"]).status == 3)
        for command in ["district towns", "district check"] {
            let result = DistrictServer.run(town("jinbao"), ["--format", "csv", "--lang", "en", "-c", command])
            #expect(result.status == 0, "\(command): \(result.err)")
            #expect(result.out.contains("jinbao") && !result.out.contains("newer"), "\(command): \(result.out)")
            #expect(result.err.contains("town newer is left out: "), "\(command): \(result.err)")
        }
    }
    #endif

    @Test func migrateRefusesATownThatHoldsRecordsAndTheWrongWay() throws {
        try #require(Self.made)
        let file = Harness.temporaryFolder().appendingPathComponent("t.db").path
        let made = TwinStores.$fileOnly.withValue(true) { Harness.run(["--db", file, "-c", "village add name=甲村"]) }
        #expect(made.status == 0)
        let full = Harness.runOnce(["--db", file, "--lang", "en", "-c", "migrate to=\"\(Self.town("jinbao"))\""])
        #expect(full.status == 1 && full.err.contains("already holds records"), "\(full.err)")
        let backwards = DistrictServer.run(Self.town("jinbao"), ["--lang", "en", "-c", "migrate to=\"\(Self.town("other"))\""])
        #expect(backwards.status == 1, "\(backwards.err)")
        let fromFile = Harness.runOnce(["--db", file, "--lang", "en", "-c", "migrate from=\(file)"])
        #expect(fromFile.status == 1 && fromFile.err.contains(Message.migrateFromNeedsServer.text(.en)), "\(fromFile.err)")
        let missing = DistrictServer.run(Self.town("fresh_\(UUID().uuidString.prefix(6).lowercased())"), ["--lang", "en", "-c", "migrate from=/nonexistent/town.db"])
        #expect(missing.status == 1, "\(missing.err)")
        // Copied into an empty town, the town reads as the file does, its chain whole.
        let target = Self.town("moved_\(UUID().uuidString.prefix(6).lowercased())")
        let moved = DistrictServer.run(target, ["-c", "migrate from=\(file)", "-c", "log verify"])
        #expect(moved.status == 0, "\(moved.err)")
        let head = { (db: String) in Harness.runOnce(["--db", db, "--format", "json", "-c", "log verify"]).out }
        #expect(head(file) == head(target))
    }
}
