import Foundation
import Testing

/// 个人信息保护: no printing path shows an ID-card or phone number unless asked.
@Suite struct PrivacyTests {
    static let numbers = ["511304201405010121", "511304201609120218", "13800001111", "13900002222", "13900003333", "13812345678", "0817-6543210"]

    static let town = ScenarioTests.town + """

    village set 金宝村 director_phone=0817-6543210
    family set F0001 situation="父亲电话13812345678，身份证511304201609120218"
    pair add family=F0001 helper=李芳 since=2024-01-10
    visit add child=C0001 date=2024-02-05 note="监护人电话13800001111"
    org add name=春苗 kind=爱心组织 phone=13800001111
    need add child=C0001 date=2024-03-01 kind=其他 detail="联系13812345678"
    alert add child=C0001 date=2024-05-03 situation=失踪 reported_to=公安 reported=2024-05-03 outcome="报警人13900003333"
    """

    static let commands = [
        "village list", "village show 金宝村", "unit list", "family list", "family show F0001", "child list",
        "child list show id,idno,name", "child show C0001", "child show 511304201405010121", "helper list", "helper show H0001",
        "pair list", "visit list show id,note", "visit show V0001", "need list show id,detail", "need show N0001",
        "alert list show id,outcome", "alert show A0001", "org list", "org show O0001", "child count by idno",
        "helper count by phone", "sql SELECT * FROM child", "sql SELECT * FROM family", "sql SELECT * FROM helper",
        "sql SELECT * FROM audit", "log", "check", "due days=365", "pair auto", "set",
        "child add name=重复 idno=511304201405010121 family=F0001 category=6",
        "child add name=错号 idno=511304201405010122 family=F0001 category=6",
        "helper add name=错 sex=女 unit=区统计局 phone=1380000111",
    ]

    @Test(arguments: ["table", "csv", "tsv", "json"])
    func everyPrintingCommandMasksNumbers(_ format: String) throws {
        let town = ScenarioTests.Town(Self.town)
        for command in Self.commands {
            let result = Harness.run(["--db", town.db, "--format", format, "-c", command], environment: ["JIEDUI_TODAY": "2024-12-31"])
            for number in Self.numbers {
                #expect(!result.out.contains(number), "\(format) `\(command)` prints \(number)")
                #expect(!result.err.contains(number), "\(format) `\(command)` errs with \(number)")
            }
        }
    }

    @Test func exportsAreMaskedUnlessRevealedAndAllFilesAre0600() throws {
        let town = ScenarioTests.Town(Self.town)
        let folder = town.folder
        for command in ["export ledger to=l.csv", "export quarter 2024Q4 to=q.csv", "export ledger to=l.xlsx", "export book to=b.xlsx"] {
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
}
