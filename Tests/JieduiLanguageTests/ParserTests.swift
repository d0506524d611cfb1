import Foundation
import JieduiCore
import Testing
@testable import JieduiLanguage

/// Parser tables: input → the parts of the command, or → a diagnostic at its column.
@Suite struct ParserTests {
    private func parse(_ text: String) throws -> Command {
        let results = Parser.parse(text)
        try #require(results.count == 1)
        return try results[0].get()
    }

    private func diagnostic(_ text: String) -> Diagnostic? {
        guard case .failure(let d) = Parser.parse(text).first else { return nil }
        return d
    }

    @Test(arguments: [
        ("child add name=王小花 category=6", ["child", "add"], ["name": "王小花", "category": "6"]),
        ("child add 姓名=王小花 儿童类别＝6", ["child", "add"], ["姓名": "王小花", "儿童类别": "6"]),
        ("visit add topics=防溺水,生命健康", ["visit", "add"], ["topics": "防溺水,生命健康"]),
        ("village add name=\"金 宝\\\"村\"", ["village", "add"], ["name": "金 宝\"村"]),
        ("set\u{3000}town\u{3000}金宝镇", ["set", "town", "金宝镇"], [:]),
        ("child exit C0001 reason=年满18周岁 date=2025-06-01", ["child", "exit", "C0001"], ["reason": "年满18周岁", "date": "2025-06-01"]),
        ("family set F0001 address=", ["family", "set", "F0001"], ["address": ""]),
        // A script saved with CRLF line ends: a quoted value over two lines holds one line break.
        ("need add note=\"第一行\r\n第二行\"", ["need", "add"], ["note": "第一行\n第二行"]),
        ("need add note=\"回车\r留着\"", ["need", "add"], ["note": "回车\r留着"]),
    ])
    func wordsAndAssignments(_ text: String, _ words: [String], _ assignments: [String: String]) throws {
        let command = try parse(text)
        #expect(command.words.map(\.text) == words)
        #expect(Dictionary(uniqueKeysWithValues: command.assignments.map { ($0.key.text, $0.value) }) == assignments)
    }

    @Test func locationsAreCharacterColumns() throws {
        let command = try parse("child add 姓名=王小花")
        #expect(command.assignments[0].key.location == SourceLocation(line: 1, column: 11))
        #expect(command.assignments[0].valueLocation == SourceLocation(line: 1, column: 14))
    }

    @Test func separatorsCommentsAndContinuations() {
        let results = Parser.parse("village add name=甲 ; village add name=乙 # comment\n\nchild add \\\n  name=丙\nvillage add name=\"多\n行\"")
        #expect(results.count == 4)
        let commands = results.compactMap { try? $0.get() }
        #expect(commands.map { $0.assignments.first?.value ?? "" } == ["甲", "乙", "丙", "多\n行"])
        #expect(commands[2].location.line == 3)
        #expect(commands[3].assignments[0].items[0].location.line == 5)
    }

    @Test func whereBindsAndTighterThanOr() throws {
        let command = try parse("child list where a = 1 or b = 2 and not c = 3 sort age desc, name limit 5 show id,name")
        guard case .or(.comparison, .and(.comparison, .not(.comparison))) = command.filter else {
            Issue.record("wrong tree: \(String(describing: command.filter))")
            return
        }
        #expect(command.sort.map(\.field.text) == ["age", "name"])
        #expect(command.sort.map(\.descending) == [true, false])
        #expect(command.limit?.text == "5")
        #expect(command.show.map(\.text) == ["id", "name"])
    }

    @Test(arguments: [
        ("child list where age>=8", ComparisonOperator.greaterOrEqual),
        ("child list where age != 8", .notEqual),
        ("child list where name ~ 小", .contains),
        ("child list where born < 2016-01-01", .less),
    ])
    func operators(_ text: String, _ op: ComparisonOperator) throws {
        guard case .comparison(_, let parsed, _, _) = try parse(text).filter else {
            Issue.record("not a comparison")
            return
        }
        #expect(parsed == op)
    }

    @Test func membershipAndEmptiness() throws {
        guard case .membership(let field, let values) = try parse("child list where category in (1, 2, 孤儿)").filter else {
            Issue.record("not membership")
            return
        }
        #expect(field.text == "category")
        #expect(values.map(\.text) == ["1", "2", "孤儿"])
        guard case .emptiness(_, true) = try parse("child list where school is not empty").filter else {
            Issue.record("not emptiness")
            return
        }
    }

