import Foundation
import JieduiCore
import JieduiLanguage
import JieduiStore
import Testing
@testable import JieduiShell

/// Help, dispatch and Tab completion name the same commands: every verb the interpreter takes
/// is in `help` and is offered by completion, and every command help lists is dispatched.
@Suite struct CommandListTests {
    private func completer() throws -> (Completer, SQLiteStore) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-commands-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        return (Completer(store: store), store)
    }

    /// The words of a help text (split on spaces, `|`, `/`, `、`, `,` and brackets).
    private func words(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { " |/、,[]()…\n".contains($0) }).map { String($0) })
    }

    @Test(arguments: Lang.allCases)
    func everyCommandAndVerbIsInHelp(lang: Lang) {
        let general = Message.helpGeneral.text(lang)
        let inHelp = words(general)
        for name in Interpreter.commandNames {
            #expect(inHelp.contains(name), "\(name) is missing from help (\(lang))")
        }
        for noun in Noun.allCases {
            // The noun's line in the general help lists every verb it takes.
            let line = general.split(separator: "\n").first { $0.hasPrefix("  \(noun.rawValue) ") }.map(String.init) ?? ""
            #expect(Set(Interpreter.verbs(of: noun)).isSubset(of: words(line)), "help's line for \(noun): \(line)")
        }
        #expect(!general.contains("not available") && !general.contains("尚未提供"))
    }

    @Test func completionOffersEveryCommandAndVerb() throws {
        let (completer, store) = try completer()
        defer { store.close() }
        let first = Set(completer.complete("").candidates.map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(first == Set(Noun.allCases.map(\.rawValue) + Interpreter.commandNames))
        for noun in Noun.allCases {
            let verbs = Set(completer.complete("\(noun.rawValue) ").candidates.map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(verbs == Set(Interpreter.verbs(of: noun)), "\(noun)")
        }
    }

    /// A name completed into the line is written so that the line means that name: quoted
    /// where it holds a space, `;` or `#`, bare where it needs nothing.
    @Test func aCompletedNameIsQuotedWhereTheLineNeedsIt() throws {
        let (completer, store) = try completer()
        defer { store.close() }
        for name in ["测 试;#村", "金宝村"] {
            var village = Record(noun: .village)
            village["name"] = .text(name)
            try store.insert(village)
        }
        #expect(completer.complete("village show 测").candidates == ["\"测 试;#村\" "])
        #expect(completer.complete("family list where village = 金").candidates == ["金宝村 "])
        #expect(completer.complete("family add village=测").candidates == ["\"测 试;#村\" "])
    }

    /// Each command help names reaches its handler: none is "unknown".
    @Test func everyCommandInHelpIsDispatched() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-dispatch-\(UUID().uuidString).db").path
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        let interpreter = Interpreter(store: store, session: Session(lang: .en, format: .json, mask: true, fixedToday: nil, user: "test", colour: false))
        // Handled by the runner, not the interpreter: transactions, leaving and nested scripts.
        let runnerCommands: Set<String> = ["run", "begin", "commit", "rollback", "quit", "exit"]
        for name in Interpreter.commandNames where !runnerCommands.contains(name) {
            do {
                _ = try store.atomically { try interpreter.execute(Parser.parse(name)[0].get()) }
            } catch let error as ShellError {
                if case .unknownCommand = error.message { Issue.record("\(name) is not dispatched") }
            }
        }
    }
}
