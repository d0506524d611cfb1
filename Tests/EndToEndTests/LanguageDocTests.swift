import Foundation
import Testing

/// The examples of docs/language.md, run in the order of the page on one new folder, so that the
/// reference cannot drift from the program.
///
/// The page's format: a ```` ```text ```` block whose first line is `# NAME.jd …` is a script,
/// written to NAME.jd when the page reaches it. A ```` ```console ```` block holds commands, each
/// followed by the lines it prints (standard output and standard error together): a `$ ` line
/// runs through `/bin/sh` with the built `jiedui` first on PATH (`$ export A=B …` sets the
/// environment of the lines after it), and a `jiedui(金宝镇)> ` line is a command typed at the
/// shell, run as `jiedui -c`, which prints the same but for the shell's `^~~~` under an error
/// (such lines of the page are left out of the comparison). Only blocks with the `*>` prompt
/// of a transaction are shown without being run (Tests/Interactive drives the shell itself).
/// Compared line by line, trailing spaces aside. The audit log's times are the real clock: a
/// printed time must fall within the run, and only its place is compared. An expected line
/// ending in `…` need only begin as shown (a hash that changes with the clock).
///
/// With `JIEDUI_RECORD=1` the page's expected lines are rewritten from what the program printed
/// instead, for when the output rightly changes; read the diff before committing it.
@Suite struct LanguageDocTests {
    static let page = Harness.root.appendingPathComponent("docs/language.md")

    /// The user the page's audit log shows.
    static let user = "wangli"

    enum Step {
        case file(name: String, text: String)
        /// `lines`: the page's lines (0-based) holding the expected output.
        case command(line: Int, text: String, viaShell: Bool, expected: [String], lines: Range<Int>)
    }

