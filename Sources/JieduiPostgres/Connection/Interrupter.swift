import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Cancels the statement a `ServerConnection` is running, from any thread: what Ctrl-C does.
///
/// PostgreSQL cancels a backend's statement when asked by another connection; postgres-nio
/// keeps the key of the protocol's own cancel request to itself, so `interrupt()` opens a
/// second, short-lived connection with the same login and runs `pg_cancel_backend(pid)`, which
/// any login may do to its own backends. The statement then fails with SQLSTATE 57014, which
/// the connection reports as `ServerError.Kind.cancelled`.
///
/// `interrupt()` only takes a lock and hands the work to the connection's event loop, so a
/// thread that watches for SIGINT (the shell's timer that polls its flag, say) may call it as
/// often as it likes. It is not async-signal-safe: call it from such a thread, never from the
/// signal handler itself.
public final class Interrupter: Sendable {
    private struct State {
        /// Counts statements; the running one's number while one runs.
        var statement: UInt64 = 0
        var running = false
        var closed = false
        /// A cancel connection is being made.
        var sending = false
        /// The statement the last cancel was sent for, and when.
        var lastCancel: (statement: UInt64, at: NIODeadline)?
    }

    /// A cancel can arrive while the backend is still reading the statement, when the server
    /// drops it; after this long without an answer the next `interrupt()` sends another.
    static let resendAfter = TimeAmount.milliseconds(500)

    private let state = NIOLockedValueBox(State())
    private let configuration: PostgresConnection.Configuration
    private let backendPID: Int32
    private let eventLoop: any EventLoop
    private let logger: Logger

    init(configuration: PostgresConnection.Configuration, backendPID: Int32, eventLoop: any EventLoop, logger: Logger) {
        self.configuration = configuration
        self.backendPID = backendPID
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Asks the server to cancel the statement running now; does nothing when none is.
    public func interrupt() {
        state.withLockedValue { state in
            guard state.running, !state.closed, !state.sending else { return }
            if let last = state.lastCancel, last.statement == state.statement, NIODeadline.now() - last.at < Self.resendAfter { return }
            state.sending = true
            state.lastCancel = (state.statement, .now())
            // Under the lock, so that `close()` cannot shut the event loop down in between;
            // this only schedules work on the loop and returns.
            sendCancel()
        }
    }

    /// Opens the second connection, cancels, closes it; all on the event loop, waiting for nothing.
    private func sendCancel() {
        let state = self.state
        let logger = self.logger
        let pid = backendPID
        PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 2, logger: logger)
            .flatMap { connection in
                connection.query("SELECT pg_cancel_backend(\(pid))", logger: logger)
                    .map { _ in () }
                    .flatMapError { _ in connection.eventLoop.makeSucceededVoidFuture() }
                    .flatMap { connection.close() }
                    // The connection must outlive its closing (postgres-nio asserts so).
                    .always { _ in withExtendedLifetime(connection) {} }
            }
            .whenComplete { _ in state.withLockedValue { $0.sending = false } }
    }

    /// Marks a statement as running.
    func statementStarts() {
        state.withLockedValue { state in
            state.statement += 1
            state.running = true
        }
    }

    /// Marks the statement as done, and says whether a cancel was sent for it or for the one
    /// before it (a cancel that reached the server late cancels the statement after).
    func statementEnds() -> Bool {
        state.withLockedValue { state in
            state.running = false
            guard let last = state.lastCancel else { return false }
            return last.statement + 1 >= state.statement
        }
    }

    /// The connection is closing: nothing more is sent.
    func close() {
        state.withLockedValue { $0.closed = true }
    }
}
