import Foundation
import JieduiCore
import JieduiExport

/// A survey sheet as `import` reads it (ledger.md, import): its rows, the heading row found
/// among them, and which record and field each column fills.
struct ImportSheet {
    /// A column of the sheet: which record and field its heading names.
    struct Column {
        let index: Int
        let heading: String
        let noun: Noun
        let field: String
    }

    /// The heading row's cells as they are (the errors file repeats them).
    let headings: [String]
    let columns: [Column]
    /// The rows below the heading row that hold anything, with their line numbers.
    let rows: [(row: Int, cells: [String])]

    /// Headings of a sheet's own row numbers, which nearly every 摸排表 has: ignored by themselves.
    static let rowNumberHeadings: Set<String> = ["序号", "编号"]

    /// Reads the file and finds its layout for an import of `noun`: the heading row is the
    /// first of the first 30 whose cells are mostly known keys or labels; any other unknown
    /// heading is an error unless `ignored` names it.
    init(path: String, noun: Noun, ignored: Set<String>) throws(ShellError) {
        let sheet = try Self.read(path).map { line in (row: line.row, cells: line.cells.map(Self.withoutInvisibles)) }
        var headingIndex: Int?
        // The row with the most known headings, for when none has a majority of them.
        var likeliest: (index: Int, known: Int, unknown: [String])?
        for (i, line) in sheet.prefix(30).enumerated() {
            // The row numbers' and the ignored headings count for nothing either way.
            let filled = line.cells.filter { !$0.trimmed.isEmpty && !Self.rowNumberHeadings.contains($0.trimmed) && !ignored.contains($0.trimmed) }
            let known = filled.filter { Self.column(for: $0, noun: noun) != nil }.count
            if known >= 2, known * 2 >= filled.count { headingIndex = i; break }
            if known >= 2, known > likeliest?.known ?? 0 {
                likeliest = (i, known, filled.map(\.trimmed).filter { Self.column(for: $0, noun: noun) == nil })
            }
        }
        guard let headingIndex else {
            // A heading row with more unknown headings than known ones: name them, as ledger.md
            // asks of unknown headings, rather than say there is no heading row.
            if let likeliest { throw ShellError(.unknownHeadings(likeliest.unknown)) }
            throw ShellError(.noHeadingRow(file: FilePath.name(of: path)))
        }
        headings = sheet[headingIndex].cells
        var columns: [Column] = []
        var unknown: [String] = []
        for (index, heading) in headings.enumerated() {
            let text = heading.trimmed
            if text.isEmpty || ignored.contains(text) || Self.rowNumberHeadings.contains(text) { continue }
            if let (target, field) = Self.column(for: text, noun: noun) {
                columns.append(Column(index: index, heading: text, noun: target, field: field))
            } else {
                unknown.append(text)
            }
        }
        if !unknown.isEmpty { throw ShellError(.unknownHeadings(unknown)) }
        // Two columns for one field (`监护人电话` twice, or it and `guardian_phone`): which one
        // a row means is anybody's guess, so the sheet is refused whole, naming them.
        for column in columns {
            let same = columns.filter { $0.noun == column.noun && $0.field == column.field }
            if same.count > 1 {
                throw ShellError(.duplicateHeading(field: FieldName(Schema.of(column.noun).field(column.field)),
                                                   columns: same.map { SpreadsheetText.columnName($0.index + 1) }))
            }
        }
        self.columns = columns
        // A row is empty unless a column read (or one without a heading) holds something: a
        // template's 序号 filled down the page, or a note in an ignored column, is no row.
        let headed = headings.map { !$0.trimmed.isEmpty }
        let read = Set(columns.map(\.index))
        rows = sheet[(headingIndex + 1)...].filter { line in
            line.cells.indices.contains { index in
                !line.cells[index].trimmed.isEmpty && (read.contains(index) || !(headed.indices.contains(index) && headed[index]))
            }
        }
        // A column without a heading would be read as nothing: its cells would be lost unseen.
        var unheaded = Set<Int>()
        for line in rows {
            for (index, cell) in line.cells.enumerated() where !(headed.indices.contains(index) && headed[index]) && !cell.trimmed.isEmpty {
                unheaded.insert(index)
            }
        }
        if !unheaded.isEmpty { throw ShellError(.unheadedColumns(unheaded.sorted().map { SpreadsheetText.columnName($0 + 1) })) }
    }

