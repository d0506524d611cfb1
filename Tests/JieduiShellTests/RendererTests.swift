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
}
