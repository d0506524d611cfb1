import Foundation
import ZIPFoundation

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

/// How a cell looks; the six styles are all a filed ledger, book or report needs.
public enum CellStyle: Sendable, Equatable {
    /// Bold 16pt, centred; the caller merges it across the table.
    case title
    /// Plain 11pt, left, no border: the 填报单位 / 填报时间 line.
    case subtitle
    /// Bold, thin borders, centred, wrapped, light grey fill, text format.
    case heading
    /// Thin borders, wrapped, vertically centred, number format `@` so the program never reads
    /// the text as a number or a date.
    case text
    /// Thin borders, integer format `0`, right aligned.
    case number
    /// Plain 11pt, left, no border: the 合计 and signature lines.
    case footer
}

/// How one worksheet is set up for screen and print.
public struct SheetLayout: Sendable {
    /// The sheet's name; the writer makes it valid (at most 31 characters, none of `[]:*?/\`, unique).
    public var name: String
    /// Rows frozen at the top, so that the heading stays in view while scrolling.
    public var frozenRows: Int
    /// 1-based rows repeated at the top of every printed page.
    public var printTitleRows: ClosedRange<Int>?
    /// A4 landscape when true, A4 portrait otherwise; either way fitted to one page wide.
    public var landscape: Bool = true
    /// The least width of each column, in Excel's character units, for columns whose content
    /// alone would make them too narrow (for example a 签名 column left blank for ink).
    public var minColumnWidths: [Double] = []

    public init(name: String, frozenRows: Int = 0, printTitleRows: ClosedRange<Int>? = nil) {
        self.name = name
        self.frozenRows = frozenRows
        self.printTitleRows = printTitleRows
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

    /// Wrapped text columns stop growing at this width (in character cells) and wrap instead,
    /// so that one long 备注 does not push the table off the page.
    static let wrapWidth = 50
    /// Added to the widest content of a column for the cell's inner margins.
    static let columnPadding = 2.0
    /// The width of a column with nothing measured in it.
    static let defaultColumnWidth = 9.0
    /// One 11pt line, in points, for the height of rows whose text wraps.
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
        let rowsPath = "\(workDirectory)/rows\(finishedSheets.count + 1).xml"
        let descriptor = try OutputFiles.createPrivateFile(at: rowsPath)
        currentSheet = OpenSheet(layout: layout, name: name, rowsPath: rowsPath,
                                 rows: BufferedFileWriter(descriptor: descriptor, path: rowsPath))
    }

    /// Appends the next row of the current sheet; cell i goes to column i + 1.
    ///
    /// `height` is in points. Without it, a title row gets room for its 16pt font and a row whose
    /// wrapped text needs several lines gets one line's height per line, since not every
    /// program grows rows to fit wrapped text when it opens a file.
    public func appendRow(_ cells: [(CellValue, CellStyle)], height: Double? = nil) throws {
        guard let sheet = currentSheet else { preconditionFailure("appendRow outside beginSheet/endSheet") }
        sheet.rowCount += 1
        let rowNumber = sheet.rowCount
        var lines = 1
        var hasTitle = false
        var xml = "<row r=\"\(rowNumber)\""
        var cellsXML = ""
        for (offset, (value, style)) in cells.enumerated() {
            let column = offset + 1
            let reference = SpreadsheetText.columnName(column) + String(rowNumber)
            let styleIndex = Self.styleIndex(style)
            switch value {
            case .text(let text) where !text.isEmpty:
                let escaped = SpreadsheetText.escapedCellText(text)
                let space = Self.needsPreservedSpace(text) ? " xml:space=\"preserve\"" : ""
                cellsXML += "<c r=\"\(reference)\" s=\"\(styleIndex)\" t=\"inlineStr\"><is><t\(space)>\(escaped)</t></is></c>"
            case .number(let number):
                cellsXML += "<c r=\"\(reference)\" s=\"\(styleIndex)\"><v>\(number)</v></c>"
            case .text, .empty:
                cellsXML += "<c r=\"\(reference)\" s=\"\(styleIndex)\"/>"
            }
            hasTitle = hasTitle || style == .title
            lines = max(lines, sheet.measure(value, style: style, column: column))
        }
        sheet.columnCount = max(sheet.columnCount, cells.count)
        let rowHeight = height ?? (hasTitle ? Self.titleRowHeight : (lines > 1 ? Double(lines) * Self.lineHeight : nil))
        if let rowHeight {
            xml += " ht=\"\(Self.decimal(rowHeight))\" customHeight=\"1\""
        }
        xml += ">" + cellsXML + "</row>"
        try sheet.rows.write(xml)
    }

