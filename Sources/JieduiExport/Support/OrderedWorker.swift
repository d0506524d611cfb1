import Foundation

/// One thread of its own that runs the work handed to it in the order it was handed, a few
/// pieces ahead of the caller at most. After a piece fails, the rest are skipped and the
/// failure is thrown to the caller at its next `submit` or at `finish`.
final class OrderedWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    /// Pieces handed over and not yet done, at most `ahead`: the caller waits beyond that, so
    /// that a slow writer does not let a fast reader fill memory.
    private let room: DispatchSemaphore
    private let lock = NSLock()
    private var failure: Error?

    init(label: String, ahead: Int = 4) {
        queue = DispatchQueue(label: label)
        room = DispatchSemaphore(value: ahead)
    }

    private var failed: Error? { lock.withLock { failure } }

    /// Hands `work` over, once there is room; throws an earlier piece's failure instead.
    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        if let failed { throw failed }
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard failed == nil else { return }
            do {
                try work()
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
    }

    /// Waits until every piece handed over is done; throws the first failure.
    func finish() throws {
        drain()
        if let failed { throw failed }
    }

    /// Waits until every piece handed over is done.
    func drain() {
        queue.sync {}
    }
}
