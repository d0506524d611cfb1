import Foundation
import Testing

@testable import JieduiExport

/// The thread a filed table's rows are written on: in the order handed over, and a failure
/// reaches the caller and stops what comes after it.
@Suite struct OrderedWorkerTests {
    private final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int] = []
        func add(_ n: Int) { lock.withLock { items.append(n) } }
        var all: [Int] { lock.withLock { items } }
    }

    private struct Broken: Error, Equatable { let at: Int }

    @Test func runsEveryPieceInOrder() throws {
        let worker = OrderedWorker(label: "test", ahead: 2)
        let log = Log()
        for n in 0..<500 {
            try worker.submit {
                if n % 50 == 0 { usleep(200) }  // a slow piece must not let a later one pass it
                log.add(n)
            }
        }
        try worker.finish()
        #expect(log.all == Array(0..<500))
    }

    @Test func aFailureIsThrownAndWhatFollowsItIsSkipped() throws {
        let worker = OrderedWorker(label: "test")
        let log = Log()
        for n in 0..<100 {
            do {
                try worker.submit {
                    if n == 10 { throw Broken(at: n) }
                    log.add(n)
                }
            } catch let error as Broken {
                // A later hand-over may learn of it first; either way it is piece 10's.
                #expect(error == Broken(at: 10))
                break
            }
        }
        #expect(throws: Broken(at: 10)) { try worker.finish() }
        #expect(log.all == Array(0..<10), "nothing after the failed piece ran")
    }
}
