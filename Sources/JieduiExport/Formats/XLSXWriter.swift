import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a cell holds. Only counts are numbers: an ID-card or phone number, a date or any other
/// text is `.text`, because a spreadsheet keeps only 15 significant digits of a number.
public enum CellValue: Sendable, Equatable {
    case text(String)
    case number(Int)
    case empty
}

/// How a cell looks; these styles are all a filed ledger, book or report needs.
public enum CellStyle: Sendable, Equatable {
    /// Bold 16pt, centred; the caller merges it across the table.
    case title
    /// Plain 11pt, left, no border: the 填报单位 line.
    case subtitle
    /// Plain 11pt, right, no border: 填报时间 at the right end of the 填报单位 line.
    case subtitleRight
    /// Bold 11pt, left, no border: a table's caption (表一 …, 一、儿童基本情况).
    case caption
    /// Bold, thin borders, centred, wrapped, light grey fill, text format.
    case heading
    /// Thin borders, wrapped, vertically centred, number format `@` so the program never reads
    /// the text as a number or a date.
    case text
    /// Thin borders, integer format `0`, right aligned.
    case number
    /// As `text`, bold: the label of a 合计 row.
    case totalText
    /// As `number`, bold: the figures of a 合计 row.
    case totalNumber
    /// Plain 11pt, left, no border: the 合计 and signature lines.
    case footer

    /// Whether the style wraps its text within the column, so that its width is capped and
    /// its lines counted; the others overflow into (or are merged across) their neighbours.
    var wraps: Bool {
        switch self {
        case .heading, .text, .totalText: true
        case .title, .subtitle, .subtitleRight, .caption, .number, .totalNumber, .footer: false
        }
    }

    /// Whether the style's width is measured at all: a title, subtitle, caption or footer spans
    /// merged cells or overflows, and letting it widen its first column would spoil the table.
    var isMeasured: Bool {
        switch self {
        case .heading, .text, .number, .totalText, .totalNumber: true
        case .title, .subtitle, .subtitleRight, .caption, .footer: false
        }
    }
}

/// The least and the greatest width of a column, in the file's units (one unit is the width
/// of a digit of the normal font, padding included). Between them the column is as wide as its
/// widest measured cell; text wider than the greatest width wraps, and its row grows.
public struct ColumnWidth: Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double

    public init(minimum: Double, maximum: Double) {
        precondition(minimum >= 0 && maximum >= minimum, "bad column width \(minimum)…\(maximum)")
        self.minimum = minimum
        self.maximum = maximum
    }

    /// As wide as the content, within the limits.
    public static func fitted(minimum: Double = 0, maximum: Double = XLSXWriter.defaultMaximumWidth) -> ColumnWidth {
        ColumnWidth(minimum: minimum, maximum: maximum)
    }

    /// Exactly this wide, whatever the content.
    public static func fixed(_ width: Double) -> ColumnWidth {
        ColumnWidth(minimum: width, maximum: width)
    }
}

/// How one worksheet is set up for screen and print.
public struct SheetLayout: Sendable {
    /// The sheet's name; the writer makes it valid (at most 31 characters, none of `[]:*?/\`, unique).
    public var name: String
    /// Rows frozen at the top, so that the heading stays in view while scrolling. The writer
    /// keeps these rows until the sheet ends, to size their height by the final column widths.
    public var frozenRows: Int
    /// Columns frozen at the left, so that a row's child stays in view while scrolling across.
    public var frozenColumns: Int = 0
    /// 1-based rows repeated at the top of every printed page.
    public var printTitleRows: ClosedRange<Int>?
    /// The paper and orientation; the sheet is always fitted to one page wide.
    public var page = PageSetup()
    /// Page numbers that restart at 1 on this sheet (`第 P 页`), for a workbook whose sheets are
    /// filed apart, such as one book per child; otherwise `第 P 页，共 N 页`.
    public var pageNumbersPerSheet = false
    /// The limits of each column's width (index 0 is column A); a column past the end of the
    /// list is `.fitted()`.
    public var columns: [ColumnWidth] = []

    public init(name: String, frozenRows: Int = 0, printTitleRows: ClosedRange<Int>? = nil) {
        self.name = name
        self.frozenRows = frozenRows
        self.printTitleRows = printTitleRows
    }

