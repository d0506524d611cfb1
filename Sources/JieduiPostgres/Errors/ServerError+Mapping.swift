import JieduiCore
import NIOCore
import NIOPosix
import PostgresNIO

/// What postgres-nio's and SwiftNIO's errors mean for a clerk: the SQLSTATE classes the store
/// acts on, and connection failures as one line naming the server. The server's own texts are
/// kept out except where their class cannot hold a statement's arguments.
extension ServerError {
    /// What an error means while the connection is made and the login checked.
    static func connecting(_ error: any Error, url: ServerURL, credentials: Credentials) -> ServerError {
        map(error, url: url, connecting: credentials, interrupted: false)
    }

    /// What an error means while a statement runs; `interrupted` says whether `interrupt()` asked
    /// for it to be cancelled, which is the only way to tell Ctrl-C from statement_timeout (both
    /// are 57014, and the server words them in its own language).
    static func running(_ error: any Error, url: ServerURL, interrupted: Bool) -> ServerError {
        map(error, url: url, connecting: nil, interrupted: interrupted)
    }

    /// `connecting` holds the login's credentials while the connection is being made, and is
    /// nil once it is made.
    private static func map(_ error: any Error, url: ServerURL, connecting: Credentials?, interrupted: Bool) -> ServerError {
        switch error {
        case let error as ServerError:
            return error
        case let error as PSQLError:
            return map(error, url: url, connecting: connecting, interrupted: interrupted)
        case is CancellationError:
            return ServerError(.cancelled, .interrupted)
        default:
            // Making the TLS context (an unreadable sslrootcert, say) or the socket.
            if connecting != nil { return unreachable(error, url: url) }
            return ServerError(.other, .databaseError(.detail(String(describing: error))))
        }
    }

    private static func map(_ error: PSQLError, url: ServerURL, connecting: Credentials?, interrupted: Bool) -> ServerError {
        switch error.code {
        case .server:
            // While logging in, a privilege refused is the database's CONNECT, not the town.
            if let connecting {
                switch error.serverInfo?[.sqlState] {
                case "42501":
                    return ServerError(.loginRefused, .loginNotAllowed(user: url.user, database: url.database, server: url.server), sqlState: "42501")
                // postgres-nio answers a clear-text password request with an empty password
                // when it has none: the password was missing rather than wrong.
                case "28P01" where connecting.password == nil:
                    return ServerError(.loginRefused, .loginNeedsPassword(user: url.user, ignoredFile: connecting.ignoredFile ?? ""), sqlState: "28P01")
                default:
                    break
                }
            }
            return server(error.serverInfo, url: url, interrupted: interrupted)
        case .connectionError:
            return unreachable(error.underlying, url: url)
        case .sslUnsupported:
            return ServerError(.unreachable, .serverTLSFailed(server: url.server, reason: .detail("the server does not offer TLS")))
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return ServerError(.unreachable, .serverTLSFailed(server: url.server, reason: .detail(error.underlying.map { String(describing: $0) } ?? "\(error.code)")))
        case .authMechanismRequiresPassword:
            return ServerError(.loginRefused, .loginNeedsPassword(user: url.user, ignoredFile: connecting?.ignoredFile ?? ""))
        case .saslError:
            return ServerError(.loginRefused, .loginRefused(user: url.user, server: url.server))
        case .unsupportedAuthMechanism:
            return ServerError(.loginRefused, .loginNotAllowed(user: url.user, database: url.database, server: url.server))
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return ServerError(.unreachable, .serverConnectionLost(server: url.server))
        case .queryCancelled:
            return ServerError(.cancelled, .interrupted)
        default:
            return ServerError(.other, .databaseError(.detail("\(error.code)")))
        }
    }

