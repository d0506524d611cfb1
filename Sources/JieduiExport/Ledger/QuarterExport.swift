import JieduiCore

/// 结对帮扶成效统计表: the quarterly report of results (ledger.md, "export quarter").
/// Every 合计 is the sum of its column, and 在册人数 = 已结对（帮扶人） + 已结对（包片） + 未结对.
public enum QuarterExport {
    static let table1 = ["儿童类别", "在册人数", "已结对（帮扶人）", "已结对（包片）", "未结对", "本季度走访次数", "其中特殊关爱", "新发现困难", "已解决困难", "强制报告"]
    static let table2 = ["培训日期", "培训内容", "参训人数"]
    static let statuses = Enumeration.needStatus.labels

    public static func title(_ context: ExportContext, _ quarter: Quarter) -> String {
        "\(context.town)困境儿童和农村留守儿童关爱结对帮扶成效统计表（\(quarter.year)年第\(quarter.number)季度）"
    }

    /// What a report covers: a quarter, or (a district's report) a year.
    enum Period {
        case quarter, year

        /// 本季度 or 本年, as the tables' words say.
        var this: String { self == .quarter ? "本季度" : "本年" }
    }

    /// The report's lines as cells, shared by both formats.
    static func lines(_ stats: QuarterStatistics, _ quarter: Quarter, _ context: ExportContext) -> [(kind: LineKind, cells: [CellValue])] {
        lines(stats, period: .quarter, context)
    }

    /// The report's lines for a quarter or a year.
    static func lines(_ stats: QuarterStatistics, period: Period, _ context: ExportContext) -> [(kind: LineKind, cells: [CellValue])] {
        var lines: [(LineKind, [CellValue])] = []
        lines.append((.caption, [.text("表一 分类结对帮扶情况")]))
        lines.append((.heading, table1.map { CellValue.text($0.replacingOccurrences(of: Period.quarter.this, with: period.this)) }))
        var total = QuarterStatistics.CategoryRow(category: "合计")
        for row in stats.categories {
            lines.append((.data, categoryCells(row)))
            total.add(row)
        }
        lines.append((.total, categoryCells(total)))
        lines.append((.caption, [.text("表二 \(period.this)培训")]))
        lines.append((.heading, table2.map(CellValue.text)))
        if stats.trainings.isEmpty {
            // A table of nothing but 合计 0次 0 reads like a misprint: say it in words.
            lines.append((.note, [.text("\(period.this)无培训")]))
        } else {
            for training in stats.trainings {
                lines.append((.data, [.text(training.date), .text(context.free(training.title)), .number(training.attendees)]))
            }
            lines.append((.total, [.text("合计"), .text("\(stats.trainings.count)次"), .number(stats.trainings.reduce(0) { $0 + $1.attendees })]))
        }
        lines.append((.note, [.text("应参训帮扶人 \(stats.helpersToTrain) 人，本年已参训帮扶人 \(stats.helpersTrained) 人")]))
        lines.append((.caption, [.text("表三 \(period.this)新发现困难")]))
        lines.append((.heading, (["困难类型"] + statuses + ["合计"]).map(CellValue.text)))
        var columnTotals = Array(repeating: 0, count: statuses.count)
        for kind in Enumeration.needKind.labels {
            let counts = statuses.map { stats.needs[kind]?[$0] ?? 0 }
            for (i, n) in counts.enumerated() { columnTotals[i] += n }
            lines.append((.data, [.text(kind)] + counts.map(CellValue.number) + [.number(counts.reduce(0, +))]))
        }
        lines.append((.total, [.text("合计")] + columnTotals.map(CellValue.number) + [.number(columnTotals.reduce(0, +))]))
        lines += byCategory("表四 在册儿童年龄段分布", heading: "年龄段", ageBands(stats))
        lines += byCategory("表五 在册儿童监护类型", heading: "监护类型", guardianship(stats))
        return lines
    }

    /// 表四's rows: the active children by age band, and, only when there are any, those aged
    /// 18 or more who have not yet exited, so that the table adds up to 在册人数 all the same.
    static func ageBands(_ stats: QuarterStatistics) -> [(label: String, counts: [String: Int])] {
        var rows = Programme.ageBands.map { (label: "\($0.lowerBound)-\($0.upperBound)周岁", counts: [String: Int]()) }
        var older: [String: Int] = [:]
        for (age, counts) in stats.activeByAge {
            let index = Programme.ageBands.firstIndex { $0.contains(age) }
            for (category, n) in counts {
                if let index { rows[index].counts[category, default: 0] += n } else { older[category, default: 0] += n }
            }
        }
        if !older.isEmpty { rows.append((label: "\(Programme.ageLimit)周岁及以上", counts: older)) }
        return rows
    }

    /// 表五's rows: a row per 监护类型 in the form's order, then 未填 for families with none.
    static func guardianship(_ stats: QuarterStatistics) -> [(label: String, counts: [String: Int])] {
        Enumeration.guardianshipType.labels.map { (label: $0, counts: stats.activeByGuardianship[$0] ?? [:]) }
            + [(label: "未填", counts: stats.activeByGuardianship[""] ?? [:])]
    }

