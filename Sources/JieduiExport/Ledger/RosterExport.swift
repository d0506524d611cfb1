import JieduiCore

/// 花名册: every active child on one sheet, in the national survey form's columns (practice.md,
/// "export roster"), streamed row by row like the ledger.
public enum RosterExport {
    /// The headings, in practice.md's order, each with the greatest width of its column.
    ///
    /// Twenty-eight columns cannot all be as wide as the ledger's. The numbers (an ID-card
    /// number, four phones, two dates) keep their full width, and the rest wrap after three
    /// characters (7 units; 8 would hold no more) or, for the short labels, after two. The
    /// greatest widths add up to 220 units, so that the roster prints at 60% or more on A4
    /// landscape fitted to one page wide whatever it holds, as the ledger does (`paper=A3` for
    /// 85% or more).
    static let columns: [(heading: String, width: Double)] = [
        ("序号", 5), ("村（社区）", 7), ("姓名", 7), ("性别", 5), ("民族", 5), ("出生日期", 11), ("公民身份证号码", 19),
        ("儿童类别", 7), ("户籍所在地", 7), ("现居住地", 7), ("身体情况", 7), ("就学情况", 5), ("是否寄宿", 5),
        ("父亲姓名", 7), ("父亲务工地点", 7), ("父亲电话", 12), ("母亲姓名", 7), ("母亲务工地点", 7), ("母亲电话", 12),
        ("监护人", 7), ("与儿童关系", 5), ("监护人电话", 12), ("监护类型", 7), ("委托监护确认书", 11), ("低保", 5),
        ("风险等级", 5), ("结对帮扶人", 7), ("帮扶人电话", 12),
    ]

    /// The headings, in order.
    public static let headings = columns.map(\.heading)

    /// Columns 序号 to 姓名 stay in view when the sheet is scrolled across.
    static let frozenColumns = 3

    /// How the XLSX sheet is laid out and printed on `paper`.
    static func layout(paper: PageSetup.Paper) -> SheetLayout {
        FiledTable.layout(name: "花名册", widths: columns.map { 0...$0.width }, frozenColumns: frozenColumns, paper: paper, landscape: true)
    }

    /// The cells of one child's row: the ID-card and phone fields masked unless revealed (the
    /// table masks a number in any other text as it writes the row).
    static func cells(_ row: RosterRow, number: Int, _ context: ExportContext) -> [CellValue] {
        [
            .number(number), .text(row.village), .text(row.name), .text(row.sex), .text(row.ethnicity), .text(row.born),
            .text(context.idno(row.idno)), .text(row.category), .text(row.hukou), .text(row.residence),
            .text(row.health), .text(row.schooling), .text(row.boarding),
            .text(row.fatherName), .text(row.fatherWorkplace), .text(context.phone(row.fatherPhone)),
            .text(row.motherName), .text(row.motherWorkplace), .text(context.phone(row.motherPhone)),
            .text(row.guardian), .text(row.guardianRelation), .text(context.phone(row.guardianPhone)),
            .text(row.guardianshipType), .text(row.entrustment), .text(row.dibao), .text(row.risk),
            .text(row.helper), .text(context.phone(row.helperPhone)),
        ]
    }

    public static func title(_ context: ExportContext) -> String {
        "\(context.town)困境儿童和农村留守儿童花名册"
    }

    /// Writes the roster; `paper` is the XLSX sheet's (A4 by default), which CSV has none of.
    public static func write(
        to path: String, format: ExportFormat, paper: PageSetup.Paper = .a4,
        store: any RecordStore, context: ExportContext, progress: ((Int) -> Void)? = nil
    ) throws -> ExportResult {
        // 填报时间 sits at the right end of the filing line, from column 21 on.
        let table = try FiledTable(path: path, format: format, layout: layout(paper: paper), title: title(context),
                                   headings: headings, dateFrom: 21, context: context)
        return try table.writeChildren(context: context, progress: progress, each: store.forEachRosterRow,
                                       category: \.category) { cells($0, number: $1, context) }
    }
}
