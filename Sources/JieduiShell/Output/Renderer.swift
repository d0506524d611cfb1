import Foundation
import JieduiCore
import JieduiExport

/// Turns an `Output` into the text of the chosen format, masking personal numbers unless
/// revealed. The only place that decides how values look when printed.
struct Renderer {
    let format: OutputFormat
    let lang: Lang
    let mask: Bool
    let colour: Bool

    /// The lines to print (without trailing newlines); empty when nothing is printed.
    func render(_ output: Output) -> [String] {
        switch output {
        case .nothing:
            return []
        case .added(let key, let keyName, let name):
            // A key may be a typed name (a village's): masked like any typed text.
            let key = masked(key)
            switch format {
            case .json: return ["{\(jsonString(keyName)):\(jsonString(key))}"]
            case .csv, .tsv: return []
            case .table: return [Self.terminalText(name.map { "\(key) \(masked($0))" } ?? key)]
            }
        case .addedMany(let keys):
            switch format {
            case .json: return ["{\"ids\":[\(keys.map(jsonString).joined(separator: ","))]}"]
            case .csv, .tsv: return []
            case .table: return [keys.joined(separator: " ")]
            }
        case .table(let columns, let rows):
            return renderTable(columns, rows)
        case .record(let columns, let values):
            switch format {
            case .json: return [jsonObject(columns, values)]
            case .csv, .tsv: return renderTable(columns, [values])
            case .table:
                let headings = columns.map { $0.heading(lang) }
                let width = headings.map(\.displayWidth).max() ?? 0
                return zip(headings, zip(columns, values)).map { heading, pair in
                    Self.droppingTrailingSpaces(heading.padded(toWidth: width) + "  " + Self.terminalText(display(pair.1, in: pair.0), keepingLineBreaks: true))
                }
            }
        case .count(let n):
            return [String(n)]
        case .counts(let column, let counts):
            switch format {
            case .json:
                let members = counts.map { "\(jsonString(display($0.0, in: column))):\($0.1)" }
                return ["{\(members.joined(separator: ","))}"]
            default:
                let countColumn = Column(key: "count", label: "数量")
                return renderTable([column, countColumn], counts.map { [$0.0, .int($0.1)] })
            }
        case .message(let message):
            guard format == .table else { return [] }
            // A message quotes what was typed (a name, a path); the audit chain's head is a digest.
            if case .auditWhole = message { return [message.text(lang)] }
            return [Self.terminalText(masked(message.text(lang)), keepingLineBreaks: true)]
        case .exported(let path, let rows, let sha):
            let path = masked(path)
            return summary(["path": .text(path), "rows": .int(rows), "sha256": .text(sha)],
                           .exportedFile(path: Self.terminalText(path), rows: rows, sha256: sha))
        case .imported(let read, let added, let updated, let rejected):
            return summary(["read": .int(read), "added": .int(added), "updated": .int(updated), "rejected": .int(rejected)],
                           .importSummary(read: read, added: added, updated: updated, rejected: rejected))
        case .text(let text):
            return format == .json ? [jsonString(text)] : text.components(separatedBy: "\n")
        }
    }

