import Foundation
import GRDB
import JieduiCore

/// The queries `check` asks, shared out between two connections: each takes the next one not
/// yet taken, so that neither waits while the other has several left.
private final class SharedQueries: @unchecked Sendable {
    let sqls: [String]
    private let lock = NSLock()
    private var next = 0
    private var results: [SQLResult?]
    /// The first query to fail, in time: the other connection's may fail after it only
    /// because it was interrupted.
    private var failure: Error?

    init(_ sqls: [String]) {
        self.sqls = sqls
        results = Array(repeating: nil, count: sqls.count)
    }

    /// The next query's index; nil once all are taken or one has failed.
    func take() -> Int? {
        lock.withLock {
            guard next < sqls.count, failure == nil else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func put(_ index: Int, _ result: Result<SQLResult, Error>) {
        lock.withLock {
            switch result {
            case .success(let rows): results[index] = rows
            case .failure(let error): failure = failure ?? error
            }
        }
    }

    /// Every answer in order, or the first failure.
    func answers() throws -> [SQLResult] {
        try lock.withLock {
            if let failure { throw failure }
            return results.map { $0! }
        }
    }
}

/// `check` and `due`: each rule's and source's query (`CheckQueries.swift`, `DueQueries.swift`)
/// run on this connection, and `check`'s shared with a second one when it sees the same rows.
extension SQLiteStore {
    public func checkRows(_ rules: [any CheckRule.Type], period: CheckPeriod) throws -> [SQLResult] {
        let shared = SharedQueries(rules.map { RuleQueries.sql($0, Self.dialect, period: period) })
        // The second connection, read-only on another core, helps only while it sees exactly
        // what this one does: this one inside a transaction that has changed nothing, and both
        // reading the same last audit entry (every commit writes one).
        let head = try access { db in
            changesAtBegin != nil && db.isInsideTransaction && db.totalChangesCount == changesAtBegin ? try Self.lastAudit(db) : nil
        }
        guard shared.sqls.count > 1, let head, let reader = try? besideReader() else {
            return try shared.sqls.map(rows)
        }
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            defer { group.leave() }
            try? reader.read { db in
                guard try Self.lastAudit(db) == head else { return }
                while let index = shared.take() {
                    shared.put(index, Result { try Self.rows(db, shared.sqls[index]) })
                }
            }
        }
        while let index = shared.take() {
            do {
                shared.put(index, .success(try rows(shared.sqls[index])))
            } catch {
                shared.put(index, .failure(error))
                reader.interrupt()
            }
        }
        group.wait()
        do {
            return try shared.answers()
        } catch {
            throw storeError(error)
        }
    }

    /// The last audit entry's number and hash ("" for none), as a connection sees it.
    private static func lastAudit(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT seq || ' ' || hash FROM audit ORDER BY seq DESC LIMIT 1") ?? ""
    }

    /// The read-only connection, opened the first time it is wanted.
    private func besideReader() throws -> DatabaseQueue {
        if let reader { return reader }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        config.label = "jiedui-reader"
        let opened = try DatabaseQueue(path: path, configuration: config)
        reader = opened
        return opened
    }

    public func dueRows(_ sources: [any DueSource.Type], window: DueWindow) throws -> [SQLResult] {
        try RuleQueries.dueResults(sources, Self.dialect, window: window, run: rows)
    }
}
