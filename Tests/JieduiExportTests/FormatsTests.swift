import Foundation
import Testing

@testable import JieduiExport

/// The spreadsheet formats: what is written reads back the same, byte for byte the same each
/// time, and as the spreadsheet programs in a town office expect (ledger.md, "Common to every export").
///
/// Serialized because one test measures the process's memory.
@Suite(.serialized)
struct FormatsTests {
    // MARK: - XLSX

    @Test func workbookReadsBackAsWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.xlsx")
        _ = try Sample.write(to: path)

        let rows = try XLSXReader.readFirstSheet(path: path)
        #expect(rows.map(\.row) == Array(1...8))
        #expect(rows.map(\.cells) == Sample.expectedLedgerRows)

        #expect(try XLSXReader.worksheetNames(path: path) == ["结对帮扶台账", "C0001 张小明", "a_b_c_d"])
        let book = try XLSXReader.readSheet(path: path, named: "C0001 张小明")
        #expect(book.map(\.cells) == [["项目", "内容"], ["身份证号", "511304201203051234"], ["备注", "第一行\r\n第二行 _x0041_ <&>"]])
    }

    @Test func sameCallsGiveIdenticalBytesAndTheirSHA256() throws {
        let directory = try TemporaryDirectory()
        let first = directory.path("a.xlsx")
        let second = directory.path("b.xlsx")
        let firstDigest = try Sample.write(to: first)
        let secondDigest = try Sample.write(to: second)

        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(firstBytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(firstDigest == secondDigest)
        #expect(firstDigest.count == 64 && firstDigest == firstDigest.lowercased())
        #expect(try sha256sum(first) == firstDigest)
        // Zip entries carry the fixed date 1980-01-01 00:00 (DOS time 0, DOS date 0x0021).
        #expect(Array(firstBytes[10..<14]) == [0x00, 0x00, 0x21, 0x00])
    }

    @Test func outputIsPrivateAndNoTemporaryFileRemains() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.xlsx")
        _ = try Sample.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["ledger.xlsx"])

        let abandoned = directory.path("abandoned.xlsx")
        do {
            let writer = try XLSXWriter(path: abandoned)
            try writer.beginSheet(SheetLayout(name: "x"))
            try writer.appendRow([(.text("半途而废"), .text)])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["ledger.xlsx"])
    }

    @Test func readsWorkbooksOfOtherPrograms() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("survey.xlsx")
        try ForeignWorkbook.data.write(to: URL(fileURLWithPath: path))
        let rows = try XLSXReader.readFirstSheet(path: path)
        #expect(rows.map(\.row) == [1, 2, 4])
        #expect(rows.map(\.cells) == [
            ["儿童姓名", "身份证号", "出生日期", "监护人电话", "人数"],
            // A number of 18 digits keeps the 15 a spreadsheet holds, in its exponent form.
            ["张三", "5.11304201405012E+17", "2014-05-01", "13800001111", "12", "", "TRUE"],
            ["", "", "2024-03-15", "", "0.5", "", "", "王五"],
        ])
    }

    @Test func refusesAWorksheetCutShort() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("cut.xlsx")
        let parts = ForeignWorkbook.parts.map { name, text in
            name == "xl/worksheets/survey.xml" ? (name, String(text.prefix(200))) : (name, text)
        }
        try StoredZip.archive(parts).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError(.malformed, "xl/worksheets/survey.xml is cut short")) {
            try XLSXReader.readFirstSheet(path: path)
        }
    }

    @Test func refusesFilesThatAreNotWorkbooks() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("fake.xlsx")
        try Data("姓名,身份证号\r\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError.self) { try XLSXReader.readFirstSheet(path: path) }
        do {
            _ = try XLSXReader.readFirstSheet(path: path)
        } catch let error as SpreadsheetError {
            #expect(error.code == .notZip)
        }
    }

    @Test(arguments: [
        ("12", "12"), ("13800001111", "13800001111"), ("5.11304201405012E+17", "511304201405012000"),
        ("12.0", "12"), ("0.1", "0.1"), ("-2.50", "-2.5"), ("1E-7", "0.0000001"), ("007", "7"),
        ("3.5E+2", "350"), ("123456789012345678901", "123456789012345678901"),
        // Beyond 15 significant digits a stored number holds no more of what was typed.
        ("5.113042016050109E+17", "511304201605011000"), ("0.30000000000000004", "0.3"),
    ])
    func numbersReadAsPlainDecimals(raw: String, text: String) {
        #expect(SpreadsheetNumbers.plainText(raw) == text)
    }

    @Test(arguments: [
        (1.0, false, "1900-01-01"), (59.0, false, "1900-02-28"), (61.0, false, "1900-03-01"),
        (45366.75, false, "2024-03-15"), (43831.0, false, "2020-01-01"), (0.0, true, "1904-01-01"),
        (43831.0 - 1462.0, true, "2020-01-01"),
    ])
    func dateSerialsBecomeISODates(serial: Double, uses1904: Bool, date: String) {
        #expect(SpreadsheetNumbers.isoDate(serial: serial, uses1904Dates: uses1904) == date)
    }

    @Test(arguments: [
        ("yyyy-mm-dd", true), ("yyyy\"年\"m\"月\"d\"日\"", true), ("[$-804]yyyy/m/d;@", true), ("mmm-yy", true),
        ("h:mm:ss", false), ("[h]:mm", false), ("mm:ss", false), ("0.00", false), ("@", false),
        ("General", false), ("#,##0_);[Red](#,##0)", false), ("\"day\"0", false),
    ])
    func customDateFormatsAreRecognised(code: String, isDate: Bool) {
        #expect(SpreadsheetNumbers.isDateFormatCode(code) == isDate)
    }

    @Test func builtInDateFormatsIncludeTheChineseOnes() {
        for id in [14, 15, 16, 17, 22, 31, 57, 58] {
            #expect(SpreadsheetNumbers.isDateFormat(id: id, customFormats: [:]), "id \(id)")
        }
        for id in [0, 1, 2, 49, 18, 20, 21, 45, 46, 47, 32] {
            #expect(!SpreadsheetNumbers.isDateFormat(id: id, customFormats: [:]), "id \(id)")
        }
    }

    @Test func textIsEscapedForXMLAndExcel() {
        #expect(SpreadsheetText.escaped("a<b>&c") == "a&lt;b&gt;&amp;c")
        #expect(SpreadsheetText.escaped("x\u{1}y\u{B}z\u{FFFF}") == "xyz")
        #expect(SpreadsheetText.escaped("a\r\nb") == "a&#13;\nb")
        #expect(SpreadsheetText.escapedCellText("_x0041_") == "_x005F_x0041_")
        #expect(SpreadsheetText.escaped("_x0041_") == "_x0041_")
        #expect(SpreadsheetText.escaped("\"q\"", attribute: true) == "&quot;q&quot;")
        #expect(SpreadsheetText.decodingExcelEscapes("_x005F_x0041_ _x000D_") == "_x0041_ \r")
        #expect(SpreadsheetText.displayWidth("金宝村A1") == 8)
        #expect(SpreadsheetText.displayWidth("（包片）") == 8)
        #expect(SpreadsheetText.columnName(1) == "A" && SpreadsheetText.columnName(27) == "AA")
        #expect(SpreadsheetText.columnNumber(ofReference: "AB12") == 28)
    }

    @Test func columnWidthsFollowTheWidestCountedCellWithinTheirLimits() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("widths.xlsx")
        let writer = try XLSXWriter(path: path)
        var layout = SheetLayout(name: "宽度")
        layout.columns = [.fitted(), .fitted(maximum: 52), .fixed(30)]
        try writer.beginSheet(layout)
        try writer.appendRow([(.text(String(repeating: "标题", count: 40)), .title)])
        try writer.appendRow([(.text("身份证号"), .heading), (.text("备注"), .heading), (.text("签名"), .heading)])
        try writer.appendRow([(.text("511304201203051234"), .text), (.text(String(repeating: "长", count: 80)), .text),
                              (.empty, .text)])
        try writer.endSheet()
        _ = try writer.finish()
        let sheet = try ZipEntryText(path: path, entry: "xl/worksheets/sheet1.xml")
        // The title spans merged cells and widens nothing; the ID-card number gets its 18 digits and one of padding.
        #expect(sheet.text.contains("<col min=\"1\" max=\"1\" width=\"19\" customWidth=\"1\"/>"))
        #expect(sheet.text.contains("<col min=\"2\" max=\"2\" width=\"52\" customWidth=\"1\"/>"))
        #expect(sheet.text.contains("<col min=\"3\" max=\"3\" width=\"30\" customWidth=\"1\"/>"))
        // 160 cells of text in 51 cells of room, 25 characters a line: four lines.
        #expect(sheet.text.contains("<row r=\"3\" ht=\"60\" customHeight=\"1\">"))
    }

    /// What Excel refuses or cuts is never written: a row taller than 409.5 points, a sheet name
    /// that ends in an apostrophe once cut to 31 characters. A merged title asked to fit widens
    /// its columns until it shows whole.
    @Test func rowsAndNamesStayWithinWhatSpreadsheetsAllow() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("limits.xlsx")
        let writer = try XLSXWriter(path: path)
        var layout = SheetLayout(name: String(repeating: "长", count: 30) + "'名")
        layout.columns = [.fitted(maximum: 10), .fitted(maximum: 10)]
        try writer.beginSheet(layout)
        let title = String(repeating: "标题", count: 20)
        try writer.appendRow([(.text(title), .title)])
        writer.merge(fromColumn: 1, row: 1, toColumn: 2, toRow: 1)
        writer.fitTitle(title, acrossColumns: 2)
        try writer.appendRow([(.text(String(repeating: "长", count: 300)), .text), (.text("短"), .text)])
        try writer.endSheet()
        _ = try writer.finish()
        let sheet = try ZipEntryText(path: path, entry: "xl/worksheets/sheet1.xml")
        #expect(sheet.text.contains("<row r=\"2\" ht=\"409.5\" customHeight=\"1\">"), "\(sheet.text.prefix(600))")
        let names = try XLSXReader.worksheetNames(path: path)
        #expect(names.count == 1 && !names[0].hasSuffix("'") && names[0].utf16.count <= 31, "\(names)")
        // 40 characters at 16 points: 40 × 2 × 16 / 11 + 4 units across the two columns.
        let widths: [Double] = sheet.text.matches(of: /<col min="\d+" max="\d+" width="([\d.]+)"/).map { Double(String($0.1)) ?? 0 }
        let needed: Double = 40.0 * 2.0 * 16.0 / 11.0 + 4.0
        #expect(widths.count == 2 && widths.reduce(0, +) >= needed, "\(widths)")
    }

    @Test func headingsWrapAndTheFrozenHeadingRowFitsTheFinalWidths() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("headings.xlsx")
        let writer = try XLSXWriter(path: path)
        var layout = SheetLayout(name: "表头", frozenRows: 1)
        layout.columns = [.fitted(maximum: 5)]
        try writer.beginSheet(layout)
        try writer.appendRow([(.text("本年走访次数"), .heading), (.text("最近走访日期"), .heading)])
        try writer.appendRow([(.number(6), .number), (.text("2024-11-14"), .text)])
        try writer.endSheet()
        _ = try writer.finish()
        let sheet = try ZipEntryText(path: path, entry: "xl/worksheets/sheet1.xml")
        // A heading asks a third of its width, or four characters: 本年走访次数 takes three lines
        // of two characters over a one-digit count in a column of at most 5; 最近走访日期 two lines
        // over a date, which was appended after it.
        #expect(sheet.text.contains("<col min=\"1\" max=\"1\" width=\"5\" customWidth=\"1\"/>"))
        #expect(sheet.text.contains("<col min=\"2\" max=\"2\" width=\"11\" customWidth=\"1\"/>"))
        #expect(sheet.text.contains("<row r=\"1\" ht=\"45\" customHeight=\"1\">"))
        #expect(sheet.text.contains("<row r=\"2\">"))
    }

    @Test func frozenColumnsAutofilterPaperAndPageNumbers() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("setup.xlsx")
        let writer = try XLSXWriter(path: path)
        var ledger = SheetLayout(name: "台账", frozenRows: 3, printTitleRows: 1...3)
        ledger.frozenColumns = 3
        ledger.page = PageSetup(paper: .a3, landscape: true)
        try writer.beginSheet(ledger)
        for row in 1...5 { try writer.appendRow((1...4).map { (.text("格\(row)\($0)"), .text) }) }
        writer.autoFilter(fromColumn: 1, row: 3, toColumn: 4, toRow: 5)
        try writer.endSheet()
        var book = SheetLayout(name: "C0001 张三", frozenRows: 1)
        book.landscape = false
        book.pageNumbersPerSheet = true
        try writer.beginSheet(book)
        try writer.appendRow([(.text("一本台账"), .title)])
        try writer.endSheet()
        _ = try writer.finish()

        let first = try ZipEntryText(path: path, entry: "xl/worksheets/sheet1.xml").text
        #expect(first.contains("<pane xSplit=\"3\" ySplit=\"3\" topLeftCell=\"D4\" activePane=\"bottomRight\" state=\"frozen\"/>"))
        #expect(first.contains("<autoFilter ref=\"A3:D5\"/>"))
        #expect(first.contains("paperSize=\"8\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        #expect(first.contains("&amp;C第 &amp;P 页，共 &amp;N 页"))
        let second = try ZipEntryText(path: path, entry: "xl/worksheets/sheet2.xml").text
        #expect(second.contains("paperSize=\"9\" orientation=\"portrait\""))
        #expect(second.contains("firstPageNumber=\"1\" useFirstPageNumber=\"1\""))
        #expect(second.contains("<oddFooter>&amp;C第 &amp;P 页</oddFooter>"))
        let workbook = try ZipEntryText(path: path, entry: "xl/workbook.xml").text
        #expect(workbook.contains("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'台账'!$A$3:$D$5</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'台账'!$1:$3</definedName>"))
        // The rows come back in order, the held frozen rows first.
        #expect(try XLSXReader.readFirstSheet(path: path).map(\.cells.first) == (1...5).map { "格\($0)1" })
    }

    @Test(arguments: [
        ("", 10, 1), ("儿童", 10, 1), ("农村留守儿童", 12, 1), ("农村留守儿童", 11, 2),
        ("低保家庭重残重病儿童", 12, 2), ("低保家庭重残重病儿童", 8, 3),
        // A closing mark never starts a line: it takes the character before it along.
        ("一二三四、五", 8, 2), ("一二三四、五", 9, 2),
        // An opening bracket stays with what follows it.
        ("村（社区）", 8, 2), ("（包片）镇党政办", 8, 2),
        // A run of digits moves down whole, unless it is longer than a line.
        ("已退出（2024-12-20，随父母迁出本镇）", 20, 2), ("已退出（2024-12-20，随父母迁出本镇）", 19, 3), ("519921201202306033", 10, 2), ("519921201202306033", 18, 1),
        // Line breaks in the text count.
        ("第一行\n第二行", 40, 2), ("第一行\n\n第三行", 4, 5),
    ])
    func wrappedTextTakesTheLinesASpreadsheetGivesIt(text: String, width: Int, lines: Int) {
        #expect(SpreadsheetText.wrappedLineCount(text, width: width) == lines)
    }

    // MARK: - Print

    @Test func printScaleFollowsTheColumnWidthsAndThePaper() {
        let a4 = PageSetup(paper: .a4, landscape: true)
        // A4 landscape less two margins of 0.3 in is 798.69 pt; a unit prints 6 pt wide.
        #expect(a4.printableWidth > 798 && a4.printableWidth < 799)
        #expect(a4.fitToWidthScale(columnWidths: Array(repeating: 300.0 / 21, count: 21)) == 44)
        #expect(a4.fitToWidthScale(columnWidths: [100, 33]) == 100)
        #expect(a4.fitToWidthScale(columnWidths: [133.2]) == 99)
        #expect(a4.fitToWidthScale(columnWidths: []) == 100)
        let portrait = PageSetup(paper: .a4, landscape: false)
        let a3 = PageSetup(paper: .a3, landscape: true)
        let widths = Array(repeating: 10.0, count: 20)
        #expect(portrait.fitToWidthScale(columnWidths: widths) < a4.fitToWidthScale(columnWidths: widths))
        #expect(a4.fitToWidthScale(columnWidths: widths) < a3.fitToWidthScale(columnWidths: widths))
        #expect(PageSetup.Paper(name: "a3") == .a3 && PageSetup.Paper(name: "A4") == .a4 && PageSetup.Paper(name: "B5") == nil)
    }

    /// ledger.md: the ledger prints at 60% or more on A4 landscape fitted to one page wide. Every
    /// column of the ledger has a greatest width, so this holds whatever the ledger holds.
    @Test func theLedgerPrintsAtSixtyPercentOrMoreWhateverItHolds() {
        for paper in PageSetup.Paper.allCases {
            let layout = LedgerExport.layout(paper: paper)
            #expect(layout.columns.count == LedgerExport.headings.count)
            let widest = layout.columns.map(\.maximum)
            let scale = layout.page.fitToWidthScale(columnWidths: widest)
            #expect(scale >= (paper == .a4 ? 60 : 85), "\(paper.rawValue): \(scale)%")
            #expect(layout.landscape && layout.page.paper == paper)
        }
    }

    @Test func fortyThousandRowsStreamInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("big.xlsx")
        let before = residentBytes()
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet(SheetLayout(name: "台账", frozenRows: 1, printTitleRows: 1...1))
        try writer.appendRow((1...21).map { (.text("表头\($0)"), .heading) })
        var peak = before
        for index in 1...40_000 {
            var cells: [(CellValue, CellStyle)] = [(.number(index), .number)]
            cells += (2...21).map { column in (.text("金宝村第\(index)户儿童信息栏目\(column)"), .text) }
            try writer.appendRow(cells)
            if index % 10_000 == 0 { peak = max(peak, residentBytes()) }
        }
        try writer.endSheet()
        _ = try writer.finish()
        peak = max(peak, residentBytes())
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let rows = try XLSXReader.readFirstSheet(path: path)
        #expect(rows.count == 40_001)
        #expect(rows.last?.cells.first == "40000")
        // The sheet's XML is about 50 MB; holding it would show as growth far beyond 40 MB.
        let growth = peak - before
        print("40,000 rows: file \(size / 1024) KiB, resident \(before >> 20) MiB before, peak \(peak >> 20) MiB while writing (+\(growth >> 20) MiB), process high-water mark \(highWaterMark() >> 20) MiB")
        if before > 0 { #expect(growth < 40 << 20) }
    }

    // MARK: - CSV

    @Test func csvRoundTripsWithQuotingAndTheFormulaGuard() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.csv")
        let rows = [
            ["序号", "儿童姓名", "备注"],
            ["1", "张三", "他说：\"好\"，然后走了"],
            ["2", "李,四", "第一行\r\n第二行\n第三行"],
            ["3", "=1+1", "+8613800001111"],
            ["4", "-5", "@SUM(A1)"],
            ["5", "\tTAB", ""],
        ]
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.write(row) }
        let digest = try writer.finish()

        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("序号,儿童姓名,备注\r\n1,张三,\"他说：\"\"好\"\"，然后走了\"\r\n"))
        #expect(text.contains("3,'=1+1,'+8613800001111\r\n"))
        #expect(try sha256sum(path) == digest)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)

        let read = try CSVReader.read(data)
        #expect(read.encoding == .utf8)
        var guarded = rows
        guarded[3] = ["3", "'=1+1", "'+8613800001111"]
        guarded[4] = ["4", "'-5", "'@SUM(A1)"]
        guarded[5] = ["5", "'\tTAB", ""]
        #expect(read.rows == guarded)
        #expect(read.rows.map { $0.map(CSVReader.unguarded) } == rows)
    }

    @Test func csvKeepsLongDigitStringsAsTextAndReadsThemBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("numbers.csv")
        let rows = [
            ["序号", "身份证号", "监护人电话", "备注"],
            ["1", "519921201202306033", "13900001234", "0832"],
            ["2", "51992120120230605X", "+8613900001234", "'=1"],
            ["12", "1234567890", "0", "\t13900001234"],
        ]
        let writer = try CSVWriter(path: path)
        for row in rows { try writer.write(row) }
        _ = try writer.finish()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        // A spreadsheet keeps a field that starts with a tab as text, all its digits with it.
        #expect(text.contains("1,\"\t519921201202306033\",\"\t13900001234\",\"\t0832\"\r\n"))
        #expect(text.contains("2,\"\t51992120120230605X\",'+8613900001234,''=1\r\n"))
        // Short numbers stay numbers; a tab the text itself begins with is guarded as a formula start.
        #expect(text.contains("12,1234567890,0,'\t13900001234\r\n"))
        // Taking the guards off gives back exactly what was written.
        #expect(try CSVReader.read(data).rows.map { $0.map(CSVReader.unguarded) } == rows)
    }

    @Test(arguments: [
        ("519921201202306033", true), ("51992120120230605X", true), ("51992120120230605x", true),
        ("13900001234", true), ("0832", true), ("01", true), ("1234567890", false), ("0", false),
        ("X0123456789012", false), ("2024-12-31", false), ("139 0000 1234", false), ("", false), ("0X", false),
    ])
    func numberLikeFieldsAreRecognised(field: String, numberLike: Bool) {
        #expect(CSVReader.isNumberLike(field) == numberLike)
    }

    @Test func csvDecodesGB18030() throws {
        // "村,金宝村\r\n" saved by Excel on a Chinese Windows: 金宝村 is BD F0 B1 A6 B4 E5 in GB18030.
        let bytes: [UInt8] = [0xB4, 0xE5, 0x2C, 0xBD, 0xF0, 0xB1, 0xA6, 0xB4, 0xE5, 0x0D, 0x0A]
        let read = try CSVReader.read(Data(bytes))
        #expect(read.encoding == .gb18030)
        #expect(read.rows == [["村", "金宝村"]])
        // A four-byte GB18030 sequence (U+20000) decodes too.
        #expect(try CSVReader.read(Data([0x95, 0x32, 0x82, 0x36])).rows == [["\u{20000}"]])
    }

    @Test func csvReadsUTF8WithAndWithoutBOM() throws {
        let body = Array("村,人数\n金宝村,3\n\n石桥社区,\"4\"".utf8)
        let withBOM = try CSVReader.read(Data([0xEF, 0xBB, 0xBF] + body))
        let without = try CSVReader.read(Data(body))
        #expect(withBOM.encoding == .utf8 && without.encoding == .utf8)
        #expect(withBOM.rows == [["村", "人数"], ["金宝村", "3"], ["石桥社区", "4"]])
        #expect(without.rows == withBOM.rows)
    }

    @Test func csvRowsKeepTheLineTheyStartOn() throws {
        let text = "姓名,备注\r\n张三,\"第一行\r\n第二行\"\r\n\r\n李四,\r\n"
        let read = try CSVReader.readNumbered(Data(text.utf8))
        #expect(read.rows.map(\.row) == [1, 2, 5])
        #expect(read.rows.map(\.cells) == [["姓名", "备注"], ["张三", "第一行\r\n第二行"], ["李四", ""]])
    }

    @Test func csvRejectsWhatItCannotRead() {
        #expect(throws: SpreadsheetError(.encoding, "the file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8")) {
            try CSVReader.read(Data([0x41, 0x80, 0x42]))
        }
        #expect(throws: SpreadsheetError(.csvSyntax, "a quoted field that starts on line 2 is never closed", line: 2)) {
            try CSVReader.read(Data("a,b\r\nc,\"d\r\n".utf8))
        }
    }
}

