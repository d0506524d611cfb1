import Foundation
import JieduiCore
import JieduiLanguage

/// Runs command lines, scripts and the plain interactive loop with the transaction rules of
/// language.md, prints what commands give back, and reports errors — the one place where
/// errors become text and exit statuses.
final class Runner {
    let interpreter: Interpreter
    var keepGoing = false
    /// `--dry-run`, which the interpreter keeps (its exports and backups write nothing then).
    var dryRun: Bool {
        get { interpreter.dryRun }
        set { interpreter.dryRun = newValue }
    }
    /// Whether the user asked to stop the running command (Ctrl-C in the shell): checked
    /// between the commands of a `run`, and by the interpreter between an import's rows.
    var stopRequested: () -> Bool {
        get { interpreter.stopRequested }
        set { interpreter.stopRequested = newValue }
    }
    /// How deep `run` may nest: a chain deeper than any real set of scripts is a mistake.
    static let maxScriptDepth = 64
    /// Scripts being run, innermost last, so that a script cannot `run` itself.
    private var scriptStack: [String] = []
    private(set) var failures = 0
    /// Commands attempted, for the `--keep-going` summary.
    private(set) var attempted = 0
    private var commandsRun = 0
    /// Set by `quit`/`exit`.
    private(set) var quitRequested = false

    func requestQuit() { quitRequested = true }

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    var store: any RecordStore { interpreter.store }
    var lang: Lang { interpreter.session.lang }

    // MARK: Printing

    /// How many commands make a script long enough for a progress bar.
    static let progressThreshold = 300

    /// Prints nothing to standard output (the demo town is built quietly).
    var silent = false

    /// The progress bar being shown, kept below the output as it is printed.
    var activeBar: ProgressBar? { bars.last }
    private var bars: [ProgressBar] = []