    /// What an export or import did: the sentence in a table, otherwise one record of its keys.
    /// The values are paths, counts and digests, printed as they are (nothing personal to mask),
    /// each quoted as its format quotes a field.
    private func summary(_ fields: KeyValuePairs<String, Value>, _ sentence: Message) -> [String] {
        switch format {
        case .table:
            return [sentence.text(lang)]
        case .json:
            var out = "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                appendJSONString(key, to: &out)
                out += ":" + (value.intValue.map(String.init) ?? jsonString(value.text))
            }
            return [out + "}"]
        case .csv:
            return [fields.map { CSVWriter.quoted($0.key) }.joined(separator: ","), fields.map { CSVWriter.quoted($0.value.text) }.joined(separator: ",")]
        case .tsv:
            return [fields.map(\.key).joined(separator: "\t"), fields.map { tsvField($0.value.text) }.joined(separator: "\t")]
        }
    }

    /// A value as printed in a cell: masked if personal, lists joined by `、`.
    func display(_ value: Value, in column: Column) -> String {
        let text = value.text
        guard mask else { return text }
        switch column.kind {
        case .plain:
            switch value {
            case .text, .list: return Masking.maskPersonalNumbers(in: text)
            case .null, .int, .date: return text
            }
        case .personal: return Masking.maskPersonalField(text)
        case .unknown: return Masking.maskPersonalNumbers(in: text)
        case .digest: return text
        }
    }

    /// Text the output quotes (a name, a path): its personal numbers masked unless revealed.
    private func masked(_ text: String) -> String {
        mask ? Masking.maskPersonalNumbers(in: text) : text
    }

    private func renderTable(_ columns: [Column], _ rows: [[Value]]) -> [String] {
        switch format {
        case .json:
            // One line, appended to in place: a listing can hold tens of thousands of rows.
            let keys = columns.map { jsonString($0.key) + ":" }
            var out = "["
            // Room for the whole line at once, rather than copying it each time it outgrows itself.
            out.reserveCapacity(rows.count * (keys.reduce(2) { $0 + $1.utf8.count + 1 } + 24 * columns.count))
            for (n, row) in rows.enumerated() {
                if n > 0 { out += "," }
                out += "{"
                for (i, value) in row.enumerated() where i < columns.count {
                    if i > 0 { out += "," }
                    out += keys[i]
                    appendJSONValue(value, in: columns[i], to: &out)
                }
                out += "}"
            }
            out += "]"
            return [out]
        case .csv:
            return [columns.map { CSVWriter.quoted($0.key) }.joined(separator: ",")]
                + rows.map { row in
                    var line = ""
                    for (i, value) in row.enumerated() where i < columns.count {
                        if i > 0 { line += "," }
                        line += CSVWriter.quoted(display(value, in: columns[i]))
                    }
                    return line
                }
        case .tsv:
            return [columns.map(\.key).joined(separator: "\t")]
                + rows.map { row in zip(columns, row).map { tsvField(display($1, in: $0)) }.joined(separator: "\t") }
        case .table:
            let headings = columns.map { $0.heading(lang) }
            // Each cell is measured once; a line is built from known widths.
            let cells = rows.map { row in zip(columns, row).map { Cell(Self.terminalText(display($1, in: $0))) } }
            let headingCells = headings.map(Cell.init)
            var widths = headingCells.map(\.width)
            for row in cells {
                for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.width) }
            }
            let numeric = columns.indices.map { i in rows.allSatisfy { $0[i].intValue != nil || $0[i] == .null } && !rows.isEmpty }
            func line(_ cells: [Cell], bold: Bool = false) -> String {
                var text = ""
                for (i, cell) in cells.enumerated() {
                    if i > 0 { text += "  " }
                    let pad = String(repeating: " ", count: max(0, widths[i] - cell.width))
                    text += numeric[i] ? pad + cell.text : cell.text + pad
                }
                let trimmed = Self.droppingTrailingSpaces(text)
                return bold && colour ? "\u{1B}[1m\(trimmed)\u{1B}[0m" : trimmed
            }
            return [line(headingCells, bold: true)] + cells.map { line($0) }
        }
    }

    /// A table cell's text and the terminal cells it takes.
    private struct Cell {
        let text: String
        let width: Int
        init(_ text: String) {
            self.text = text
            width = text.displayWidth
        }
    }

    /// A value's text as a terminal is to show it: line breaks and tabs as spaces (unless line
    /// breaks are kept), and any other control character, which would move the cursor or
    /// repaint the screen (an imported cell may hold anything), as `?`. Most text has none and
    /// is returned as it is after one look at its bytes.
    static func terminalText(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var previous: UInt8 = 0
        let clean = text.utf8.allSatisfy { byte in
            defer { previous = byte }
            // C0 and DEL; C1 (U+0080–U+009F) is C2 80–9F in UTF-8.
            return byte >= 0x20 && byte != 0x7F && !(previous == 0xC2 && byte < 0xA0) || (keepingLineBreaks && byte == 0x0A)
        }
        if clean { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where keepingLineBreaks: out.append(scalar)
            case "\n", "\r", "\t": out.append(" ")
            default: out.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar)
            }
        }
        return String(out)
    }

    /// The text without the spaces that pad its last column.
    private static func droppingTrailingSpaces(_ text: String) -> String {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        return end == utf8.endIndex ? text : String(text[..<end])
    }

    private func jsonObject(_ columns: [Column], _ values: [Value]) -> String {
        var out = "{"
        for (i, (column, value)) in zip(columns, values).enumerated() {
            if i > 0 { out += "," }
            appendJSONString(column.key, to: &out)
            out += ":"
            appendJSONValue(value, in: column, to: &out)
        }
        return out + "}"
    }

    /// Appends a value as JSON: absent and empty as null, numbers as numbers, lists as arrays.
    private func appendJSONValue(_ value: Value, in column: Column, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .int(let n): out += String(n)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                appendJSONString(mask && column.kind != .digest ? Masking.maskPersonalNumbers(in: item) : item, to: &out)
            }
            out += "]"
        case .text(let s) where s.isEmpty: out += "null"
        default: appendJSONString(display(value, in: column), to: &out)
        }
    }

    func jsonString(_ text: String) -> String {
        var out = ""
        appendJSONString(text, to: &out)
        return out
    }

    /// Appends the text as a JSON string literal.
    func appendJSONString(_ text: String, to out: inout String) {
        // Most values need no escaping: check the bytes once and copy them whole.
        out += "\""
        if text.utf8.withContiguousStorageIfAvailable(Self.needsNoEscape) ?? Self.needsNoEscape(Array(text.utf8)) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Whether UTF-8 bytes hold nothing JSON escapes: no control character, quote, backslash,
    /// or U+2028/U+2029 (`E2 80 A8`/`A9`), which some readers take for line ends.
    private static func needsNoEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return false }
            i += 1
        }
        return true
    }

    private static func needsNoEscape(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(needsNoEscape)
    }

    private func tsvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}