// MARK: - Fixtures

/// The workbook of the round-trip tests: a ledger sheet as ledger.md lays it out, a book sheet,
/// and a sheet whose name needs cleaning.
private enum Sample {
    static let headings = ["序号", "村（社区）", "儿童姓名", "出生日期", "身份证号", "监护人电话", "本年走访次数", "备注"]
    static let children: [[String]] = [
        ["1", "金宝村", "张小明", "2012-03-05", "511304201203051234", "13800001111", "3", "临时替补（原帮扶人调离）"],
        ["2", "金宝村", "王芳", "2014-07-21", "51130420140721002X", "13800003333", "0", ""],
        ["3", "石桥社区", "陈=1+1", "2010-12-30", "511304201012300017", "+8613800004444", "12", "已退出（2024-09-01，年满18周岁）"],
    ]
    static let title = "金宝镇困境儿童和农村留守儿童关爱结对帮扶台账（2024年）"
    static let footer = "合计：3人（孤儿1人、事实无人抚养儿童0人、低保家庭重残重病儿童0人、其他低保家庭儿童1人、其他困境儿童0人、农村留守儿童1人）"
    static let signatures = "单位负责人（签名）：        复核人（签名）：        填表人（签名）：刘文"

    static var expectedLedgerRows: [[String]] {
        [[title], ["填报单位（盖章）：金宝镇人民政府", "", "", "", "", "填报时间：2024年12月31日"], headings]
            + children.map { row in row.last == "" ? Array(row.dropLast()) : row }
            + [[footer], [signatures]]
    }

