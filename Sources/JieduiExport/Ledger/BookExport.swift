import JieduiCore

/// 一本结对台账: one worksheet per child (ledger.md, "export book"), in ledger order.
///
/// A child's sheet is small, so it is read whole and laid out before it is written: the column
/// widths come from the cells that stand alone in one column (labels and table cells), never
/// from the values merged across three columns, and the rows of merged values get the height
/// their text needs at those widths.
public enum BookExport {
    static let columns = 8
    /// No column is wider than this; longer text wraps.
    static let maximumColumnWidth = 30.0
    /// No column is narrower than this, so that a short table still reads as a table.
    static let minimumColumnWidth = 8.0
    /// Each child's book ends with the signatures of those who keep it, and the day they signed.
    static let signatureLine = "结对帮扶人（签名）：        儿童主任（签名）：        日期："

    public static func write(
        to path: String, year: Int, children: [String], store: any RecordStore, context: ExportContext,
        progress: ((Int) -> Void)? = nil
    ) throws -> ExportResult {
        let writer = try XLSXWriter(path: path)
        for (index, child) in children.enumerated() {
            if let sheet = try sheet(child: child, year: year, store: store, context: context) {
                try write(sheet, to: writer)
            }
            progress?(index + 1)
        }
        return ExportResult(path: path, rows: children.count, sha256: try writer.finish())
    }

    /// One line of a child's book, before it is laid out.
    enum Line: Equatable {
        case title(String)
        case caption(String)
        /// One or two label/value pairs: a label in one column, its value across the next three.
        case pairs([Pair])
        case heading([String])
        case row([String])
        /// An empty table: `无` across its columns.
        case nothing(columns: Int)
        case footer(String)

        /// The line with `transform` applied to each text a record gave (not the labels).
        func map(_ transform: (String) -> String) -> Line {
            switch self {
            case .title(let text): .title(transform(text))
            case .caption(let text): .caption(transform(text))
            case .pairs(let pairs): .pairs(pairs.map { Pair(label: $0.label, value: transform($0.value)) })
            case .heading, .nothing: self
            case .row(let cells): .row(cells.map(transform))
            case .footer(let text): .footer(transform(text))
            }
        }
    }

    struct Pair: Equatable {
        let label: String
        let value: String
    }

    /// A child's sheet: its name and lines.
    struct Sheet {
        let name: String
        let lines: [Line]
    }

    // MARK: - Reading

    private static func one(_ noun: Noun, _ key: String, _ store: any RecordStore, _ today: Day) throws -> Record? {
        let fields = Schema.of(noun).fields.map(\.key)
        return try store.select(Query(noun: noun, predicate: .compare(field: noun.keyField, op: .equal, value: .text(key)), limit: 1, fields: fields), today: today).first
    }

    private static func many(_ noun: Noun, _ predicate: RecordFilter, _ fields: [String], _ store: any RecordStore, _ today: Day, sort: [SortKey] = []) throws -> [Record] {
        try store.select(Query(noun: noun, predicate: predicate, sort: sort, fields: fields), today: today)
    }

    /// A field's value as the book prints it: an ID-card or phone field masked as a field is
    /// (numbers in the rest of the sheet's text are masked when the sheet is made), lists joined.
    private static func shown(_ field: Field, _ value: Value, _ context: ExportContext) -> String {
        switch field.type {
        case .idno: context.idno(value.text)
        case .phone: context.phone(value.text)
        default: value.text
        }
    }

    /// A family as a person names it: its village and guardian, then its id in brackets.
    static func familyName(id: String, village: String, guardian: String) -> String {
        let name = [village, guardian].filter { !$0.isEmpty }.joined(separator: " ")
        return name.isEmpty ? id : "\(name)（\(id)）"
    }

    /// Label/value pairs, two to a line.
    private static func pairLines(_ items: [(String, String)]) -> [Line] {
        stride(from: 0, to: items.count, by: 2).map { start in
            .pairs(items[start..<min(start + 2, items.count)].map { Pair(label: $0.0, value: $0.1) })
        }
    }

    /// A table: its heading, then its rows, or `无` when it has none.
    private static func tableLines(_ headings: [String], _ rows: [[String]]) -> [Line] {
        [.heading(headings)] + (rows.isEmpty ? [.nothing(columns: headings.count)] : rows.map(Line.row))
    }

