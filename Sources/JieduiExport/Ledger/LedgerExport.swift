import JieduiCore

/// 结对帮扶台账: the filing attachment (ledger.md, "export ledger"), streamed row by row.
public enum LedgerExport {
    /// The headings, in order.
    public static let headings = [
        "序号", "村（社区）", "儿童姓名", "性别", "出生日期", "身份证号", "儿童类别", "监护人", "与儿童关系", "监护人电话",
        "结对帮扶人", "帮扶人性别", "工作单位", "职务", "帮扶人电话", "结对时间", "本年走访次数", "最近走访日期",
        "存在困难", "帮扶措施", "备注",
    ]

    /// The cells of one child's row.
    static func cells(_ row: LedgerRow, number: Int, _ context: ExportContext) -> [CellValue] {
        [
            .number(number), .text(row.village), .text(row.name), .text(row.sex), .text(row.born),
            .text(context.idno(row.idno)), .text(row.category), .text(row.guardian), .text(row.guardianRelation),
            .text(context.phone(row.guardianPhone)), .text(row.helper), .text(row.helperSex), .text(row.helperUnit),
            .text(row.helperPosition), .text(context.phone(row.helperPhone)), .text(row.since), .number(row.visits),
            .text(row.lastVisit), .text(row.openNeeds), .text(row.measures), .text(context.free(row.remarks)),
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

    public static func write(
        to path: String, format: ExportFormat, year: Int, village: String?, store: any RecordStore,
        context: ExportContext, progress: ((Int) -> Void)? = nil
    ) throws -> ExportResult {
        var number = 0
        var counts: [String: Int] = [:]
        switch format {
        case .csv:
            let writer = try CSVWriter(path: path)
            try writer.write(headings)
            try store.forEachLedgerRow(year: year, village: village) { row in
                number += 1
                counts[row.category, default: 0] += 1
                try writer.write(cells(row, number: number, context).map(\.plainText))
                progress?(number)
            }
            return ExportResult(path: path, rows: number, sha256: try writer.finish())
        case .xlsx:
            let writer = try XLSXWriter(path: path)
            let columns = headings.count
            try writer.beginSheet(SheetLayout(name: "结对帮扶台账", frozenRows: 3, printTitleRows: 1...3))
            try writer.appendRow([(.text(title(context, year: year)), .title)], height: 32)
            writer.merge(fromColumn: 1, row: 1, toColumn: columns, toRow: 1)
            let split = 14
            var subtitle: [(CellValue, CellStyle)] = [(.text(context.filingLine), .subtitle)]
            subtitle += Array(repeating: (.empty, .subtitle), count: split - 1)
            subtitle.append((.text(context.dateLine), .subtitle))
            try writer.appendRow(subtitle)
            writer.merge(fromColumn: 1, row: 2, toColumn: split, toRow: 2)
            writer.merge(fromColumn: split + 1, row: 2, toColumn: columns, toRow: 2)
            try writer.appendRow(headings.map { (.text($0), .heading) }, height: 30)
            try store.forEachLedgerRow(year: year, village: village) { row in
                number += 1
                counts[row.category, default: 0] += 1
                let values = cells(row, number: number, context)
                try writer.appendRow(values.map { ($0, $0.isNumber ? .number : .text) })
                progress?(number)
            }
            let totalRow = 4 + number
            try writer.appendRow([(.text(total(counts)), .footer)])
            writer.merge(fromColumn: 1, row: totalRow, toColumn: columns, toRow: totalRow)
            try writer.appendRow([(.text(context.signatureLine), .footer)])
            writer.merge(fromColumn: 1, row: totalRow + 1, toColumn: columns, toRow: totalRow + 1)
            try writer.endSheet()
            return ExportResult(path: path, rows: number, sha256: try writer.finish())
        }
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
