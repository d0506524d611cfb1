import JieduiCore

/// 一本结对台账: one worksheet per child (ledger.md, "export book"), in ledger order.
public enum BookExport {
    static let columns = 8

    public static func write(
        to path: String, year: Int, children: [String], store: any RecordStore, context: ExportContext,
        progress: ((Int) -> Void)? = nil
    ) throws -> ExportResult {
        let writer = try XLSXWriter(path: path)
        for (index, child) in children.enumerated() {
            try writeSheet(writer, child: child, year: year, store: store, context: context)
            progress?(index + 1)
        }
        return ExportResult(path: path, rows: children.count, sha256: try writer.finish())
    }

    private static func one(_ noun: Noun, _ key: String, _ store: any RecordStore, _ today: Day) throws -> Record? {
        let fields = Schema.of(noun).fields.map(\.key)
        return try store.select(Query(noun: noun, predicate: .compare(field: noun.keyField, op: .equal, value: .text(key)), limit: 1, fields: fields), today: today).first
    }

    private static func many(_ noun: Noun, _ predicate: RecordFilter, _ fields: [String], _ store: any RecordStore, _ today: Day, sort: [SortKey] = []) throws -> [Record] {
        try store.select(Query(noun: noun, predicate: predicate, sort: sort, fields: fields), today: today)
    }

    /// A field's value as the book prints it: masked personal numbers, lists joined.
    private static func shown(_ field: Field, _ value: Value, _ context: ExportContext) -> String {
        switch field.type {
        case .idno: context.idno(value.text)
        case .phone: context.phone(value.text)
        default: context.free(value.text)
        }
    }

