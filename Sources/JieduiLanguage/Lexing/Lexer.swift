import JieduiCore

/// Splits input into commands and tokens (language.md, "Lexical rules").
///
/// Commands end at a newline or `;`; a line ending in `\`, or an unclosed `"`, continues on
/// the next line. `#` starts a comment outside quotes. Spaces are ASCII space, tab and U+3000.
/// Besides the spec's special characters, `<`, `>`, `!` and `~` end a bare word, so that
/// `age>=8` reads as a comparison.
public struct Lexer {
    /// Unicode scalars, not Characters: comparing scalars is cheap, and a script is long.
    private let chars: [Unicode.Scalar]
    /// The source and where each scalar starts in it, so a command's text is one slice copy.
    private let source: String.UnicodeScalarView
    private let starts: [String.Index]
    private var index = 0
    private var line = 1
    private var column = 1

    public init(_ text: String, firstLine: Int = 1) {
        source = text.unicodeScalars
        var chars: [Unicode.Scalar] = []
        var starts: [String.Index] = []
        chars.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count + 1)
        var index = source.startIndex
        while index < source.endIndex {
            starts.append(index)
            chars.append(source[index])
            index = source.index(after: index)
        }
        starts.append(source.endIndex)
        self.chars = chars
        self.starts = starts
        line = firstLine
    }

    /// Every command of the input, in order; empty lines and comments give none.
    public static func commands(in text: String, firstLine: Int = 1) -> [LexedCommand] {
        var lexer = Lexer(text, firstLine: firstLine)
        var result: [LexedCommand] = []
        while let command = lexer.nextCommand() {
            if !command.tokens.isEmpty || command.error != nil { result.append(command) }
        }
        return result
    }

    private var atEnd: Bool { index >= chars.count }
    private var current: Unicode.Scalar { chars[index] }
    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func advance() {
        if current == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// Spaces between words: a full-width space too, and a byte-order mark, which files joined
    /// from several saved by Notepad carry in their middle.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{3000}" || c == "\r" || c == "\u{FEFF}"
    }

    static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" }

    /// The same tests for Characters (a CRLF line end is one Character).
    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{3000}" || c == "\r" || c == "\u{FEFF}"
    }

    static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }

    static func endsWord(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\u{3000}", "\u{FEFF}", "\r", "\n", "\"", ";", "#", "=", "＝", "(", ")", ",", "<", ">", "!", "~": true
        default: false
        }
    }

    /// Whether a `\` at `index` is the last thing on its line (spaces may follow).
    private func isContinuation(at position: Int) -> Bool {
        var i = position + 1
        while i < chars.count, Self.isSpace(chars[i]) { i += 1 }
        return i >= chars.count || Self.isNewline(chars[i])
    }

    private mutating func skipToLineEnd() {
        while !atEnd, !Self.isNewline(current) { advance() }
    }

    /// Reads one command; nil at the end of the input.
    mutating func nextCommand() -> LexedCommand? {
        // Skip blank space and separators before the command.
        while !atEnd, Self.isSpace(current) || Self.isNewline(current) || current == ";" { advance() }
        if atEnd { return nil }
        var command = LexedCommand(location: location)
        let start = index
        var end = index
        func finish(_ command: inout LexedCommand) {
            command.text = String(source[starts[start]..<starts[max(start, end)]])
        }
        while !atEnd {
            let c = current
            if Self.isSpace(c) {
                advance()
            } else if Self.isNewline(c) || c == ";" {
                advance()
                break
            } else if c == "#" {
                skipToLineEnd()
            } else if c == "\\", isContinuation(at: index) {
                advance()
                while !atEnd, Self.isSpace(current) { advance() }
                if !atEnd { advance() }
            } else if c == "\"" {
                let at = location
                advance()
                var text = ""
                var closed = false
                while !atEnd {
                    let q = current
                    if q == "\"" {
                        advance()
                        closed = true
                        break
                    }
                    if q == "\\" {
                        let escapeAt = location
                        advance()
                        guard !atEnd else { break }
                        switch current {
                        case "\"": text.unicodeScalars.append("\"")
                        case "\\": text.unicodeScalars.append("\\")
                        case "n": text.unicodeScalars.append("\n")
                        default:
                            if command.error == nil {
                                command.error = Diagnostic(.badEscape("\\" + String(Character(current))), at: escapeAt)
                            }
                        }
                        advance()
                        continue
                    }
                    // A CRLF line end inside quotes is a line break, as it is everywhere else.
                    if q != "\r" || index + 1 >= chars.count || chars[index + 1] != "\n" { text.unicodeScalars.append(q) }
                    advance()
                }
                if !closed {
                    command.error = command.error ?? Diagnostic(.unclosedQuote, at: at)
                }
                command.tokens.append(Token(kind: .word(text, quoted: true), location: at))
                end = index
            } else if c == "=" || c == "＝" {
                command.tokens.append(Token(kind: .equals, location: location))
                advance()
                end = index
            } else if c == "(" || c == ")" || c == "," {
                let kind: Token.Kind = c == "(" ? .openParen : c == ")" ? .closeParen : .comma
                command.tokens.append(Token(kind: kind, location: location))
                advance()
                end = index
            } else if c == "<" || c == ">" || c == "!" || c == "~" {
                let at = location
                advance()
                let withEquals = !atEnd && (current == "=" || current == "＝")
                if withEquals { advance() }
                let op: ComparisonOperator? = switch (c, withEquals) {
                case ("<", false): .less
                case ("<", true): .lessOrEqual
                case (">", false): .greater
                case (">", true): .greaterOrEqual
                case ("!", true): .notEqual
                case ("~", false): .contains
                default: nil
                }
                if let op {
                    command.tokens.append(Token(kind: .op(op), location: at))
                } else if command.error == nil {
                    command.error = Diagnostic(.unexpectedToken(withEquals ? "\(Character(c))=" : String(Character(c))), at: at)
                }
                end = index
            } else {
                let at = location
                var text = ""
                while !atEnd, !Self.endsWord(current) {
                    if current == "\\", isContinuation(at: index) { break }
                    text.unicodeScalars.append(current)
                    advance()
                }
                command.tokens.append(Token(kind: .word(text, quoted: false), location: at))
                end = index
                if command.tokens.count == 1, text.lowercased() == "sql" {
                    command.raw = readRaw()
                    end = index
                    if !atEnd { advance() }
                    break
                }
            }
        }
        finish(&command)
        return command
    }

    /// The rest of an `sql` command as typed: up to a `;` outside SQL quotes, or the line's end.
    private mutating func readRaw() -> String {
        var text = ""
        var quote: Unicode.Scalar? = nil
        while !atEnd {
            let c = current
            if Self.isNewline(c) { break }  // an `sql` command is one line, quotes or not
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == ";" {
                break
            }
            text.unicodeScalars.append(c)
            advance()
        }
        return text
    }
}

extension Lexer {
    /// A value written so that the lexer reads it back as exactly that value: a bare word where
    /// it can be one, else in quotes with `"`, `\` and line breaks escaped. The inverse of
    /// reading a word, used where the program writes commands (the demo town's script).
    public static func word(_ value: String) -> String {
        // A backslash is quoted too: at the end of a line a bare one would continue it.
        let bare = !value.isEmpty && !value.unicodeScalars.contains { endsWord($0) || $0 == "\\" || $0 == "\r" }
        if bare { return value }
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
