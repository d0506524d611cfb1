extension String {
    /// Terminal cells the text occupies, so that tables with Chinese names line up: East Asian
    /// Wide and Fullwidth characters (and emoji shown as emoji) take 2, combining and invisible
    /// characters 0, the rest 1. Measured per grapheme cluster, so a ZWJ emoji sequence or a flag
    /// counts once.
    public var displayWidth: Int {
        DisplayWidth.simpleWidth(of: self) ?? reduce(0) { $0 + DisplayWidth.cells(of: $1) }
    }

    /// Pads with spaces on the right up to `width` cells; longer text is returned unchanged,
    /// because cutting a name in a ledger would change what it says.
    public func padded(toWidth width: Int) -> String {
        let missing = width - displayWidth
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }
}

/// The width table behind `String.displayWidth`, after Unicode's EastAsianWidth.txt (W and F).
package enum DisplayWidth {
    /// The width of text made only of printable ASCII and the common CJK blocks, where every
    /// scalar is a character of its own; nil for anything else, which is measured per grapheme.
    static func simpleWidth(of text: String) -> Int? {
        var width = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20..<0x7F: width += 1
            case 0x3000...0x3029, 0x3030...0x303E, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60: width += 2
            default: return nil
            }
        }
        return width
    }

    /// Width of one user-perceived character, at most 2 cells.
    static func cells(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first(where: { cells(of: $0) > 0 }) else { return 0 }
        if scalars.contains("\u{FE0E}") { return 1 }  // text presentation requested
        if scalars.contains("\u{FE0F}"), base.properties.isEmoji { return 2 }
        if (0x1F1E6...0x1F1FF).contains(base.value) { return scalars.count >= 2 ? 2 : 1 }
        return min(2, scalars.reduce(0) { $0 + cells(of: $1) })
    }

    /// Width of a scalar on its own: what a terminal shows, and what a spreadsheet's column
    /// widths are reckoned in (`SpreadsheetText`).
    package static func cells(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }  // fast path for ASCII
        // CJK ideographs, Hangul syllables and full-width forms: two cells without asking for
        // the category (a ledger is mostly such characters).
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF60: return 2
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator,
             .paragraphSeparator, .surrogate:
            return 0
        default:
            break
        }
        // Hangul medial vowels and final consonants join the initial consonant's cell.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(value) ? 2 : 1
    }

    /// Whether `value` falls in a Wide or Fullwidth range; binary search over sorted ranges.
    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Wide (W) and Fullwidth (F) ranges that are not emoji; emoji come from
    /// `isEmojiPresentation`, which is the same set EastAsianWidth marks W for them.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2329...0x232A,   // angle brackets
        0x2E80...0x2E99, 0x2E9B...0x2EF3,  // CJK radicals supplement
        0x2F00...0x2FD5,   // Kangxi radicals
        0x2FF0...0x2FFF,   // ideographic description characters
        0x3000...0x303E,   // ideographic space, CJK symbols and punctuation (、。「」〔〕)
        0x3041...0x3096,   // hiragana
        0x3099...0x30FF,   // kana marks, katakana
        0x3105...0x312F,   // bopomofo
        0x3131...0x318E,   // Hangul compatibility jamo
        0x3190...0x31E5,   // kanbun, bopomofo extended, CJK strokes
        0x31EF...0x321E,   // katakana phonetic extensions, enclosed CJK
        0x3220...0x3247,
        0x3250...0xA48C,   // enclosed CJK, CJK extension A, Yijing, CJK unified ideographs, Yi
        0xA490...0xA4C6,   // Yi radicals
        0xA960...0xA97C,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B,  // CJK compatibility, small forms
        0xFF01...0xFF60,   // full-width forms (，（）：；！？ and full-width letters, digits)
        0xFFE0...0xFFE6,   // full-width signs (￥ ￡)
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1,
        0x17000...0x18CD5, 0x18CFF...0x18D08,  // Tangut, Khitan
        0x1AFF0...0x1AFF3, 0x1AFF5...0x1AFFB, 0x1AFFD...0x1AFFE,
        0x1B000...0x1B122, 0x1B132...0x1B132, 0x1B150...0x1B152, 0x1B155...0x1B155,
        0x1B164...0x1B167, 0x1B170...0x1B2FB,  // kana supplement, Nüshu
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265,  // enclosed ideographic supplement
        0x20000...0x2FFFD, 0x30000...0x3FFFD,  // CJK extensions B and later
    ]
}
