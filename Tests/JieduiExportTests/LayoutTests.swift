import JieduiCore
import Testing

@testable import JieduiExport

/// How the book and the quarterly report are laid out for print (ledger.md), from plain values.
struct LayoutTests {
    private static let context = ExportContext(town: "青禾镇", filingUnit: "青禾镇人民政府", filer: "曹文静",
                                               today: Day(year: 2024, month: 12, day: 31)!, reveal: false)

    @Test func bookColumnsTakeTheirWidthFromUnmergedCellsOnlyAndAreCapped() {
        let longNote = String(repeating: "走访时孩子不在家", count: 5)
        let lines: [BookExport.Line] = [
            .title("青禾镇困境儿童和农村留守儿童结对帮扶台账（冉雨欣）"),
            .caption("二、家庭情况"),
            .pairs([BookExport.Pair(label: "家庭基本情况", value: String(repeating: "父亲服刑在押，母亲离家后长期失联", count: 3)),
                    BookExport.Pair(label: "低保", value: "否")]),
            .heading(["走访日期", "走访方式", "关爱节点", "宣传内容", "发现问题", "帮扶措施", "走访人", "备注"]),
            .row(["2024-02-15", "特殊关爱", "春节", "防溺水、防欺凌", "无", "送去年货", "贾云飞", longNote]),
            .nothing(columns: 7),
            .footer(BookExport.signatureLine),
        ]
        let widths = BookExport.columnWidths(lines)
        #expect(widths.count == BookExport.columns)
        // Column A: the label 家庭基本情况 (12 cells) and a date; the value merged across B:D adds nothing.
        #expect(widths[0] == 13)
        #expect(widths[1] == 9)
        // The 80-cell note is capped, and wraps.
        #expect(widths[7] == BookExport.maximumColumnWidth)
        #expect(widths.allSatisfy { $0 >= BookExport.minimumColumnWidth && $0 <= BookExport.maximumColumnWidth })
    }

    @Test func aNarrowBookIsWidenedToItsTitle() {
        let title = "青禾镇困境儿童和农村留守儿童结对帮扶台账（欧阳诸葛长名字）"
        let widths = BookExport.columnWidths([.title(title), .heading(["日期"])])
        // The 16pt title needs its width in 11pt cells, times 16/11.
        #expect(widths.reduce(0, +) >= Double(SpreadsheetText.displayWidth(title)) * 16 / 11)
        #expect(Set(widths).count <= 2)
    }

    @Test(arguments: [
        ("F0022", "禾丰村", "任金秀", "禾丰村 任金秀（F0022）"), ("F0003", "", "李奶奶", "李奶奶（F0003）"), ("F0009", "", "", "F0009"),
    ])
    func aFamilyIsNamedByItsVillageAndGuardian(id: String, village: String, guardian: String, shown: String) {
        #expect(BookExport.familyName(id: id, village: village, guardian: guardian) == shown)
    }

    /// Ages fall in the band that holds them, a band's edges included; 18 or more gets a row
    /// only when some child is that old, and every table adds up across and down.
    @Test(arguments: [([5, 6, 13, 14, 17], ["0-5周岁": 1, "6-13周岁": 2, "14-17周岁": 2]),
                      ([0, 18, 19], ["0-5周岁": 1, "6-13周岁": 0, "14-17周岁": 0, "18周岁及以上": 2])])
    func ageBandsTakeTheirEdgesAndAddUp(ages: [Int], expected: [String: Int]) {
        var stats = QuarterStatistics()
        for (i, age) in ages.enumerated() {
            stats.countActive(category: Enumeration.category.labels[i % 6], age: age, guardianship: i == 0 ? "" : "一般", count: 1)
        }
        let rows = QuarterExport.ageBands(stats)
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.label, $0.counts.values.reduce(0, +)) }) == expected)
        let lines = QuarterExport.byCategory("表四", heading: "年龄段", rows).filter { $0.kind == .data || $0.kind == .total }
        let numbers = lines.map { $0.cells.dropFirst().map { Int($0.plainText)! } }
        for row in numbers { #expect(row.last == row.dropLast().reduce(0, +)) }
        #expect(numbers.last! == (0..<numbers[0].count).map { c in numbers.dropLast().reduce(0) { $0 + $1[c] } })
        #expect(numbers.last!.last == ages.count)
        let guardianship = QuarterExport.guardianship(stats)
        #expect(guardianship.last?.label == "未填" && guardianship.last?.counts.values.reduce(0, +) == 1)
    }

    @Test func anEmptyTrainingTableSaysSoInWords() {
        var stats = QuarterStatistics()
        stats.categories[5].active = 3
        stats.categories[5].pairedHelper = 2
        let quarter = Quarter("2024Q4")!
        let lines = QuarterExport.lines(stats, quarter, Self.context)
        let texts = lines.map { $0.cells.map(\.plainText) }
        #expect(texts.contains(["本季度无培训"]))
        #expect(!texts.contains { $0.first == "合计" && $0.count == 3 }, "no 合计 0次 0 under an empty table")
        // The 合计 rows of tables one, three, four and five are marked as totals, the captions as
        // captions (table two has no 合计 without trainings).
        #expect(lines.filter { $0.kind == .total }.map { $0.cells.first?.plainText } == ["合计", "合计", "合计", "合计"])
        #expect(lines.filter { $0.kind == .caption }.count == 5)

        stats.trainings = [QuarterStatistics.TrainingRow(date: "2024-11-02", title: "儿童关爱政策培训", attendees: 12),
                           QuarterStatistics.TrainingRow(date: "2024-12-05", title: "心理健康辅导", attendees: 9)]
        let withTrainings = QuarterExport.lines(stats, quarter, Self.context)
        let totals = withTrainings.filter { $0.kind == .total }.map { $0.cells.map(\.plainText) }
        #expect(totals.contains(["合计", "2次", "21"]))
        #expect(!withTrainings.contains { $0.cells.first?.plainText == "本季度无培训" })
    }
}
