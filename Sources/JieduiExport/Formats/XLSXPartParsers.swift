import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The common base of the parsers of workbook parts: it reduces element names to their local
/// name, because some programs write `<x:row>` with a prefix where Excel writes `<row>`.
class XLSXPartParser: NSObject, XMLParserDelegate {
    /// Parses the part `name` from a stream, throwing a `.malformed` error if it is not well-formed.
    ///
    /// A stream, because given a `Data` whole FoundationXML on Linux hands it to libxml2 in one
    /// piece, which fails on parts over 10 MB (a sheet of some 6,000 rows); read from a file, a
    /// part of any size passes through a small buffer. FoundationXML also reports success for a
    /// document cut short, so the element depth is checked at the end.
    func parse(_ stream: InputStream, name: String) throws {
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        depth = 0
        sawRoot = false
        guard parser.parse() else {
            throw SpreadsheetError(.malformed, "\(name) is not well-formed XML (line \(parser.lineNumber))")
        }
        guard sawRoot, depth == 0 else {
            throw SpreadsheetError(.malformed, "\(name) is cut short")
        }
    }

    private var depth = 0
    private var sawRoot = false

    func start(_ name: Substring, _ attributes: [String: String]) {}
    func end(_ name: Substring) {}
    func text(_ string: String) {}

    /// The value of an attribute by local name, whatever its prefix (`r:id` may be `ns1:id`).
    static func attribute(_ attributes: [String: String], _ localName: String) -> String? {
        if let value = attributes[localName] { return value }
        return attributes.first { key, _ in key.hasSuffix(":" + localName) }?.value
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        sawRoot = true
        start(Self.localName(elementName), attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        depth -= 1
        end(Self.localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text(String(decoding: CDATABlock, as: UTF8.self))
    }

    private static func localName(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
        return name[name.index(after: colon)...]
    }
}

/// One relationship of a `.rels` part.
struct XLSXRelationship {
    let id: String
    let type: String
    let target: String
    let isExternal: Bool
}

/// Reads a `.rels` part: which part plays which role.
final class RelationshipsParser: XLSXPartParser {
    private(set) var relationships: [XLSXRelationship] = []

    override func start(_ name: Substring, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append(XLSXRelationship(id: id, type: attributes["Type"] ?? "", target: target,
                                              isExternal: attributes["TargetMode"] == "External"))
    }
}

/// Reads `xl/workbook.xml`: the sheets in order, and which date system the numbers count in.
final class WorkbookParser: XLSXPartParser {
    struct Sheet {
        let name: String
        let relationshipID: String
        let isHidden: Bool
    }

    private(set) var sheets: [Sheet] = []
    private(set) var uses1904Dates = false

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "workbookPr":
            let flag = attributes["date1904"]?.lowercased()
            uses1904Dates = flag == "1" || flag == "true"
        case "sheet":
            guard let id = Self.attribute(attributes, "id") else { return }
            let state = attributes["state"] ?? "visible"
            sheets.append(Sheet(name: attributes["name"] ?? "", relationshipID: id, isHidden: state != "visible"))
        default:
            break
        }
    }
}

/// Reads the shared strings table; a rich-text string is the concatenation of its runs, and
/// phonetic guides (`<rPh>`, furigana) are left out since they are not part of the text.
final class SharedStringsParser: XLSXPartParser {
    private(set) var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phoneticDepth = 0

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "si": strings.append(SpreadsheetText.decodingExcelEscapes(current))
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }

    override func text(_ string: String) {
        if inText { current += string }
    }
}

/// Reads `xl/styles.xml` far enough to know which cell formats show numbers as dates.
final class StylesParser: XLSXPartParser {
    /// For each entry of `cellXfs`, its number format id.
    private(set) var cellFormatIDs: [Int] = []
    /// Custom number formats by id.
    private(set) var customFormats: [Int: String] = [:]
    private var inCellXfs = false

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                customFormats[id] = attributes["formatCode"] ?? ""
            }
        case "cellXfs":
            inCellXfs = true
        case "xf" where inCellXfs:
            cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default:
            break
        }
    }

    override func end(_ name: Substring) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// Reads a worksheet's cells into rows, placing each cell by its reference.
