import JieduiCore

/// The district's report of results for a year (district.md, `export district`): a first sheet
/// 汇总 with one row per town and a 合计 row, then one sheet per town with the quarterly
/// report's tables for the year.
public enum DistrictExport {
    /// One town's figures: its schema, its Chinese name, and its quarters of the year so far.
    public struct Town: Sendable {
        public let schema: String
        public let name: String
        public let statistics: [QuarterStatistics]

        public init(schema: String, name: String, statistics: [QuarterStatistics]) {
            self.schema = schema
            self.name = name
            self.statistics = statistics
        }

        /// The year's figures: children and pairs as at the end of the last quarter, the work
        /// and the needs of every quarter added up, every training of the year.
        var year: QuarterStatistics {
            guard var total = statistics.last else { return QuarterStatistics() }
            for (index, category) in total.categories.enumerated() {
                let rows = statistics.compactMap { $0.categories.first { $0.category == category.category } }
                total.categories[index].visits = rows.reduce(0) { $0 + $1.visits }
                total.categories[index].specialVisits = rows.reduce(0) { $0 + $1.specialVisits }
                total.categories[index].newNeeds = rows.reduce(0) { $0 + $1.newNeeds }
                total.categories[index].resolvedNeeds = rows.reduce(0) { $0 + $1.resolvedNeeds }
                total.categories[index].alerts = rows.reduce(0) { $0 + $1.alerts }
            }
            total.trainings = statistics.flatMap(\.trainings)
            total.needs = [:]
            for quarter in statistics {
                for (kind, counts) in quarter.needs {
                    for (status, count) in counts { total.needs[kind, default: [:]][status, default: 0] += count }
                }
            }
            return total
        }
    }

    static let summaryHeadings = ["镇", "镇名", "在册人数", "已结对（帮扶人）", "已结对（包片）", "未结对", "本年走访次数", "其中特殊关爱", "新发现困难", "已解决困难", "强制报告", "培训次数"]

    public static func title(year: Int) -> String {
        "困境儿童和农村留守儿童关爱结对帮扶成效汇总表（\(year)年）"
    }

    public static func write(to path: String, year: Int, towns: [Town], context: ExportContext) throws -> ExportResult {
        let writer = try XLSXWriter(path: path)
        let columns = summaryHeadings.count
        var summary = SheetLayout(name: "汇总", frozenRows: 3, printTitleRows: 1...3)
        summary.columns = Array(repeating: .fitted(minimum: 10, maximum: 21), count: columns)
        try writer.beginSheet(summary)
        try writer.appendRow([(.text(title(year: year)), .title)], height: 32)
        writer.merge(fromColumn: 1, row: 1, toColumn: columns, toRow: 1)
        writer.fitTitle(title(year: year), acrossColumns: columns)
        try writer.appendRow([(.text(context.dateLine), .subtitleRight)])
        writer.merge(fromColumn: 1, row: 2, toColumn: columns, toRow: 2)
        try writer.appendRow(summaryHeadings.map { (.text($0), .heading) })
        var totals = Array(repeating: 0, count: columns - 2)
        for town in towns {
            let figures = figures(town.year)
            for (index, figure) in figures.enumerated() { totals[index] += figure }
            try writer.appendRow([(.text(town.schema), .text), (.text(context.free(town.name)), .text)] + figures.map { (.number($0), .number) })
        }
        try writer.appendRow([(.text("合计"), .totalText), (.empty, .totalText)] + totals.map { (.number($0), .totalNumber) })
        try writer.endSheet()

        for town in towns {
            let stats = town.year
            var layout = SheetLayout(name: town.schema, frozenRows: 2, printTitleRows: 1...2)
            layout.columns = QuarterExport.columnWidths
            try writer.beginSheet(layout)
            var sheet = ReportSheet(writer: writer, width: QuarterExport.table1.count)
            let name = town.name.isEmpty ? town.schema : context.free(town.name)
            try sheet.full("\(name)困境儿童和农村留守儿童关爱结对帮扶成效统计表（\(year)年）", .title, height: 32)
            try sheet.full(context.dateLine, .subtitleRight)
            try sheet.write(QuarterExport.lines(stats, period: .year, context))
            try writer.endSheet()
        }
        return ExportResult(path: path, rows: towns.count, sha256: try writer.finish())
    }

    /// A town's row of 汇总 after its schema and name.
    static func figures(_ stats: QuarterStatistics) -> [Int] {
        let c = stats.categories
        return [
            c.reduce(0) { $0 + $1.active }, c.reduce(0) { $0 + $1.pairedHelper }, c.reduce(0) { $0 + $1.pairedUnit },
            c.reduce(0) { $0 + $1.unpaired }, c.reduce(0) { $0 + $1.visits }, c.reduce(0) { $0 + $1.specialVisits },
            c.reduce(0) { $0 + $1.newNeeds }, c.reduce(0) { $0 + $1.resolvedNeeds }, c.reduce(0) { $0 + $1.alerts },
            stats.trainings.count,
        ]
    }
}
