import Foundation
import JieduiExport
import JieduiCore
import JieduiLanguage

/// The shell's one error type: a catalogue message, where in the input it points (if it
/// comes from input), and the exit status it leads to.
struct ShellError: Error {
    let message: Message
    let location: SourceLocation?
    let status: ExitStatus
    /// Already printed where it happened (inside a script that `run` included).
    var reported = false

    init(_ message: Message, at location: SourceLocation? = nil, status: ExitStatus = .failure) {
        self.message = message
        self.location = location
        self.status = status
    }

    /// Any error of a lower layer, as a shell error pointing at `location` when it has none.
    static func from(_ error: Error, at location: SourceLocation?) -> ShellError {
        switch error {
        case let error as ShellError: return error
        case let error as Diagnostic: return ShellError(error.message, at: error.location)
        case let error as Message: return ShellError(error, at: location)
        case let error as StoreError: return ShellError(error.message, at: location, status: ExitStatus(error))
        default: return ShellError(.databaseError(FailureReason(error)), at: location)
        }
    }
}

/// The exit statuses of language.md.
enum ExitStatus: Int32 {
    case success = 0
    case failure = 1
    case badInvocation = 2
    case unusableDatabase = 3

    /// What a store's failure means for the run: a database that cannot be used ends it.
    init(_ error: StoreError) {
        self = switch error.kind {
        case .unusableDatabase: .unusableDatabase
        case .invocation: .badInvocation
        case .operation: .failure
        }
    }
}

extension SpreadsheetError {
    /// The failure as the catalogue words it: the system's error for I/O, else the reader's code.
    var reason: FailureReason {
        if code == .io, let errno { return .system(errno: errno) }
        return .spreadsheet(code: code.rawValue, detail: message, line: line)
    }
}

extension Result<Command, Diagnostic> {
    /// The parsed command (a `--help` in it made the `help` it asks for), or what was wrong
    /// with it as a shell error at the place it was found.
    func command() throws(ShellError) -> Command {
        switch self {
        case .failure(let diagnostic): throw ShellError(diagnostic.message, at: diagnostic.location)
        case .success(let command): return CommandTable.answeringHelpFlag(command)
        }
    }
}
