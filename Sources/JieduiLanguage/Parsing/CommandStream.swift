/// The commands of a script, parsed as they are reached: the text is cut into the lines that
/// make up one command (a trailing `\` or an open quote carries on to the next line) and only
/// those are lexed, so that a script of hundreds of thousands of lines is never held as tokens.
/// The lines come from a `LineSource`: text in memory, or a file read a block at a time.
public struct CommandStream: Sequence, IteratorProtocol {
    private let source: any LineSource
    private var line = 1
    private var pending: [Result<Command, Diagnostic>] = []

    public init(_ text: String) {
        source = TextLines(text)
    }

    public init(lines: any LineSource) {
        source = lines
    }

    /// About how many commands there are: the number of lines (for progress bars).
    public static func estimatedCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    public mutating func next() -> Result<Command, Diagnostic>? {
        while pending.isEmpty {
            guard let (chunk, firstLine) = nextChunk() else { return nil }
            pending = Lexer.commands(in: chunk, firstLine: firstLine).map(Parser.parse).reversed()
        }
        return pending.removeLast()
    }

    /// The next run of lines that holds whole commands, and the number of its first line.
    private mutating func nextChunk() -> (String, Int)? {
        guard var chunk = source.nextLine() else { return nil }
        let firstLine = line
        var state = ScanState()
        var current = chunk
        while true {
            state.scan(Self.withoutBreak(current))
            line += 1
            guard state.continues, let next = source.nextLine() else { break }
            chunk += next
            current = next
        }
        return (chunk, firstLine)
    }

    /// A line without its line break (`\n` or `\r\n`).
    private static func withoutBreak(_ line: String) -> Substring {
        let utf8 = line.utf8
        var end = utf8.endIndex
        if end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "\n") {
            end = utf8.index(before: end)
            if end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        }
        return line[..<end]
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
