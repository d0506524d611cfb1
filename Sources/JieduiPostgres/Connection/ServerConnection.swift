import JieduiCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The one connection a clerk's process holds to the district's server, used synchronously by
/// the shell: every call returns when the server has answered.
///
/// How async becomes sync: the connection owns an event loop group of one thread, on which
/// postgres-nio does all its I/O; each call hands its work to that loop as an
/// `EventLoopFuture` and blocks the calling thread in `wait()` until the future completes.
/// The calling thread is never the loop's thread (the loop is private to this object, and
/// nothing of ours runs on it but the `Interrupter`'s cancel, which does not wait), so the wait
/// cannot deadlock; SwiftNIO traps if one ever did. The methods are unavailable from async
/// code, where blocking a cooperative thread would starve other tasks.
///
/// Not `Sendable`: one thread uses it at a time. The one thing another thread may do is
/// `interrupter.interrupt()`.
public final class ServerConnection {
    public let url: ServerURL
    /// Cancels the running statement from another thread (Ctrl-C).
    public let interrupter: Interrupter
    /// The server process serving this connection (`pg_backend_pid()`).
    public let backendPID: Int32

    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private var isClosed = false
    /// Whether a statement found the connection lost.
    private var isLost = false
    /// What a statement on a connection the server dropped fails with.
    private var lost: ServerError { ServerError(.unreachable, .serverConnectionLost(server: url.server)) }
    /// The answer the calling thread waits for, which the connection's closing fails.
    private let waiting: NIOLockedValueBox<Waiting>

    /// postgres-nio can drop a statement written just as the server closes the connection
    /// (`pg_terminate_backend`, a restart), and its future then never completes: a wait on it
    /// would last for ever. So each statement's answer is a promise of ours that the statement
    /// completes, or, once the connection has closed, the closing fails.
    private struct Waiting {
        var answer: EventLoopPromise<PostgresQueryResult>?
        var closed = false
    }

