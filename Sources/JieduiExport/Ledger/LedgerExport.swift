import JieduiCore

/// 结对帮扶台账: the filing attachment (ledger.md, "export ledger"), streamed row by row.
public enum LedgerExport {
    /// The headings, in order, each with the least and greatest width of its column in the XLSX
    /// sheet.
    ///
    /// The greatest widths add up to 217 units, so that the ledger prints at 61% or more on A4
    /// landscape fitted to one page wide whatever it holds (ledger.md asks for 60%): the columns
    /// of short values are only as wide as a date, an ID-card or a phone number, headings wrap
    /// onto up to three lines, and the long text columns (儿童类别, 存在困难, 帮扶措施, 备注) wrap.
    /// 村（社区） is wide enough for its heading in one line, which would otherwise leave its
    /// closing bracket alone on the second.
    static let columns: [(heading: String, width: ClosedRange<Double>)] = [
        ("序号", 0...7), ("村（社区）", 11...11), ("儿童姓名", 0...9), ("性别", 0...5), ("出生日期", 0...11),
        ("身份证号", 0...19), ("儿童类别", 0...13), ("监护人", 0...9), ("与儿童关系", 0...9), ("监护人电话", 0...12),
        ("结对帮扶人", 0...9), ("帮扶人性别", 0...5), ("工作单位", 0...11), ("职务", 0...11), ("帮扶人电话", 0...12),
        ("结对时间", 0...11), ("本年走访次数", 0...5), ("最近走访日期", 0...11), ("存在困难", 0...11), ("帮扶措施", 0...11),
        ("备注", 0...13),
    ]

    /// The headings, in order.
    public static let headings = columns.map(\.heading)

    /// Columns 序号 to 儿童姓名 stay in view when the sheet is scrolled across.
    static let frozenColumns = 3

    /// How the XLSX sheet is laid out and printed on `paper`.
    static func layout(paper: PageSetup.Paper) -> SheetLayout {
        FiledTable.layout(name: "结对帮扶台账", widths: columns.map(\.width), frozenColumns: frozenColumns, paper: paper, landscape: true)
    }

    /// The cells of one child's row.
    static func cells(_ row: LedgerRow, number: Int, _ context: ExportContext) -> [CellValue] {
        [
            .number(number), .text(row.village), .text(row.name), .text(row.sex), .text(row.born),
            .text(context.idno(row.idno)), .text(row.category), .text(row.guardian), .text(row.guardianRelation),
            .text(context.phone(row.guardianPhone)), .text(row.helper), .text(row.helperSex), .text(row.helperUnit),
            .text(row.helperPosition), .text(context.phone(row.helperPhone)), .text(row.since), .number(row.visits),
            .text(row.lastVisit), .text(row.openNeeds), .text(row.measures), .text(row.remarks),
        ]
    }

    public static func title(_ context: ExportContext, year: Int) -> String {
        "\(context.town)困境儿童和农村留守儿童关爱结对帮扶台账（\(year)年）"
    }

    /// `合计：n人（孤儿a人、…）`
    static func total(_ counts: [String: Int]) -> String {
        let n = counts.values.reduce(0, +)
        let parts = Enumeration.category.labels.map { "\($0)\(counts[$0] ?? 0)人" }
        return "合计：\(n)人（\(parts.joined(separator: "、"))）"
    }

    /// Writes the ledger; `paper` is the XLSX sheet's (A4 by default), which CSV has none of.
    public static func write(
        to path: String, format: ExportFormat, year: Int, village: String?, paper: PageSetup.Paper = .a4,
        store: any RecordStore, context: ExportContext, progress: ((Int) -> Void)? = nil
    ) throws -> ExportResult {
        // 填报时间 sits at the right end of the filing line, from column 15 on.
        let table = try FiledTable(path: path, format: format, layout: layout(paper: paper), title: title(context, year: year),
                                   headings: headings, dateFrom: 15, context: context)
        return try table.writeChildren(context: context, progress: progress,
                                       each: { try store.forEachLedgerRow(year: year, village: village, $0) },
                                       category: \.category) { cells($0, number: $1, context) }
    }
}

extension CellValue {
    /// The cell as CSV text.
    var plainText: String {
        switch self {
        case .text(let s): s
        case .number(let n): String(n)
        case .empty: ""
        }
    }

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