    /// Merges a block of cells of the current sheet (1-based, inclusive), for the title and the
    /// subtitle and footer lines that span the table.
    public func merge(fromColumn: Int, row: Int, toColumn: Int, toRow: Int) {
        guard let sheet = currentSheet else { preconditionFailure("merge outside beginSheet/endSheet") }
        precondition(fromColumn >= 1 && row >= 1 && toColumn >= fromColumn && toRow >= row,
                     "bad merge range \(fromColumn),\(row) – \(toColumn),\(toRow)")
        let from = SpreadsheetText.columnName(fromColumn) + String(row)
        let to = SpreadsheetText.columnName(toColumn) + String(toRow)
        sheet.merges.append("\(from):\(to)")
    }

    /// Ends the current sheet: its column widths, frozen pane, merges and page setup are now
    /// known, so its head and tail are composed; its rows stay on disk until `finish`.
    public func endSheet() throws {
        guard let sheet = currentSheet else { preconditionFailure("endSheet without beginSheet") }
        try sheet.rows.close()
        let rowsSize = sheet.rows.bytesWritten
        let index = finishedSheets.count
        finishedSheets.append(FinishedSheet(
            name: sheet.name,
            head: Data(sheetHead(sheet, selected: index == 0).utf8),
            rowsPath: sheet.rowsPath,
            rowsSize: rowsSize,
            tail: Data(sheetTail(sheet).utf8),
            printTitleRows: sheet.layout.printTitleRows))
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
        try writeArchive(at: archivePath)
        try OutputFiles.install(archivePath, at: path, mode: mode)
        let digest = try OutputFiles.sha256Hex(ofFileAt: path)
        try? FileManager.default.removeItem(atPath: workDirectory)
        return digest
    }

    // MARK: - The archive

    private func writeArchive(at archivePath: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: archivePath), accessMode: .create)
        } catch {
            throw SpreadsheetError(.io, "cannot create \(path): \(error)")
        }
        let names = finishedSheets.map(\.name)
        try add(archive, "[Content_Types].xml", [.bytes(Data(Self.contentTypes(sheetCount: names.count).utf8))])
        try add(archive, "_rels/.rels", [.bytes(Data(Self.packageRelationships.utf8))])
        try add(archive, "docProps/app.xml", [.bytes(Data(Self.appProperties.utf8))])
        try add(archive, "docProps/core.xml", [.bytes(Data(Self.coreProperties.utf8))])
        try add(archive, "xl/workbook.xml", [.bytes(Data(workbookXML().utf8))])
        try add(archive, "xl/_rels/workbook.xml.rels",
                [.bytes(Data(Self.workbookRelationships(sheetCount: names.count).utf8))])
        try add(archive, "xl/styles.xml", [.bytes(Data(Self.styles.utf8))])
        for (index, sheet) in finishedSheets.enumerated() {
            try add(archive, "xl/worksheets/sheet\(index + 1).xml",
                    [.bytes(sheet.head), .file(sheet.rowsPath, sheet.rowsSize), .bytes(sheet.tail)])
            try? FileManager.default.removeItem(atPath: sheet.rowsPath)
        }
    }

    private func add(_ archive: Archive, _ entryPath: String, _ parts: [EntryPart]) throws {
        let reader = EntryPartsReader(parts)
        do {
            try archive.addEntry(with: entryPath, type: .file, uncompressedSize: reader.totalSize,
                                 modificationDate: Self.fixedDate, permissions: 0o644,
                                 compressionMethod: .deflate, bufferSize: 1 << 16,
                                 provider: { _, size in try reader.next(size) })
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError(.io, "cannot write \(entryPath) into \(path): \(error)")
        }
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
        if layout.frozenRows > 0 {
            let topLeft = "A\(layout.frozenRows + 1)"
            xml += "<pane ySplit=\"\(layout.frozenRows)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
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
        return xml
    }

    private func sheetTail(_ sheet: OpenSheet) -> String {
        var xml = "</sheetData>"
        if !sheet.merges.isEmpty {
            xml += "<mergeCells count=\"\(sheet.merges.count)\">"
            for range in sheet.merges { xml += "<mergeCell ref=\"\(range)\"/>" }
            xml += "</mergeCells>"
        }
        xml += "<printOptions horizontalCentered=\"1\"/>"
        xml += "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        let orientation = sheet.layout.landscape ? "landscape" : "portrait"
        xml += "<pageSetup paperSize=\"9\" orientation=\"\(orientation)\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        // Page numbers, so that the pages of a filed ledger can be put back in order.
        xml += "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
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
        let titled = finishedSheets.enumerated().filter { $0.element.printTitleRows != nil }
        if !titled.isEmpty {
            xml += "<definedNames>"
            for (index, sheet) in titled {
                guard let rows = sheet.printTitleRows else { continue }
                let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
                let reference = "\(quoted)!$\(rows.lowerBound):$\(rows.upperBound)"
                xml += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"
                xml += SpreadsheetText.escaped(reference) + "</definedName>"
            }
            xml += "</definedNames>"
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
        }
    }
}

