import Foundation
import Testing

/// The invocation as a newcomer meets it: `--version`, `--help`, and the language chosen
/// from the locale (Chinese unless the locale is English).
@Suite struct InvocationTests {
    @Test func versionPrintsTheVersionAndExitsZero() {
        let result = Harness.run(["--version"])
        #expect(result.status == 0)
        #expect(result.out.range(of: #"^jiedui \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.out)")
        #expect(result.err.isEmpty)
    }

    @Test(arguments: ["en_US.UTF-8", "C.UTF-8"])
    func helpNamesEveryCommandAndEndsItsLastLine(locale: String) {
        let result = Harness.run(["--help"], environment: ["LANG": locale])
        #expect(result.status == 0)
        #expect(result.out.hasSuffix("\n"))
        for command in ["export ledger", "import child", "check", "due", "pair auto", "sql", "backup", "--version"] {
            #expect(result.out.contains(command), "\(command) missing from --help")
        }
        #expect(!result.out.contains("not available") && !result.out.contains("尚未提供"))
    }

    /// Many office machines run `C.UTF-8` or no locale at all: the clerks read Chinese there.
    @Test(arguments: [
        (["LANG": "C.UTF-8"], true), (["LANG": ""], true), (["LANG": "POSIX"], true), (["LANG": "zh_CN.UTF-8"], true),
        (["LANG": "en_US.UTF-8"], false), (["LANG": "C.UTF-8", "LC_ALL": "en_GB.UTF-8"], false),
        (["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"], true),
    ])
    func theLanguageFollowsTheLocaleAndIsChineseByDefault(environment: [String: String], chinese: Bool) {
        let result = Harness.run(["--db", Harness.temporaryFolder().appendingPathComponent("l.db").path, "-c", "village show 无此村"], environment: environment)
        #expect(result.status == 1)
        let hasChinese = result.err.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) && !"无此村".unicodeScalars.contains($0) }
        #expect(hasChinese == chinese, "\(environment): \(result.err)")
    }

    @Test func langOptionOverridesTheLocale() {
        let db = Harness.temporaryFolder().appendingPathComponent("l.db").path
        let en = Harness.run(["--db", db, "--lang", "en", "-c", "village show 无此村"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(en.err.contains("no village 无此村"), "\(en.err)")
        let zh = Harness.run(["--db", db, "--lang", "zh", "-c", "village show 无此村"])
        #expect(zh.err.contains("没有村（社区）“无此村”"), "\(zh.err)")
    }

    /// System errors are worded in the user's language too, not left in the system's English.
    @Test func aMissingScriptIsExplainedInChinese() {
        let result = Harness.run(["--db", Harness.temporaryFolder().appendingPathComponent("l.db").path, "-f", "/nonexistent/x.jd"], environment: ["LANG": "C.UTF-8"])
        #expect(result.status == 1)
        #expect(result.err.contains("没有这个文件或文件夹") && !result.err.contains("No such file"), "\(result.err)")
    }

    /// `--help` in a command line shows the page `help` would and runs nothing of the line; a
    /// quoted "--help" is a value like any other.
    @Test(arguments: ["child add", "child", "pair auto", "export ledger", "check", "log", "commit", "sql", "help", ""])
    func helpFlagShowsTheHelpPageOfWhatPrecedesIt(topic: String) {
        let folder = Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("town.db").path
        let page = Harness.run(["--db", db, "--lang", "en", "-c", "help \(topic)"])
        #expect(page.status == 0 && page.out.count > 40, "\(page.err)")
        let asked = Harness.run(["--db", db, "--lang", "en", "-c", "\(topic) --help"])
        #expect(asked.status == 0 && asked.err.isEmpty, "\(asked.err)")
        #expect(asked.out == page.out)
    }

    @Test func aLineWithHelpFlagChangesNothing() {
        let folder = Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("town.db").path
        let asked = Harness.run(["--db", db, "--lang", "en", "-c", "village add name=甲村 --help"])
        #expect(asked.status == 0)
        #expect(asked.out == Harness.run(["--db", db, "--lang", "en", "-c", "help village add"]).out)
        let quoted = Harness.run(["--db", db, "--lang", "en", "-c", "village add name=\"--help\""])
        #expect(quoted.status == 0, "\(quoted.err)")
        let names = Harness.run(["--db", db, "--format", "tsv", "-c", "village list show name"])
        #expect(names.lines.dropFirst() == ["--help"], "\(names.out)")
    }
}
