import Foundation

/// A row kept in memory until its sheet ends.
struct HeldRow {
    let cells: [(CellValue, CellStyle)]
    let height: Double?
}

/// The state of the sheet being written: where its rows go, and what is measured of them.
final class OpenSheet {
    let layout: SheetLayout
    let name: String
    let rowsPath: String
    let rows: DeflatingFileWriter
    var rowCount = 0
    var columnCount = 0
    /// The widest measured content of each column, in character cells (index 0 is column A).
    var contentWidths: [Int] = []
    var merges: [String] = []
    var autoFilter: (String, String)?
    /// The first columns and the width they must take together: a title merged across them.
    var titleSpan: (columns: Int, width: Double)?
    /// The frozen rows at the top, written when the sheet ends.
    var heldRows: [HeldRow] = []

    init(layout: SheetLayout, name: String, rowsPath: String, rows: DeflatingFileWriter) {
        self.layout = layout
        self.name = name
        self.rowsPath = rowsPath
        self.rows = rows
    }

    /// Records the width a cell asks of its column, and returns what was measured of its text.
    ///
    /// A wrapping cell asks for no more than the column's greatest width; a heading asks for
    /// a third of its width, or four Chinese characters if that is more, since a heading may
    /// take three lines while the column's data take one, but a short one reads best whole.
    func measure(_ value: CellValue, style: CellStyle, column: Int) -> TextMeasure {
        guard style.isMeasured else { return TextMeasure(widest: 0, lines: 1) }
        let measured = SpreadsheetText.measure(value)
        guard measured.widest > 0 else { return measured }
        var asked = measured.widest
        if style == .heading {
            asked = min(asked, max(8, (asked + 2) / 3))
        }
        if style.wraps {
            asked = min(asked, Int(layout.limits(column).maximum - XLSXWriter.columnPadding))
        }
        while contentWidths.count < column { contentWidths.append(0) }
        contentWidths[column - 1] = max(contentWidths[column - 1], asked)
        return measured
    }

    /// The width of a column by what is measured so far: content plus padding, within the
    /// column's limits and Excel's 255.
    func width(_ column: Int) -> Double {
        let content = column <= contentWidths.count ? contentWidths[column - 1] : 0
        let natural = content == 0 ? XLSXWriter.defaultColumnWidth : Double(content) + XLSXWriter.columnPadding
        let limits = layout.limits(column)
        return min(255, max(limits.minimum, min(limits.maximum, natural)))
    }

    /// The height of a row: room for its title, or for the lines its tallest wrapped cell takes
    /// at the present widths; nil for a row of one line.
    func rowHeight(_ cells: [(CellValue, CellStyle)], measured: [TextMeasure]) -> Double? {
        var lines = 1
        for (offset, (value, style)) in cells.enumerated() {
            if style == .title { return XLSXWriter.titleRowHeight }
            guard style.wraps, case .text(let text) = value else { continue }
            let room = Int(width(offset + 1) - XLSXWriter.columnPadding)
            // Most cells fit on their lines as they are; only the others are wrapped word by word.
            let cellLines = measured[offset].widest <= room ? measured[offset].lines : SpreadsheetText.wrappedLineCount(text, width: room)
            lines = max(lines, cellLines)
        }
        return XLSXWriter.height(lines: lines)
    }

    /// The final width of every column.
    func columnWidths() -> [Double] {
        let count = max(columnCount, layout.columns.count)
        guard count > 0 else { return [] }
        var widths = (1...count).map(width)
        // A merged title does not wrap: its columns grow alike until it shows whole.
        if let span = titleSpan, span.columns <= count {
            widths.replaceSubrange(0..<span.columns, with: XLSXWriter.widened(Array(widths.prefix(span.columns)), toTake: span.width))
        }
        return widths
    }
}

/// A sheet whose rows are deflated on disk, waiting for `finish` to put it in the archive with
/// its head and tail, deflated too.
struct FinishedSheet {
    let name: String
    let head: (data: [UInt8], crc: UInt, count: Int64)
    let rows: (path: String, crc: UInt, count: Int64, compressedSize: Int64)
    let tail: (data: [UInt8], crc: UInt, count: Int64)
    let printTitleRows: ClosedRange<Int>?
    let autoFilter: (String, String)?
}
