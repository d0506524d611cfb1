import GRDB
import JieduiCore

/// What the ledger, the books and the quarterly report read: one streaming query for the
/// ledger, aggregates for the quarter.
extension SQLiteStore {
    private static let categoryOrder = "CASE c.category WHEN '孤儿' THEN 1 WHEN '事实无人抚养儿童' THEN 2 WHEN '低保家庭重残重病儿童' THEN 3 WHEN '其他低保家庭儿童' THEN 4 WHEN '其他困境儿童' THEN 5 ELSE 6 END"

    public func forEachLedgerRow(year: Int, village: String?, _ body: (LedgerRow) throws -> Void) throws {
        let start = "'\(year)-01-01'", end = "'\(year)-12-31'"
        // The pair in force at the year's end, or when the child exited.
        let at = "min(\(end), coalesce(c.exit_date, \(end)))"
        let pair = "(SELECT p.id FROM pair p WHERE p.child = c.id AND p.since <= \(at) AND (p.ended IS NULL OR p.ended >= \(at)) ORDER BY p.since DESC, p.n DESC LIMIT 1)"
        // `+c.born`: nearly every child is born by the year's end, so the table is read in
        // order rather than through the index on born (at random, twice as slow).
        var sql = """
        SELECT c.id, f.village, c.name, c.sex, c.born, c.idno, c.category,
               coalesce(f.guardian, ''), coalesce(f.guardian_relation, ''), coalesce(f.guardian_phone, ''),
               p.helper, p.unit, coalesce(h.name, ''), coalesce(h.sex, ''), coalesce(h.unit, p.unit, ''), coalesce(h.position, ''),
               coalesce(h.phone, ''), coalesce(p.since, ''), coalesce(p.override, ''),
               (SELECT count(*) FROM pair q JOIN visit v ON v.pair = q.id WHERE q.child = c.id AND v.date BETWEEN \(start) AND \(end)),
               coalesce((SELECT max(v.date) FROM pair q JOIN visit v ON v.pair = q.id WHERE q.child = c.id AND v.date BETWEEN \(start) AND \(end)), ''),
               coalesce((SELECT group_concat(kind, '、') FROM (SELECT DISTINCT n.kind FROM need n WHERE n.child = c.id AND n.status IN ('待解决', '已转介'))), ''),
               coalesce((SELECT group_concat(n.measures, '、') FROM need n WHERE n.child = c.id AND n.measures IS NOT NULL
                         AND (n.date BETWEEN \(start) AND \(end) OR n.resolved BETWEEN \(start) AND \(end))), ''),
               coalesce(c.exit_date, ''), coalesce(c.exit_reason, '')
        FROM child c
        JOIN family f ON f.id = c.family
        JOIN village vg ON vg.name = f.village
        LEFT JOIN pair p ON p.id = \(pair)
        LEFT JOIN helper h ON h.id = p.helper
        WHERE +c.born <= \(end) AND (c.status = '在册' OR c.exit_date >= \(start))
        """
        var arguments: [DatabaseValueConvertible?] = []
        if let village {
            sql += " AND f.village = ?"
            arguments.append(village)
        }
        sql += " ORDER BY vg.position, \(Self.categoryOrder), c.n"
        try access { db in
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments) ?? [])
            while let r = try cursor.next() {
                let unit: String? = r[11]
                let helperName: String = r[12]
                var measures: [String] = []
                for item in (r[22] as String).components(separatedBy: "、") where !item.isEmpty && !measures.contains(item) {
                    measures.append(item)
                }
                let row = LedgerRow(
                    childID: r[0], village: r[1], name: r[2], sex: r[3], born: r[4], idno: r[5], category: r[6],
                    guardian: r[7], guardianRelation: r[8], guardianPhone: r[9],
                    helper: unit.map { "（包片）\($0)" } ?? helperName, helperSex: r[13], helperUnit: r[14], helperPosition: r[15],
                    helperPhone: r[16], since: r[17], visits: r[19], lastVisit: r[20], openNeeds: r[21],
                    measures: measures.joined(separator: "、"), override: r[18], exitDate: r[23], exitReason: r[24])
                try body(row)
            }
        }
    }

    public func quarterStatistics(_ quarter: Quarter) throws -> QuarterStatistics {
        let first = Self.literal(quarter.first), last = Self.literal(quarter.last)
        let yearStart = "'\(quarter.year)-01-01'"
        var stats = QuarterStatistics()
        // Active on the quarter's last day: registered by then and not exited before it ended.
        // `+c.born`: nearly every child is born by then, so the rows are read in order rather
        // than through the index on born (which read the ledger's children at random, twice as slow).
        let active = "+c.born <= \(last) AND (c.exit_date IS NULL OR c.exit_date > \(last))"
        // A pair is in force on a day it ends (as in the ledger).
        let pairAt = "p.child = c.id AND p.since <= \(last) AND (p.ended IS NULL OR p.ended >= \(last))"
        try access { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.category, count(*),
                       sum(EXISTS (SELECT 1 FROM pair p WHERE \(pairAt) AND p.helper IS NOT NULL)),
                       sum(EXISTS (SELECT 1 FROM pair p WHERE \(pairAt) AND p.unit IS NOT NULL))
                FROM child c WHERE \(active) GROUP BY c.category
                """)
            for row in rows {
                let category: String = row[0]
                guard let index = stats.categories.firstIndex(where: { $0.category == category }) else { continue }
                stats.categories[index].active = row[1]
                stats.categories[index].pairedHelper = row[2]
                stats.categories[index].pairedUnit = row[3]
            }
            // The quarter's work counts every child it was done for, exited since or not.
            let work = try Row.fetchAll(db, sql: """
                SELECT c.category,
                       sum((SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = c.id AND v.date BETWEEN \(first) AND \(last))),
                       sum((SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = c.id AND v.kind = '特殊关爱' AND v.date BETWEEN \(first) AND \(last))),
                       sum((SELECT count(*) FROM need n WHERE n.child = c.id AND n.date BETWEEN \(first) AND \(last))),
                       sum((SELECT count(*) FROM need n WHERE n.child = c.id AND n.resolved BETWEEN \(first) AND \(last))),
                       sum((SELECT count(*) FROM alert a WHERE a.child = c.id AND a.date BETWEEN \(first) AND \(last)))
                FROM child c WHERE +c.born <= \(last) AND (c.exit_date IS NULL OR c.exit_date >= \(first)) GROUP BY c.category
                """)
            for row in work {
                let category: String = row[0]
                guard let index = stats.categories.firstIndex(where: { $0.category == category }) else { continue }
                stats.categories[index].visits = row[1]
                stats.categories[index].specialVisits = row[2]
                stats.categories[index].newNeeds = row[3]
                stats.categories[index].resolvedNeeds = row[4]
                stats.categories[index].alerts = row[5]
            }
            stats.trainings = try Row.fetchAll(db, sql: """
                SELECT t.date, t.title, (SELECT count(*) FROM training_attendee a WHERE a.training = t.id) FROM training t
                WHERE t.date BETWEEN \(first) AND \(last) ORDER BY t.date, t.n
                """).map { QuarterStatistics.TrainingRow(date: $0[0], title: $0[1], attendees: $0[2]) }
            let toTrain = "SELECT DISTINCT p.helper FROM pair p WHERE p.helper IS NOT NULL AND p.since <= \(last) AND (p.ended IS NULL OR p.ended > \(last))"
            stats.helpersToTrain = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(toTrain))") ?? 0
            stats.helpersTrained = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (\(toTrain)) x WHERE EXISTS (SELECT 1 FROM training_attendee a JOIN training t ON t.id = a.training
                    WHERE a.helper = x.helper AND t.date BETWEEN \(yearStart) AND \(last))
                """) ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT kind, status, count(*) FROM need WHERE date BETWEEN \(first) AND \(last) GROUP BY kind, status") {
                stats.needs[row[0], default: [:]][row[1]] = row[2]
            }
        }
        return stats
    }

    public func recordQuarterReport(_ quarter: Quarter, filed: Day) throws {
        try access { db in
            try db.execute(sql: "INSERT INTO quarter_report (quarter, filed) VALUES (?, ?) ON CONFLICT(quarter) DO UPDATE SET filed = min(filed, excluded.filed)",
                           arguments: [quarter.description, filed.iso])
        }
    }
}