    /// postgres-nio's log stays silent: the shell reports errors itself, as catalogue messages.
    static let logger = Logger(label: "jiedui.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// What `--db URL` does: reads the URL, finds the password, connects. A URL error (exit 2)
    /// is thrown before any connection is tried.
    @available(*, noasync, message: "blocks the calling thread")
    public static func open(_ text: String, environment: [String: String]) throws -> ServerConnection {
        let url = try ServerURL(parsing: text, environment: environment)
        return try ServerConnection(url: url, credentials: .lookUp(for: url, environment: environment))
    }

    /// Connects and logs in. Throws a `ServerError` whose outcome is `unusableDatabase` when the
    /// server cannot be reached or refuses the login.
    @available(*, noasync, message: "blocks the calling thread")
    public init(url: ServerURL, credentials: Credentials) throws {
        self.url = url
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let configuration = try Self.configuration(url, credentials)
            let eventLoop = group.next()
            let connection = try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: Self.logger).wait()
            do {
                let rows = try connection.query("SELECT pg_backend_pid()", logger: Self.logger).wait()
                backendPID = try rows.first.map { try $0.decode(Int32.self) } ?? 0
            } catch {
                try? connection.close().wait()
                throw error
            }
            self.connection = connection
            self.group = group
            let waiting = NIOLockedValueBox(Waiting())
            self.waiting = waiting
            let lost = ServerError(.unreachable, .serverConnectionLost(server: url.server))
            connection.closeFuture.whenComplete { _ in
                // One more turn of the loop first, so that an answer the connection itself
                // gives to the statement (the server's own error, say) is the one reported.
                eventLoop.execute {
                    let answer = waiting.withLockedValue { state in
                        state.closed = true
                        defer { state.answer = nil }
                        return state.answer
                    }
                    answer?.fail(lost)
                }
            }
            interrupter = Interrupter(configuration: configuration, backendPID: backendPID, eventLoop: eventLoop, logger: Self.logger)
        } catch {
            try? group.syncShutdownGracefully()
            throw ServerError.connecting(error, url: url, credentials: credentials)
        }
    }

    deinit {
        guard !isClosed else { return }
        interrupter.close()
        // Not waiting: deinit may run anywhere. The connection must outlive its closing
        // (postgres-nio asserts so), and the loop's thread ends after that.
        let group = self.group
        let connection = self.connection
        connection.close().whenComplete { _ in
            withExtendedLifetime(connection) {}
            group.shutdownGracefully { _ in }
        }
    }

    /// Runs a statement with `$1`, `$2`, … bound to `arguments` and returns its rows.
    @available(*, noasync, message: "blocks the calling thread")
    public func query(_ sql: String, _ arguments: [ServerValue] = []) throws -> [ServerRow] {
        let result = try run(sql, arguments)
        do {
            return try result.rows.map(ServerRow.init)
        } catch {
            throw ServerError.running(error, url: url, interrupted: false)
        }
    }

    /// Runs a statement that returns no rows; returns how many rows it inserted, updated or
    /// deleted (0 for other statements).
    @available(*, noasync, message: "blocks the calling thread")
    @discardableResult
    public func execute(_ sql: String, _ arguments: [ServerValue] = []) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    /// Runs statements one after another, each on its own (the extended protocol takes one
    /// statement at a time): for a schema's `CREATE` statements, say. Stops at the first error.
    @available(*, noasync, message: "blocks the calling thread")
    public func execute(statements: [String]) throws {
        for statement in statements { _ = try run(statement, []) }
    }

    /// Closes the connection and ends its event loop's thread. Using the connection afterwards
    /// is a bug.
    @available(*, noasync, message: "blocks the calling thread")
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        interrupter.close()
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    private func run(_ sql: String, _ arguments: [ServerValue]) throws -> PostgresQueryResult {
        precondition(!isClosed, "statement on a closed ServerConnection")
        // A connection the server dropped never answers again (a statement sent on it would wait
        // for ever): say it is lost at once, as the statement that found it out did.
        guard !isLost, !connection.isClosed else { throw lost }
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments { argument.bind(to: &bindings) }
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        let open = waiting.withLockedValue { state in
            if !state.closed { state.answer = answer }
            return !state.closed
        }
        defer { waiting.withLockedValue { $0.answer = nil } }
        interrupter.statementStarts()
        if open {
            connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: Self.logger).cascade(to: answer)
        } else {
            answer.fail(lost)
        }
        do {
            let result = try answer.futureResult.wait()
            _ = interrupter.statementEnds()
            return result
        } catch {
            let failure = ServerError.running(error, url: url, interrupted: interrupter.statementEnds())
            if failure.kind == .unreachable { isLost = true }
            throw failure
        }
    }

    /// postgres-nio's configuration for `url`: the socket file or host, TLS as `sslmode` asks.
    private static func configuration(_ url: ServerURL, _ credentials: Credentials) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case .socket:
            configuration = .init(unixSocketPath: url.socketPath ?? "", username: url.user, password: credentials.password, database: url.database)
        case .tcp(let host):
            configuration = .init(host: host, port: url.port, username: url.user, password: credentials.password, database: url.database, tls: try tls(url))
        }
        configuration.options.connectTimeout = .seconds(Int64(url.connectTimeout))
        configuration.options.additionalStartupParameters = [
            ("application_name", url.applicationName),
            ("client_encoding", "UTF8"),
        ]
        return configuration
    }

    /// libpq's sslmodes: `prefer` and `require` encrypt without checking who answers,
    /// `verify-ca` checks the certificate's authority, `verify-full` the host name as well.
    private static func tls(_ url: ServerURL) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = url.rootCertificate { tls.trustRoots = .file(file) }
        switch url.tlsMode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: tls)
        return url.tlsMode == .prefer ? .prefer(context) : .require(context)
    }
}
