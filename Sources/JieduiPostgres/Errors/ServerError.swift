import JieduiCore

/// The district connection layer's one error type: what went wrong as a catalogue message, what
/// kind of failure it is (so that the store can tell a busy town from a duplicate), and what it
/// means for the invocation. Server texts never reach `message` unless they are known to hold no
/// statement arguments, which may be personal numbers.
public struct ServerError: Error, Sendable, Equatable {
    /// What kind of failure this is.
    public enum Kind: Sendable, Hashable {
        // The URL (exit 2).
        /// Not of libpq's form, an unknown or repeated parameter, a bad port or sslmode.
        case badURL
        /// A password in the URL, refused before anything is connected.
        case passwordInURL
        /// `town=` is not an acceptable schema name.
        case badTownName

        // The server (exit 3).
        /// No server answered, the connection failed or was lost.
        case unreachable
        /// The server refused the login, or has no such database.
        case loginRefused
        /// The login may not use the town's schema (SQLSTATE 42501).
        case noAccess

        // A statement (exit 1; the connection is still usable after a rollback).
        /// A lock was not granted within lock_timeout (55P03): the same "database busy" as a
        /// locked file.
        case busy
        /// A serialization failure (40001) or a deadlock (40P01): running it again may succeed.
        case conflict
        /// A unique constraint (23505).
        case uniqueViolation
        /// A CHECK constraint (23514).
        case checkViolation
        /// A NOT NULL constraint (23502).
        case notNullViolation
        /// A foreign key (23503).
        case foreignKeyViolation
        /// A write in a read-only transaction (25006).
        case readOnly
        /// `Interrupter.interrupt()` stopped the statement (57014 after an interrupt).
        case cancelled
        /// The server's statement_timeout stopped the statement (57014 with no interrupt).
        case statementTimeout
        /// A result column of a type this layer does not read.
        case unsupportedType
        /// Any other server error; `sqlState` says which.
        case other
    }

    /// What the error means for the invocation; the shell turns it into its exit status.
    public enum Outcome: Sendable, Hashable {
        /// The command failed (exit 1).
        case commandFailed
        /// The invocation is wrong (exit 2).
        case badInvocation
        /// The database cannot be used (exit 3).
        case unusableDatabase
    }

    public let kind: Kind
    public let message: Message
    /// The server's SQLSTATE, when the server reported the error.
    public let sqlState: String?
    /// The constraint, table and column the server named: schema names, never values.
    public let constraint: String?
    public let table: String?
    public let column: String?

    public init(_ kind: Kind, _ message: Message, sqlState: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    public var outcome: Outcome {
        switch kind {
        case .badURL, .passwordInURL, .badTownName: .badInvocation
        case .unreachable, .loginRefused, .noAccess: .unusableDatabase
        case .busy, .conflict, .uniqueViolation, .checkViolation, .notNullViolation, .foreignKeyViolation,
             .readOnly, .cancelled, .statementTimeout, .unsupportedType, .other: .commandFailed
        }
    }
}
