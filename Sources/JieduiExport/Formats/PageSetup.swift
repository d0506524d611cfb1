/// How a worksheet is printed: the paper, its orientation and margins, fitted to one page wide.
///
/// It also predicts the scale at which a spreadsheet program prints a sheet fitted to the page's
/// width, from the sheet's column widths alone, so that a test can hold every export to the
/// 60% that ledger.md asks for without printing anything.
public struct PageSetup: Sendable, Equatable {
    /// The paper sizes a town office prints on.
    public enum Paper: String, Sendable, CaseIterable {
        case a4 = "A4"
        case a3 = "A3"

        /// The paper's short and long sides, in points.
        var size: (short: Double, long: Double) {
            switch self {
            case .a4: (595.28, 841.89)
            case .a3: (841.89, 1190.55)
            }
        }

        /// SpreadsheetML's `paperSize` code (ECMA-376 §18.3.1.63).
        var code: Int {
            switch self {
            case .a4: 9
            case .a3: 8
            }
        }

        /// The paper a name such as `A3` or `a4` asks for.
        public init?(name: String) {
            self.init(rawValue: name.uppercased())
        }
    }

    public var paper: Paper
    public var landscape: Bool

    public init(paper: Paper = .a4, landscape: Bool = true) {
        self.paper = paper
        self.landscape = landscape
    }

    /// The left and right margins, in inches: narrow, since a ledger is wide and every point of
    /// paper across is a point of print size.
    static let sideMargin = 0.3
    static let topMargin = 0.6
    static let bottomMargin = 0.6
    static let headerMargin = 0.3
    static let footerMargin = 0.3

    /// How wide one unit of column width prints at 100%, in points.
    ///
    /// A unit is the widest digit of the workbook's normal font, 宋体 11pt, padding included
    /// (ECMA-376 §18.3.1.13): its digits are half an em, 7.33 px at 96 dpi, which Excel rounds
    /// up to 8 px, 6 pt. (LibreOffice, where 宋体 is missing, measures the digits of the font that
    /// stands in for it instead: 7 pt with DejaVu Sans, so it prints the same sheet smaller.)
    public static let pointsPerWidthUnit = 6.0

    /// The width of paper between the side margins, in points.
    public var printableWidth: Double {
        let size = paper.size
        return (landscape ? size.long : size.short) - 2 * Self.sideMargin * 72
    }

    /// The scale, in whole percent, at which a sheet whose columns have these widths prints
    /// fitted to one page wide: the largest that fits, and never above 100.
    public func fitToWidthScale(columnWidths: [Double]) -> Int {
        let natural = columnWidths.reduce(0, +) * Self.pointsPerWidthUnit
        guard natural > 0 else { return 100 }
        return min(100, Int((printableWidth / natural * 100).rounded(.down)))
    }
}
