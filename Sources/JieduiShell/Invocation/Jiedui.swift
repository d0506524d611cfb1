import Foundation
import JieduiCore
import JieduiStores
import LineEditor

/// The program: reads the invocation, opens the database, and runs what was asked.
public enum Jiedui {
    /// Runs the program and returns its exit status.
    public static func main(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        setlocale(LC_ALL, "")
        let envLang = Lang.fromEnvironment(environment)
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(arguments, lang: envLang)
        } catch {
            let lang = envLang
            FileHandle.standardError.write(("jiedui: " + error.message.text(lang) + "\n" + Message.usage.text(lang) + "\n").data(using: .utf8)!)
            return ExitStatus.badInvocation.rawValue
        }
        let lang = invocation.lang ?? envLang
        if let reply = invocation.reply {
            print(reply)
            return 0
        }
        if invocation.version {
            print("jiedui \(Version.current)")
            return 0
        }
        if invocation.help {
            print(Message.usage.text(lang))
            print(HelpPage.general.text(lang))
            return 0
        }
        var fixedToday: Day?
        if let text = environment["JIEDUI_TODAY"], !text.isEmpty {
            guard let day = Day.parse(text) else {
                FileHandle.standardError.write(("jiedui: " + Message.badDate(field: "JIEDUI_TODAY", value: text).text(lang) + "\n").data(using: .utf8)!)
                return ExitStatus.badInvocation.rawValue
            }
            fixedToday = day
        }
        let path = databasePath(invocation, environment)
        // district.md: a server names its clerks itself, and holds no demo town.
        if Stores.isServer(path), invocation.user != nil || invocation.demo {
            let message: Message = invocation.user != nil ? .userWithServer : .demoWithServer
            FileHandle.standardError.write(("jiedui: " + message.text(lang) + "\n" + Message.usage.text(lang) + "\n").data(using: .utf8)!)
            return ExitStatus.badInvocation.rawValue
        }
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let session = Session(
            lang: lang, format: invocation.format ?? .table, mask: !invocation.reveal, fixedToday: fixedToday,
            user: invocation.user ?? environment["USER"] ?? NSUserName(),
            colour: isTerminal && environment["NO_COLOR"] == nil, databaseName: path)

        let store: any RecordStore
        do {
            store = try Stores.open(path, environment: environment)
        } catch {
            FileHandle.standardError.write(("jiedui: " + error.message.text(lang) + "\n").data(using: .utf8)!)
            return ExitStatus(error).rawValue
        }
        defer { store.close() }
        let needsDemo = invocation.demo && store.isNew
        let interpreter = Interpreter(store: store, session: session)
        interpreter.environment = environment
        let runner = Runner(interpreter: interpreter)
        if invocation.demo {
            FileHandle.standardError.write((Message.demoAt(path).text(lang) + "\n").data(using: .utf8)!)
            if needsDemo {
                let status = buildDemo(store: store, session: session)
                if status != .success {
                    // Leave no half-made demo behind: the next --demo makes it anew.
                    try? (store as? any Discardable)?.discard()
                    return status.rawValue
                }
            }
        }
        runner.keepGoing = invocation.keepGoing
        runner.dryRun = invocation.dryRun

        if invocation.actions.isEmpty {
            if isatty(STDIN_FILENO) == 1 {
                // Nothing would say what a dry run of a whole session would have changed, and
                // what was typed would be kept: the shell has `begin` … `rollback` instead.
                if invocation.dryRun {
                    FileHandle.standardError.write(("jiedui: " + Message.dryRunInShell.text(lang) + "\n").data(using: .utf8)!)
                    return ExitStatus.badInvocation.rawValue
                }
                let historyPath = environment["JIEDUI_HISTORY"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".jiedui_history")
                // Personal numbers never reach the history file.
                let history = History(path: historyPath, sanitize: Masking.maskPersonalNumbers(in:))
                let completer = Completer(store: store)
                let reader = EditLineReader(program: "jiedui", history: history, completer: completer.complete,
                                            searchLabel: { Message.historySearch.text(runner.lang) })
                return runner.runInteractive(reader: reader, colour: session.colour && isatty(STDIN_FILENO) == 1).rawValue
            }
        }
        // Standard input that is not a terminal is read as one script.
        let actions = invocation.actions.isEmpty ? [Invocation.Action.script("-")] : invocation.actions
        var status = ExitStatus.success
        if invocation.dryRun {
            do {
                try runner.beginDryRun()
            } catch {
                runner.report(ShellError.from(error, at: nil), file: nil)
                return ExitStatus.failure.rawValue
            }
        }
        defer { if invocation.dryRun { runner.endDryRun() } }
        for action in actions {
            let result = switch action {
            case .command(let text): runner.runCommandLine(text)
            case .script(let path): runner.runScript(path: path)
            }
            if result != .success {
                if result == .unusableDatabase { return result.rawValue }
                status = .failure
                if !invocation.keepGoing { break }
            }
            if runner.quitRequested { break }
        }
        if invocation.keepGoing, runner.failures > 0 {
            runner.printErr(Message.keepGoingSummary(failed: runner.failures, total: runner.attempted).text(lang))
        }
        return status.rawValue
    }

    /// `--db`, else `$JIEDUI_DB`, else `jiedui.db` here; `--demo` has its own place.
    static func databasePath(_ invocation: Invocation, _ environment: [String: String]) -> String {
        if let db = invocation.db { return Stores.isServer(db) ? db : (db as NSString).expandingTildeInPath }
        if invocation.demo {
            let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
            return (base as NSString).appendingPathComponent("jiedui/demo.db")
        }
        if let db = environment["JIEDUI_DB"], !db.isEmpty { return Stores.isServer(db) ? db : (db as NSString).expandingTildeInPath }
        return "jiedui.db"
    }

    /// Builds the demo town in one transaction, with output silenced.
    private static func buildDemo(store: any RecordStore, session: Session) -> ExitStatus {
        var quiet = session
        quiet.format = .json
        quiet.user = "demo"
        let interpreter = Interpreter(store: store, session: quiet)
        let runner = Runner(interpreter: interpreter)
        runner.silent = true
        return runner.runText(DemoTown.script(today: session.today), name: "demo")
    }
}
