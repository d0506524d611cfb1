import Foundation
import JieduiCore
import JieduiLanguage
import JieduiStore
import Testing
@testable import JieduiShell

/// The command table is the one declaration of the language's commands: each entry is complete
/// in both languages, its examples are commands of its own that the interpreter takes, help
/// shows them, and its word on writing is the one the write lock follows.
@Suite struct CommandTableTests {
    static let entries = CommandTable.all.map(\.name)

    static func entry(_ name: String) -> CommandSpec {
        guard let spec = CommandTable.all.first(where: { $0.name == name }) else { preconditionFailure("no entry \(name)") }
        return spec
    }

    @Test func namesAreUniqueAndEveryNounHasTheRecordVerbs() {
        #expect(Set(Self.entries).count == Self.entries.count, "an entry is declared twice")
        for noun in Noun.allCases {
            #expect(Array(Interpreter.verbs(of: noun).prefix(6)) == ["add", "set", "show", "list", "count", "remove"], "\(noun)")
        }
        #expect(Set(CommandTable.commandWords).isDisjoint(with: Noun.allCases.map(\.rawValue)))
    }

    @Test(arguments: entries)
    func everyEntryIsDescribedInBothLanguagesWithExamples(name: String) {
        let spec = Self.entry(name)
        for lang in Lang.allCases {
            #expect(!spec.summary.text(lang).isEmpty, "\(name) says nothing of itself in \(lang)")
            #expect(!(spec.details ?? spec.summary).text(lang).isEmpty)
        }
        #expect(spec.summary.text(.zh) != spec.summary.text(.en), "\(name)'s summary is not translated")
        #expect(!spec.examples.isEmpty, "\(name) has no example")
        #expect(!spec.synopsis.contains("  ") && spec.synopsis.hasPrefix(name))
    }

    /// Each example is one command line, an instance of its own entry, whose keys and bare
    /// words the entry declares.
    @Test(arguments: entries)
    func everyExampleParsesAsItsOwnCommand(name: String) throws {
        let spec = Self.entry(name)
        let keys = Set(spec.keyNames().map { $0.lowercased() })
        for example in spec.examples {
            let parsed = Parser.parse(example)
            try #require(parsed.count == 1, "\(example) is not one command")
            let command = try parsed[0].get()
            let found = try CommandTable.spec(for: command)
            #expect(found.name == name, "\(example) is an example of \(found.name), not \(name)")
            for assignment in command.assignments {
                #expect(keys.contains(assignment.key.text.lowercased()), "\(example): \(name) declares no key \(assignment.key.text)")
            }
            // Bare words past the operands are flags it declares (`sql` and `set` take text).
            guard !spec.operands.contains(.text), spec.operands != [.topic] else { continue }
            for word in command.words.dropFirst(spec.wordCount + spec.operands.count) {
                #expect(spec.flags.contains(word.text.lowercased()), "\(example): \(name) declares no word \(word.text)")
            }
        }
    }

