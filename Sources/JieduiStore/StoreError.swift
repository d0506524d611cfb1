import JieduiCore

/// The store's one error type: what went wrong, as a catalogue message, and whether the
/// database itself could not be used (exit status 3) or only the operation failed.
public struct StoreError: Error, Sendable {
    public enum Kind: Sendable {
        /// The file is not a jiedui database, is newer than this program, or cannot be opened.
        case unusableDatabase
        /// The operation failed; the database is fine.
        case operation
    }

    public let kind: Kind
    public let message: Message

    init(_ kind: Kind, _ message: Message) {
        self.kind = kind
        self.message = message
    }
}

/// The programme's record, not GRDB's class of the same name.
typealias Record = JieduiCore.Record
