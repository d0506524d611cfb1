import Foundation
import JieduiCore
import JieduiLanguage
import JieduiStore
import Testing
@testable import JieduiShell

/// Bounded fuzzing of lexer → parser → interpreter on a temporary database: random bytes,
/// mutated commands, deep nesting, megabyte lines, NUL bytes. No crash, no hang, every
/// diagnostic inside its input, the database unchanged and intact.
@Suite struct FuzzTests {
    /// Core's seeded generator: a fixed seed makes every run the same inputs.
    typealias Generator = SplitMix64

    static let seeds = """
    set today 2024-12-31
    village add name=金宝村 kind=村 director="王 主任" director_phone=13800001111
    unit add name=区统计局 villages=金宝村
    family add village=金宝村 guardian=王大爷 father=外出务工 father_away_since=2023-02-01
    child add 姓名=王小花 身份证号=511304201405010121 家庭=F0001 儿童类别=留守儿童
    helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=2
    pair add family=F0001 helper=李芳 since=2024-01-10 override="无"
    visit add child=C0001 date=2024-02-05 kind=特殊关爱 occasion=春节 topics=防溺水,生命健康
    child list where (age >= 8 and sex = 女) or not category in (1, 2) sort age desc, name limit 5 show id,name
    child count where school is not empty by category
    need add child=C0001 date=2024-03-01 kind=教育缺位 ; need resolve N0001 measures=教育帮扶
    alert add child=C0001 date=2024-05-03 situation=失踪 reported_to=公安,民政 reported=2024-05-03
    sql SELECT name, idno FROM child WHERE name = 'a;b'
    log limit 3 where command ~ add
    check year=2024 ; due days=30 ; pair auto
    help child add
    export ledger to=/nonexistent/x.xlsx
    child exit C0001 reason=年满16周岁 date=2024-06-01 # comment
    """.split(separator: "\n").map(String.init)

    static let alphabet: [Character] = Array("\"\\=＝()（）,，、;#~<>!= \u{3000}\t\n\0xyzC0F1H金宝村王小花é😀-.:/'") + ["\r\n"]

    static func mutate(_ line: String, _ g: inout Generator) -> String {
        var chars = Array(line)
        for _ in 0..<(1 + g.below(6)) {
            let op = g.below(3)
            let at = chars.isEmpty ? 0 : g.below(chars.count + 1)
            switch op {
            case 0 where !chars.isEmpty && at < chars.count: chars.remove(at: at)
            case 1: chars.insert(alphabet[g.below(alphabet.count)], at: min(at, chars.count))
            default:
                if !chars.isEmpty { chars[min(at, chars.count - 1)] = alphabet[g.below(alphabet.count)] }
            }
        }
        return String(chars)
    }

    static func inputs() -> [String] {
        var g = Generator(seed: 20_241_231)
        var result: [String] = []
        for _ in 0..<2_500 { result.append(mutate(seeds[g.below(seeds.count)], &g)) }
        for _ in 0..<400 {
            let bytes = (0..<(1 + g.below(200))).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        for _ in 0..<100 {
            result.append((0..<(2 + g.below(6))).map { _ in mutate(seeds[g.below(seeds.count)], &g) }.joined(separator: ["\n", ";", "\\\n"][g.below(3)]))
        }
        result.append("child list where " + String(repeating: "(", count: 100_000) + "age = 1")
        result.append("child list where " + String(repeating: "not ", count: 50_000) + "age = 1")
        result.append("village add name=" + String(repeating: "甲", count: 1_000_000))
        result.append(String(repeating: "village list;", count: 20_000))
        result.append("village add name=\"" + String(repeating: "\\", count: 10_001))
        result.append("\0\0\0 village\0 add name=\0")
        return result
    }

    @Test func noInputCrashesHangsOrChangesTheDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-fuzz-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("f.db").path)
        let session = Session(lang: .en, format: .json, mask: true, fixedToday: Day(year: 2024, month: 12, day: 31)!, user: "fuzz", colour: false)
        let interpreter = Interpreter(store: store, session: session)
        // A town to work on, committed before fuzzing starts. A seed that fails stops the test:
        // fuzzing an empty database would reach none of the rules that read records.
        let town = Self.seeds.prefix(8)
        try store.begin()
        for line in town {
            for parsed in Parser.parse(line) { _ = try interpreter.execute(try parsed.get()) }
        }
        try store.commit()
        // The seeds add children of one family, pair the family (a pair per child) and visit.
        let children = town.filter { $0.hasPrefix("child add") }.count
        let visits = town.filter { $0.hasPrefix("visit add") }.count
        let made = try store.readOnlySQL("SELECT (SELECT count(*) FROM child), (SELECT count(*) FROM pair), (SELECT count(*) FROM visit)", masked: true).rows
        try #require(children > 0 && made == [[.int(children), .int(children), .int(visits)]], "the town the fuzzing runs on: \(made)")
        let before = try store.readOnlySQL("SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM child), (SELECT count(*) FROM pair)", masked: true).rows
        var commands = 0, diagnostics = 0
        let inputs = Self.inputs()
        for input in inputs {
            // Lines and columns as the lexer counts them: in Unicode scalars.
            let lines = input.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            try store.begin()
            for parsed in Parser.parse(input) {
                switch parsed {
                case .failure(let d):
                    diagnostics += 1
                    #expect(d.location.line >= 1 && d.location.line <= max(lines.count, 1), "line of \(d) in \(input.prefix(120).debugDescription)")
                    if d.location.line <= lines.count {
                        #expect(d.location.column >= 1 && d.location.column <= lines[d.location.line - 1].count + 1, "column of \(d) in \(input.prefix(120).debugDescription)")
                    }
                case .success(let command):
                    // Commands that write files (tested on their own) stay out of the fuzz run.
                    if ["export", "import", "backup", "run"].contains(command.name) { continue }
                    commands += 1
                    interpreter.session = session
                    _ = try? store.atomically { try interpreter.execute(command) }
                    interpreter.notes.removeAll()
                }
            }
            try store.rollback()
        }
        // Scripts are parsed as a stream of line groups; it must read exactly as the whole text does.
        var mismatches = 0
        for input in inputs where input.count < 200_000 {
            if Array(CommandStream(input)) != Parser.parse(input) {
                mismatches += 1
                print("stream differs on \(input.debugDescription)")
            }
        }
        #expect(mismatches == 0)
        let after = try store.readOnlySQL("SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM child), (SELECT count(*) FROM pair)", masked: true).rows
        #expect(before == after)
        let integrity = try store.readOnlySQL("SELECT * FROM pragma_integrity_check", masked: true).rows
        #expect(integrity.first?.first == .text("ok"))
        #expect(inputs.count >= 3_000)
        #expect(commands > 1_000 && diagnostics > 100, "the inputs reached both the parser's errors and the interpreter")
        print("fuzz: \(inputs.count) inputs, \(commands) commands run, \(diagnostics) diagnostics")
    }

    @Test func invalidUTF8InAScriptIsAnErrorNamingItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bad.jd").path
        var bytes = Data("village add name=甲\nvillage add name=".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Runner.openScript(path)
        } throws: { error in
            (error as? ShellError)?.message == .invalidUTF8(line: 2)
        }
    }
}
