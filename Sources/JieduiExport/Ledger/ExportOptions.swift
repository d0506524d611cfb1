import JieduiCore

/// What every export shares: the town's names, *today*, and whether personal numbers are revealed.
public struct ExportContext: Sendable {
    public let town: String
    public let filingUnit: String
    public let filer: String
    public let today: Day
    /// 个人信息保护: numbers are masked unless the user asked for `reveal`.
    public let reveal: Bool

    /// The names are settings, free text: a number typed into one (`set filer "曹文静 138…"`) is
    /// masked in the file as anywhere else.
    public init(town: String, filingUnit: String, filer: String, today: Day, reveal: Bool) {
        self.town = Self.free(town, reveal: reveal)
        self.filingUnit = Self.free(filingUnit, reveal: reveal)
        self.filer = Self.free(filer, reveal: reveal)
        self.today = today
        self.reveal = reveal
    }

    func idno(_ text: String) -> String { reveal || text.isEmpty ? text : IdentityNumber.maskedText(text) }
    func phone(_ text: String) -> String { reveal || text.isEmpty ? text : Phone.masked(text) }
    func free(_ text: String) -> String { Self.free(text, reveal: reveal) }

    /// Free text as an export writes it: the personal numbers in it masked unless revealed.
    static func free(_ text: String, reveal: Bool) -> String { reveal ? text : Masking.maskPersonalNumbers(in: text) }

    /// `填报单位（盖章）：…` and `填报时间：YYYY年M月D日`.
    var filingLine: String { "填报单位（盖章）：\(filingUnit)" }
    var dateLine: String { "填报时间：\(today.chinese)" }
    var signatureLine: String { "单位负责人（签名）：        复核人（签名）：        填表人（签名）：\(filer)" }
}

/// The file formats of ledger.md.
public enum ExportFormat: String, Sendable, CaseIterable {
    case xlsx, csv

    /// The format a file name asks for, when it ends in one.
    public static func of(path: String) -> ExportFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") { return .xlsx }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }
}

/// What an export wrote: where, how many rows, and the file's SHA-256.
public struct ExportResult: Sendable {
    public let path: String
    public let rows: Int
    public let sha256: String
}