/// The state of the sheet being written: where its rows go, and what is measured of them.
private final class OpenSheet {
    let layout: SheetLayout
    let name: String
    let rowsPath: String
    let rows: BufferedFileWriter
    var rowCount = 0
    var columnCount = 0
    /// The widest measured content of each column, in character cells (index 0 is column A).
    var contentWidths: [Int] = []
    var merges: [String] = []

    init(layout: SheetLayout, name: String, rowsPath: String, rows: BufferedFileWriter) {
        self.layout = layout
        self.name = name
        self.rowsPath = rowsPath
        self.rows = rows
    }

    /// Records the width a cell asks of its column and returns how many lines it will take.
    ///
    /// Only heading, text and number cells count: a title, subtitle or footer spans merged
    /// cells, and letting it widen its first column would spoil the table.
    func measure(_ value: CellValue, style: CellStyle, column: Int) -> Int {
        let wraps: Bool
        switch style {
        case .heading, .text: wraps = true
        case .number: wraps = false
        case .title, .subtitle, .footer: return 1
        }
        let lineWidths: [Int]
        switch value {
        case .text(let text): lineWidths = SpreadsheetText.lineWidths(text)
        case .number(let number): lineWidths = [String(number).count]
        case .empty: return 1
        }
        let widest = lineWidths.max() ?? 0
        let wrapAt = max(XLSXWriter.wrapWidth, Int(minimumWidth(column) - XLSXWriter.columnPadding))
        let asked = wraps ? min(widest, wrapAt) : widest
        while contentWidths.count < column { contentWidths.append(0) }
        contentWidths[column - 1] = max(contentWidths[column - 1], asked)
        guard wraps else { return 1 }
        return lineWidths.reduce(0) { $0 + max(1, ($1 + wrapAt - 1) / wrapAt) }
    }

    func minimumWidth(_ column: Int) -> Double {
        column <= layout.minColumnWidths.count ? layout.minColumnWidths[column - 1] : 0
    }

    /// The final width of every column: content plus padding, at least the layout's minimum,
    /// at most Excel's limit of 255.
    func columnWidths() -> [Double] {
        let count = max(columnCount, layout.minColumnWidths.count)
        guard count > 0 else { return [] }
        return (1...count).map { column in
            let content = column <= contentWidths.count ? contentWidths[column - 1] : 0
            let natural = content == 0 ? XLSXWriter.defaultColumnWidth : Double(content) + XLSXWriter.columnPadding
            return min(255, max(minimumWidth(column), natural))
        }
    }
}

/// A sheet whose rows are complete on disk, waiting for `finish` to put it in the archive.
private struct FinishedSheet {
    let name: String
    let head: Data
    let rowsPath: String
    let rowsSize: Int64
    let tail: Data
    let printTitleRows: ClosedRange<Int>?
}

/// A piece of a zip entry's content: bytes in memory, or a file on disk of a known size.
private enum EntryPart {
    case bytes(Data)
    case file(String, Int64)

    var size: Int64 {
        switch self {
        case .bytes(let data): return Int64(data.count)
        case .file(_, let size): return size
        }
    }
}

/// Feeds a zip entry from its parts in order, a chunk at a time, so a sheet of any length
/// passes through memory one buffer at a time. ZIPFoundation asks for chunks sequentially.
private final class EntryPartsReader {
    private let parts: [EntryPart]
    private var partIndex = 0
    private var offsetInPart: Int64 = 0
    private var handle: FileHandle?
    let totalSize: Int64

    init(_ parts: [EntryPart]) {
        self.parts = parts
        self.totalSize = parts.reduce(0) { $0 + $1.size }
    }

    deinit { try? handle?.close() }

    func next(_ size: Int) throws -> Data {
        var chunk = Data()
        while chunk.count < size, partIndex < parts.count {
            let part = parts[partIndex]
            let wanted = min(Int64(size - chunk.count), part.size - offsetInPart)
            if wanted <= 0 {
                try? handle?.close()
                handle = nil
                partIndex += 1
                offsetInPart = 0
                continue
            }
            switch part {
            case .bytes(let data):
                let start = data.startIndex + Int(offsetInPart)
                chunk.append(data[start..<(start + Int(wanted))])
            case .file(let filePath, _):
                if handle == nil {
                    guard let opened = FileHandle(forReadingAtPath: filePath) else {
                        throw OutputFiles.ioError("cannot read back", filePath)
                    }
                    handle = opened
                }
                let read = try handle?.read(upToCount: Int(wanted)) ?? Data()
                guard !read.isEmpty else {
                    throw SpreadsheetError(.io, "\(filePath) is shorter than written")
                }
                chunk.append(read)
                offsetInPart += Int64(read.count)
                continue
            }
            offsetInPart += wanted
        }
        return chunk
    }
}
