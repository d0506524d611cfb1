import JieduiCore

/// Text rules shared by the XLSX writer and reader: XML escaping, Excel's own `_xHHHH_`
/// escapes, column letters, and how wide a text looks on screen and on paper.
public enum SpreadsheetText {
    /// Escapes text for XML 1.0 content or attribute values.
    ///
    /// Characters that XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped: a single
    /// one would make Excel refuse the whole workbook. CR is written as `&#13;` because a parser
    /// would otherwise turn it into LF.
    static func escaped(_ text: String, attribute: Bool = false) -> String {
        escaped(text, attribute: attribute, cellText: false)
    }

    /// Escapes the text of a cell: as `escaped(_:)`, and a literal `_xHHHH_` gets its underscore
    /// escaped as `_x005F_`, since Excel decodes that pattern in cell strings and would otherwise
    /// change the text.
    static func escapedCellText(_ text: String) -> String {
        escaped(text, attribute: false, cellText: true)
    }

    private static func escaped(_ text: String, attribute: Bool, cellText: Bool) -> String {
        if isPlain(text) { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func append(_ literal: String) { out.append(contentsOf: literal.unicodeScalars) }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x22 where attribute: append("&quot;")
            case 0x0D: append("&#13;")
            case 0x0A where attribute: append("&#10;")
            case 0x09 where attribute: append("&#9;")
            case 0x09, 0x0A: out.append(scalar)
            case 0x00...0x1F, 0xFFFE, 0xFFFF: break
            case 0x5F where cellText && startsExcelEscape(scalars, at: index): append("_x005F_")
            default: out.append(scalar)
            }
            index += 1
        }
        return String(out)
    }

    /// Undoes Excel's `_xHHHH_` escapes (how Excel stores control characters in strings).
    static func decodingExcelEscapes(_ text: String) -> String {
        guard containsUnderscoreX(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if startsExcelEscape(scalars, at: index),
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let decoded = Unicode.Scalar(value) {
                out.append(decoded)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    /// The column letters of a 1-based column number: 1 → A, 27 → AA.
    public static func columnName(_ column: Int) -> String {
        precondition(column >= 1, "spreadsheet columns are 1-based, got \(column)")
        if column < commonColumnNames.count { return commonColumnNames[column] }
        return makeColumnName(column)
    }

    /// The names of the first columns, made once: every cell written names its column.
    private static let commonColumnNames = [""] + (1...256).map(makeColumnName)

    private static func makeColumnName(_ column: Int) -> String {
        var number = column
        var letters: [UInt8] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(UInt8(65 + remainder))
            number = (number - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The 1-based column number of a cell reference such as `C7` or `$AB$12`; nil if it has no letters.
    static func columnNumber(ofReference reference: String) -> Int? {
        var number = 0
        var sawLetter = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                number = number * 26 + Int(byte - UInt8(ascii: "A")) + 1
                sawLetter = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                number = number * 26 + Int(byte - UInt8(ascii: "a")) + 1
                sawLetter = true
            default:
                return sawLetter ? number : nil
            }
            if number > 16_384 { return nil }
        }
        return sawLetter ? number : nil
    }

    /// How many character cells the widest line of `text` takes: a CJK or full-width character
    /// counts 2, as it does in a terminal and, near enough, in a spreadsheet column whose width is
    /// measured in digit widths.
    static func displayWidth(_ text: String) -> Int {
        measure(text).widest
    }

    /// The widest line of a text and its number of lines, in one pass.
    private static func measure(_ text: String) -> TextMeasure {
        var widest = 0, current = 0, lines = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                widest = max(widest, current)
                current = 0
                lines += 1
            } else {
                current += scalarWidth(scalar)
            }
        }
        return TextMeasure(widest: max(widest, current), lines: lines)
    }

    /// The widest line of a cell's text and its number of lines, in one pass.
    static func measure(_ value: CellValue) -> TextMeasure {
        switch value {
        case .text(let text):
            return measure(text)
        case .number(let number):
            return TextMeasure(widest: String(number).utf8.count, lines: 1)
        case .empty:
            return TextMeasure(widest: 0, lines: 1)
        }
    }

    /// How many lines `text` takes when wrapped in `width` character cells, the way spreadsheet
    /// programs wrap Chinese: between any two Chinese characters, but never before closing
    /// punctuation (，、。）…) nor after an opening bracket; a run of Latin letters and digits
    /// (an ID-card number, a date) only at its ends, or anywhere when it is longer than a line;
    /// and at every line break of the text. It errs towards more lines, never fewer.
    static func wrappedLineCount(_ text: String, width: Int) -> Int {
        let room = max(width, 2)
        var lines = 1
        var used = 0
        // The piece last placed on the current line, which a closing mark takes along.
        var lastPlaced = 0
        // An unbreakable run not yet placed, and whether it ends with an opening bracket.
        var pending = 0
        var glued = false

        func place(_ piece: Int) {
            guard piece > 0 else { return }
            if used + piece <= room {
                used += piece
                lastPlaced = piece
                return
            }
            if used > 0 { lines += 1 }
            let extra = (piece - 1) / room
            lines += extra
            used = piece - extra * room
            lastPlaced = used
        }
        func flush() {
            place(pending)
            pending = 0
            glued = false
        }

        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                flush()
                lines += 1
                used = 0
                lastPlaced = 0
                continue
            }
            let width = scalarWidth(scalar)
            let mayBeMark = !isLetterOrDigit(scalar)
            if scalar == " " {
                flush()
                used = min(room, used + 1)
                lastPlaced = 0
            } else if mayBeMark && closingMarks.contains(scalar) {
                if pending > 0 {
                    pending += width
                } else if used + width <= room {
                    used += width
                    lastPlaced += width
                } else {
                    // It cannot start a line: the piece before it moves down with it.
                    lines += 1
                    used = min(room, lastPlaced + width)
                    lastPlaced = used
                }
            } else if mayBeMark && openingMarks.contains(scalar) {
                if !glued { flush() }
                pending += width
                glued = true
            } else if width >= 2 {
                if glued {
                    pending += width
                    flush()
                } else {
                    flush()
                    place(width)
                }
            } else {
                pending += width
                glued = false
            }
        }
        flush()
        return lines
    }

    /// A CJK ideograph or an ASCII letter or digit, most of what a sheet holds: no mark, known
    /// without looking it up in the sets below.
    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value, lower = value | 0x20
        return (0x4E00...0x9FFF).contains(value) || (0x30...0x39).contains(value) || (0x61...0x7A).contains(lower)
    }

    /// Punctuation that may not begin a line.
    private static let closingMarks: Set<Unicode.Scalar> = Set("，。、；：？！）」』】》〉〕”’．,.;:?!)]}%".unicodeScalars)
    /// Punctuation that may not end a line.
    private static let openingMarks: Set<Unicode.Scalar> = Set("（「『【《〈〔“‘([{".unicodeScalars)

    /// Whether `_x` occurs: a byte scan, for Foundation's `contains` costs more than the cell.
    private static func containsUnderscoreX(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "_") && byte == UInt8(ascii: "x") { return true }
            previous = byte
        }
        return false
    }

    /// One table of widths for the terminal and the sheet: Core's.
    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int { DisplayWidth.cells(of: scalar) }

    /// Whether `_xHHHH_` (four hex digits) starts at `index`.
    private static func startsExcelEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index] == "_", scalars[index + 1] == "x",
              scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// True when no character needs escaping, the common case, so most cells are copied as they are.
    private static func isPlain(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x00...0x1F, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "\""), UInt8(ascii: "_"):
                return false
            case 0xBE...0xBF where previous == 0xBF:
                return false  // maybe U+FFFE or U+FFFF (EF BF BE/BF): let the slow path decide
            default:
                break
            }
            previous = byte
        }
        return true
    }
}

/// What the writer measures of a cell's text: its widest line, in character cells, and its
/// number of lines before any wrapping.
struct TextMeasure {
    let widest: Int
    let lines: Int
}
