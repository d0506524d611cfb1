import JieduiCore
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0),
        ("abc", 3),
        ("C0001", 5),
        ("王小花", 6),
        ("王小花abc", 9),
        ("金宝村（社区）", 14),
        ("，。（）：；、", 14),
        ("「」《》", 8),
        ("ＡＢＣ１２３", 12),
        ("\u{3000}", 2),
        ("한글", 4),
        ("ひらがなカタカナ", 16),
        ("😀", 2),
        ("👍🏽", 2),
        ("👨‍👩‍👧", 2),
        ("🇨🇳", 2),
        ("1\u{FE0F}\u{20E3}", 2),
        ("⌚", 2),
        ("☺", 1),
        ("e\u{301}", 1),
        ("\u{200B}", 0),
        ("a\u{200D}b", 2),
        ("\t", 0),
        ("王·小—花", 8),
        ("é", 1),
        ("Ünïcödé", 7),
        ("𠀀", 2),
        ("￥100", 5),
        ("女 8岁", 6),
    ])
    func countsTerminalCells(text: String, width: Int) {
        #expect(text.displayWidth == width)
    }

    @Test func padsByDisplayWidth() {
        #expect("王小花".padded(toWidth: 8) == "王小花  ")
        #expect("abc".padded(toWidth: 5) == "abc  ")
        #expect("abc".padded(toWidth: 2) == "abc")
        #expect("王小花".padded(toWidth: 6) == "王小花")
        #expect("".padded(toWidth: 3) == "   ")
        for text in ["王小花", "Li Ming", "金宝村（社区）", "😀ok"] {
            #expect(text.padded(toWidth: 20).displayWidth == 20)
        }
    }
}