    /// The examples run against the demo town: none is refused for a word, key or value that
    /// the interpreter does not take. (A record an example names may be missing: that is fine.)
    @Test func theInterpreterTakesEveryExample() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-examples-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        let today = Day(year: 2024, month: 12, day: 31)!
        let session = Session(lang: .en, format: .json, mask: true, fixedToday: today, user: "test", colour: false)
        let runner = Runner(interpreter: Interpreter(store: store, session: session))
        runner.silent = true
        try #require(runner.runText(DemoTown.script(today: today), name: "demo") == .success)
        let interpreter = Interpreter(store: store, session: session)
        var ran = 0
        try store.begin()
        defer { try? store.rollback() }
        // The runner's commands act on transactions and scripts; these write files.
        for spec in CommandTable.all where !["export", "import", "backup", "migrate"].contains(spec.name) {
            guard case .interpreter = spec.handler else { continue }
            for example in spec.examples {
                let command = try Parser.parse(example)[0].get()
                ran += 1
                do {
                    _ = try store.atomically { try interpreter.execute(command) }
                } catch let error as ShellError {
                    switch error.message {
                    case .unknownCommand, .unknownVerb, .missingVerb, .unknownField, .extraWord, .unknownFlag, .clauseNotAllowed,
                         .fieldReadOnly, .fieldDerived, .badEnum, .badDate, .badPhone, .badInteger, .unexpectedToken:
                        Issue.record("\(example): \(error.message.text(.en))")
                    default:
                        break
                    }
                }
                interpreter.notes.removeAll()
                interpreter.session = session
            }
        }
        #expect(ran > 80)
    }

    /// `help NOUN VERB` and `help COMMAND` show the usage and every example, in both languages;
    /// `help NOUN` every example of the noun's verbs.
    @Test(arguments: Lang.allCases)
    func helpShowsEachEntrysUsageAndExamples(lang: Lang) {
        for spec in CommandTable.all {
            let page = HelpPage.command(spec).text(lang)
            #expect(page.hasPrefix(spec.synopsis + "\n"), "\(spec.name)")
            #expect(page.contains((spec.details ?? spec.summary).text(lang)))
            for example in spec.examples {
                #expect(page.contains("\n  \(example)"), "\(spec.name): \(example)")
            }
        }
        for noun in Noun.allCases {
            let page = HelpPage.noun(noun).text(lang)
            for example in CommandTable.verbs(of: noun).flatMap(\.examples) {
                #expect(page.contains("\n  \(example)"), "help \(noun) lacks \(example)")
            }
        }
        let general = HelpPage.general.text(lang)
        for spec in CommandTable.commands + CommandTable.all.filter(\.featured) {
            #expect(general.contains(spec.name) && general.contains(spec.summary.text(lang)), "\(spec.name)")
        }
    }

    /// Which commands take the write lock: reads never do, unless an unmasked output must be
    /// audited; `pair auto` only with `apply`; `set` only for what is stored, and `mask`; an
    /// export only to record a quarter's filing or a revealed file; a backup never.
    @Test(arguments: [
        ("child list", false, true), ("child show C0001", false, true), ("child count by category", false, true),
        ("check", false, true), ("due days=60", false, true), ("log limit 5", false, true), ("help child", false, false),
        ("sql SELECT 1", false, true), ("pair auto", false, true), ("pair auto apply", true, true),
        ("set", false, true), ("set today 2024-01-01", false, false), ("set format json", false, false),
        ("set mask off", true, true), ("set town 金宝镇", true, true), ("set town=金宝镇", true, true),
        ("village add name=甲村", true, true), ("child review C0001", true, true), ("need refer N0001 to=教育", true, true),
        ("export ledger to=x.xlsx", false, true), ("export ledger to=x.xlsx reveal", true, true),
        ("export quarter 2024Q4 to=q.csv", true, true), ("backup to=x.db", false, false), ("run x.jd", true, true),
        ("begin", true, true), ("chidl list", true, true), ("child", true, true), ("child frob", true, true),
    ])
    func mayWriteFollowsTheTable(line: String, masked: Bool, unmasked: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-write-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        let command = try Parser.parse(line)[0].get()
        for (mask, expected) in [(true, masked), (false, unmasked)] {
            let interpreter = Interpreter(store: store, session: Session(lang: .en, format: .table, mask: mask, fixedToday: nil, user: "t", colour: false))
            #expect(interpreter.mayWrite(command) == expected, "\(line), mask \(mask)")
        }
    }

    /// Tab offers what each entry declares after its words.
    @Test(arguments: [
        ("child exit C0001 ", ["reason", "date"]), ("child review C0001 da", ["date="]), ("pair auto ", ["category", "apply"]),
        ("pair auto app", ["apply "]), ("training attend T0001 ", ["helpers="]), ("need resolve N0001 ", ["date", "measures"]),
        ("export ", ["ledger", "roster", "book", "quarter", "changes", "district"]), ("import ", ["child", "family", "helper"]), ("help child re", ["review", "remove"]),
        ("set fil", ["filer", "filing_unit"]), ("check ", ["year="]), ("visit add chi", ["child="]),
    ])
    func completionFollowsTheTable(line: String, expected: [String]) throws {
        #expect(Set(try Self.offered(line)) == Set(expected), "\(line)")
    }

    /// What Tab offers at the end of `line`, on an empty town.
    static func offered(_ line: String) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-complete-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        return Completer(store: store).complete(line).candidates
    }

    /// In the clauses of list and count, a bracket or comma ends a word as a space does, and
    /// inside `FIELD in (…)` the field's values are offered.
    @Test(arguments: [
        ("child list where (se", ["sex "]), ("child list where (sex = ", ["男", "女"]), ("child list show id,na", ["name "]),
        ("child list where sex in (", ["男", "女"]), ("child list where sex in (男, ", ["男", "女"]), ("child list where sex in (女,男", ["男 "]),
        ("child count where (age > 8) and (se", ["sex "]),
    ])
    func completionReadsBracketsAndCommasInClauses(line: String, expected: [String]) throws {
        let offered = try Self.offered(line)
        #expect(Set(expected).isSubset(of: Set(offered)) && (expected.count > 1 || offered == expected), "\(line): \(offered)")
    }
}
