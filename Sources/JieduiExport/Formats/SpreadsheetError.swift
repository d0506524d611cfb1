/// Why reading or writing a spreadsheet file failed.
///
/// The formats layer reports what went wrong with a stable `code`, so that the layer that talks
/// to the user can pick its own (zh/en) message from the catalogue; `message` is the English
/// detail for logs and tests. Messages name only the file path the user typed and the part of
/// the container that is broken — never cell contents, which may be personal data.
public struct SpreadsheetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// The file is not a ZIP container, so it cannot be an .xlsx workbook.
        case notZip
        /// The workbook has no worksheet to read.
        case noWorksheet
        /// A part of the workbook is missing or is not well-formed XML.
        case malformed
        /// The bytes are neither UTF-8 nor GB18030.
        case encoding
        /// A CSV file breaks RFC 4180 in a way that cannot be read safely (`line`: where).
        case csvSyntax
        /// An Excel 97–2003 workbook (an OLE2 compound file: `.xls`, WPS `.et`), which is read
        /// only once saved as .xlsx or CSV.
        case oldWorkbook
        /// The operating system refused to read or write a file.
        case io
    }

    public let code: Code
    public let message: String
    /// The system's error number, for `io`.
    public let errno: Int32?
    /// The line of the file where it went wrong, where one can be named.
    public let line: Int?

    public init(_ code: Code, _ message: String, errno: Int32? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.line = line
    }

    public var description: String { message }
}
