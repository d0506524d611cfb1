import CLibEdit
import Foundation

/// Ctrl-C as the shell sees it: set by the SIGINT handler, taken by whoever acts on it.
public enum Interrupt {
    /// Installs the handler (without SA_RESTART, so a blocked read returns).
    public static func install() { _ = jd_install_sigint() }
    /// Whether Ctrl-C was pressed and not yet taken.
    public static var pending: Bool { jd_interrupt_pending() != 0 }
    /// Whether Ctrl-C was pressed; clears it.
    public static func take() -> Bool { jd_take_interrupt() != 0 }
}

/// The line reader on Debian's libedit: Emacs bindings, history, Tab completion, a Ctrl-R
/// search of our own that works for Chinese, and Ctrl-C that clears the line.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let libeditHistory: OpaquePointer
    public let history: History
    private let completer: ((String) -> Completion)?
    private var promptBuffer: UnsafeMutablePointer<CChar>?

    /// What the Ctrl-R search shows before the query, in the user's language of the moment.
    private let searchLabel: () -> String

    /// Sets up libedit on the terminal. `completer` gets the text before the cursor;
    /// `searchLabel` is shown before the query while Ctrl-R searches.
    public init(program: String, history: History, completer: ((String) -> Completion)?,
                searchLabel: @escaping () -> String = { "reverse-i-search" }) {
        _ = jd_use_utf8_ctype()
        self.searchLabel = searchLabel
        self.history = history
        self.completer = completer
        editLine = jd_el_init(program)
        libeditHistory = jd_history_init(Int32(history.capacity))
        _ = jd_el_set_editor(editLine, "emacs")
        _ = jd_el_set_signal(editLine, 1)
        _ = jd_el_set_history(editLine, libeditHistory)
        for line in history.lines { _ = jd_history_enter(libeditHistory, line) }
        _ = jd_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = jd_el_set_prompt(editLine, promptFunction, 1)
        _ = jd_el_add_function(editLine, "jd-complete", "complete the word", completeFunction)
        _ = jd_el_bind(editLine, "^I", "jd-complete")
        _ = jd_el_add_function(editLine, "jd-search", "search the history backwards", searchFunction)
        _ = jd_el_bind(editLine, "^R", "jd-search")
        Interrupt.install()
    }

    deinit {
        el_end(editLine)
        history_end(libeditHistory)
        free(promptBuffer)
    }

    fileprivate static func reader(_ e: OpaquePointer?) -> EditLineReader? {
        guard let e, let data = jd_el_get_clientdata(e) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
    }

    fileprivate var prompt: UnsafeMutablePointer<CChar>? { promptBuffer }

    public func readLine(prompt: String) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        _ = Interrupt.take()
        var count: Int32 = 0
        // el_gets sets errno only when a read fails, so an EINTR left by an earlier Ctrl-C would
        // otherwise still be there when a later Ctrl-D ends the input.
        errno = 0
        guard let raw = el_gets(editLine, &count) else {
            // No line: Ctrl-D on an empty line gives a count of 0; a failed read gives -1 and sets
            // errno, EINTR when Ctrl-C interrupted it.
            if Interrupt.take() || (count < 0 && errno == EINTR) {
                FileHandle.standardOutput.write("\n".data(using: .utf8)!)
                return .interrupted
            }
            return .end
        }
        if Interrupt.take() { return .interrupted }
        var line = String(cString: raw)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    public func addHistory(_ line: String) {
        if let kept = history.add(line) { _ = jd_history_enter(libeditHistory, kept) }
    }

    // MARK: Line buffer

    /// The line as characters, and the cursor's index in it.
    fileprivate func currentLine() -> (text: [Character], cursor: Int) {
        guard let info = el_wline(editLine)?.pointee, let buffer = info.buffer else { return ([], 0) }
        func scalars(from start: UnsafePointer<wchar_t>, to end: UnsafePointer<wchar_t>) -> String {
            var s = String.UnicodeScalarView()
            var p = start
            while p < end {
                if let scalar = Unicode.Scalar(UInt32(bitPattern: p.pointee)) { s.append(scalar) }
                p += 1
            }
            return String(s)
        }
        let before = scalars(from: buffer, to: info.cursor)
        let all = scalars(from: buffer, to: info.lastchar)
        return (Array(all), before.count)
    }

    /// Replaces the whole line, leaving the cursor at its end.
    ///
    /// libedit's insert moves the end of the line but writes no terminator, so whatever a longer
    /// earlier line left in the buffer stays after it; el_gets hands back the buffer up to the first
    /// NUL. Only libedit's own end of line (ed-newline) terminates it, so a line replaced here is
    /// ended by pushing Enter back to libedit, never by returning CC_NEWLINE.
    fileprivate func replaceLine(with text: String) {
        guard let info = el_wline(editLine)?.pointee, let buffer = info.buffer else { return }
        let total = info.lastchar - buffer
        _ = el_cursor(editLine, Int32(total - (info.cursor - buffer)))
        if total > 0 { el_deletestr(editLine, Int32(total)) }
        if !text.isEmpty { _ = el_insertstr(editLine, text) }
    }

    // MARK: Completion

    fileprivate func complete() -> UInt8 {
        guard let completer else { return UInt8(CC_REFRESH_BEEP) }
        let (line, cursor) = currentLine()
        let before = String(line[..<min(cursor, line.count)])
        let completion = completer(before)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let typed = String(before.suffix(completion.replacing))
        let common = Self.commonPrefix(candidates)
        let replacement = candidates.count == 1 ? candidates[0] : common
        if !completion.more, replacement.count > typed.count || (candidates.count == 1 && replacement != typed) {
            if completion.replacing > 0 { el_deletestr(editLine, Int32(completion.replacing)) }
            if !replacement.isEmpty { _ = el_insertstr(editLine, replacement) }
            return UInt8(CC_REFRESH)
        }
        // Several matches and nothing more in common, or only some of the matches: list them
        // under the line, the latter ending in `…`.
        FileHandle.standardOutput.write(("\n" + Self.columns(candidates) + (completion.more ? "\n…" : "") + "\n").data(using: .utf8)!)
        return UInt8(CC_REDISPLAY)
    }

    /// The longest common prefix, by characters (never splitting a Chinese character).
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let chars = Array(word)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// Candidates laid out in columns of the terminal's width.
    static func columns(_ words: [String], width: Int = 80) -> String {
        let cell = (words.map(Self.width).max() ?? 0) + 2
        let perLine = max(1, width / max(cell, 1))
        var lines: [String] = []
        var line = ""
        for (i, word) in words.enumerated() {
            line += word + String(repeating: " ", count: cell - Self.width(word))
            if (i + 1) % perLine == 0 {
                lines.append(line.trimmingCharacters(in: .whitespaces))
                line = ""
            }
        }
        if !line.isEmpty { lines.append(line.trimmingCharacters(in: .whitespaces)) }
        return lines.joined(separator: "\n")
    }

    /// Terminal cells of a word: East Asian wide characters take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    // MARK: Reverse search

    /// Whether more input is already on its way: the rest of a key's escape sequence, which a
    /// terminal sends at once, where a lone Esc is followed by nothing.
    private func inputFollows() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 30) > 0
    }

    /// Ctrl-R: an incremental search of the history, read character by character (libedit's
    /// own search aborts on some Chinese characters). While it runs, the search is drawn over the
    /// line and the line itself is left alone; only a match that is taken replaces it.
    fileprivate func search() -> UInt8 {
        var query = ""
        var found: Int? = nil
        func draw() {
            let match = found.map { history.lines[$0] } ?? ""
            let text = "\r\u{1B}[K(\(searchLabel()))`\(query)': \(match)"
            FileHandle.standardOutput.write(text.data(using: .utf8)!)
        }
        /// Clears the search's row; CC_REDISPLAY then draws the prompt and the line afresh.
        func finish() -> UInt8 {
            FileHandle.standardOutput.write("\r\u{1B}[K".data(using: .utf8)!)
            return UInt8(CC_REDISPLAY)
        }
        draw()
        while true {
            var wc: wchar_t = 0
            let got = el_wgetc(editLine, &wc)
            if Interrupt.pending {
                // Ctrl-C drops the line as it does outside the search: ending el_gets here with
                // the interrupt still pending lets readLine report it, and the next line starts empty.
                return UInt8(CC_EOF)
            }
            if got <= 0 { return finish() }
            switch UInt32(bitPattern: wc) {
            case 0x12:  // Ctrl-R: the next older match
                if let current = found, let older = history.search(query, before: current) { found = older }
            case 0x7F, 0x08:  // Backspace: search again from the newest line
                if !query.isEmpty { query.removeLast() }
                found = history.search(query, before: history.lines.count)
            case 0x0D, 0x0A:  // Enter: run the match; with none, only end the search
                guard let found else { return finish() }
                replaceLine(with: history.lines[found])
                el_push(editLine, "\n")  // libedit's own Enter ends (and terminates) the line
                return finish()
            case 0x1B where inputFollows():
                // A key that sends a sequence (an arrow, Home, End) is "any other key": the
                // match is kept to edit, and the key is handed back to act on it.
                var sequence = "\u{1B}"
                if el_wgetc(editLine, &wc) > 0, let scalar = Unicode.Scalar(UInt32(bitPattern: wc)) {
                    sequence.unicodeScalars.append(scalar)
                    if scalar == "[" || scalar == "O" {
                        // Parameters, then one final character from @ to ~.
                        while el_wgetc(editLine, &wc) > 0, let next = Unicode.Scalar(UInt32(bitPattern: wc)) {
                            sequence.unicodeScalars.append(next)
                            if (0x40...0x7E).contains(next.value) { break }
                        }
                    }
                }
                if let found { replaceLine(with: history.lines[found]) }
                el_push(editLine, sequence)
                return finish()
            case 0x07, 0x1B:  // Ctrl-G, Esc: give up
                return finish()
            case let c where c < 0x20:  // any other key: keep the match to edit
                if let found { replaceLine(with: history.lines[found]) }
                return finish()
            case let c:
                if let scalar = Unicode.Scalar(c) { query.unicodeScalars.append(scalar) }
                // From the current match backwards (from the newest line when there is none):
                // a longer query never finds a newer line.
                found = history.search(query, before: (found ?? history.lines.count - 1) + 1)
            }
            draw()
        }
    }
}

private let promptFunction: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { e in
    EditLineReader.reader(e)?.prompt
}

private let completeFunction: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { e, _ in
    EditLineReader.reader(e)?.complete() ?? UInt8(CC_ERROR)
}

private let searchFunction: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { e, _ in
    EditLineReader.reader(e)?.search() ?? UInt8(CC_ERROR)
}