    /// Writes the sample and returns the writer's SHA-256.
    static func write(to path: String) throws -> String {
        let width = headings.count
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet(SheetLayout(name: "结对帮扶台账", frozenRows: 3, printTitleRows: 3...3))
        try writer.appendRow([(.text(title), .title)] + Array(repeating: (.empty, .title), count: width - 1))
        writer.merge(fromColumn: 1, row: 1, toColumn: width, toRow: 1)
        try writer.appendRow([(.text("填报单位（盖章）：金宝镇人民政府"), .subtitle), (.empty, .subtitle), (.empty, .subtitle),
                              (.empty, .subtitle), (.empty, .subtitle), (.text("填报时间：2024年12月31日"), .subtitle)])
        writer.merge(fromColumn: 1, row: 2, toColumn: 5, toRow: 2)
        writer.merge(fromColumn: 6, row: 2, toColumn: width, toRow: 2)
        try writer.appendRow(headings.map { (.text($0), .heading) })
        for child in children {
            var cells: [(CellValue, CellStyle)] = child.map { (.text($0), .text) }
            cells[0] = (.number(Int(child[0])!), .number)
            cells[6] = (.number(Int(child[6])!), .number)
            try writer.appendRow(cells)
        }
        try writer.appendRow([(.text(footer), .footer)])
        writer.merge(fromColumn: 1, row: 7, toColumn: width, toRow: 7)
        try writer.appendRow([(.text(signatures), .footer)])
        writer.merge(fromColumn: 1, row: 8, toColumn: width, toRow: 8)
        try writer.endSheet()

        var book = SheetLayout(name: "C0001 张小明", frozenRows: 1)
        book.landscape = false
        try writer.beginSheet(book)
        try writer.appendRow([(.text("项目"), .heading), (.text("内容"), .heading)])
        try writer.appendRow([(.text("身份证号"), .text), (.text("511304201203051234"), .text)])
        try writer.appendRow([(.text("备注"), .text), (.text("第一行\r\n第二行 _x0041_ <&>"), .text)])
        try writer.endSheet()

        try writer.beginSheet(SheetLayout(name: "'a[b]c/d'"))
        try writer.appendRow([(.number(1), .number)])
        try writer.endSheet()
        return try writer.finish()
    }
}