    @Test(arguments: [
        ("village add name=\"金宝", 1, 18, Message.unclosedQuote),
        ("child list where (age > 3", 1, 18, .expectedCloseParen),
        ("child list where (age > 3 or (b = 1) sort id", 1, 18, .expectedCloseParen),
        ("child list where age 3", 1, 22, .expectedOperator(after: "age")),
        ("child list where age >", 1, 23, .expectedValue(after: ">")),
        ("village add name=\"a\\qb\"", 1, 20, .badEscape("\\q")),
        ("child list where age ! 3", 1, 22, .unexpectedToken("!")),
        ("child list limit 3 limit 4", 1, 20, .duplicateClause("limit")),
        ("child list where name is full", 1, 26, .expectedEmpty),
        ("child list where name is not", 1, 29, .expectedEmpty),
        ("child list sort age up", 1, 21, .sortDirection("up")),
        ("child list sort age, name 降序 limit 3", 1, 27, .sortDirection("降序")),
        // Advice where a word is missing or misspelt, rather than "unexpected '>'".
        ("child list where sex = 女 age > 8", 1, 26, .expectedJoin("age")),
        ("child list wher age > 8", 1, 12, .unknownClause("wher", suggestions: ["where"])),
        ("child list where age > 8 show id name", 1, 34, .expectedComma(clause: "show")),
        ("child list sort age name", 1, 21, .expectedComma(clause: "sort")),
        ("child list sort age desc, limit 2", 1, 27, .expectedField),
        ("village add name=a=b", 1, 18, .quoteEquals(key: "name")),
    ])
    func diagnostics(_ text: String, _ line: Int, _ column: Int, _ message: Message) {
        let d = diagnostic(text)
        #expect(d?.message == message)
        #expect(d?.location == SourceLocation(line: line, column: column))
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = "child list where " + String(repeating: "(", count: 10_000) + "age = 1" + String(repeating: ")", count: 10_000)
        #expect(diagnostic(deep)?.message == .nestingTooDeep)
        let nots = "child list where " + String(repeating: "not ", count: 10_000) + "age = 1"
        #expect(diagnostic(nots)?.message == .nestingTooDeep)
        // As deep as the message says, and no deeper.
        let most = Parser.maxDepth
        #expect(diagnostic("child list where " + String(repeating: "(", count: most) + "age = 1" + String(repeating: ")", count: most)) == nil)
        #expect(diagnostic("child list where " + String(repeating: "(", count: most + 1) + "age = 1" + String(repeating: ")", count: most + 1))?.message == .nestingTooDeep)
        #expect(Message.nestingTooDeep.text(.en).contains("\(most) at most"))
    }

    /// A chain of one operator is a balanced tree: as deep as the logarithm of its length.
    @Test func longChainsAreBalanced() throws {
        func depth(_ e: WhereExpression) -> Int {
            switch e {
            case .and(let a, let b), .or(let a, let b): 1 + max(depth(a), depth(b))
            case .not(let a): 1 + depth(a)
            default: 1
            }
        }
        let chain = try parse("child list where " + Array(repeating: "age = 1", count: 1000).joined(separator: " or "))
        #expect(depth(try #require(chain.filter)) <= 11)
    }

    @Test func clauseWordsAreValuesOutsideListAndCount() throws {
        let command = try parse("child add name=sort")
        #expect(command.assignments[0].value == "sort")
        let show = try parse("child show where")
        #expect(show.words.map(\.text) == ["child", "show", "where"])
    }

    @Test func sqlKeepsItsRawText() throws {
        let command = try parse("sql SELECT name FROM child WHERE name = 'a;b' # not a comment")
        #expect(command.raw == " SELECT name FROM child WHERE name = 'a;b' # not a comment")
    }
}

