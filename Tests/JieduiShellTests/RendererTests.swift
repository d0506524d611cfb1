import JieduiCore
import Testing
@testable import JieduiShell

/// How values print: masking, JSON types, CSV quoting, column alignment by display width.
@Suite struct RendererTests {
    let columns = [
        Column(key: "name", label: "姓名"),
        Column(key: "idno", label: "身份证号", kind: .personal),
        Column(key: "age", label: "年龄"),
    ]
    let rows: [[Value]] = [
        [.text("王小花"), .text("511304201405010121"), .int(10)],
        [.text("Li"), .null, .int(8)],
    ]

    @Test func jsonIsOneLineWithTypedValuesAndMasking() {
        let lines = Renderer(format: .json, lang: .en, mask: true, colour: false).render(.table(columns: columns, rows: rows))
        #expect(lines == [#"[{"name":"王小花","idno":"511304********0121","age":10},{"name":"Li","idno":null,"age":8}]"#])
    }

    @Test func revealShowsTheNumber() {
        let lines = Renderer(format: .csv, lang: .en, mask: false, colour: false).render(.table(columns: columns, rows: rows))
        #expect(lines[1] == "王小花,511304201405010121,10")
    }

    @Test func tableColumnsAlignByDisplayWidth() {
        let lines = Renderer(format: .table, lang: .zh, mask: true, colour: false).render(.table(columns: columns, rows: rows))
        #expect(lines.count == 3)
        // The age column ends at the same display width on every line.
        #expect(Set(lines.map(\.displayWidth)).count == 1, "\(lines)")
        #expect(lines[0].hasPrefix("姓名"))
    }

    @Test func jsonStringsEscapeControlCharacters() {
        let r = Renderer(format: .json, lang: .en, mask: true, colour: false)
        #expect(r.jsonString("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test func commandsThatOnlyChangePrintNothingInJSON() {
        let r = Renderer(format: .json, lang: .en, mask: true, colour: false)
        #expect(r.render(.message(.updated("C0001"))).isEmpty)
        #expect(r.render(.added(key: "C0001", keyName: "id", name: "王小花")) == [#"{"id":"C0001"}"#])
        #expect(r.render(.addedMany(["P0001", "P0002"])) == [#"{"ids":["P0001","P0002"]}"#])
    }

    @Test func exportSummaryQuotesItsPathAsAnyField() {
        let exported = Output.exported(path: "out/名册,2024.csv", rows: 3, sha256: "ab12")
        let csv = Renderer(format: .csv, lang: .en, mask: true, colour: false).render(exported)
        #expect(csv == ["path,rows,sha256", #""out/名册,2024.csv",3,ab12"#])
        let json = Renderer(format: .json, lang: .en, mask: true, colour: false).render(exported)
        #expect(json == [#"{"path":"out/名册,2024.csv","rows":3,"sha256":"ab12"}"#])
        let imported = Output.imported(read: 5, added: 3, updated: 1, rejected: 1)
        let tsv = Renderer(format: .tsv, lang: .en, mask: true, colour: false).render(imported)
        #expect(tsv == ["read\tadded\tupdated\trejected", "5\t3\t1\t1"])
    }

    @Test func exportSummaryNeverMasksItsDigest() {
        // A digest may hold a run of digits shaped like a phone number; it is not one.
        let exported = Output.exported(path: "a.xlsx", rows: 1, sha256: "0013912345678f")
        let csv = Renderer(format: .csv, lang: .en, mask: true, colour: false).render(exported)
        #expect(csv.last == "a.xlsx,1,0013912345678f")
    }

    /// A cell read from a survey sheet may hold anything: a terminal is never handed a control
    /// character that would move its cursor or repaint it, and a record of TSV stays one line.
    @Test func controlCharactersNeverReachTheTerminal() {
        let columns = [Column(key: "id", label: "编号"), Column(key: "note", label: "备注")]
        let note = "\u{1B}[2J\u{1B}]0;标题\u{07}红\r覆盖\t制表\u{9B}31m"
        let rows: [[Value]] = [[.text("C0001"), .text(note)], [.text("C0002"), .text("第一行\n第二行")]]
        for format in [OutputFormat.table, .tsv] {
            let lines = Renderer(format: format, lang: .zh, mask: true, colour: false).render(.table(columns: columns, rows: rows))
            #expect(lines.count == 3, "\(format): \(lines)")
            // TSV is data for other programs, kept as it is but for what would split its records.
            for line in lines where format == .table {
                #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line.debugDescription)")
            }
            #expect(!lines.joined().contains { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }, "\(format): \(lines)")
            #expect(lines[1].contains("红") && lines[1].contains("覆盖") && lines[1].contains("制表"))
        }
        let record = Renderer(format: .table, lang: .zh, mask: true, colour: false).render(.record(columns: columns, values: rows[0]))
        #expect(!record.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0 == "\r" || $0.value == 0x9B })
        // A table's columns stay aligned: the cell with controls is as wide as its visible text.
        let table = Renderer(format: .table, lang: .zh, mask: true, colour: false).render(.table(columns: columns, rows: [[.text("C0001"), .text("甲\t乙")], [.text("C0002"), .text("甲 乙")]]))
        #expect(table[1].displayWidth == table[2].displayWidth)
    }
}