    /// A4 or A3 landscape when true, portrait otherwise.
    public var landscape: Bool {
        get { page.landscape }
        set { page.landscape = newValue }
    }

    func limits(_ column: Int) -> ColumnWidth {
        column <= columns.count ? columns[column - 1] : .fitted()
    }
}

/// Writes an .xlsx workbook row by row, in constant memory, to a byte-identical file for the
/// same calls.
///
/// Why it is built this way:
/// - Streaming: a sheet's rows go to a temporary file as they are appended; only per-column
///   widths and the merge list stay in memory. A worksheet needs `<cols>` before `<sheetData>`,
///   so the head of the sheet is composed when the sheet ends, and the zip entry is fed from
///   that head, the rows file, and the tail, in chunks.
/// - Deterministic: entries are added in a fixed order with a fixed date (1980-01-01 00:00) and
///   fixed permissions, with deflate; the document properties carry fixed timestamps; nothing
///   depends on dictionary order, the clock, the locale or the user.
/// - Private and whole: everything is built in a directory readable by the owner only beside the
///   destination; the finished file gets `mode` (0600 by default, since a ledger holds personal
///   data) and is renamed into place, so a failed export leaves nothing under the asked-for name.
public final class XLSXWriter {
    private let path: String
    private let mode: mode_t
    private let workDirectory: String
    private var finishedSheets: [FinishedSheet] = []
    private var currentSheet: OpenSheet?
    private var usedSheetNames: Set<String> = []
    private var isFinished = false

