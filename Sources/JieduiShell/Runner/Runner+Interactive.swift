import Foundation
import JieduiCore
import JieduiLanguage

/// The interactive loop on a terminal: a prompt, one command at a time, `begin`/`commit`/
/// `rollback`. Line editing comes from the line editor the caller supplies.
extension Runner {
    /// Reads a line with a prompt; nil at end of input.
    typealias LineReader = (_ prompt: String) -> String?

    func runInteractive(readLine: LineReader) -> ExitStatus {
        var pending = ""
        while !quitRequested {
            let town = (try? store.setting("town")) ?? nil
            let name = town ?? "未命名镇"
            let prompt = pending.isEmpty ? (store.isInTransaction ? "jiedui(\(name))*> " : "jiedui(\(name))> ") : "...> "
            guard let line = readLine(prompt) else {
                if store.isInTransaction {
                    try? store.rollback()
                    printErr(Message.rolledBack.text(lang))
                }
                break
            }
            pending += pending.isEmpty ? line : "\n" + line
            if Self.needsContinuation(pending) { continue }
            let text = pending
            pending = ""
            for parsed in Parser.parse(text) {
                runInteractiveCommand(parsed)
                if quitRequested { break }
            }
        }
        if store.isInTransaction { try? store.rollback() }
        return .success
    }

    /// Whether a line ends in `\` or leaves a quote open, and so continues on the next.
    static func needsContinuation(_ text: String) -> Bool {
        if text.hasSuffix("\\") { return true }
        let commands = Lexer.commands(in: text)
        return commands.last?.error?.message == .unclosedQuote
    }

    private func runInteractiveCommand(_ parsed: Result<Command, Diagnostic>) {
        do {
            let command: Command
            switch parsed {
            case .failure(let diagnostic): throw ShellError(diagnostic.message, at: diagnostic.location)
            case .success(let c): command = c
            }
            switch command.name {
            case "begin":
                guard !store.isInTransaction else { throw ShellError(.transactionOpen, at: command.location) }
                try store.begin()
                printOut([Message.began.text(lang)])
            case "commit":
                guard store.isInTransaction else { throw ShellError(.noTransaction, at: command.location) }
                try store.commit()
                printOut([Message.committed.text(lang)])
            case "rollback":
                guard store.isInTransaction else { throw ShellError(.noTransaction, at: command.location) }
                try store.rollback()
                printOut([Message.rolledBack.text(lang)])
            case "quit", "exit":
                if store.isInTransaction {
                    try store.rollback()
                    printErr(Message.rolledBack.text(lang))
                }
                requestQuit()
            case "run":
                if store.isInTransaction {
                    try store.atomically { try runNested(command, file: nil) }
                } else {
                    try store.begin()
                    do {
                        try runNested(command, file: nil)
                        try store.commit()
                    } catch {
                        try? store.rollback()
                        throw error
                    }
                }
            default:
                if store.isInTransaction {
                    let output = try store.atomically { try interpreter.execute(command) }
                    printOut(interpreter.session.renderer.render(output))
                } else {
                    try store.begin()
                    do {
                        let output = try interpreter.execute(command)
                        try store.commit()
                        printOut(interpreter.session.renderer.render(output))
                    } catch {
                        try? store.rollback()
                        throw error
                    }
                }
            }
        } catch {
            report(ShellError.from(error, at: nil), file: nil)
        }
    }
}
