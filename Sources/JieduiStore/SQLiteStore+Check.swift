import Foundation
import GRDB
import JieduiCore

/// What the second connection's queries gave, handed back across threads once they are done.
private final class BesideResults: @unchecked Sendable {
    var outcome: Result<[SQLResult], Error>?
}

/// `check` and `due`: each rule's and source's query (`CheckQueries.swift`, `DueQueries.swift`)
/// run on this connection, half of `check`'s on a second one when it sees the same rows.
extension SQLiteStore {
    /// The rules whose queries go to the second connection: about half of the work, by measurement.
    private static let besideRules: Set<String> = [
        Check.GirlMaleHelper.code, Check.OverCapacity.code, Check.NoSpecialCare.code, Check.NoTraining.code,
        Check.NotReviewed.code, Check.QuarterReport.code,
    ]

    public func checkRows(_ rules: [any CheckRule.Type], period: CheckPeriod) throws -> [SQLResult] {
        let sqls = rules.map { RuleQueries.sql($0, Self.dialect, period: period) }
        // Half the queries run on a second, read-only connection on another core, but only
        // while it sees exactly what this one does: inside a transaction `begin` opened, which
        // holds the write lock so that nobody else can commit, and which has changed nothing.
        let unchanged = try access { db in changesAtBegin != nil && db.isInsideTransaction && db.totalChangesCount == changesAtBegin }
        guard unchanged, let reader = try? besideReader() else {
            return try sqls.map(rows)
        }
        let beside = rules.indices.filter { Self.besideRules.contains(rules[$0].code) }
        let besideSQL = beside.map { sqls[$0] }
        let results = BesideResults()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            defer { group.leave() }
            results.outcome = Result {
                try reader.read { db in try besideSQL.map { try Self.rows(db, $0) } }
            }
        }
        var all = [SQLResult](repeating: SQLResult(columns: [], rows: []), count: rules.count)
        var failure: Error?
        for index in rules.indices where !Self.besideRules.contains(rules[index].code) {
            do {
                all[index] = try rows(sqls[index])
            } catch {
                failure = error
                reader.interrupt()
                break
            }
        }
        group.wait()
        if let failure { throw failure }
        let besideRows: [SQLResult]
        do {
            besideRows = try results.outcome!.get()
        } catch {
            throw storeError(error)
        }
        for (position, rows) in besideRows.enumerated() { all[beside[position]] = rows }
        return all
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