    func printOut(_ lines: [String]) {
        guard !lines.isEmpty, !silent else { return }
        activeBar?.clear()
        // Written in pieces of about a megabyte, so that a long listing is not copied whole.
        var chunk = ""
        for line in lines {
            chunk += line
            chunk += "\n"
            if chunk.utf8.count >= 1 << 20 {
                FileHandle.standardOutput.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        if !chunk.isEmpty { FileHandle.standardOutput.write(Data(chunk.utf8)) }
        activeBar?.redraw()
    }


    /// Prints a line on standard error. An error may quote what was typed or read (a phone
    /// that is no phone, an ID-card number with a wrong check character): while masking is on,
    /// personal numbers in it are masked as in any other output.
    func printErr(_ text: String) {
        let shown = interpreter.session.mask ? Masking.maskPersonalNumbers(in: text) : text
        // The bar's line is cleared first, so that the error starts a line of its own.
        activeBar?.clear()
        // An error may quote a typed value: a control character in it is never sent raw.
        FileHandle.standardError.write((Renderer.terminalText(shown, keepingLineBreaks: true) + "\n").data(using: .utf8)!)
        activeBar?.redraw()
    }

    /// Prints what the last command left for standard error (an import's bad rows).
    func flushNotes() {
        for note in interpreter.notes { printErr(note) }
        interpreter.notes.removeAll()
    }

    /// Reports an error: `FILE:LINE:COLUMN: error: …` where it comes from a script.
    func report(_ error: ShellError, file: String?) {
        if error.reported { return }
        let word = lang == .zh ? "错误" : "error"
        if let file, let location = error.location {
            printErr("\(file):\(location.line):\(location.column): \(word): \(error.message.text(lang))")
        } else if let file {
            printErr("\(file): \(word): \(error.message.text(lang))")
        } else {
            printErr("jiedui: \(word): \(error.message.text(lang))")
        }
    }

    // MARK: Running

    /// Runs one `-c` command line (which may hold several commands) in its own transaction.
    func runCommandLine(_ text: String) -> ExitStatus {
        runUnit(CommandStream(text), estimate: CommandStream.estimatedCount(text), file: nil, mode: .commandLine, writing: mayWrite(text))
    }

    /// Whether any command of a line may write; a line that only reads takes no write lock.
    func mayWrite(_ text: String) -> Bool {
        Parser.parse(text).contains { parsed in
            guard case .success(let command) = parsed else { return false }
            return interpreter.mayWrite(CommandTable.answeringHelpFlag(command))
        }
    }

    /// Runs a script file (or `-` for standard input) as one transaction. It is read a block at
    /// a time, after a first pass has checked it is UTF-8.
    func runScript(path: String) -> ExitStatus {
        let name = path == "-" ? "<stdin>" : path
        do {
            let script = try Self.openScript(path)
            // The script is running, so a `run` of it inside is refused, like a nested one's.
            let running = path == "-" ? nil : Self.canonicalPath(path)
            if let running { scriptStack.append(running) }
            defer { if running != nil { scriptStack.removeLast() } }
            let status = runUnit(CommandStream(lines: script), estimate: script.lineCount, file: name, mode: .script)
            // A `quit` in a script ends that script, keeping what it did; the run goes on.
            quitRequested = false
            return status
        } catch {
            report(error, file: name)
            return error.status
        }
    }

    /// Runs a script given as text, named `name` in messages.
    func runText(_ text: String, name: String) -> ExitStatus {
        runUnit(CommandStream(text), estimate: CommandStream.estimatedCount(text), file: name, mode: .script)
    }

    /// A script file (`-`: standard input), checked to be UTF-8; a bad byte is an error naming
    /// its line.
    static func openScript(_ path: String) throws(ShellError) -> ScriptFile {
        do throws(ScriptFile.Problem) {
            if path == "-" {
                let input = dup(STDIN_FILENO)
                guard input >= 0 else { throw ScriptFile.Problem.cannotRead(errno: errno) }
                return try ScriptFile(descriptor: input)
            }
            return try ScriptFile(path: path)
        } catch {
            switch error {
            case .invalidUTF8(let line): throw ShellError(.invalidUTF8(line: line), at: SourceLocation(line: line, column: 1))
            case .cannotRead(let code): throw ShellError(.cannotReadFile(path: path, reason: .system(errno: code)))
            }
        }
    }

    /// Runs a unit (a script or a command line) with the transaction rules of language.md.
    private func runUnit(_ commands: CommandStream, estimate: Int, file: String?, mode: RunMode, writing: Bool = true) -> ExitStatus {
        // Scripts of more than a few hundred commands show a bar on a terminal.
        withProgressBar(estimate: estimate) { bar in runUnit(commands, file: file, mode: mode, writing: writing, bar: bar) }
    }

    private func runUnit(_ commands: CommandStream, file: String?, mode: RunMode, writing: Bool, bar: ProgressBar?) -> ExitStatus {
        // A script is one transaction (inside the dry run's, a savepoint), each command of it
        // atomic under --keep-going; --keep-going alone gives each command its own transaction.
        let each: (() throws -> Void) throws -> Void = keepGoing ? { body in try self.atomically(body) } : { body in try body() }
        if keepGoing && !dryRun {
            return runEach(commands, file: file, mode: mode, bar: bar) { body in try self.inTransaction(body) }
        }
        if dryRun {
            struct Stop: Error {}
            var status = ExitStatus.success
            do {
                try atomically {
                    status = runEach(commands, file: file, mode: mode, bar: bar, each: each)
                    if status != .success && !keepGoing { throw Stop() }
                }
            } catch {
                if !(error is Stop) { report(ShellError.from(error, at: nil), file: file) }
            }
            return status
        }
        do {
            try store.begin(writing: writing)
        } catch {
            let failure = ShellError.from(error, at: nil)
            report(failure, file: file)
            return Self.exitStatus(failure)
        }
        let status = runEach(commands, file: file, mode: mode, bar: bar, each: each)
        bar?.finish()
        do {
            if status == .success {
                try commitWork()
            } else {
                try rollBack()
            }
        } catch {
            let failure = ShellError.from(error, at: nil)
            // A database lost during the run was reported with what it means for the work.
            if status != .unusableDatabase { report(failure, file: file) }
            try? rollBack()
            return status == .unusableDatabase ? status : Self.exitStatus(failure)
        }
        return status
    }

    /// The exit status of a run that `failure` ended: 3 where the database cannot be used (a
    /// server lost or unreachable), else 1.
    static func exitStatus(_ failure: ShellError) -> ExitStatus {
        failure.status == .unusableDatabase ? .unusableDatabase : .failure
    }

    /// Commits the open transaction, reveal entries and all.
    func commitWork() throws {
        try store.commit()
        interpreter.disclosures = []
    }

    /// Rolls the open transaction back, then writes its reveal entries again in one of their
    /// own: what was shown unmasked was shown, whatever became of the work around it
    /// (language.md, Output: each unmasked output is written to the audit log).
    func rollBack() throws {
        defer { interpreter.disclosures = [] }
        try store.rollback()
        writeAgain(interpreter.disclosures)
    }

    /// The store's `atomically` inside the open transaction: a failure undoes the body's work,
    /// but not the record of what it showed unmasked.
    func atomically<T>(_ body: () throws -> T) throws -> T {
        let before = interpreter.disclosures.count
        // Outside a transaction the body had one of its own, which is over either way.
        defer { if !store.isInTransaction { interpreter.disclosures = [] } }
        do {
            return try store.atomically(body)
        } catch {
            writeAgain(Array(interpreter.disclosures[before...]))
            throw error
        }
    }

    /// Writes reveal entries that a rollback took out of the log; a failure to is reported, as
    /// the clerk must know the log lacks them.
    private func writeAgain(_ disclosures: [AuditEntry]) {
        guard !disclosures.isEmpty else { return }
        do {
            try store.atomically { for entry in disclosures { try store.appendAudit(entry) } }
        } catch {
            report(ShellError.from(error, at: nil), file: nil)
        }
    }

    /// Runs the commands one by one, each through `each`, reporting every error; stops at the
    /// first unless --keep-going (and always when the database cannot be used).
    private func runEach(
        _ commands: CommandStream, file: String?, mode: RunMode, bar: ProgressBar?,
        each: (() throws -> Void) throws -> Void
    ) -> ExitStatus {
        var status = ExitStatus.success
        for (index, parsed) in commands.enumerated() {
            do {
                try each { try run(parsed, file: file, mode: mode) }
            } catch {
                let shellError = ShellError.from(error, at: nil)
                report(shellError, file: file)
                failures += 1
                if shellError.status == .unusableDatabase { return .unusableDatabase }
                status = .failure
                if !keepGoing { break }
            }
            if quitRequested { break }
            bar?.update(index + 1)
        }
        return status
    }

    // MARK: Dry run

    private var dryRunMark = 0

    /// `--dry-run`: the whole run is one transaction, rolled back at the end.
    func beginDryRun() throws {
        try store.begin()
        dryRunMark = try store.audit(limit: 1) { _ in true }.last?.seq ?? 0
    }

    /// Rolls everything back and says what would have changed: the audit entries the run wrote.
    func endDryRun() {
        let entries = (try? store.audit(limit: nil) { $0.seq > dryRunMark }) ?? []
        let changes = entries.filter { $0.refs.first != Interpreter.revealRef }
        try? rollBack()
        // The record each change is about, once; an import's entry names every record it added
        // or updated (those past its first 200 as a count, `…1800`), another's first ref is the
        // record it changed (a visit's second is its pair, which it does not change).
        var refs: [String] = [], seen: Set<String> = [], unnamed = 0
        for ref in changes.flatMap({ $0.noun == "import" ? $0.refs : Array($0.refs.prefix(1)) }) {
            if ref.hasPrefix("…"), let count = Int(ref.dropFirst()) {
                unnamed += count
            } else if seen.insert(ref).inserted {
                refs.append(ref)
            }
        }
        printErr(Message.dryRunSummary(commands: commandsRun, changes: refs.count + unnamed, refs: refs, failed: failures).text(lang))
    }

    private func inTransaction(_ body: () throws -> Void) throws {
        try store.begin()
        do {
            try body()
            try commitWork()
        } catch {
            try? rollBack()
            throw error
        }
    }

    /// Runs one parsed command inside the current transaction and prints its output.
    private func run(_ parsed: Result<Command, Diagnostic>, file: String?, mode: RunMode) throws {
        attempted += 1
        let command = try parsed.command()
        do {
            switch CommandTable.runnerAction(for: command) {
            case .begin?, .commit?, .rollback?:
                throw ShellError(.notInScript(command.name), at: command.location)
            case .quit?:
                try interpreter.expectWords(command, count: 1)
                quitRequested = true
                return
            case .run?:
                try runNested(command, file: file)
                return
            case nil:
                defer { flushNotes() }
                let output = try interpreter.execute(command)
                flushNotes()
                commandsRun += 1
                printOut(interpreter.session.renderer.render(output))
            }
        } catch let error as ShellError {
            throw error.location == nil ? ShellError(error.message, at: command.location, status: error.status) : error
        } catch {
            throw ShellError.from(error, at: command.location)
        }
    }

    /// The absolute path by which a script is known on the stack of running scripts.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `run FILE`: the file's commands in the current transaction; a relative path is taken
    /// from the including script's folder.
    func runNested(_ command: Command, file: String?) throws {
        guard command.words.count >= 2 else { throw ShellError(.scriptFileNeeded, at: command.location) }
        try interpreter.expectWords(command, count: 2)
        var path = (command.words[1].text as NSString).expandingTildeInPath
        if !path.hasPrefix("/"), let file, file != "<stdin>" {
            path = FilePath.joined(FilePath.folder(of: file), path)
        }
        let canonical = Self.canonicalPath(path)
        if scriptStack.contains(canonical) { throw ShellError(.scriptIncludesItself(path), at: command.words[1].location) }
        if scriptStack.count >= Self.maxScriptDepth { throw ShellError(.scriptsTooDeep(Self.maxScriptDepth), at: command.words[1].location) }
        let script: ScriptFile
        do {
            script = try Self.openScript(path)
        } catch where error.location != nil {
            throw reported(error, file: path)
        } catch {
            throw ShellError(error.message, at: command.words[1].location)
        }
        scriptStack.append(canonical)
        defer { scriptStack.removeLast() }
        // `run FILE` is one command, as `--keep-going` treats it: counted once, as done only
        // when the whole file was, whatever number of commands the file holds.
        let (attemptedBefore, runBefore) = (attempted, commandsRun)
        defer { attempted = attemptedBefore }
        var finished = false
        defer { commandsRun = runBefore + (finished ? 1 : 0) }
        let commands = CommandStream(lines: script)
        let estimate = script.lineCount
        try withProgressBar(estimate: estimate, shown: scriptStack.count == 1) { bar in
            for (index, parsed) in commands.enumerated() {
                bar?.update(index + 1)
                if stopRequested() { throw ShellError(.interrupted) }
                do {
                    try run(parsed, file: path, mode: .script)
                } catch let error as ShellError {
                    // Reported where in the included file it failed; the including script stops too.
                    throw reported(error, file: path)
                }
                if quitRequested { break }
            }
        }
        // A `quit` in the included script ended it, not the script or shell that ran it.
        quitRequested = false
        finished = true
    }

    /// `error` reported as in `file`, marked so that the scripts around it stop without
    /// reporting it again.
    private func reported(_ error: ShellError, file: String) -> ShellError {
        report(error, file: file)
        var stop = error
        stop.reported = true
        return stop
    }

    /// Runs `body` with a progress bar over `estimate` commands when there are enough of them
    /// to want one, output is not silenced and `shown` allows it.
    private func withProgressBar<T>(estimate: Int, shown: Bool = true, _ body: (ProgressBar?) throws -> T) rethrows -> T {
        let bar = shown && estimate >= Self.progressThreshold && !silent ? ProgressBar(total: estimate, lang: lang) : nil
        if let bar { bars.append(bar) }
        defer {
            if bar != nil { bars.removeLast() }
            bar?.finish()
        }
        return try body(bar)
    }
}