    private static func writeSheet(_ writer: XLSXWriter, child: String, year: Int, store: any RecordStore, context: ExportContext) throws {
        let today = context.today
        guard let record = try one(.child, child, store, today) else { return }
        let name = record["name"].text
        try writer.beginSheet(SheetLayout(name: "\(child) \(name)", frozenRows: 1, printTitleRows: 1...1))
        var row = 0
        func full(_ text: String, _ style: CellStyle, height: Double? = nil) throws {
            row += 1
            try writer.appendRow([(.text(text), style)], height: height)
            writer.merge(fromColumn: 1, row: row, toColumn: columns, toRow: row)
        }
        /// Label/value pairs, two to a row: label in one column, value across three.
        func pairs(_ items: [(String, String)]) throws {
            var index = 0
            while index < items.count {
                row += 1
                var cells: [(CellValue, CellStyle)] = []
                for k in 0..<2 {
                    if index + k < items.count {
                        let (label, value) = items[index + k]
                        cells += [(.text(label), .heading), (.text(value), .text), (.empty, .text), (.empty, .text)]
                    } else {
                        cells += Array(repeating: (CellValue.empty, CellStyle.text), count: 4)
                    }
                    writer.merge(fromColumn: k * 4 + 2, row: row, toColumn: k * 4 + 4, toRow: row)
                }
                try writer.appendRow(cells)
                index += 2
            }
        }
        func table(_ headings: [String], _ rows: [[String]]) throws {
            row += 1
            try writer.appendRow(headings.map { (.text($0), .heading) })
            for values in rows {
                row += 1
                try writer.appendRow(values.map { (.text($0), .text) })
            }
        }

        try full("\(context.town)困境儿童和农村留守儿童结对帮扶台账（\(name)）", .title, height: 32)
        try full("一、儿童基本情况", .subtitle)
        let childFields = Schema.of(.child).fields.filter { $0.isStored && $0.key != "id" }
        try pairs(childFields.map { ($0.label, shown($0, record[$0.key], context)) })
        try full("二、家庭情况", .subtitle)
        let familyID = record["family"].text
        if let family = try one(.family, familyID, store, today) {
            let familyFields = Schema.of(.family).fields.filter { $0.isStored && $0.key != "id" }
            var items = familyFields.map { ($0.label, shown($0, family[$0.key], context)) }
            let siblings = try many(.child, .and(.compare(field: "family", op: .equal, value: .text(familyID)), .compare(field: "id", op: .notEqual, value: .text(child))), ["name"], store, today)
            items.append(("兄弟姐妹", siblings.map { $0["name"].text }.joined(separator: "、")))
            try pairs(items)
        }
        try full("三、结对情况", .subtitle)
        let pairs = try many(.pair, .compare(field: "child", op: .equal, value: .text(child)), ["id", "helper", "unit", "since", "ended", "end_reason"], store, today)
        var pairRows: [[String]] = []
        for pair in pairs {
            if case .text(let helperID) = pair["helper"], let helper = try one(.helper, helperID, store, today) {
                pairRows.append([helper["name"].text, helper["unit"].text, context.phone(helper["phone"].text), pair["since"].text, pair["ended"].text, pair["end_reason"].text])
            } else {
                pairRows.append(["（包片）" + pair["unit"].text, pair["unit"].text, "", pair["since"].text, pair["ended"].text, pair["end_reason"].text])
            }
        }
        try table(["结对帮扶人", "工作单位", "联系电话", "结对时间", "解除时间", "解除原因"], pairRows)
        try full("四、走访记录（\(year)年）", .subtitle)
        var visitRows: [[String]] = []
        for pair in pairs {
            let helperName = pairRows[pairs.firstIndex(of: pair)!][0]
            let visits = try many(.visit, .and(.compare(field: "pair", op: .equal, value: .text(pair["id"].text)),
                                               .and(.compare(field: "date", op: .greaterOrEqual, value: .date(Day(year: year, month: 1, day: 1)!)),
                                                    .compare(field: "date", op: .lessOrEqual, value: .date(Day(year: year, month: 12, day: 31)!)))),
                                  ["date", "kind", "occasion", "topics", "found", "help", "note"], store, today, sort: [SortKey(field: "date", descending: false)])
            for v in visits {
                visitRows.append([v["date"].text, v["kind"].text, v["occasion"].text, v["topics"].text, context.free(v["found"].text), context.free(v["help"].text), helperName, context.free(v["note"].text)])
            }
        }
        try table(["走访日期", "走访方式", "关爱节点", "宣传内容", "发现问题", "帮扶措施", "走访人", "备注"], visitRows.sorted { $0[0] < $1[0] })
        try full("五、困难诉求与帮扶", .subtitle)
        let needs = try many(.need, .compare(field: "child", op: .equal, value: .text(child)), ["date", "kind", "detail", "measures", "referred_to", "status", "resolved"], store, today)
        var needRows: [[String]] = []
        for need in needs {
            var referred = need["referred_to"].text
            if let org = Noun.org.idNumber(referred).flatMap({ _ in try? one(.org, referred, store, today) }) { referred = org["name"].text }
            needRows.append([need["date"].text, need["kind"].text, context.free(need["detail"].text), need["measures"].text, referred, need["status"].text, need["resolved"].text])
        }
        try table(["发现日期", "困难类型", "具体情况", "帮扶措施", "转介对象", "状态", "解决日期"], needRows)
        try full("六、强制报告", .subtitle)
        let alerts = try many(.alert, .compare(field: "child", op: .equal, value: .text(child)), ["date", "situation", "reported_to", "reported", "outcome"], store, today)
        try table(["发现日期", "情形", "报告部门", "报告日期", "处置结果"], alerts.map { [$0["date"].text, $0["situation"].text, $0["reported_to"].text, $0["reported"].text, context.free($0["outcome"].text)] })
        row += 1
        try writer.appendRow([(.text("结对帮扶人（签名）：        儿童主任（签名）："), .footer)])
        writer.merge(fromColumn: 1, row: row, toColumn: columns, toRow: row)
        try writer.endSheet()
    }
}
