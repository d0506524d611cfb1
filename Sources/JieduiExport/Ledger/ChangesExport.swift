import JieduiCore

/// 动态变化情况 (practice.md, "export changes"): the programme's changes in a period, one row
/// each as `changes` lists them, with the ledger's title and filing lines.
public enum ChangesExport {
    static let columns: [(heading: String, width: ClosedRange<Double>)] = [
        ("序号", 0...7), ("日期", 11...11), ("变动类型", 9...9), ("编号", 0...8), ("儿童姓名", 0...10), ("详情", 12...40),
    ]

    public static let headings = columns.map(\.heading)

    public static func title(_ context: ExportContext, from: Day, to: Day) -> String {
        "\(context.town)困境儿童和农村留守儿童动态变化情况（\(from.iso)至\(to.iso)）"
    }

    static func cells(_ row: ProgrammeChanges.Row, number: Int, _ context: ExportContext) -> [CellValue] {
        [.number(number), .text(row.date.iso), .text(row.kind.rawValue), .text(row.ref), .text(row.name), .text(row.detail)]
    }

    /// `合计：n项（新增儿童a项、…）`
    static func total(_ rows: [ProgrammeChanges.Row]) -> String {
        let parts = ProgrammeChanges.Kind.allCases.map { kind in "\(kind.rawValue)\(rows.count { $0.kind == kind })项" }
        return "合计：\(rows.count)项（\(parts.joined(separator: "、"))）"
    }

    public static func write(to path: String, format: ExportFormat, from: Day, to: Day, rows: [ProgrammeChanges.Row],
                             context: ExportContext) throws -> ExportResult {
        let layout = FiledTable.layout(name: "动态变化情况", widths: columns.map(\.width), paper: .a4, landscape: false)
        // 填报时间 over the last column, 详情.
        let table = try FiledTable(path: path, format: format, layout: layout, title: title(context, from: from, to: to),
                                   headings: headings, dateFrom: headings.count, context: context)
        for (i, row) in rows.enumerated() { try table.append(cells(row, number: i + 1, context)) }
        return ExportResult(path: path, rows: rows.count, sha256: try table.finish(total: total(rows), context: context))
    }
}