    /// A server's error report, by SQLSTATE.
    private static func server(_ info: PSQLError.ServerInfo?, url: ServerURL, interrupted: Bool) -> ServerError {
        let state = info?[.sqlState] ?? ""
        let table = info?[.tableName]
        let constraint = info?[.constraintName]
        let column = info?[.columnName]
        func error(_ kind: Kind, _ message: Message) -> ServerError {
            ServerError(kind, message, sqlState: state, constraint: constraint, table: table, column: column)
        }
        switch state {
        case "55P03": return error(.busy, .databaseBusy)
        case "40001", "40P01": return error(.conflict, .serverConflict)
        case "23505": return error(.uniqueViolation, .serverDuplicate(table: table ?? "", constraint: constraint ?? ""))
        case "23514": return error(.checkViolation, .serverBrokenRule(table: table ?? "", constraint: constraint ?? ""))
        case "23502": return error(.notNullViolation, .serverMissingValue(table: table ?? "", column: column ?? ""))
        case "23503": return error(.foreignKeyViolation, .serverBrokenReference(table: table ?? "", constraint: constraint ?? ""))
        case "25006": return error(.readOnly, .serverReadOnly)
        case "57014": return interrupted ? error(.cancelled, .interrupted) : error(.statementTimeout, .serverStatementTimeout)
        case "42501": return error(.noAccess, .noAccessToTown(url.town.name))
        case "28P01": return error(.loginRefused, .loginRefused(user: url.user, server: url.server))
        case "28000": return error(.loginRefused, .loginNotAllowed(user: url.user, database: url.database, server: url.server))
        case "3D000": return error(.loginRefused, .serverNoDatabase(database: url.database, server: url.server))
        case "57P03", "53300": return error(.unreachable, .serverNotAccepting(server: url.server))
        case "57P01", "57P02": return error(.unreachable, .serverConnectionLost(server: url.server))
        default:
            if state.hasPrefix("08") { return error(.unreachable, .serverConnectionLost(server: url.server)) }
            return error(.other, .databaseError(.detail(safeText(info, state: state))))
        }
    }

    /// SQLSTATE classes whose messages name statements' parts (tables, columns, functions, the
    /// SQL text near an error) and never their arguments: syntax and access rules (42), features
    /// (0A), cardinality (21), transaction states (25, 2B, 2D, 3B), schema names (3F). A data
    /// exception (22) quotes the value it could not read, and a raised exception (P0) whatever
    /// its author put in, so for those and the rest only the SQLSTATE is shown.
    private static let safeClasses: Set<String> = ["42", "0A", "21", "25", "2B", "2D", "3B", "3F"]

    private static func safeText(_ info: PSQLError.ServerInfo?, state: String) -> String {
        guard safeClasses.contains(String(state.prefix(2))), let message = info?[.message] else { return "SQLSTATE \(state)" }
        let line = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? message
        return "\(line) (SQLSTATE \(state))"
    }

    /// A connection that could not be made or was lost, for a reason of the network or system.
    private static func unreachable(_ underlying: (any Error)?, url: ServerURL) -> ServerError {
        let server = url.server
        switch underlying {
        case let error as IOError:
            return ServerError(.unreachable, system(error.errnoCode, server: server, url: url))
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return ServerError(.unreachable, .serverUnknownHost(error.host))
            }
            let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            if let code = codes.first, codes.count == error.connectionErrors.count {
                return ServerError(.unreachable, system(code, server: server, url: url))
            }
            if error.connectionErrors.contains(where: { if case ChannelError.connectTimeout = $0.error { true } else { false } }) {
                return ServerError(.unreachable, .serverTimedOut(server: server, seconds: url.connectTimeout))
            }
        case ChannelError.connectTimeout?:
            return ServerError(.unreachable, .serverTimedOut(server: server, seconds: url.connectTimeout))
        case let error as NIOSSLError:
            return ServerError(.unreachable, .serverTLSFailed(server: server, reason: .detail(String(describing: error))))
        case let error as BoringSSLError:
            return ServerError(.unreachable, .serverTLSFailed(server: server, reason: .detail(String(describing: error))))
        case nil:
            return ServerError(.unreachable, .serverConnectionLost(server: server))
        default:
            break
        }
        let reason = underlying.map { String(describing: $0) } ?? ""
        return ServerError(.unreachable, .serverUnreachable(server: server, reason: .detail(reason)))
    }

    private static func system(_ code: Int32, server: String, url: ServerURL) -> Message {
        switch code {
        // A socket file that is not there is a server that is not running, as libpq says.
        case ECONNREFUSED, ENOENT: .serverNotRunning(server: server)
        case ETIMEDOUT: .serverTimedOut(server: server, seconds: url.connectTimeout)
        default: .serverUnreachable(server: server, reason: .system(errno: code))
        }
    }
}
