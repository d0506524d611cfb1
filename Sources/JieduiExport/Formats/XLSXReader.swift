import Foundation
import ZIPFoundation

/// Reads the first worksheet of an .xlsx workbook as text, for importing survey sheets (摸排表).
///
/// Every cell comes back as the text a person sees or would type, whatever program wrote the
/// file: shared, inline and rich-text strings as they are; numbers in plain decimals (an integer
/// without ".0", no exponent); booleans as TRUE/FALSE; numbers shown as dates as `YYYY-MM-DD`.
/// A number of 16 or more digits is the exception: no spreadsheet holds one exactly (an ID-card
/// number typed into a number cell keeps 15 digits), so it keeps its exponent form with the 15
/// digits there are (`5.11304201405012E+17`) and is never taken for digits someone typed.
/// Whether a text is a valid ID-card number or date is for the importer to judge.
public struct XLSXReader {
    /// Parts larger than this are refused rather than inflated: a survey sheet is a few MB, and a
    /// crafted file must not exhaust memory.
    static let largestPart: UInt64 = 1 << 30

    /// Rows of cell texts, in order; missing cells are "", trailing empty cells dropped; row numbers kept.
    ///
    /// "First" is the first worksheet in the workbook's tab order that is not hidden (or the first
    /// worksheet if all are hidden); chart sheets are skipped. Rows with no text at all are left
    /// out; the row numbers of the others are the spreadsheet's, for messages like `FILE:7: …`.
    public static func readFirstSheet(path: String) throws -> [(row: Int, cells: [String])] {
        let workbook = try OpenedWorkbook(path: path)
        guard let sheet = workbook.worksheets.first(where: { !$0.isHidden }) ?? workbook.worksheets.first else {
            throw SpreadsheetError(.noWorksheet, "\(path) has no worksheet")
        }
        return try workbook.rows(of: sheet)
    }

    /// The names of the worksheets in tab order (for tests and messages).
    static func worksheetNames(path: String) throws -> [String] {
        try OpenedWorkbook(path: path).worksheets.map(\.name)
    }

    /// The rows of the worksheet with the given name, as `readFirstSheet` reads them.
    static func readSheet(path: String, named name: String) throws -> [(row: Int, cells: [String])] {
        let workbook = try OpenedWorkbook(path: path)
        guard let sheet = workbook.worksheets.first(where: { $0.name == name }) else {
            throw SpreadsheetError(.noWorksheet, "\(path) has no worksheet named \(name)")
        }
        return try workbook.rows(of: sheet)
    }

    /// The text of one cell from its type (`t`), style index (`s`), `<v>` and inline text.
    static func cellText(type: String, style: Int, value: String, inline: String, sharedStrings: [String],
                         dateStyles: [Bool], uses1904Dates: Bool) -> String {
        switch type {
        case "s":
            guard let index = Int(value.trimmed),
                  sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "inlineStr":
            return SpreadsheetText.decodingExcelEscapes(inline)
        case "str":
            return SpreadsheetText.decodingExcelEscapes(value)
        case "b":
            let flag = value.trimmed
            return flag.isEmpty ? "" : (flag == "1" || flag.lowercased() == "true" ? "TRUE" : "FALSE")
        case "e":
            return value
        case "d":
            // An ISO 8601 date cell (rare, Strict OOXML): keep the date when there is no time.
            if value.count > 10, value.dropFirst(10).hasPrefix("T00:00:00") { return String(value.prefix(10)) }
            return value
        default:
            guard !value.isEmpty else { return "" }
            if dateStyles.indices.contains(style), dateStyles[style],
               let serial = Double(value.trimmed),
               let date = SpreadsheetNumbers.isoDate(serial: serial, uses1904Dates: uses1904Dates) {
                return date
            }
            if let number = Double(value.trimmed), abs(number) >= 1e15 { return String(format: "%.14E", number) }
            return SpreadsheetNumbers.plainText(value)
        }
    }
}

/// A workbook whose package, sheet list, shared strings and styles have been read.
private struct OpenedWorkbook {
    struct Worksheet {
        let name: String
        let partPath: String
        let isHidden: Bool
    }

    let package: Package
    let worksheets: [Worksheet]
    let sharedStrings: [String]
    /// For each cell format (the `s` of a cell), whether it shows numbers as dates.
    let dateStyles: [Bool]
    let uses1904Dates: Bool

