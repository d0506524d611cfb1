import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a CSV file row by row, the way spreadsheet programs in China open it right.
///
/// - UTF-8 with a byte-order mark: without it Excel on a Chinese Windows reads the file as GBK
///   and the Chinese turns to mojibake.
/// - CRLF line ends and RFC 4180 quoting, so a 备注 with commas, quotes or line breaks stays one cell.
/// - A field that begins with `=`, `+`, `-`, `@`, a tab or a CR (after any `'`s) gets a leading
///   `'`, so that no cell of an exported ledger can run as a formula when opened (CSV injection).
/// - A long digit string (an ID-card number, with or without its final X, a phone number) or one
///   with a leading zero is written quoted with a tab before it: Excel and LibreOffice read a
///   field of digits as a number, keep 15 digits of it and drop leading zeros, but keep a field
///   that starts with a tab as text. `CSVReader.unguarded` takes the tab off again.
/// - Written under a private temporary name and renamed into place by `finish`, with `mode`
///   (0600 by default: a ledger holds personal data). The SHA-256 is computed while writing.
public final class CSVWriter {
    private let path: String
    private let mode: mode_t
    private let temporaryPath: String
    private let output: BufferedFileWriter
    private var isFinished = false

    public init(path: String, mode: mode_t = 0o600) throws {
        self.path = path
        self.mode = mode
        let (descriptor, temporaryPath) = try OutputFiles.makeTemporaryFile(besides: path)
        self.temporaryPath = temporaryPath
        self.output = BufferedFileWriter(descriptor: descriptor, path: temporaryPath, hashing: true)
        try output.write(bytes: [0xEF, 0xBB, 0xBF])
    }

    deinit {
        if !isFinished {
            _ = try? output.close()
            unlink(temporaryPath)
        }
    }