/// An .xlsx as other programs write it: shared strings with rich text and phonetic runs, a
/// prefixed namespace, an ID-card number that became a float, date styles (built-in 14 and a
/// custom 年月日 format), a boolean, cells out of sequence, an empty row, a hidden first sheet.
private enum ForeignWorkbook {
    static var data: Data { StoredZip.archive(parts) }

    static let parts: [(String, String)] = [
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", """
             <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
             <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/>\
             </Relationships>
             """),
            ("xl/workbook.xml", """
             <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
             xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
             <x:sheets><x:sheet name="说明" sheetId="2" state="hidden" rel:id="R2"/>\
             <x:sheet name="摸排表" sheetId="1" rel:id="R1"/></x:sheets></x:workbook>
             """),
            ("xl/_rels/workbook.xml.rels", """
             <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
             <Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/survey.xml"/>\
             <Relationship Id="R2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/notes.xml"/>\
             <Relationship Id="R3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
             <Relationship Id="R4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../xl/styles.xml"/>\
             </Relationships>
             """),
            ("xl/sharedStrings.xml", """
             <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">\
             <si><t>儿童姓名</t></si><si><r><rPr><b/></rPr><t>身份</t></r><r><t>证号</t></r></si>\
             <si><t>出生日期</t></si><si><t>监护人电话</t></si><si><t>人数</t></si>\
             <si><t>张三</t><rPh sb="0" eb="2"><t>ZHANGSAN</t></rPh></si><si><t xml:space="preserve">王五</t></si></sst>
             """),
            ("xl/styles.xml", """
             <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
             <numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>\
             <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
             <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>
             """),
            ("xl/worksheets/notes.xml", """
             <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
             <row r="1"><c r="A1" t="inlineStr"><is><t>填表说明</t></is></c></row></sheetData></worksheet>
             """),
            ("xl/worksheets/survey.xml", """
             <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
             <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
             <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>\
             <row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2"><v>5.11304201405012E+17</v></c>\
             <c r="C2" s="1"><v>41760</v></c><c r="D2"><v>13800001111</v></c><c r="E2"><v>12</v></c>\
             <c r="F2" t="inlineStr"><is><t></t></is></c><c r="G2" t="b"><v>1</v></c><c r="H2" s="1"/></row>\
             <row r="3"><c r="A3" s="1"/></row>\
             <row r="4"><c r="H4" t="s"><v>6</v></c><c r="C4" s="2"><v>45366</v></c><c r="E4"><v>0.5</v></c></row>\
             </sheetData></worksheet>
             """),
    ]
}

/// Builds a ZIP archive with stored (uncompressed) entries, so the reader can be tested on files
/// laid out as other programs lay them out, without a zip library in the test target.
private enum StoredZip {
    static func archive(_ entries: [(String, String)]) -> Data {
        var body = Data()
        var directory = Data()
        for (name, text) in entries {
            let content = Data(text.utf8)
            let nameBytes = Data(name.utf8)
            let checksum = crc32(content)
            let offset = UInt32(body.count)
            body.append(le32(0x0403_4B50))
            body.append(le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21))
            body.append(le32(checksum) + le32(UInt32(content.count)) + le32(UInt32(content.count)))
            body.append(le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + content)
            directory.append(le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21))
            directory.append(le32(checksum) + le32(UInt32(content.count)) + le32(UInt32(content.count)))
            directory.append(le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0))
            directory.append(le32(offset) + nameBytes)
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
        return body + directory + end
    }

    private static func le16(_ value: UInt16) -> Data { Data([UInt8(value & 0xFF), UInt8(value >> 8)]) }
    private static func le32(_ value: UInt32) -> Data { Data((0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) }) }

    private static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }
}

// MARK: - Helpers

/// A directory removed when the test ends.
private final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The text of one entry of an .xlsx, read through `unzip -p` — an independent reader.
private struct ZipEntryText {
    let text: String

    init(path: String, entry: String) throws {
        text = try run("/usr/bin/env", ["unzip", "-p", path, entry])
    }
}

/// The SHA-256 that `sha256sum` computes, to check the writers' own digest independently.
private func sha256sum(_ path: String) throws -> String {
    String(try run("/usr/bin/env", ["sha256sum", path]).prefix(64))
}

private func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
}

/// The process's resident memory now, from /proc/self/statm (0 where there is no /proc).
private func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The process's peak resident memory so far (VmHWM), 0 where there is no /proc.
private func highWaterMark() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}