    init(path: String) throws {
        let package = try Package(path: path)
        self.package = package
        let rootRelationships = try package.relationships(ofPart: "")
        let workbookPath = rootRelationships.first { $0.type.hasSuffix("/officeDocument") && !$0.isExternal }
            .map { Package.resolve($0.target, from: "") } ?? "xl/workbook.xml"
        let workbook = WorkbookParser()
        guard try package.parse(workbookPath, with: workbook) else {
            throw SpreadsheetError(.malformed, "\(path) has no workbook part (\(workbookPath))")
        }
        uses1904Dates = workbook.uses1904Dates

        // Chart sheets and dialog sheets are listed among the sheets too; only worksheets count.
        let relationships = try package.relationships(ofPart: workbookPath)
        let byID = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        worksheets = workbook.sheets.compactMap { sheet in
            guard let relationship = byID[sheet.relationshipID], relationship.type.hasSuffix("/worksheet") else {
                return nil
            }
            return Worksheet(name: sheet.name, partPath: Package.resolve(relationship.target, from: workbookPath),
                             isHidden: sheet.isHidden)
        }

        // The workbook's one part of a relationship type, parsed; nil where it has none.
        func related<Parser: XLSXPartParser>(_ type: String, _ parser: Parser) throws -> Parser? {
            guard let part = relationships.first(where: { $0.type.hasSuffix(type) }),
                  try package.parse(Package.resolve(part.target, from: workbookPath), with: parser) else { return nil }
            return parser
        }
        sharedStrings = try related("/sharedStrings", SharedStringsParser())?.strings ?? []
        dateStyles = try related("/styles", StylesParser()).map { styles in
            styles.cellFormatIDs.map { SpreadsheetNumbers.isDateFormat(id: $0, customFormats: styles.customFormats) }
        } ?? []
    }

    func rows(of sheet: Worksheet) throws -> [(row: Int, cells: [String])] {
        let (sharedStrings, dateStyles, uses1904Dates) = (self.sharedStrings, self.dateStyles, self.uses1904Dates)
        let parser = WorksheetParser { type, style, value, inline in
            XLSXReader.cellText(type: type, style: style, value: value, inline: inline, sharedStrings: sharedStrings,
                                dateStyles: dateStyles, uses1904Dates: uses1904Dates)
        }
        guard try package.parse(sheet.partPath, with: parser) else {
            throw SpreadsheetError(.malformed, "\(package.path) lacks its worksheet part \(sheet.partPath)")
        }
        return parser.rowsWithMergesFilled
    }
}

/// The zip container of a workbook, with its parts found by name.
///
/// A part is inflated into a private temporary file and parsed from there, so that reading a
/// large sheet holds its rows but not also its XML (75 MB for 40,000 rows of a ledger).
private final class Package {
    let path: String
    let archive: Archive
    /// Entries by path, and by lowercased path for programs that change the case of names.
    let entries: [String: Entry]
    let entriesIgnoringCase: [String: Entry]
    private var scratchDirectory: String?

    init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SpreadsheetError(.io, "cannot read \(path)")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SpreadsheetError(.notZip, "\(path) is not an .xlsx workbook (not a ZIP archive)")
        }
        var entries: [String: Entry] = [:]
        var folded: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let name = entry.path.replacingOccurrences(of: "\\", with: "/")
            if entries[name] == nil { entries[name] = entry }
            if folded[name.lowercased()] == nil { folded[name.lowercased()] = entry }
        }
        self.path = path
        self.entries = entries
        self.entriesIgnoringCase = folded
    }

    deinit {
        if let scratchDirectory { try? FileManager.default.removeItem(atPath: scratchDirectory) }
    }

    /// Parses a part with `parser`; false if the package has no such part.
    func parse(_ partPath: String, with parser: XLSXPartParser) throws -> Bool {
        guard let entry = entries[partPath] ?? entriesIgnoringCase[partPath.lowercased()] else { return false }
        guard UInt64(entry.uncompressedSize) <= XLSXReader.largestPart else {
            throw SpreadsheetError(.malformed, "\(path): part \(partPath) is too large")
        }
        if scratchDirectory == nil {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-xlsx").path
            scratchDirectory = try OutputFiles.makeWorkDirectory(besides: base)
        }
        let file = "\(scratchDirectory ?? "")/part.xml"
        let output = BufferedFileWriter(descriptor: try OutputFiles.createPrivateFile(at: file), path: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            _ = try archive.extract(entry) { try output.write(data: $0) }
            try output.close()
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError(.malformed, "\(path): part \(partPath) is damaged")
        }
        guard let stream = InputStream(fileAtPath: file) else {
            throw SpreadsheetError(.io, "cannot read back \(partPath) of \(path)")
        }
        try parser.parse(stream, name: partPath)
        return true
    }

    /// The relationships of a part (`""` for the package itself), empty if it has none.
    func relationships(ofPart partPath: String) throws -> [XLSXRelationship] {
        let directory = Self.directory(of: partPath)
        let name = partPath.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + name + ".rels"
        let parser = RelationshipsParser()
        guard try parse(relsPath, with: parser) else { return [] }
        return parser.relationships
    }

    /// Resolves a relationship target against the part that holds the relationship: relative to
    /// its folder, or from the package root when it starts with `/`.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : directory(of: sourcePart).split(separator: "/")
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    private static func directory(of partPath: String) -> String {
        guard let slash = partPath.lastIndex(of: "/") else { return "" }
        return String(partPath[..<slash])
    }
}
