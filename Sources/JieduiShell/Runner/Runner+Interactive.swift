import Foundation
import JieduiCore
import JieduiLanguage
import LineEditor

/// The interactive shell: a prompt, one command at a time in its own transaction unless
/// `begin` opened one, errors pointed at with a caret, Ctrl-C and Ctrl-D as language.md says.
extension Runner {
    func runInteractive(reader: LineReader, colour: Bool) -> ExitStatus {
        var pending = ""
        var pendingPrompts: [String] = []
        stopRequested = { Interrupt.pending }
        while !quitRequested {
            // The town's name is a setting, free text: a number in it is masked as in `set`.
            let named = TownSettings.name((try? store.setting("town")) ?? nil)
            let town = Renderer.terminalText(interpreter.session.mask ? Masking.maskPersonalNumbers(in: named) : named, keepingLineBreaks: false)
            let main = store.isInTransaction ? "jiedui(\(town))*> " : "jiedui(\(town))> "
            let prompt = pending.isEmpty ? main : "...> "
            switch reader.readLine(prompt: colour ? Self.coloured(prompt) : prompt) {
            case .interrupted:
                pending = ""
                pendingPrompts = []
                continue
            case .end:
                if !pending.isEmpty {
                    pending = ""
                    pendingPrompts = []
                    printOut([""])
                    continue
                }
                if store.isInTransaction {
                    if confirmsRollback(reader) {
                        try? rollBack()
                        printErr(Message.rolledBack.text(lang))
                        return .success
                    }
                    continue
                }
                printOut([""])
                return .success
            case .line(let line):
                pendingPrompts.append(prompt)
                pending += pending.isEmpty ? line : "\n" + line
                if Self.needsContinuation(pending) { continue }
                let text = pending
                let prompts = pendingPrompts
                pending = ""
                pendingPrompts = []
                if text.trimmed.isEmpty { continue }
                reader.addHistory(Interpreter.oneLine(text))
                for parsed in Parser.parse(text) {
                    // `quit` inside a transaction asks first, as Ctrl-D does; a no keeps the
                    // shell, the transaction and nothing more of the line.
                    if case .success(let command) = parsed, case .quit? = CommandTable.runnerAction(for: command),
                       store.isInTransaction, !confirmsRollback(reader) { break }
                    runInteractiveCommand(parsed, source: text, prompts: prompts)
                    if quitRequested { break }
                }
            }
        }
        if store.isInTransaction { try? rollBack() }
        return .success
    }

    /// The prompt in bold green; libedit is told where the invisible sequences are (marker 1).
    static func coloured(_ prompt: String) -> String {
        "\u{1}\u{1B}[1;32m\u{1}" + prompt.trimmed + "\u{1}\u{1B}[0m\u{1} "
    }

    /// Whether a line ends in `\` or leaves a quote open, and so continues on the next.
    static func needsContinuation(_ text: String) -> Bool {
        if text.hasSuffix("\\") { return true }
        let commands = Lexer.commands(in: text)
        return commands.last?.error?.message == .unclosedQuote
    }

    /// Points at the offending word: the caret sits under it, past the prompt. When the word is
    /// on an earlier line of a command continued over several, that line is shown again (with
    /// its prompt) so that the caret stands under it rather than under the last line.
    func caret(for location: SourceLocation, source: String, prompts: [String]) -> [String] {
        let lines = source.components(separatedBy: "\n")
        guard location.line >= 1, location.line <= lines.count else { return [] }
        let line = Array(lines[location.line - 1])
        let column = max(1, min(location.column, line.count + 1))
        let promptWidth = (prompts.indices.contains(location.line - 1) ? prompts[location.line - 1] : "").displayWidth
        let before = String(line[..<(column - 1)])
        var word = 1
        var i = column - 1
        var wordText = ""
        while i < line.count, !" \u{3000}=＝,(),".contains(line[i]) {
            wordText.append(line[i])
            i += 1
        }
        word = max(1, wordText.displayWidth)
        let mark = String(repeating: " ", count: promptWidth + before.displayWidth) + "^" + String(repeating: "~", count: word - 1)
        guard location.line < lines.count else { return [mark] }
        let prompt = prompts.indices.contains(location.line - 1) ? prompts[location.line - 1] : ""
        return [prompt + lines[location.line - 1], mark]
    }

    /// Asks before an open transaction is thrown away; only yes lets it go.
    private func confirmsRollback(_ reader: LineReader) -> Bool {
        guard case .line(let answer) = reader.readLine(prompt: Message.confirmRollback.text(lang)) else { return false }
        return ["y", "yes", "是"].contains(answer.trimmed.lowercased())
    }

    private func runInteractiveCommand(_ parsed: Result<Command, Diagnostic>, source: String, prompts: [String]) {
        do {
            let command = try parsed.command()
            switch CommandTable.runnerAction(for: command) {
            case .begin?:
                guard !store.isInTransaction else { throw ShellError(.transactionOpen, at: command.location) }
                try store.begin()
                printOut([Message.began.text(lang)])
            case .commit?:
                guard store.isInTransaction else { throw ShellError(.noTransaction, at: command.location) }
                try commitWork()
                printOut([Message.committed.text(lang)])
            case .rollback?:
                guard store.isInTransaction else { throw ShellError(.noTransaction, at: command.location) }
                try rollBack()
                printOut([Message.rolledBack.text(lang)])
            case .quit?:
                if store.isInTransaction {
                    try rollBack()
                    printErr(Message.rolledBack.text(lang))
                }
                requestQuit()
            case .run?:
                try interruptible { try runNested(command, file: nil) }
            case nil:
                defer { flushNotes() }
                let output = try interruptible(writing: interpreter.mayWrite(command)) { try interpreter.execute(command) }
                flushNotes()
                printOut(interpreter.session.renderer.render(output))
            }
        } catch {
            var shellError = ShellError.from(error, at: nil)
            if Interrupt.take() { shellError = ShellError(.interrupted) }
            if let location = shellError.location, !shellError.reported {
                for line in caret(for: location, source: source, prompts: prompts) { printErr(line) }
            }
            report(shellError, file: nil)
        }
    }

    /// Runs a command so that it changes nothing if it fails or Ctrl-C stops it: in a savepoint
    /// inside an open transaction, else in a transaction of its own. While it runs, Ctrl-C
    /// interrupts the statement the store is executing.
    private func interruptible<T>(writing: Bool = true, _ body: () throws -> T) throws -> T {
        _ = Interrupt.take()
        let watcher = DispatchSource.makeTimerSource(queue: .global())
        let store = self.store
        watcher.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50))
        // Inside `begin`, a file's store can stop only a reading statement without losing the
        // transaction; a writing command is stopped between its steps (`stopRequested`).
        let canStopStatement = !store.isInTransaction || !writing || store.interruptKeepsTransaction
        watcher.setEventHandler { if Interrupt.pending, canStopStatement { store.interrupt() } }
        watcher.resume()
        defer { watcher.cancel() }
        if store.isInTransaction {
            return try atomically {
                let result = try body()
                if Interrupt.pending { throw ShellError(.interrupted) }
                return result
            }
        }
        try store.begin(writing: writing)
        do {
            let result = try body()
            if Interrupt.pending { throw ShellError(.interrupted) }
            try commitWork()
            return result
        } catch {
            try? rollBack()
            throw error
        }
    }
}