    /// A cell without the invisible marks text copied from web pages and chat apps carries
    /// (zero-width spaces and joiners, a stray byte-order mark): an ID-card number with one in
    /// front would be "19 characters" next to 18 that show.
    static func withoutInvisibles(_ cell: String) -> String {
        guard cell.unicodeScalars.contains(where: invisible.contains) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.filter { !invisible.contains($0) }))
    }

    private static let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"]

    /// The heading of the column an error without a place is about: a required field left empty.
    func heading(of message: Message) -> String? {
        guard case .fieldRequired(let name) = message else { return nil }
        return columns.first { Schema.of($0.noun).field(named: name.key ?? name.label)?.key == $0.field }?.heading
    }

    /// The field a heading names for an import of `noun` (child imports take family fields too).
    static func column(for heading: String, noun: Noun) -> (Noun, String)? {
        // A heading may be wrapped onto lines in its cell (by Alt+Enter, saved as LF or CRLF).
        let text = heading.trimmed.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
        guard !text.isEmpty else { return nil }
        if let field = Schema.of(noun).field(named: text), field.origin == .entered { return (noun, field.key) }
        if noun == .child {
            if let field = Schema.of(.family).field(named: text), field.origin == .entered { return (.family, field.key) }
        }
        return nil
    }

    /// Reads a CSV (UTF-8 or GB18030) or the first worksheet of an XLSX file into numbered rows.
    /// A workbook is known by its first bytes, not only its name: a ZIP container is read as
    /// XLSX (an `.xlsm`, or an `.xlsx` renamed), an OLE2 compound file is an old `.xls`.
    private static func read(_ path: String) throws(ShellError) -> [(row: Int, cells: [String])] {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw ShellError(.cannotReadFile(path: path, reason: .system(errno: errno)))
        }
        let start = (try? file.read(upToCount: 8)) ?? Data()
        try? file.close()
        if path.lowercased().hasSuffix(".xlsx") || start.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try reading(path) { try XLSXReader.readFirstSheet(path: path) }
        }
        if start.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw ShellError(.cannotReadSpreadsheet(path: path, reason: .spreadsheet(code: SpreadsheetError.Code.oldWorkbook.rawValue,
                                                                                     detail: "an Excel 97-2003 workbook (.xls)")))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShellError(.cannotReadFile(path: path, reason: .system(errno: errno)))
        }
        // Jiedui's own CSV files (a ledger, an .errors.csv) come back as they were written,
        // without the marks put before formulas and long digit strings.
        return try reading(path) { try CSVReader.readNumbered(data).rows.map { ($0.row, $0.cells.map(CSVReader.unguarded)) } }
    }

    /// What `read` gives, its failure as a sheet that cannot be read, saying why.
    private static func reading<T>(_ path: String, _ read: () throws -> T) throws(ShellError) -> T {
        do {
            return try read()
        } catch let error as SpreadsheetError {
            throw ShellError(.cannotReadSpreadsheet(path: path, reason: error.reason))
        } catch {
            throw ShellError(.cannotReadSpreadsheet(path: path, reason: FailureReason(error)))
        }
    }

    /// Where the bad rows of the sheet at `path` are written.
    static func errorsPath(besides path: String) -> String {
        FilePath.withoutExtension(path) + ".errors.csv"
    }

    /// Writes the bad rows, with their reasons, beside the input (`NAME.errors.csv`), to fix
    /// and import again; with none, removes an earlier one, which no longer says anything true.
    func writeErrors(_ rejected: [(row: Int, cells: [String], reason: String)], besides path: String) throws {
        let errorsPath = Self.errorsPath(besides: path)
        if rejected.isEmpty {
            try? FileManager.default.removeItem(atPath: errorsPath)
            return
        }
        // Every cell of a row is kept, so the reason stands after the widest row.
        let width = rejected.reduce(headings.count) { max($0, $1.cells.count) }
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: width - cells.count) }
        let writer = try CSVWriter(path: errorsPath)
        try writer.write(padded(headings) + ["错误原因"])
        for bad in rejected {
            try writer.write(padded(bad.cells) + [bad.reason])
        }
        _ = try writer.finish()
    }
}