    static func sheet(child: String, year: Int, store: any RecordStore, context: ExportContext) throws -> Sheet? {
        let today = context.today
        guard let record = try one(.child, child, store, today) else { return nil }
        let name = record["name"].text
        var lines: [Line] = [.title("\(context.town)困境儿童和农村留守儿童结对帮扶台账（\(name)）")]

        let familyID = record["family"].text
        let family = try one(.family, familyID, store, today)
        lines.append(.caption("一、儿童基本情况"))
        let childFields = Schema.of(.child).fields.filter { $0.isStored && $0.key != "id" }
        lines += pairLines(childFields.map { field in
            guard field.key == "family" else { return (field.label, shown(field, record[field.key], context)) }
            return (field.label, familyName(id: familyID, village: family?["village"].text ?? "", guardian: family?["guardian"].text ?? ""))
        })
        lines.append(.caption("二、家庭情况"))
        if let family {
            let familyFields = Schema.of(.family).fields.filter { $0.isStored && $0.key != "id" }
            var items = familyFields.map { ($0.label, shown($0, family[$0.key], context)) }
            let siblings = try many(.child, .and(.compare(field: "family", op: .equal, value: .text(familyID)), .compare(field: "id", op: .notEqual, value: .text(child))), ["name"], store, today)
            items.append(("兄弟姐妹", siblings.map { $0["name"].text }.joined(separator: "、")))
            lines += pairLines(items)
        }

        lines.append(.caption("三、结对情况"))
        let pairs = try many(.pair, .compare(field: "child", op: .equal, value: .text(child)), ["id", "helper", "unit", "since", "ended", "end_reason"], store, today)
        var pairRows: [[String]] = []
        for pair in pairs {
            if case .text(let helperID) = pair["helper"], let helper = try one(.helper, helperID, store, today) {
                pairRows.append([helper["name"].text, helper["unit"].text, context.phone(helper["phone"].text), pair["since"].text, pair["ended"].text, pair["end_reason"].text])
            } else {
                pairRows.append(["（包片）" + pair["unit"].text, pair["unit"].text, "", pair["since"].text, pair["ended"].text, pair["end_reason"].text])
            }
        }
        lines += tableLines(["结对帮扶人", "工作单位", "联系电话", "结对时间", "解除时间", "解除原因"], pairRows)

        lines.append(.caption("四、走访记录（\(year)年）"))
        var visitRows: [[String]] = []
        for (index, pair) in pairs.enumerated() {
            let visitor = pairRows[index][0]
            let visits = try many(.visit, .and(.compare(field: "pair", op: .equal, value: .text(pair["id"].text)),
                                               .and(.compare(field: "date", op: .greaterOrEqual, value: .date(Day(year: year, month: 1, day: 1)!)),
                                                    .compare(field: "date", op: .lessOrEqual, value: .date(Day(year: year, month: 12, day: 31)!)))),
                                  ["date", "kind", "occasion", "topics", "found", "help", "note"], store, today, sort: [SortKey(field: "date", descending: false)])
            for v in visits {
                visitRows.append([v["date"].text, v["kind"].text, v["occasion"].text, v["topics"].text, v["found"].text, v["help"].text, visitor, v["note"].text])
            }
        }
        lines += tableLines(["走访日期", "走访方式", "关爱节点", "宣传内容", "发现问题", "帮扶措施", "走访人", "备注"], visitRows.sorted { $0[0] < $1[0] })

        lines.append(.caption("五、困难诉求与帮扶"))
        let needs = try many(.need, .compare(field: "child", op: .equal, value: .text(child)), ["date", "kind", "detail", "measures", "referred_to", "status", "resolved"], store, today)
        var needRows: [[String]] = []
        for need in needs {
            var referred = need["referred_to"].text
            if let org = Noun.org.idNumber(referred).flatMap({ _ in try? one(.org, referred, store, today) }) { referred = org["name"].text }
            needRows.append([need["date"].text, need["kind"].text, need["detail"].text, need["measures"].text, referred, need["status"].text, need["resolved"].text])
        }
        lines += tableLines(["发现日期", "困难类型", "具体情况", "帮扶措施", "转介对象", "状态", "解决日期"], needRows)

        lines.append(.caption("六、强制报告"))
        let alerts = try many(.alert, .compare(field: "child", op: .equal, value: .text(child)), ["date", "situation", "reported_to", "reported", "override", "outcome"], store, today)
        // 迟报原因 is the alert's override: why it was reported after the day it was found.
        lines += tableLines(["发现日期", "情形", "报告部门", "报告日期", "迟报原因", "处置结果"], alerts.map {
            [$0["date"].text, $0["situation"].text, $0["reported_to"].text, $0["reported"].text, $0["override"].text, $0["outcome"].text]
        })
        lines.append(.footer(signatureLine))
        // 个人信息保护: a number typed into any text (a name, a guardian, a unit) is masked too.
        return Sheet(name: context.free("\(child) \(name)"), lines: lines.map { $0.map(context.free) })
    }