final class WorksheetParser: XLSXPartParser {
    /// Turns a cell's raw content into its text; set by the reader, which knows the shared
    /// strings and the styles.
    typealias CellText = (_ type: String, _ style: Int, _ value: String, _ inline: String) -> String

    private let cellText: CellText
    private(set) var rows: [(row: Int, cells: [String])] = []
    private var rowNumber = 0
    private var rowCells: [String] = []
    private var nextColumn = 1
    private var cellColumn = 1
    private var cellType = "n"
    private var cellStyle = 0
    private var value = ""
    private var inline = ""
    private var collecting: Collecting = .nothing
    private var phoneticDepth = 0
    /// The merged ranges (`<mergeCell ref="D2:D4"/>`), which follow the cells.
    private(set) var merges: [(columns: ClosedRange<Int>, rows: ClosedRange<Int>)] = []

    private enum Collecting { case nothing, value, inlineText }

    init(cellText: @escaping CellText) {
        self.cellText = cellText
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            rowCells = []
            nextColumn = 1
        case "c":
            cellColumn = attributes["r"].flatMap { SpreadsheetText.columnNumber(ofReference: $0) } ?? nextColumn
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
            inline = ""
        case "v":
            collecting = .value
        case "t":
            collecting = phoneticDepth == 0 ? .inlineText : .nothing
        case "rPh":
            phoneticDepth += 1
        case "mergeCell":
            if let range = attributes["ref"].flatMap(Self.cellRange) { merges.append(range) }
        default:
            break
        }
    }

    /// `D2:D4` as its first and last column and row.
    static func cellRange(_ reference: String) -> (columns: ClosedRange<Int>, rows: ClosedRange<Int>)? {
        let ends = reference.split(separator: ":")
        guard ends.count == 2, let c1 = SpreadsheetText.columnNumber(ofReference: String(ends[0])),
              let c2 = SpreadsheetText.columnNumber(ofReference: String(ends[1])),
              let r1 = Int(ends[0].drop { $0.isLetter || $0 == "$" }.filter { $0 != "$" }),
              let r2 = Int(ends[1].drop { $0.isLetter || $0 == "$" }.filter { $0 != "$" }),
              c1 <= c2, r1 <= r2 else { return nil }
        return (c1...c2, r1...r2)
    }

    /// The rows with each merged range's text carried down its first column into the rows
    /// below that hold anything else: a survey sheet merges a household's guardian, phone and
    /// address over its children's rows, and each child's row means them. (Across columns
    /// nothing is copied: a title or a group heading spans columns it does not belong to.)
    var rowsWithMergesFilled: [(row: Int, cells: [String])] {
        guard !merges.isEmpty else { return rows }
        var filled = rows
        var index: [Int: Int] = [:]
        for (position, row) in rows.enumerated() { index[row.row] = position }
        for merge in merges where merge.rows.count > 1 {
            let column = merge.columns.lowerBound
            guard let top = index[merge.rows.lowerBound], column <= filled[top].cells.count else { continue }
            let text = filled[top].cells[column - 1]
            guard !text.isEmpty else { continue }
            for row in merge.rows.dropFirst() {
                guard let position = index[row] else { continue }
                while filled[position].cells.count < column { filled[position].cells.append("") }
                if filled[position].cells[column - 1].isEmpty { filled[position].cells[column - 1] = text }
            }
        }
        return filled
    }

    override func end(_ name: Substring) {
        switch name {
        case "v", "t":
            collecting = .nothing
        case "rPh":
            phoneticDepth -= 1
        case "c":
            let text = cellText(cellType, cellStyle, value, inline)
            if !text.isEmpty {
                while rowCells.count < cellColumn { rowCells.append("") }
                rowCells[cellColumn - 1] = text
            }
            nextColumn = cellColumn + 1
        case "row":
            // rowCells only ever grows up to a non-empty cell, so trailing empties never appear.
            if !rowCells.isEmpty { rows.append((row: rowNumber, cells: rowCells)) }
        default:
            break
        }
    }

    override func text(_ string: String) {
        switch collecting {
        case .value: value += string
        case .inlineText: inline += string
        case .nothing: break
        }
    }
}