    static var prompt: Regex<AnyRegexOutput> { try! Regex(#"^jiedui\([^)]*\)> "#) }
    static var scriptName: Regex<AnyRegexOutput> { try! Regex(#"^# (\S+\.jd)(\s|$)"#) }
    static var timestamp: Regex<AnyRegexOutput> { try! Regex(#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#) }

    /// The page read into steps; blocks that cannot run are checked to be ones that need a terminal.
    static func steps(_ lines: [String]) -> [Step] {
        var steps: [Step] = []
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("```") else { index += 1; continue }
            let info = lines[index].dropFirst(3).trimmingCharacters(in: .whitespaces)
            let start = index + 1
            var end = start
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            let body = Array(lines[start..<min(end, lines.count)])
            index = end + 1
            if info == "text", let first = body.first, let match = first.firstMatch(of: scriptName) {
                steps.append(.file(name: String(match.output[1].substring ?? ""), text: body.joined(separator: "\n") + "\n"))
            } else if info == "console" {
                var i = 0
                while i < body.count {
                    let line = body[i]
                    let viaShell = line.hasPrefix("$ ")
                    guard viaShell || line.firstMatch(of: prompt) != nil else {
                        Issue.record("docs/language.md:\(start + i + 1): a console block's line is neither `$ ` nor a prompt: \(line)")
                        i += 1
                        continue
                    }
                    let text = viaShell ? String(line.dropFirst(2)) : String(line[line.firstMatch(of: prompt)!.range.upperBound...])
                    var j = i + 1
                    while j < body.count, !body[j].hasPrefix("$ "), body[j].firstMatch(of: prompt) == nil { j += 1 }
                    steps.append(.command(line: start + i + 1, text: text, viaShell: viaShell, expected: Array(body[(i + 1)..<j]), lines: (start + i + 1)..<(start + j)))
                    i = j
                }
            } else {
                // Only a transaction of the interactive shell (the `*>` prompt) is left unrun.
                let interactive = body.contains { $0.contains(")*> ") }
                for (offset, line) in body.enumerated() where line.hasPrefix("$ ") || (line.firstMatch(of: prompt) != nil && !interactive) {
                    Issue.record("docs/language.md:\(start + offset + 1): an example outside a console block is never run: \(line)")
                }
            }
        }
        return steps
    }

    /// Runs a program with standard output and standard error into one pipe, as a terminal shows them.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], in folder: URL) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try! process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether `actual` is what the page shows as `expected`; the times in `actual` must fall in `window`.
    static func matches(_ expected: String, _ actual: String, window: ClosedRange<Date>) -> Bool {
        let parser = ISO8601DateFormatter()
        for match in actual.matches(of: timestamp) {
            guard let time = parser.date(from: String(actual[match.range])), window.contains(time) else { return false }
        }
        let want = expected.replacing(timestamp, with: "TIME"), got = actual.replacing(timestamp, with: "TIME")
        if want.hasSuffix("…") { return got.hasPrefix(want.dropLast()) }
        return want == got
    }

    /// The line without trailing spaces, tabs, or the carriage return of a CSV file's CRLF.
    static func trimmedTrailing(_ line: String) -> String {
        var scalars = line.unicodeScalars
        while let last = scalars.last, [" ", "\t", "\r"].contains(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// Whether the line is the shell's `^~~~` under the offending word.
    static func isCaret(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        return text.hasPrefix("^") && text.dropFirst().allSatisfy { $0 == "~" }
    }

    /// The lines of a program's output, split at every LF (a CRLF is one Character in Swift).
    static func lines(_ output: String) -> [String] {
        output.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { trimmedTrailing(String(String.UnicodeScalarView($0))) }
    }

    /// What each command of the page printed, by the page's line of the command.
    typealias Outputs = [(line: Int, command: String, output: [String])]

    /// Runs the page's steps in a new folder: scripts written, commands run in order with the
    /// environment the page's `export` lines build; `database` turns the page's `JIEDUI_DB` into
    /// what the run uses.
    static func runPage(_ steps: [Step], user: String, database: (String) -> String = { $0 }) throws -> Outputs {
        let folder = Harness.temporaryFolder()
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasPrefix("LC_") || key.hasPrefix("JIEDUI_") || ["LANG", "NO_COLOR", "XDG_DATA_HOME"].contains(key))
        }
        environment["PATH"] = Harness.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["USER"] = user
        environment["HOME"] = folder.path
        var outputs: Outputs = []
        for step in steps {
            switch step {
            case .file(let name, let script):
                try script.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            case .command(let line, let command, let viaShell, _, _):
                let output: String
                if viaShell, command.hasPrefix("export ") {
                    for assignment in command.dropFirst("export ".count).split(separator: " ") {
                        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                        environment[parts[0]] = parts.count > 1 ? (parts[0] == "JIEDUI_DB" ? database(parts[1]) : parts[1]) : ""
                    }
                    output = ""
                } else if viaShell {
                    output = Self.run("/bin/sh", ["-c", command], environment: environment, in: folder)
                } else {
                    output = Self.run(Harness.binary.path, ["-c", command], environment: environment, in: folder)
                }
                var actual = Self.lines(output)
                while actual.last == "" { actual.removeLast() }
                outputs.append((line, command, actual))
            }
        }
        return outputs
    }

    @Test func everyExampleOfTheLanguageReferenceRuns() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        var pageLines = text.components(separatedBy: "\n")
        let steps = Self.steps(pageLines)
        let commands = steps.filter { if case .command = $0 { true } else { false } }.count
        #expect(commands > 0 && steps.count > commands, "the page's examples were found")

        let record = ProcessInfo.processInfo.environment["JIEDUI_RECORD"] == "1"
        var rewrites: [(lines: Range<Int>, text: [String])] = []
        let start = Date(timeIntervalSinceNow: -1)
        let outputs = try Self.runPage(steps, user: Self.user)
        let window = start...Date(timeIntervalSinceNow: 1)
        var printed = outputs.makeIterator()
        for step in steps {
            guard case .command(let line, let command, _, let expected, let lines) = step, let (_, _, actual) = printed.next() else { continue }
            // The shell's caret under an error is not printed by -c.
            let want = expected.map(Self.trimmedTrailing).filter { !Self.isCaret($0) }
            let same = want.count == actual.count && zip(want, actual).allSatisfy { Self.matches($0, $1, window: window) }
            if same { continue }
            if record {
                rewrites.append((lines, actual))
            } else {
                Issue.record("""
                docs/language.md:\(line): \(command)
                --- the page shows:
                \(want.joined(separator: "\n"))
                --- the program printed:
                \(actual.joined(separator: "\n"))
                """)
            }
        }
        if record, !rewrites.isEmpty {
            for rewrite in rewrites.reversed() { pageLines.replaceSubrange(rewrite.lines, with: rewrite.text) }
            try pageLines.joined(separator: "\n").write(to: Self.page, atomically: true, encoding: .utf8)
            print("docs/language.md: \(rewrites.count) examples re-recorded")
        }
        try everyExampleRunsTheSameOnAServer(steps, onFile: outputs)
    }

    /// The page again on a town of the test server (`TwinStores`), as the page's own clerk (a
    /// login of that name is made on the server): every command prints what it printed on the
    /// file, but `sql`, whose SQL is each database's own.
    func everyExampleRunsTheSameOnAServer(_ steps: [Step], onFile: Outputs) throws {
        guard let server = TwinStores.server else { return }
        let url = try TwinStores.login(Self.user, on: server)
        let town = TwinStores.town(for: "language-\(UUID().uuidString)", in: nil, on: url)
        let onServer = try Self.runPage(steps, user: Self.user) { $0.hasSuffix(".db") ? town : $0 }
        for (file, server) in zip(onFile, onServer) where !file.command.hasPrefix("sql ") {
            let a = file.output.map { TwinStores.normalised($0, database: "") }, b = server.output.map { TwinStores.normalised($0, database: town) }
            #expect(a == b, """
            docs/language.md:\(file.line) on a server: \(file.command)
            --- on the file:
            \(a.joined(separator: "\n"))
            --- on the server:
            \(b.joined(separator: "\n"))
            """)
        }
    }
}