    // MARK: - Layout

    /// The width each cell of a line asks of its column, in character cells, by column; merged
    /// values, titles, captions and footers ask nothing.
    private static func askedWidths(_ line: Line) -> [Int: Int] {
        var asked: [Int: Int] = [:]
        switch line {
        case .pairs(let pairs):
            for (k, pair) in pairs.enumerated() { asked[k * 4 + 1] = SpreadsheetText.displayWidth(pair.label) }
        case .heading(let headings):
            // A heading may take two lines; one of four characters or fewer stays whole.
            for (i, heading) in headings.enumerated() {
                let width = SpreadsheetText.displayWidth(heading)
                asked[i + 1] = min(width, max(8, (width + 1) / 2))
            }
        case .row(let cells):
            for (i, cell) in cells.enumerated() { asked[i + 1] = SpreadsheetText.displayWidth(cell) }
        case .title, .caption, .nothing, .footer:
            break
        }
        return asked
    }

    /// The width of each column: its widest standalone cell plus padding, between the least and
    /// greatest widths, and together at least as wide as the 16pt title above them.
    static func columnWidths(_ lines: [Line]) -> [Double] {
        var content = Array(repeating: 0, count: columns)
        for line in lines {
            for (column, width) in askedWidths(line) { content[column - 1] = max(content[column - 1], width) }
        }
        let widths = content.map { min(maximumColumnWidth, max(minimumColumnWidth, Double($0) + XLSXWriter.columnPadding)) }
        let titleWidth = lines.reduce(0.0) { widest, line in
            guard case .title(let text) = line else { return widest }
            return max(widest, XLSXWriter.titleWidth(text))
        }
        return XLSXWriter.widened(widths, toTake: titleWidth)
    }

    /// The lines the text of a pair line takes: a label in its column, a value across three.
    private static func lineCount(_ pairs: [Pair], widths: [Double]) -> Int {
        var lines = 1
        for (k, pair) in pairs.enumerated() {
            let labelRoom = Int(widths[k * 4] - XLSXWriter.columnPadding)
            let valueRoom = Int(widths[(k * 4 + 1)...(k * 4 + 3)].reduce(0, +) - XLSXWriter.columnPadding)
            lines = max(lines, SpreadsheetText.wrappedLineCount(pair.label, width: labelRoom),
                        SpreadsheetText.wrappedLineCount(pair.value, width: valueRoom))
        }
        return lines
    }

    private static func write(_ sheet: Sheet, to writer: XLSXWriter) throws {
        let widths = columnWidths(sheet.lines)
        var layout = SheetLayout(name: sheet.name, frozenRows: 1, printTitleRows: 1...1)
        layout.page = PageSetup(paper: .a4, landscape: false)
        layout.pageNumbersPerSheet = true
        layout.columns = widths.map(ColumnWidth.fixed)
        try writer.beginSheet(layout)
        var row = 0
        func full(_ text: String, _ style: CellStyle, height: Double? = nil) throws {
            row += 1
            try writer.appendRow([(.text(text), style)], height: height)
            writer.merge(fromColumn: 1, row: row, toColumn: columns, toRow: row)
        }
        for line in sheet.lines {
            switch line {
            case .title(let text):
                try full(text, .title, height: 32)
            case .caption(let text):
                try full(text, .caption)
            case .footer(let text):
                try full(text, .footer)
            case .pairs(let pairs):
                row += 1
                var cells: [(CellValue, CellStyle)] = []
                for k in 0..<2 {
                    if k < pairs.count {
                        cells += [(.text(pairs[k].label), .heading), (.text(pairs[k].value), .text), (.empty, .text), (.empty, .text)]
                    } else {
                        cells += Array(repeating: (CellValue.empty, CellStyle.text), count: 4)
                    }
                    writer.merge(fromColumn: k * 4 + 2, row: row, toColumn: k * 4 + 4, toRow: row)
                }
                // The writer would count a merged value's lines in its first column alone.
                try writer.appendRow(cells, height: Double(lineCount(pairs, widths: widths)) * XLSXWriter.lineHeight)
            case .heading(let headings):
                row += 1
                try writer.appendRow(headings.map { (.text($0), .heading) })
            case .row(let cells):
                row += 1
                try writer.appendRow(cells.map { (.text($0), .text) })
            case .nothing(let count):
                row += 1
                try writer.appendRow([(.text("无"), .text)] + Array(repeating: (.empty, .text), count: count - 1))
                writer.merge(fromColumn: 1, row: row, toColumn: count, toRow: row)
            }
        }
        try writer.endSheet()
    }
}