    /// A table of the active children by `rows` and category, with a 合计 column and a 合计 row.
    static func byCategory(_ caption: String, heading: String, _ rows: [(label: String, counts: [String: Int])]) -> [(kind: LineKind, cells: [CellValue])] {
        let categories = Enumeration.category.labels
        var lines: [(kind: LineKind, cells: [CellValue])] = [
            (.caption, [.text(caption)]),
            (.heading, ([heading] + categories + ["合计"]).map(CellValue.text)),
        ]
        var columnTotals = Array(repeating: 0, count: categories.count)
        for row in rows {
            let counts = categories.map { row.counts[$0] ?? 0 }
            for (i, n) in counts.enumerated() { columnTotals[i] += n }
            lines.append((.data, [.text(row.label)] + counts.map(CellValue.number) + [.number(counts.reduce(0, +))]))
        }
        lines.append((.total, [.text("合计")] + columnTotals.map(CellValue.number) + [.number(columnTotals.reduce(0, +))]))
        return lines
    }

    static func categoryCells(_ row: QuarterStatistics.CategoryRow) -> [CellValue] {
        [.text(row.category), .number(row.active), .number(row.pairedHelper), .number(row.pairedUnit), .number(row.unpaired),
         .number(row.visits), .number(row.specialVisits), .number(row.newNeeds), .number(row.resolvedNeeds), .number(row.alerts)]
    }

    /// What a line of the report is: a table's caption, its heading row, a row of figures, a 合计
    /// row, or a sentence across the table.
    enum LineKind { case caption, heading, data, total, note }

    /// The first column holds the category labels, the longest 低保家庭重残重病儿童; the others
    /// are wide enough for the longest heading, 已结对（帮扶人）, in two lines, and together for
    /// the title above them. The report prints at full size on A4 landscape.
    static let columnWidths: [ColumnWidth] = [.fitted(minimum: 12, maximum: 21)] + Array(repeating: .fitted(minimum: 12, maximum: 21), count: table1.count - 1)

    public static func write(to path: String, format: ExportFormat, quarter: Quarter, store: any RecordStore, context: ExportContext) throws -> ExportResult {
        let stats = try store.quarterStatistics(quarter)
        let lines = lines(stats, quarter, context)
        let rows = lines.filter { $0.kind == .data || $0.kind == .total }.count
        switch format {
        case .csv:
            let writer = try CSVWriter(path: path)
            try writer.write([title(context, quarter)])
            try writer.write([context.filingLine, context.dateLine])
            for line in lines { try writer.write(line.cells.map(\.plainText)) }
            try writer.write([context.signatureLine])
            return ExportResult(path: path, rows: rows, sha256: try writer.finish())
        case .xlsx:
            let writer = try XLSXWriter(path: path)
            let columns = table1.count
            var layout = SheetLayout(name: "\(quarter)", frozenRows: 2, printTitleRows: 1...2)
            layout.columns = columnWidths
            try writer.beginSheet(layout)
            var sheet = ReportSheet(writer: writer, width: columns)
            try sheet.full(title(context, quarter), .title, height: 32)
            try writer.appendRow([(.text(context.filingLine), .subtitle)] + Array(repeating: (.empty, .subtitle), count: 5) + [(.text(context.dateLine), .subtitleRight)])
            writer.merge(fromColumn: 1, row: 2, toColumn: 6, toRow: 2)
            writer.merge(fromColumn: 7, row: 2, toColumn: columns, toRow: 2)
            sheet.row += 1
            try sheet.write(lines)
            try sheet.full(context.signatureLine, .footer)
            try writer.endSheet()
            return ExportResult(path: path, rows: rows, sha256: try writer.finish())
        }
    }
}

/// The report's lines on a sheet `width` columns wide, from `row` on: captions, notes and single
/// lines across the sheet, tables cell by cell, 合计 rows bold. The quarterly report and each
/// town's sheet of the district's year are written so.
struct ReportSheet {
    let writer: XLSXWriter
    let width: Int
    var row = 1

    /// A line of one text across the sheet.
    mutating func full(_ text: String, _ style: CellStyle, height: Double? = nil) throws {
        try writer.appendRow([(.text(text), style)], height: height)
        writer.merge(fromColumn: 1, row: row, toColumn: width, toRow: row)
        row += 1
    }

    mutating func write(_ lines: [(kind: QuarterExport.LineKind, cells: [CellValue])]) throws {
        for line in lines {
            switch line.kind {
            case .caption:
                try full(line.cells.first?.plainText ?? "", .caption)
            case .note:
                try full(line.cells.first?.plainText ?? "", .subtitle)
            case .heading:
                try writer.appendRow(line.cells.map { ($0, .heading) })
                row += 1
            case .data:
                try writer.appendRow(line.cells.map { ($0, $0.isNumber ? .number : .text) })
                row += 1
            case .total:
                try writer.appendRow(line.cells.map { ($0, $0.isNumber ? .totalNumber : .totalText) })
                row += 1
            }
        }
    }
}
