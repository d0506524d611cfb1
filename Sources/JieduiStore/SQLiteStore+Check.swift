import Foundation
import GRDB
import JieduiCore

/// What the second connection's queries gave, handed back across threads once they are done.
private final class BesideResults: @unchecked Sendable {
    var outcome: Result<[[[JieduiCore.Value]]], Error>?
}

/// `check`: one aggregate query per rule, on indexed columns; rows as `Check.findings` reads them.
extension SQLiteStore {
    private static let priority = "('孤儿','事实无人抚养儿童','低保家庭重残重病儿童')"
    private static let others = "('其他低保家庭儿童','其他困境儿童','农村留守儿童')"

    /// A date as an SQL literal.
    private static func literal(_ day: Day) -> String { dialect.date(day) }

    /// SQL for a child's age on `today`.
    private static func age(_ born: String, _ today: Day) -> String {
        let t = literal(today)
        return "(CAST(substr(\(t),1,4) AS INTEGER) - CAST(substr(\(born),1,4) AS INTEGER) - (substr(\(t),6,5) < substr(\(born),6,5)))"
    }

    /// The latest birth date of a child who is `years` old or more on `today`: an age test
    /// that the index on `born` can answer.
    private static func bornBy(_ years: Int, _ today: Day) -> String {
        let year = String(today.year - years)
        return "'" + String(repeating: "0", count: max(0, 4 - year.count)) + year + today.iso.dropFirst(4) + "'"
    }

    public func checkRows(_ rule: CheckRule, period: CheckPeriod) throws -> [[JieduiCore.Value]] {
        guard let sql = checkSQL(rule, period: period) else { return [] }
        return try rows(sql).rows
    }

    /// The rules that go to the second connection: about half of the work, by measurement.
    private static let besideRules: Set<CheckRule> = [.girlMaleHelper, .overCapacity, .noSpecialCare, .noTraining, .notReviewed, .quarterReport]

    public func checkRows(_ rules: [CheckRule], period: CheckPeriod) throws -> [[[JieduiCore.Value]]] {
        let sqls = rules.map { checkSQL($0, period: period) }
        // Half the queries run on a second, read-only connection on another core, but only
        // while it sees exactly what this one does: inside a transaction `begin` opened, which
        // holds the write lock so that nobody else can commit, and which has changed nothing.
        let unchanged = try access { db in changesAtBegin != nil && db.isInsideTransaction && db.totalChangesCount == changesAtBegin }
        guard unchanged, let reader = try? besideReader() else {
            return try sqls.map { sql in try sql.map { try rows($0).rows } ?? [] }
        }
        let beside = rules.indices.filter { Self.besideRules.contains(rules[$0]) }
        let besideSQL = beside.map { sqls[$0] }
        let results = BesideResults()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            defer { group.leave() }
            results.outcome = Result {
                try reader.read { db in try besideSQL.map { sql in try sql.map { try Self.rows(db, $0).rows } ?? [] } }
            }
        }
        var all = [[[JieduiCore.Value]]](repeating: [], count: rules.count)
        var failure: Error?
        for index in rules.indices where !Self.besideRules.contains(rules[index]) {
            do {
                all[index] = try sqls[index].map { try rows($0).rows } ?? []
            } catch {
                failure = error
                reader.interrupt()
                break
            }
        }
        group.wait()
        if let failure { throw failure }
        for (position, rows) in try results.outcome!.get().enumerated() { all[beside[position]] = rows }
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