    /// Writes one row.
    public func write(_ fields: [String]) throws {
        precondition(!isFinished, "CSVWriter.write after finish")
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            line += Self.encoded(field)
        }
        line += "\r\n"
        try output.write(line)
    }

    /// Closes the file, puts it in place, and returns its SHA-256 (lowercase hex).
    public func finish() throws -> String {
        precondition(!isFinished, "CSVWriter.finish called twice")
        isFinished = true
        do {
            let digest = try output.close() ?? ""
            try OutputFiles.install(temporaryPath, at: path, mode: mode)
            return digest
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// One field as it appears in the file: guarded against formulas and against becoming a
    /// number, then quoted if needed.
    static func encoded(_ field: String) -> String {
        var value = field
        if startsFormula(value) {
            value = "'" + value
        } else if CSVReader.isNumberLike(value) {
            return "\"\t" + value + "\""
        }
        return quoted(value)
    }

    /// RFC 4180: a field holding a comma, a quote or a line break goes in quotes, its quotes
    /// doubled; any other stands as it is. Nothing more: what guards a file's fields is `encoded`.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The first characters that make a spreadsheet program read a field as a formula.
    static let formulaStarts = Set("=+-@\t\r".unicodeScalars)

    /// Whether a field starts a formula, or would look guarded: after any `'`s, it begins with
    /// a formula's first character. Guarding `'=1` as `''=1` too lets a reader take exactly one
    /// `'` off every guarded field.
    static func startsFormula(_ field: String) -> Bool {
        guard let first = field.unicodeScalars.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }
}

/// Reads CSV files of survey sheets, whichever encoding the program that saved them chose.
public enum CSVReader {
    /// The encoding a file turned out to be in.
    public enum Encoding: Sendable, Equatable {
        case utf8
        /// What Excel and WPS on a Chinese Windows write when saving "CSV (逗号分隔)".
        case gb18030
    }

    /// Decodes bytes: UTF-8 (with or without BOM) when valid, else GB18030; then parses RFC 4180
    /// (quoted fields with commas, quotes and newlines; CRLF, LF or CR line ends).
    ///
    /// UTF-8 is tried first because GB18030 accepts almost any byte sequence, while a GB18030
    /// text with Chinese in it is almost never valid UTF-8. A file with a UTF-8 BOM must be
    /// UTF-8. Lines with nothing on them are skipped; a line with only commas is a row of empty
    /// fields. The rows are returned exactly as written: a formula guard `'` is not removed.
    public static func read(_ data: Data) throws -> (encoding: Encoding, rows: [[String]]) {
        let (encoding, rows) = try readNumbered(data)
        return (encoding, rows.map(\.cells))
    }

    /// As `read(_:)`, with the line of the file on which each row starts — the shape of
    /// `XLSXReader.readFirstSheet`, so an importer can say `FILE:LINE: …` for either format
    /// (a row's index is not its line once blank lines or line breaks inside quotes occur).
    public static func readNumbered(_ data: Data) throws -> (encoding: Encoding, rows: [(row: Int, cells: [String])]) {
        let bytes = [UInt8](data)
        let text: String
        let encoding: Encoding
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard isValidUTF8(bytes.dropFirst(3)) else {
                throw SpreadsheetError(.encoding, "the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            (text, encoding) = (String(decoding: bytes.dropFirst(3), as: UTF8.self), .utf8)
        } else if isValidUTF8(bytes[...]) {
            (text, encoding) = (String(decoding: bytes, as: UTF8.self), .utf8)
        } else {
            (text, encoding) = (try GB18030.decode(bytes), .gb18030)
        }
        return (encoding, try parse(text))
    }

    /// A field as it was before `CSVWriter` guarded it: without the `'` put before a field that
    /// would run as a formula, and without the tab put before a long digit string.
    ///
    /// Either mark can only come from such a guard (or another program's like it): a person
    /// typing `'=` in a spreadsheet stores `=`, and a tab before an ID-card number is no part of it.
    public static func unguarded(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard let first = scalars.first else { return field }
        if first == "'", CSVWriter.startsFormula(field) {
            return String(scalars.dropFirst())
        }
        if first == "\t" {
            let rest = String(scalars.dropFirst())
            if isNumberLike(rest) { return rest }
        }
        return field
    }

    /// Whether a spreadsheet program would read the field as a number and change it: 11 digits
    /// or more (a phone, an ID-card number; the last may be an X), or digits with a leading zero.
    static func isNumberLike(_ field: String) -> Bool {
        let bytes = Array(field.utf8)
        guard bytes.count >= 2 else { return false }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let last = bytes[bytes.count - 1]
        let endsWithX = last == UInt8(ascii: "X") || last == UInt8(ascii: "x")
        guard bytes.dropLast().allSatisfy(isDigit), isDigit(last) || endsWithX else { return false }
        return bytes.count >= 11 || (bytes[0] == UInt8(ascii: "0") && !endsWithX)
    }

    /// Whether bytes are well-formed UTF-8 (`String(validating:)` needs macOS 15; this does not).
    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        let failed = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self,
                               stoppingOnError: true, into: { _ in })
        return !failed
    }

    /// RFC 4180 fields and records, read byte by byte over UTF-8 (every delimiter is ASCII, so a
    /// byte never splits a character wrongly).
    static func parse(_ text: String) throws -> [(row: Int, cells: [String])] {
        var rows: [(row: Int, cells: [String])] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var lineEmpty = true
        var line = 1
        var rowLine = 1
        var quoteLine = 0
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if !(lineEmpty && row == [""]) { rows.append((row: rowLine, cells: row)) }
            row.removeAll(keepingCapacity: true)
            lineEmpty = true
        }

        var utf8 = Array(text.utf8)
        utf8.append(lf)  // a last line without its line end
        var index = 0
        var inQuotes = false
        while index < utf8.count {
            let byte = utf8[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < utf8.count, utf8[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case quote where field.isEmpty && !quoted:
                    inQuotes = true
                    quoted = true
                    quoteLine = line
                    lineEmpty = false
                case comma:
                    endField()
                    quoted = false
                    lineEmpty = false
                case cr, lf:
                    if byte == cr, index + 1 < utf8.count, utf8[index + 1] == lf { index += 1 }
                    endRow()
                    quoted = false
                    line += 1
                    rowLine = line
                default:
                    // Lenient: text after a closing quote, or a quote inside an unquoted field, is kept.
                    field.append(byte)
                    lineEmpty = false
                }
            }
            index += 1
        }
        if inQuotes {
            throw SpreadsheetError(.csvSyntax, "a quoted field that starts on line \(quoteLine) is never closed", line: quoteLine)
        }
        return rows
    }
}

/// GB18030 decoding through iconv.
///
/// Foundation on Linux can decode GB18030 too (`String(data:encoding:)` with the CF encoding
/// 0x80000632), but it follows the WHATWG variant: it accepts a lone byte 0x80 as "€" and maps
/// some code points differently. glibc's iconv is strict, so a file that is neither UTF-8 nor
/// GB18030 is reported instead of being read as nonsense.
enum GB18030 {
    static func decode(_ bytes: [UInt8]) throws -> String {
        let invalid = SpreadsheetError(.encoding, "the file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8")
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw SpreadsheetError(.encoding, "this system cannot convert GB18030 (iconv)")
        }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        var produced = 0
        var inputLeft = input.count
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            var inputPointer = inputBuffer.baseAddress
            while inputLeft > 0 {
                let capacity = output.count
                var outputLeft = capacity - produced
                let result = output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
                    var outputPointer = outputBuffer.baseAddress.map { $0 + produced }
                    return iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                }
                produced = capacity - outputLeft
                if result == -1 {
                    guard errno == E2BIG else { throw invalid }
                    output.append(contentsOf: [CChar](repeating: 0, count: output.count))
                }
            }
        }
        return String(decoding: output[..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
