/// The one error type of every store: what went wrong, as a catalogue message, and why, which
/// says whether the database itself cannot be used (exit status 3) or only the operation failed
/// (exit status 1). Stores throw nothing else, so that the shell knows no database's errors.
public struct StoreError: Error, Sendable, Hashable {
    /// Why a store failed.
    public enum Reason: Sendable, Hashable {
        /// Another writer holds the town and did not let go in time; nothing was written.
        case busy
        /// The database may be read, not written (a file or folder this user may not write).
        case readOnly
        /// The database is another program's, or no database at all.
        case notJiedui
        /// The database was made by a newer jiedui.
        case newerSchema
        /// The database is older than this program and cannot be upgraded (it is read-only).
        case needsUpgrade
        /// The database cannot be opened or made (permissions, a missing folder, a full disk).
        case cannotOpen
        /// The server that holds the town cannot be reached, or refused the login.
        case unreachable
        /// The store refused what was asked of it (a statement `sql` may not run).
        case refused
        /// The operation failed (a constraint, a write error); the database is fine.
        case failed
        /// What names the database is wrong (a server URL that holds a password, say); nothing
        /// was opened.
        case badLocation
    }

    /// What the failure means for the run: the exit status it leads to.
    public enum Kind: Sendable, Hashable {
        /// The database cannot be used at all (exit status 3).
        case unusableDatabase
        /// The operation failed; the database is fine (exit status 1).
        case operation
        /// The invocation named no usable database (exit status 2).
        case invocation
    }

    public let reason: Reason
    public let message: Message

    public init(_ reason: Reason, _ message: Message) {
        self.reason = reason
        self.message = message
    }

    public var kind: Kind {
        switch reason {
        case .notJiedui, .newerSchema, .needsUpgrade, .cannotOpen, .unreachable: .unusableDatabase
        case .busy, .readOnly, .refused, .failed: .operation
        case .badLocation: .invocation
        }
    }
}
