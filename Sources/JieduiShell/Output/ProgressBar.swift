import Foundation
import JieduiCore

/// A progress bar on standard error for long work, with rate and time left. It draws only
/// when standard error is a terminal, at most ten times a second, and clears itself at the end.
final class ProgressBar {
    private let total: Int
    private let lang: Lang
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A bar for `total` steps, or nil when there is no terminal to draw on.
    init?(total: Int, lang: Lang) {
        guard total > 0, isatty(STDERR_FILENO) == 1 else { return nil }
        self.total = total
        self.lang = lang
    }

    private var done = 0

    func update(_ done: Int) {
        self.done = done
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
        lastDraw = now
        draw()
    }

    /// Takes the bar off its line so that output can be printed there.
    func clear() {
        if drawn { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
    }

    /// Puts the bar back under output just printed.
    func redraw() {
        if drawn { draw() }
    }

    private func draw() {
        let now = Date()
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let cells = 24
        let filled = min(cells, done * cells / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
        let text = Message.progress(done: done, total: total, rate: Int(rate), secondsLeft: Int(left.rounded())).text(lang)
        FileHandle.standardError.write("\r\u{1B}[K\(bar) \(text)".data(using: .utf8)!)
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
        drawn = false
    }
}