/// A script file is read a block at a time: whatever the block size, the commands, their lines
/// and columns are those of the same text held whole, and a bad byte is found before any runs.
@Suite struct ScriptFileTests {
    private func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-script-\(UUID().uuidString).jd").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let scripts = [
        "village add name=甲村\nvillage add name=乙村\n",
        "\u{FEFF}village add name=甲村\r\nchild list \\\n  where name = \"王\n小花\" show id\r\n# 注释 \"\nunit add name=区统计局 villages=甲村; village count",
        "family add village=甲村 note=\"第一行\n第二行\n第三行\" guardian=某\n\n\nvillage count \\\n\\\n",
        "child add name=\"未闭合\nvillage add name=丙\n",
    ]

    @Test(arguments: scripts)
    func blocksGiveTheSameCommandsAsTheWholeText(script: String) throws {
        let path = try write(Array(script.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = script.hasPrefix("\u{FEFF}") ? String(script.dropFirst()) : script
        let whole = Array(CommandStream(text))
        for blockSize in [1, 2, 3, 5, 7, 64, 1 << 20] {
            let file = try ScriptFile(path: path, blockSize: blockSize)
            #expect(Array(CommandStream(lines: file)) == whole, "block size \(blockSize)")
        }
    }

    @Test func aBadByteIsFoundWithItsLineBeforeAnything() throws {
        var bytes = Array("village add name=甲\n中文\nvillage add name=".utf8)
        bytes += [0xE4, 0xB8]  // a character cut short
        bytes += Array("\nvillage count\n".utf8)
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for blockSize in [1, 4, 1 << 20] {
            #expect(throws: ScriptFile.Problem.invalidUTF8(line: 3)) { _ = try ScriptFile(path: path, blockSize: blockSize) }
        }
        #expect(throws: ScriptFile.Problem.self) { _ = try ScriptFile(path: path + ".missing") }
    }

    /// A pipe can be read only once: its script is kept while it is checked, and read back.
    @Test(arguments: scripts)
    func aPipeGivesTheSameCommandsAsTheWholeText(script: String) throws {
        let text = script.hasPrefix("\u{FEFF}") ? String(script.dropFirst()) : script
        let whole = Array(CommandStream(text))
        for blockSize in [1, 3, 64, 1 << 20] {
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            let bytes = Array(script.utf8)
            let writeEnd = ends[1]
            let writer = Thread {
                bytes.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let wrote = Glibc.write(writeEnd, raw.baseAddress! + offset, raw.count - offset)
                        if wrote <= 0 { break }
                        offset += wrote
                    }
                }
                close(writeEnd)
            }
            writer.start()
            let file = try ScriptFile(descriptor: ends[0], blockSize: blockSize)
            #expect(Array(CommandStream(lines: file)) == whole, "block size \(blockSize)")
            // Lines by their breaks (a `\r\n` is one Character, so Characters cannot count them).
            let breaks = bytes.filter { $0 == 0x0A }.count
            #expect(file.lineCount == breaks + (bytes.last == 0x0A ? 0 : 1))
        }
    }

    @Test func linesAreCounted() throws {
        let path = try write(Array("a\nb\nc".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScriptFile(path: path, blockSize: 2).lineCount == 3)
    }
}

/// `Lexer.word` writes a value so that the lexer reads back exactly that value, whatever it
/// holds: the program writes commands with it (the demo town), so a slip would change records.
@Suite struct WordQuotingTests {
    static let pieces: [String] = [
        "王小花", "a", " ", "\u{3000}", "\"", "\\", ";", "#", "=", "＝", "(", ")", ",", "<", ">", "!", "~",
        "\n", "\r", "\r\n", "\t", "x=1", "sql", "和", "、", "，", "-", "'", "n",
    ]

    @Test func everyValueReadsBackAsItself() throws {
        var random = SplitMix64(seed: 20_261_130)
        var values = Self.pieces + ["", "金宝村", "父亲服刑，祖母重病", "a\\", "\\n", "\"quoted\""]
        for _ in 0..<2_000 {
            let length = Int(random.next() % 6) + 1
            values.append((0..<length).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined())
        }
        for value in values {
            let written = Lexer.word(value)
            let command = try Parser.parse("family add note=\(written) guardian=某").first!.get()
            // A value with `,` is one item per part; a text field keeps it as typed.
            #expect(command.assignments.first?.value == value, "\(value.debugDescription) written as \(written.debugDescription)")
            #expect(command.assignments.count == 2, "\(value.debugDescription) written as \(written.debugDescription)")
        }
    }

    @Test func plainWordsStayBare() {
        for value in ["王小花", "金宝村", "13900002222", "2024-01-05", "留守儿童"] {
            #expect(Lexer.word(value) == value)
        }
    }
}
