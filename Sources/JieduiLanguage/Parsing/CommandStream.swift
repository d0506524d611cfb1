/// The commands of a script, parsed as they are reached: the text is cut into the lines that
/// make up one command (a trailing `\` or an open quote carries on to the next line) and only
/// those are lexed, so that a script of hundreds of thousands of lines is never held as tokens.
public struct CommandStream: Sequence, IteratorProtocol {
    private let text: String
    private var position: String.Index
    private var line = 1
    private var pending: [Result<Command, Diagnostic>] = []

    public init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    /// About how many commands there are: the number of lines (for progress bars).
    public static func estimatedCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    public mutating func next() -> Result<Command, Diagnostic>? {
        while pending.isEmpty {
            guard let (chunk, firstLine) = nextChunk() else { return nil }
            pending = Lexer.commands(in: String(chunk), firstLine: firstLine).map(Parser.parse).reversed()
        }
        return pending.removeLast()
    }

    /// The next run of lines that holds whole commands, and the number of its first line.
    private mutating func nextChunk() -> (Substring, Int)? {
        guard position < text.endIndex else { return nil }
        let start = position
        let firstLine = line
        var state = ScanState()
        while position < text.endIndex {
            let end = text[position...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) ?? text.endIndex
            state.scan(text[position..<end])
            position = end < text.endIndex ? text.index(after: end) : end
            line += 1
            if !state.continues { break }
        }
        return (text[start..<position], firstLine)
    }

    /// Whether the lines so far leave a quote open or end in `\`.
    private struct ScanState {
        var inQuote = false
        var continues = false

        mutating func scan(_ line: Substring) {
            var escaped = false
            var lastOutside: Character?
            var comment = false
            for c in line {
                if inQuote {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inQuote = false }
                    continue
                }
                if comment { continue }
                if c == "#" { comment = true; continue }
                if c == "\"" { inQuote = true; continue }
                if !Lexer.isSpace(c) { lastOutside = c }
            }
            continues = inQuote || (!comment && lastOutside == "\\")
        }
    }
}
