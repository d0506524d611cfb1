/// The fixed parts of the package: content types, relationships, document properties and
/// styles. They hold no clock, user or host name, so that the same calls give the same bytes.
extension XLSXWriter {
    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let contentTypePrefix = "application/vnd.openxmlformats-officedocument"

    static func contentTypes(sheetCount: Int) -> String {
        var xml = xmlDeclaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(contentTypePrefix).spreadsheetml.sheet.main+xml\"/>"
        xml += (1..<sheetCount + 1).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"\(contentTypePrefix).spreadsheetml.worksheet+xml\"/>"
        }.joined()
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(contentTypePrefix).spreadsheetml.styles+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml += "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(contentTypePrefix).extended-properties+xml\"/>"
        xml += "</Types>"
        return xml
    }

    static var packageRelationships: String {
        xmlDeclaration
            + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relationshipsNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (1..<sheetCount + 1).map {
            "<Relationship Id=\"rId\($0)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }
        return xmlDeclaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">" + sheets.joined()
            + "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
    }

    /// Application properties. The sheet names are left out on purpose: in a book they are
    /// children's names, and they need not be repeated where nobody looks.
    static var appProperties: String {
        xmlDeclaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>jiedui</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            + "</Properties>"
    }

    /// Core properties with fixed dates (the zip entries' date) instead of the clock.
    static var coreProperties: String {
        xmlDeclaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator>jiedui</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    /// Fonts, fills, borders and the cell formats of the `CellStyle`s, in the order of
    /// `styleIndex(_:)` (format 0 is the workbook default).
    ///
    /// 宋体 (SimSun) is the font of printed government forms; its digit is as wide as Calibri's,
    /// so column widths measured in digits hold. Number formats are the built-in ones: 49 is `@`
    /// (text) and 1 is `0` (integer), so no `<numFmts>` element is needed.
    static var styles: String {
        let font = "<name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/>"
        let thin = "style=\"thin\"><color auto=\"1\"/>"
        let applied = "xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\""
        var xml = xmlDeclaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        xml += "<fonts count=\"3\">"
        xml += "<font><sz val=\"11\"/>\(font)</font>"
        xml += "<font><b/><sz val=\"16\"/>\(font)</font>"
        xml += "<font><b/><sz val=\"11\"/>\(font)</font>"
        xml += "</fonts>"
        xml += "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
        xml += "<fill><patternFill patternType=\"gray125\"/></fill>"
        xml += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9D9D9\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        xml += "</fills>"
        xml += "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        xml += "<border><left \(thin)</left><right \(thin)</right><top \(thin)</top><bottom \(thin)</bottom><diagonal/></border>"
        xml += "</borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"11\">"
        xml += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        // title
        xml += "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" \(applied)><alignment horizontal=\"center\" vertical=\"center\"/></xf>"
        // subtitle
        xml += "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" \(applied)><alignment horizontal=\"left\" vertical=\"center\"/></xf>"
        // heading
        xml += "<xf numFmtId=\"49\" fontId=\"2\" fillId=\"2\" borderId=\"1\" \(applied)><alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
        // text
        xml += "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"1\" \(applied)><alignment vertical=\"center\" wrapText=\"1\"/></xf>"
        // number
        xml += "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"1\" \(applied)><alignment horizontal=\"right\" vertical=\"center\"/></xf>"
        // footer
        xml += "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" \(applied)><alignment horizontal=\"left\" vertical=\"center\"/></xf>"
        // subtitleRight
        xml += "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" \(applied)><alignment horizontal=\"right\" vertical=\"center\"/></xf>"
        // caption
        xml += "<xf numFmtId=\"49\" fontId=\"2\" fillId=\"0\" borderId=\"0\" \(applied)><alignment horizontal=\"left\" vertical=\"center\"/></xf>"
        // totalText
        xml += "<xf numFmtId=\"49\" fontId=\"2\" fillId=\"0\" borderId=\"1\" \(applied)><alignment vertical=\"center\" wrapText=\"1\"/></xf>"
        // totalNumber
        xml += "<xf numFmtId=\"1\" fontId=\"2\" fillId=\"0\" borderId=\"1\" \(applied)><alignment horizontal=\"right\" vertical=\"center\"/></xf>"
        xml += "</cellXfs>"
        xml += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        xml += "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
        xml += "</styleSheet>"
        return xml
    }
}
