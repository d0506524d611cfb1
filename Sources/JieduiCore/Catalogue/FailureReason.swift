import Foundation

/// Why a file or the database could not be used, as the system or the database reported it:
/// what went wrong, which the catalogue words in the user's language, and the original text for
/// what it does not word itself (the system's and databases' own texts are English whatever the
/// locale).
public enum FailureReason: Sendable, Hashable {
    /// A problem a database reports about its file or server rather than about a statement; each
    /// store maps its database's own codes to these.
    public enum DatabaseProblem: Sendable, Hashable {
        case permission, locked, readOnly, interrupted, io, damaged, full, cannotOpen, notADatabase
    }

    /// An `errno` of a system call.
    case system(errno: Int32)
    /// What the database reported: the problem where it is one of the known ones, and the
    /// database's own message.
    case database(DatabaseProblem?, detail: String)
    /// A spreadsheet that could not be read or written: the reader's code (`notZip`,
    /// `noWorksheet`, `malformed`, `encoding`, `csvSyntax`, `oldWorkbook`), its English detail,
    /// and the line of the file where one is named.
    case spreadsheet(code: String, detail: String, line: Int? = nil)
    /// Anything else, as the library that failed said it.
    case detail(String)

    /// The reason as the user reads it.
    public func text(_ lang: Lang) -> String {
        switch self {
        case .system(let code):
            if let words = Self.systemWords(code) { return lang == .zh ? words.zh : words.en }
            return Self.strerror(code)
        case .database(let problem, let detail):
            guard let problem else { return detail }
            let words = Self.databaseWords(problem)
            return lang == .zh ? words.zh : words.en
        case .spreadsheet(let code, let detail, let line):
            switch (code, lang) {
            case ("notZip", .zh): return "不是 .xlsx 工作簿（不是 ZIP 格式）"
            case ("noWorksheet", .zh): return "工作簿里没有工作表"
            case ("malformed", .zh): return "工作簿的某一部分缺失或已损坏"
            case ("encoding", .zh): return "文本既不是 UTF-8 也不是 GB18030 编码；请另存为“CSV UTF-8”"
            case ("csvSyntax", .zh): return "CSV 格式有误" + (line.map { "：第 \($0) 行开始的带引号内容没有结束的引号" } ?? "")
            case ("oldWorkbook", .zh): return "这是 Excel 97-2003 格式的工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 或“CSV UTF-8”后再导入"
            case ("oldWorkbook", .en): return "this is an Excel 97-2003 workbook (.xls): save it as .xlsx or as CSV UTF-8 in Excel or WPS, then import that"
            default: return detail
            }
        case .detail(let text):
            return text
        }
    }

    private static func strerror(_ code: Int32) -> String {
        guard let text = Glibc.strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// The system errors a clerk meets with files, in both languages.
    private static func systemWords(_ code: Int32) -> (zh: String, en: String)? {
        switch code {
        case ENOENT: ("没有这个文件或文件夹", "no such file or folder")
        case EACCES, EPERM: ("没有权限", "permission denied")
        case EROFS: ("所在磁盘是只读的", "the disk is read-only")
        case ENOSPC, EDQUOT: ("磁盘空间不足", "no space left on the disk")
        case EISDIR: ("这是一个文件夹，不是文件", "it is a folder, not a file")
        case ENOTDIR: ("路径中有一部分不是文件夹", "a part of the path is not a folder")
        case EEXIST: ("文件已存在", "the file already exists")
        case ENAMETOOLONG: ("文件名太长", "the file name is too long")
        case ELOOP: ("路径中的符号链接太多", "too many symbolic links in the path")
        case EMFILE, ENFILE: ("打开的文件太多", "too many open files")
        case EIO: ("读写出错（磁盘或设备故障）", "input/output error (a disk or device fault)")
        case ETXTBSY, EBUSY: ("文件正被占用", "the file is busy")
        default: nil
        }
    }

    /// The problems databases report about their files, in both languages.
    private static func databaseWords(_ problem: DatabaseProblem) -> (zh: String, en: String) {
        switch problem {
        case .permission: ("没有权限", "access permission denied")
        case .locked: ("数据库被占用", "the database is locked")
        case .readOnly: ("数据库是只读的", "the database is read-only")
        case .interrupted: ("操作被中断", "the operation was interrupted")
        case .io: ("读写出错（磁盘或设备故障）", "disk input/output error")
        case .damaged: ("数据库文件已损坏", "the database file is damaged")
        case .full: ("磁盘空间不足", "the disk is full")
        case .cannotOpen: ("无法打开数据库文件", "unable to open the database file")
        case .notADatabase: ("不是数据库文件", "the file is not a database")
        }
    }
}

extension FailureReason {
    /// A Foundation or POSIX error's reason, by its error number where it has one.
    public init(_ error: Error) {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain {
            self = .system(errno: Int32(ns.code))
        } else if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            self = .system(errno: Int32(underlying.code))
        } else {
            self = .detail(error.localizedDescription)
        }
    }
}
