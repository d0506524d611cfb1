import Foundation
import JieduiCore

/// How the reader turns a spreadsheet's numbers into the text a person would type: integers
/// without ".0", no exponent notation, and dates as ISO `YYYY-MM-DD`.
enum SpreadsheetNumbers {
    /// The plain decimal text of a stored number, from its shortest round-trip form.
    ///
    /// Digits are never invented: `5.11304201405012E+17` becomes `511304201405012000`, the
    /// 15 significant digits a spreadsheet kept of an ID-card number followed by zeros, which is
    /// how the importer recognises an ID-card number that was damaged before it reached us (the
    /// XLSX reader keeps a cell's number of 16 or more digits in exponent form before asking
    /// here). A number written with more digits than the 15 a spreadsheet keeps
    /// (`0.30000000000000004`) gives no more of what was typed, only the binary number's noise:
    /// it is read to 15, as a spreadsheet shows it (`0.3`).
    static func plainText(_ raw: String) -> String {
        let trimmed = raw.trimmed
        if let integer = plainInteger(trimmed) { return integer }
        guard let number = Double(trimmed), number.isFinite else { return trimmed }
        let shown = Double(String(format: "%.14e", number)) ?? number
        return expanded(shown.description)
    }

    /// The ISO date of a date serial number, or nil when the number cannot be a date.
    ///
    /// In the 1900 system day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was
    /// (serial 60), so serials from 61 on count from 1899-12-30 and earlier ones from 1899-12-31.
    /// In the 1904 system (old Mac workbooks) day 0 is 1904-01-01. The time of day is dropped.
    static func isoDate(serial: Double, uses1904Dates: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        let day = Int(serial.rounded(.down))
        let daysSince1970: Int
        if uses1904Dates {
            daysSince1970 = Day(year: 1904, month: 1, day: 1)!.dayNumber + day
        } else {
            guard day >= 1 else { return nil }
            // 1899-12-30 and -31 lie before Day's accepted years, so count from 1900-01-01.
            daysSince1970 = Day(year: 1900, month: 1, day: 1)!.dayNumber - (day >= 61 ? 2 : 1) + day
        }
        return Day(dayNumber: daysSince1970).iso
    }

    /// Whether a cell format shows its number as a date.
    ///
    /// Built-in ids: 14–17 and 22 everywhere, and the ones East Asian locales (zh-CN among them)
    /// give to 年/月/日 formats: 27–31, 36, 50–54, 57, 58. The time-only formats (18–21, 32–35,
    /// 45–47, 55, 56) are not dates: a time has no day to write as YYYY-MM-DD.
    static func isDateFormat(id: Int, customFormats: [Int: String]) -> Bool {
        if let code = customFormats[id] { return isDateFormatCode(code) }
        return builtInDateFormats.contains(id)
    }

    /// Whether a custom format code shows a date: after removing quoted text, escaped
    /// characters, `[...]` parts (colours, locales, elapsed `[h]`) and padding, it has a year or
    /// day code, or a month `m` that is not minutes (no `h` or `s` beside it).
    static func isDateFormatCode(_ code: String) -> Bool {
        var kept: [Character] = []
        var elapsedTime = false
        var iterator = code.lowercased().makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"":
                while let next = iterator.next(), next != "\"" {}
            case "\\", "_", "*":
                _ = iterator.next()
            case "[":
                var inside = ""
                while let next = iterator.next(), next != "]" { inside.append(next) }
                if !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { elapsedTime = true }
            default:
                kept.append(character)
            }
        }
        if kept.contains("y") || kept.contains("d") { return true }
        return kept.contains("m") && !kept.contains("h") && !kept.contains("s") && !elapsedTime
    }

    private static let builtInDateFormats: Set<Int> = [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36,
                                                       50, 51, 52, 53, 54, 57, 58]

    /// Normalises an integer literal (sign, leading zeros) without going through `Double`, so
    /// that an integer of any length keeps all its digits.
    private static func plainInteger(_ text: String) -> String? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let significant = digits.drop { $0 == "0" }
        if significant.isEmpty { return "0" }
        return (negative ? "-" : "") + significant
    }

    /// Rewrites Swift's shortest form (`5.11304201405012e+17`, `1e-07`, `12.0`) in plain decimals.
    private static func expanded(_ shortest: String) -> String {
        var text = Substring(shortest)
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text = text.dropFirst()
        }
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = text[..<marker]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = whole + fraction
        let point = whole.count + exponent  // position of the decimal point within `digits`
        var integerPart: String
        var fractionPart: String
        if point <= 0 {
            integerPart = "0"
            fractionPart = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            integerPart = digits + String(repeating: "0", count: point - digits.count)
            fractionPart = ""
        } else {
            integerPart = String(digits.prefix(point))
            fractionPart = String(digits.dropFirst(point))
        }
        integerPart = String(integerPart.drop { $0 == "0" })
        if integerPart.isEmpty { integerPart = "0" }
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        if integerPart == "0" && fractionPart.isEmpty { sign = "" }
        return sign + integerPart + (fractionPart.isEmpty ? "" : "." + fractionPart)
    }

}