    /// The SQL of a rule's rows, or nil when the rule has nothing to look at in the period.
    private func checkSQL(_ rule: CheckRule, period: CheckPeriod) -> String? {
        let start = Self.literal(period.start), end = Self.literal(period.end), today = period.today
        // A helper pair active at the end of the period (for today's year: active now).
        let activeHelperPair = "p.helper IS NOT NULL AND p.since <= \(end) AND (p.ended IS NULL OR p.ended > \(end))"
        let sql: String
        switch rule {
        case .uncovered:
            sql = """
            SELECT c.id, c.name, c.category FROM child c
            WHERE c.status = '在册' AND c.category IN \(Self.priority)
              AND NOT EXISTS (SELECT 1 FROM pair p WHERE p.child = c.id AND p.ended IS NULL AND p.helper IS NOT NULL)
            """
        case .uncoveredOther:
            sql = """
            SELECT c.id, c.name, c.category FROM child c
            WHERE c.status = '在册' AND c.category IN \(Self.others)
              AND NOT EXISTS (SELECT 1 FROM pair p WHERE p.child = c.id AND p.ended IS NULL)
            """
        case .girlMaleHelper:
            sql = """
            SELECT p.id, c.name, \(Self.age("c.born", today)) AS age, h.name, coalesce(p.override, '') FROM pair p
            JOIN child c ON c.id = p.child JOIN helper h ON h.id = p.helper
            WHERE p.ended IS NULL AND c.status = '在册' AND c.sex = '女' AND h.sex = '男' AND \(Self.age("c.born", today)) >= 8
            """
        case .familySplit:
            sql = """
            SELECT c.family, group_concat(DISTINCT h.name) FROM child c
            JOIN pair p ON p.child = c.id AND p.ended IS NULL AND p.helper IS NOT NULL
            JOIN helper h ON h.id = p.helper
            WHERE c.status = '在册' AND c.family IN (
                -- First the families whose children have two helpers, without the names.
                SELECT d.family FROM child d JOIN pair q ON q.child = d.id AND q.ended IS NULL AND q.helper IS NOT NULL
                WHERE d.status = '在册' GROUP BY d.family HAVING min(q.helper) <> max(q.helper))
            GROUP BY c.family HAVING count(DISTINCT p.helper) > 1
            """
        case .overCapacity:
            sql = """
            SELECT h.id, h.name, h.capacity, count(DISTINCT c.family) AS families FROM helper h
            JOIN pair p ON p.helper = h.id AND p.ended IS NULL JOIN child c ON c.id = p.child
            WHERE h.id IN (
                -- Only a helper with more pairs than families allowed can have too many families.
                SELECT q.helper FROM pair q WHERE q.ended IS NULL AND q.helper IS NOT NULL
                GROUP BY q.helper HAVING count(*) > (SELECT capacity FROM helper WHERE id = q.helper))
            GROUP BY h.id HAVING families > h.capacity
            """
        case .fewVisits:
            // Only pairs under the most any pair needs (6) come back; Check prorates the rest.
            sql = """
            SELECT p.id, p.since, (SELECT count(*) FROM visit v WHERE v.pair = p.id AND v.date BETWEEN \(start) AND \(end)) AS visits
            FROM pair p WHERE \(activeHelperPair) AND visits < 6
            """
        case .noSpecialCare:
            sql = """
            SELECT p.id, p.since, c.name FROM pair p JOIN child c ON c.id = p.child
            WHERE \(activeHelperPair)
              AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.pair = p.id AND v.kind = '特殊关爱' AND v.date BETWEEN \(start) AND \(end))
            """
        case .noTraining:
            sql = """
            SELECT h.id, h.name FROM helper h
            WHERE EXISTS (SELECT 1 FROM pair p WHERE p.helper = h.id AND \(activeHelperPair))
              AND NOT EXISTS (SELECT 1 FROM training_attendee a JOIN training t ON t.id = a.training
                              WHERE a.helper = h.id AND t.date BETWEEN \(start) AND \(end))
            """
        case .overAge:
            sql = """
            SELECT c.id, c.name, c.category, \(Self.age("c.born", today)) AS age FROM child c
            WHERE c.born <= \(Self.bornBy(16, today)) AND c.status = '在册'
              AND (c.born <= \(Self.bornBy(18, today)) OR c.category = '农村留守儿童')
            """
        case .notReviewed:
            // 方案 四(一): the numbers are updated by the end of March each year.
            guard period.end > Day(year: period.year, month: 3, day: 31)! else { return nil }
            sql = """
            SELECT c.id, c.name, coalesce(c.reviewed, '') FROM child c
            WHERE c.status = '在册' AND (c.reviewed IS NULL OR c.reviewed < \(start))
            """
        case .needOpen:
            sql = """
            SELECT n.id, n.date, n.kind, (SELECT c.name FROM child c WHERE c.id = n.child) FROM need n
            WHERE n.status = '待解决' AND n.date < date(\(Self.literal(today)), '-30 days')
            """
        case .alertLate:
            sql = """
            SELECT a.id, a.date, a.reported, coalesce(a.override, '') FROM alert a
            WHERE a.date BETWEEN \(start) AND \(end)
              AND ((a.reported IS NOT NULL AND a.reported > date(a.date, '+1 day'))
                OR (a.reported IS NULL AND \(Self.literal(today)) > date(a.date, '+1 day')))
            """
        case .quarterReport:
            sql = "SELECT quarter, filed FROM quarter_report WHERE quarter LIKE '\(period.year)Q%'"
        }
        return sql
    }
}

/// `due`: the rows of each source, filtered in SQL by the window of birthdays.
extension SQLiteStore {
    /// Whether `born`'s month-day falls in the window (loosely: 29 February always passes;
    /// `Due` filters exactly).
    private static func monthDayWindow(_ born: String, from: Day, to: Day) -> String {
        if to.dayNumber - from.dayNumber >= 365 { return "1" }
        let a = "'" + String(from.iso.dropFirst(5)) + "'", b = "'" + String(to.iso.dropFirst(5)) + "'"
        let md = "substr(\(born),6,5)"
        let range = from.year == to.year ? "(\(md) BETWEEN \(a) AND \(b))" : "(\(md) >= \(a) OR \(md) <= \(b))"
        return "(\(range) OR \(md) = '02-29')"
    }

    public func dueRows(_ query: DueQuery, today: Day) throws -> [[JieduiCore.Value]] {
        let sql: String
        switch query {
        case .birthdays(let from, let to):
            sql = """
            SELECT c.id, c.name, c.born FROM child c
            WHERE c.status = '在册' AND \(Self.monthDayWindow("c.born", from: from, to: to))
              AND EXISTS (SELECT 1 FROM pair p WHERE p.child = c.id AND p.ended IS NULL)
            """
        case .helperPairs:
            sql = """
            SELECT p.id, c.name, p.since, (SELECT max(v.date) FROM visit v WHERE v.pair = p.id) FROM pair p
            JOIN child c ON c.id = p.child WHERE p.ended IS NULL AND p.helper IS NOT NULL
            """
        case .unreviewed(let since):
            sql = "SELECT c.id, c.name FROM child c WHERE c.status = '在册' AND (c.reviewed IS NULL OR c.reviewed < \(Self.literal(since)))"
        case .activeBirthdays(let from, let to):
            sql = """
            SELECT c.id, c.name, c.born, c.category FROM child c
            WHERE c.status = '在册' AND \(Self.monthDayWindow("c.born", from: from, to: to))
            """
        case .quarterReports:
            sql = "SELECT quarter, filed FROM quarter_report"
        }
        return try rows(sql).rows
    }
}