    /// The greatest width of a column that sets none: one long 备注 wraps instead of pushing
    /// the table off the page.
    public static let defaultMaximumWidth = 40.0
    /// Added to the widest content of a column for the cell's inner margins: Excel pads a cell
    /// by 5 px, under one digit of 宋体 (8 px).
    static let columnPadding = 1.0
    /// The width of a column with nothing measured in it.
    static let defaultColumnWidth = 9.0
    /// One 11pt line, in points: the default row height, and the height of each line of a row
    /// whose text wraps (宋体 needs 13.5 in Excel, LibreOffice's stand-ins 11.6 to 12.8).
    static let lineHeight = 15.0
    /// The height of a row holding a 16pt title.
    static let titleRowHeight = 30.0
    /// The date given to every zip entry and document property: a fixed date keeps the file
    /// byte-identical, and 1980-01-01 is the earliest date a zip entry can carry.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    public init(path: String, mode: mode_t = 0o600) throws {
        self.path = path
        self.mode = mode
        self.workDirectory = try OutputFiles.makeWorkDirectory(besides: path)
    }

    deinit {
        currentSheet = nil
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    /// Starts a worksheet; rows appended next belong to it.
    public func beginSheet(_ layout: SheetLayout) throws {
        precondition(!isFinished, "beginSheet after finish")
        precondition(currentSheet == nil, "beginSheet while another sheet is open: call endSheet first")
        precondition(layout.frozenRows >= 0, "frozenRows must not be negative")
        precondition(layout.printTitleRows.map { $0.lowerBound >= 1 } ?? true, "print title rows are 1-based")
        let name = uniqueSheetName(layout.name, number: finishedSheets.count + 1)
        let rowsPath = "\(workDirectory)/rows\(finishedSheets.count + 1).deflate"
        let descriptor = try OutputFiles.createPrivateFile(at: rowsPath)
        currentSheet = OpenSheet(layout: layout, name: name, rowsPath: rowsPath,
                                 rows: DeflatingFileWriter(descriptor: descriptor, path: rowsPath))
    }

    /// Appends the next row of the current sheet; cell i goes to column i + 1.
    ///
    /// `height` is in points. Without it, a title row gets room for its 16pt font and a row whose
    /// wrapped text needs several lines gets one line's height per line, since not every
    /// program grows rows to fit wrapped text when it opens a file. The lines are counted at the
    /// column widths measured so far, which only grow: a row may get more room than it needs,
    /// never less. The frozen rows at the top are kept until the sheet ends and counted at the
    /// final widths.
    public func appendRow(_ cells: [(CellValue, CellStyle)], height: Double? = nil) throws {
        guard let sheet = currentSheet else { preconditionFailure("appendRow outside beginSheet/endSheet") }
        sheet.rowCount += 1
        // Each cell's text is measured once, for its column's width and its row's lines.
        let measured = cells.enumerated().map { offset, cell in sheet.measure(cell.0, style: cell.1, column: offset + 1) }
        sheet.columnCount = max(sheet.columnCount, cells.count)
        if sheet.rowCount <= sheet.layout.frozenRows {
            sheet.heldRows.append(HeldRow(cells: cells, height: height))
        } else {
            let rowHeight = height ?? sheet.rowHeight(cells, measured: measured)
            try sheet.rows.write { Self.appendRowXML(to: &$0, number: sheet.rowCount, cells: cells, height: rowHeight) }
        }
    }

    /// The `<row>` element of one row.
    private static func rowXML(number rowNumber: Int, cells: [(CellValue, CellStyle)], height: Double?) -> String {
        var bytes: [UInt8] = []
        appendRowXML(to: &bytes, number: rowNumber, cells: cells, height: height)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the `<row>` element of one row as UTF-8, without making a String of it: a
    /// ledger writes tens of thousands of rows, and composing them as text was a quarter of it.
    static func appendRowXML(to out: inout [UInt8], number rowNumber: Int, cells: [(CellValue, CellStyle)], height: Double?) {
        let row = Array(String(rowNumber).utf8)
        out.append(contentsOf: #"<row r=""#.utf8)
        out.append(contentsOf: row)
        if let height {
            out.append(contentsOf: #"" ht=""#.utf8)
            out.append(contentsOf: Self.decimal(height).utf8)
            out.append(contentsOf: #"" customHeight="1"#.utf8)
        }
        out.append(contentsOf: #"">"#.utf8)
        for (offset, (value, style)) in cells.enumerated() {
            out.append(contentsOf: #"<c r=""#.utf8)
            out.append(contentsOf: SpreadsheetText.columnName(offset + 1).utf8)
            out.append(contentsOf: row)
            out.append(contentsOf: #"" s=""#.utf8)
            out.append(contentsOf: String(Self.styleIndex(style)).utf8)
            switch value {
            case .text(let text) where !text.isEmpty:
                out.append(contentsOf: Self.needsPreservedSpace(text) ? #"" t="inlineStr"><is><t xml:space="preserve">"#.utf8 : #"" t="inlineStr"><is><t>"#.utf8)
                out.append(contentsOf: SpreadsheetText.escapedCellText(text).utf8)
                out.append(contentsOf: "</t></is></c>".utf8)
            case .number(let number):
                out.append(contentsOf: #""><v>"#.utf8)
                out.append(contentsOf: String(number).utf8)
                out.append(contentsOf: "</v></c>".utf8)
            case .text, .empty:
                out.append(contentsOf: #""/>"#.utf8)
            }
        }
        out.append(contentsOf: "</row>".utf8)
    }

    /// The height, in points, that a row of `lines` lines of 11pt text asks for, at most the
    /// 409.5 a spreadsheet allows (about 27 lines); nil for one line, which the sheet's default
    /// height holds.
    public static func height(lines: Int) -> Double? {
        lines > 1 ? min(Double(lines) * lineHeight, maximumRowHeight) : nil
    }

    /// The tallest row Excel and LibreOffice keep, in points.
    static let maximumRowHeight = 409.5

    /// Merges a block of cells of the current sheet (1-based, inclusive), for the title and the
    /// subtitle and footer lines that span the table.
    public func merge(fromColumn: Int, row: Int, toColumn: Int, toRow: Int) {
        let (sheet, from, to) = block("merge", fromColumn: fromColumn, row: row, toColumn: toColumn, toRow: toRow)
        sheet.merges.append("\(from):\(to)")
    }

    /// Makes the first `columns` columns of the current sheet wide enough together for a 16pt
    /// title merged across them, which does not wrap.
    func fitTitle(_ title: String, acrossColumns columns: Int) {
        guard let sheet = currentSheet else { preconditionFailure("fitTitle outside beginSheet/endSheet") }
        sheet.titleSpan = (columns, Self.titleWidth(title))
    }

    /// The width, in column units, a 16pt title takes: 16pt against the 11pt a unit is
    /// measured in, and a margin each side.
    static func titleWidth(_ title: String) -> Double {
        Double(SpreadsheetText.displayWidth(title)) * 16 / 11 + 4
    }

    /// Column widths grown alike, where together they are narrower than `total`, so that they
    /// take at least that much (within Excel's 255 each).
    static func widened(_ widths: [Double], toTake total: Double) -> [Double] {
        let shortfall = total - widths.reduce(0, +)
        guard shortfall > 0, !widths.isEmpty else { return widths }
        let share = (shortfall / Double(widths.count)).rounded(.up)
        return widths.map { min(255, $0 + share) }
    }

    /// Puts an autofilter on a block of the current sheet (1-based, inclusive): its first row
    /// is the heading row whose cells get the filter buttons.
    public func autoFilter(fromColumn: Int, row: Int, toColumn: Int, toRow: Int) {
        let (sheet, from, to) = block("autoFilter", fromColumn: fromColumn, row: row, toColumn: toColumn, toRow: toRow)
        sheet.autoFilter = (from, to)
    }

    /// The current sheet and the A1 names of a block's corners, for `operation` on it.
    private func block(_ operation: String, fromColumn: Int, row: Int, toColumn: Int, toRow: Int) -> (OpenSheet, String, String) {
        guard let sheet = currentSheet else { preconditionFailure("\(operation) outside beginSheet/endSheet") }
        precondition(fromColumn >= 1 && row >= 1 && toColumn >= fromColumn && toRow >= row,
                     "bad \(operation) range \(fromColumn),\(row) – \(toColumn),\(toRow)")
        return (sheet, SpreadsheetText.columnName(fromColumn) + String(row), SpreadsheetText.columnName(toColumn) + String(toRow))
    }

    /// Ends the current sheet: its column widths, frozen pane, merges and page setup are now
    /// known, so its head and tail are composed; its rows stay on disk until `finish`.
    public func endSheet() throws {
        guard let sheet = currentSheet else { preconditionFailure("endSheet without beginSheet") }
        let rows = try sheet.rows.close()
        let index = finishedSheets.count
        finishedSheets.append(FinishedSheet(
            name: sheet.name,
            head: try Deflater.compress(Array(sheetHead(sheet, selected: index == 0).utf8), final: false),
            rows: (sheet.rowsPath, rows.crc, rows.count, rows.compressedSize),
            tail: try Deflater.compress(Array(sheetTail(sheet).utf8), final: true),
            printTitleRows: sheet.layout.printTitleRows,
            autoFilter: sheet.autoFilter))
        currentSheet = nil
    }

    /// Writes the workbook and returns the SHA-256 (lowercase hex) of the file.
    ///
    /// A workbook needs at least one sheet: a caller with nothing to export must say so itself
    /// rather than file an empty workbook.
    public func finish() throws -> String {
        precondition(!isFinished, "finish called twice")
        precondition(currentSheet == nil, "finish while a sheet is open: call endSheet first")
        precondition(!finishedSheets.isEmpty, "a workbook needs at least one sheet")
        isFinished = true
        let archivePath = "\(workDirectory)/book.xlsx"
        let digest = try writeArchive(at: archivePath)
        try OutputFiles.install(archivePath, at: path, mode: mode)
        try? FileManager.default.removeItem(atPath: workDirectory)
        return digest
    }

    // MARK: - The archive

    /// Writes the archive and returns its SHA-256.
    private func writeArchive(at archivePath: String) throws -> String {
        let archive = try ZIPWriter(path: archivePath)
        func add(_ name: String, _ xml: String) throws {
            let part = try Deflater.compress(Array(xml.utf8), final: true)
            try archive.addEntry(name, pieces: [.bytes(part.data)], crc: part.crc, uncompressedSize: part.count)
        }
        let names = finishedSheets.map(\.name)
        try add("[Content_Types].xml", Self.contentTypes(sheetCount: names.count))
        try add("_rels/.rels", Self.packageRelationships)
        try add("docProps/app.xml", Self.appProperties)
        try add("docProps/core.xml", Self.coreProperties)
        try add("xl/workbook.xml", workbookXML())
        try add("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: names.count))
        try add("xl/styles.xml", Self.styles)
        for (index, sheet) in finishedSheets.enumerated() {
            // Head, rows and tail, each deflated on its own, make one stream (see `Deflater`).
            let crc = Deflater.combine(Deflater.combine(sheet.head.crc, sheet.rows.crc, secondCount: sheet.rows.count),
                                       sheet.tail.crc, secondCount: sheet.tail.count)
            try archive.addEntry("xl/worksheets/sheet\(index + 1).xml",
                                 pieces: [.bytes(sheet.head.data), .file(path: sheet.rows.path, size: sheet.rows.compressedSize), .bytes(sheet.tail.data)],
                                 crc: crc, uncompressedSize: sheet.head.count + sheet.rows.count + sheet.tail.count)
            try? FileManager.default.removeItem(atPath: sheet.rows.path)
        }
        return try archive.finish()
    }

    // MARK: - Sheet XML around the rows

    private func sheetHead(_ sheet: OpenSheet, selected: Bool) -> String {
        let layout = sheet.layout
        var xml = Self.xmlDeclaration
        xml += "<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        if sheet.rowCount > 0 && sheet.columnCount > 0 {
            xml += "<dimension ref=\"A1:\(SpreadsheetText.columnName(sheet.columnCount))\(sheet.rowCount)\"/>"
        } else {
            xml += "<dimension ref=\"A1\"/>"
        }
        xml += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        xml += Self.frozenPane(rows: layout.frozenRows, columns: layout.frozenColumns)
        xml += "</sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"\(Self.decimal(Self.lineHeight))\"/>"
        let widths = sheet.columnWidths()
        if !widths.isEmpty {
            xml += "<cols>"
            for (offset, width) in widths.enumerated() {
                xml += "<col min=\"\(offset + 1)\" max=\"\(offset + 1)\" width=\"\(Self.decimal(width))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        // The frozen rows, held back until now so that their heights fit the final widths.
        for (offset, held) in sheet.heldRows.enumerated() {
            let measured = held.cells.map { value, _ in SpreadsheetText.measure(value) }
            xml += Self.rowXML(number: offset + 1, cells: held.cells, height: held.height ?? sheet.rowHeight(held.cells, measured: measured))
        }
        return xml
    }

    /// The frozen pane of a sheet view, with a selection in each pane it makes.
    private static func frozenPane(rows: Int, columns: Int) -> String {
        guard rows > 0 || columns > 0 else { return "" }
        let topLeft = SpreadsheetText.columnName(columns + 1) + String(rows + 1)
        let active = rows > 0 && columns > 0 ? "bottomRight" : (rows > 0 ? "bottomLeft" : "topRight")
        var xml = "<pane"
        if columns > 0 { xml += " xSplit=\"\(columns)\"" }
        if rows > 0 { xml += " ySplit=\"\(rows)\"" }
        xml += " topLeftCell=\"\(topLeft)\" activePane=\"\(active)\" state=\"frozen\"/>"
        if rows > 0 && columns > 0 {
            xml += "<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>"
        }
        xml += "<selection pane=\"\(active)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        return xml
    }

    private func sheetTail(_ sheet: OpenSheet) -> String {
        var xml = "</sheetData>"
        if let (from, to) = sheet.autoFilter {
            xml += "<autoFilter ref=\"\(from):\(to)\"/>"
        }
        if !sheet.merges.isEmpty {
            xml += "<mergeCells count=\"\(sheet.merges.count)\">"
            for range in sheet.merges { xml += "<mergeCell ref=\"\(range)\"/>" }
            xml += "</mergeCells>"
        }
        let page = sheet.layout.page
        xml += "<printOptions horizontalCentered=\"1\"/>"
        xml += "<pageMargins left=\"\(Self.decimal(PageSetup.sideMargin))\" right=\"\(Self.decimal(PageSetup.sideMargin))\""
        xml += " top=\"\(Self.decimal(PageSetup.topMargin))\" bottom=\"\(Self.decimal(PageSetup.bottomMargin))\""
        xml += " header=\"\(Self.decimal(PageSetup.headerMargin))\" footer=\"\(Self.decimal(PageSetup.footerMargin))\"/>"
        xml += "<pageSetup paperSize=\"\(page.paper.code)\" orientation=\"\(page.landscape ? "landscape" : "portrait")\""
        xml += " fitToWidth=\"1\" fitToHeight=\"0\""
        // Page numbers, so that the pages of a filed ledger can be put back in order; a book's
        // sheets are filed one per child, so each child's pages count from 1.
        if sheet.layout.pageNumbersPerSheet {
            xml += " firstPageNumber=\"1\" useFirstPageNumber=\"1\"/>"
            xml += "<headerFooter><oddFooter>&amp;C第 &amp;P 页</oddFooter></headerFooter>"
        } else {
            xml += "/>"
            xml += "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
        }
        xml += "</worksheet>"
        return xml
    }

    private func workbookXML() -> String {
        var xml = Self.xmlDeclaration
        xml += "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
        xml += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in finishedSheets.enumerated() {
            let name = SpreadsheetText.escaped(sheet.name, attribute: true)
            xml += "<sheet name=\"\(name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        // Print titles, and the filter ranges that Excel expects beside an autofilter.
        var names: [String] = []
        for (index, sheet) in finishedSheets.enumerated() {
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            if let (from, to) = sheet.autoFilter {
                let reference = "\(quoted)!\(Self.absolute(from)):\(Self.absolute(to))"
                names.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                             + SpreadsheetText.escaped(reference) + "</definedName>")
            }
            if let rows = sheet.printTitleRows {
                let reference = "\(quoted)!$\(rows.lowerBound):$\(rows.upperBound)"
                names.append("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"
                             + SpreadsheetText.escaped(reference) + "</definedName>")
            }
        }
        if !names.isEmpty {
            xml += "<definedNames>" + names.joined() + "</definedNames>"
        }
        xml += "</workbook>"
        return xml
    }

    // MARK: - Helpers

    /// Makes a name Excel accepts: no `[]:*?/\`, no leading or trailing apostrophe, at most 31
    /// UTF-16 units, not empty, not the reserved "History", and unique ignoring case.
    private func uniqueSheetName(_ requested: String, number: Int) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var name = String(requested.map { forbidden.contains($0) ? "_" : $0 })
        name = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0xFFFE && $0.value != 0xFFFF })
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        name = name.trimmed
        if name.isEmpty || name.lowercased() == "history" { name = name.isEmpty ? "Sheet\(number)" : name + "_" }
        var candidate = Self.truncated(name, to: 31)
        // Cut short, a name may end in an apostrophe again.
        while candidate.hasSuffix("'") { candidate.removeLast() }
        var suffix = 2
        while usedSheetNames.contains(candidate.lowercased()) {
            let tag = "(\(suffix))"
            candidate = Self.truncated(name, to: 31 - tag.utf16.count) + tag
            suffix += 1
        }
        usedSheetNames.insert(candidate.lowercased())
        return candidate
    }

    /// Cuts text to at most `limit` UTF-16 units (Excel's measure) without splitting a character.
    private static func truncated(_ text: String, to limit: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > limit { break }
            result.append(character)
            used += size
        }
        return result
    }

    private static func needsPreservedSpace(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if isSpace(first) || isSpace(last) { return true }
        // A byte scan for a line break or two spaces: Foundation's `contains` costs more than the cell.
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: " ") && previous == UInt8(ascii: " ")) { return true }
            previous = byte
        }
        return false
    }

    /// `C3` as `$C$3`.
    private static func absolute(_ reference: String) -> String {
        let letters = reference.prefix { $0.isLetter }
        return "$\(letters)$\(reference.dropFirst(letters.count))"
    }

    /// Formats a width or height with at most two decimals, independent of the locale.
    static func decimal(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func styleIndex(_ style: CellStyle) -> Int {
        switch style {
        case .title: return 1
        case .subtitle: return 2
        case .heading: return 3
        case .text: return 4
        case .number: return 5
        case .footer: return 6
        case .subtitleRight: return 7
        case .caption: return 8
        case .totalText: return 9
        case .totalNumber: return 10
        }
    }
}
