import JieduiCore

/// The queries of the ledger, the books and the quarterly report, for any dialect, each column
/// named as the store reads it.
package enum ExportSQL {
    /// Children (`c`) with their family (`f`), village (`vg`, for its position), the pair
    /// `pair` picks (`p`) and its helper (`h`), the last two when there are any.
    static func childrenWithPair(_ pair: String) -> String {
        """
        FROM child c
        JOIN family f ON f.id = c.family
        JOIN village vg ON vg.name = f.village
        LEFT JOIN pair p ON p.id = \(pair)
        LEFT JOIN helper h ON h.id = p.helper
        """
    }

    /// Every child of the ledger of `year`, in ledger order: by village, category and id. With a
    /// `village` placeholder, only that village's.
    package static func ledger(year: Int, village: String?, _ d: any SQLDialect) -> String {
        let start = d.date(Day(year: year, month: 1, day: 1)!), end = d.date(Day(year: year, month: 12, day: 31)!)
        // The pair in force at the year's end, or when the child exited.
        let at = d.least(end, "coalesce(c.exit_date, \(end))")
        let pair = "(SELECT p.id FROM pair p WHERE p.child = c.id AND p.since <= \(at) AND (p.ended IS NULL OR p.ended >= \(at)) ORDER BY p.since DESC, p.n DESC LIMIT 1)"
        let separator = SQLValue.listSeparator
        // The kinds of the needs open at the year's end (found by then, not solved by then: a
        // need is solved when it has a day it was), each once, in the order they were first
        // found; the measures of the year's needs in the order the needs were added.
        let openKinds = d.joinedInOrder(
            "kind", from: "(SELECT n.kind AS kind, min(n.n) AS first FROM need n WHERE n.child = c.id AND n.date <= \(end) AND (n.resolved IS NULL OR n.resolved > \(end)) GROUP BY n.kind) open_kinds",
            where: d.alwaysTrue, orderBy: "first", separator: separator)
        let measures = d.joinedInOrder(
            "measures", from: "need", where: "child = c.id AND measures IS NOT NULL AND (date BETWEEN \(start) AND \(end) OR resolved BETWEEN \(start) AND \(end))",
            orderBy: "n", separator: separator)
        // 本年走访次数 and 最近走访日期 count visits to the child, not calls to the parents.
        let isVisit = RecordSQL.isVisit("v", d)
        // An entrustment signed after the year was not signed in it (as check no-entrustment).
        // `withoutIndex(c.born)`: nearly every child is born by the year's end, so the table is
        // read in order rather than through the index on born (at random, twice as slow).
        var sql = """
        SELECT c.id AS child, f.village AS village, c.name AS name, c.sex AS sex, c.born AS born, c.idno AS idno, c.category AS category,
               coalesce(f.guardian, '') AS guardian, coalesce(f.guardian_relation, '') AS guardian_relation,
               coalesce(f.guardian_phone, '') AS guardian_phone,
               p.helper AS helper, p.unit AS unit, coalesce(h.name, '') AS helper_name, coalesce(h.sex, '') AS helper_sex,
               coalesce(h.unit, p.unit, '') AS helper_unit, coalesce(h.position, '') AS helper_position,
               coalesce(h.phone, '') AS helper_phone, coalesce(p.since, '') AS since, coalesce(p.override, '') AS override,
               (SELECT count(*) FROM pair q JOIN visit v ON v.pair = q.id WHERE q.child = c.id AND \(isVisit) AND v.date BETWEEN \(start) AND \(end)) AS visits,
               coalesce((SELECT max(v.date) FROM pair q JOIN visit v ON v.pair = q.id WHERE q.child = c.id AND \(isVisit) AND v.date BETWEEN \(start) AND \(end)), '') AS last_visit,
               coalesce(\(openKinds), '') AS open_needs,
               coalesce(\(measures), '') AS measures,
               CASE WHEN c.exit_date <= \(end) THEN c.exit_date ELSE '' END AS exit_date,
               CASE WHEN c.exit_date <= \(end) THEN coalesce(c.exit_reason, '') ELSE '' END AS exit_reason,
               c.risk AS risk, coalesce(c.risk_reason, '') AS risk_reason, coalesce(c.disability_kind, '') AS disability_kind,
               c.disability_grade AS disability_grade, coalesce(f.guardianship_type, '') AS guardianship_type,
               CASE WHEN f.entrusted <= \(end) THEN f.entrusted ELSE '' END AS entrusted
        \(childrenWithPair(pair))
        WHERE \(d.withoutIndex("c.born")) <= \(end) AND (c.status = \(d.text(ChildStatus.active)) OR c.exit_date >= \(start))
        """
        if let village { sql += " AND f.village = \(village)" }
        sql += " ORDER BY vg.position, \(SchemaSQL(d).rank("c.category", .category)), c.n"
        return sql
    }

    /// Every child now active (在册), in the 花名册's order: by village (in the order the villages
    /// were added, as the ledger), then id; the pair is the one in force now, as `child show`'s.
    package static func roster(_ d: any SQLDialect) -> String {
        let pair = "(SELECT q.id FROM pair q WHERE q.child = c.id AND q.ended IS NULL ORDER BY q.since DESC, q.n DESC LIMIT 1)"
        return """
        SELECT c.id AS child, f.village AS village, c.name AS name, c.sex AS sex, c.ethnicity AS ethnicity, c.born AS born,
               c.idno AS idno, c.category AS category, c.hukou AS hukou, coalesce(nullif(f.residence, ''), f.address) AS residence,
               c.disability_kind AS disability_kind, c.disability_grade AS disability_grade, c.disability AS disability,
               c.illness AS illness, c.schooling AS schooling, c.boarding AS boarding,
               f.father_name AS father_name, f.father_workplace AS father_workplace, f.father_phone AS father_phone,
               f.mother_name AS mother_name, f.mother_workplace AS mother_workplace, f.mother_phone AS mother_phone,
               f.guardian AS guardian, f.guardian_relation AS guardian_relation, f.guardian_phone AS guardian_phone,
               f.guardianship_type AS guardianship_type, f.entrusted AS entrusted, f.dibao AS dibao, c.risk AS risk,
               p.unit AS unit, h.name AS helper_name, h.phone AS helper_phone
        \(childrenWithPair(pair))
        WHERE c.status = \(d.text(ChildStatus.active))
        ORDER BY vg.position, c.n
        """
    }

    /// Children active on a day: registered (born) by then and not exited before it ended.
    /// `withoutIndex(c.born)`: nearly every child is born by then, so the rows are read in order
    /// rather than through the index on born (which read the ledger's children at random, twice
    /// as slow).
    static func active(on day: String, _ d: any SQLDialect) -> String {
        "\(d.withoutIndex("c.born")) <= \(day) AND (c.exit_date IS NULL OR c.exit_date > \(day))"
    }

    /// The children of table 1's 在册人数 by category, age on the quarter's last day and their
    /// family's 监护类型, for the report's breakdowns (practice.md); the bands are made of the ages
    /// by `Programme.ageBands`.
    package static func quarterBreakdown(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        let last = d.date(quarter.last)
        let age = d.age(born: "c.born", on: last)
        return """
        SELECT c.category AS category, \(age) AS age, coalesce(f.guardianship_type, '') AS guardianship_type, count(*) AS count
        FROM child c JOIN family f ON f.id = c.family WHERE \(active(on: last, d))
        GROUP BY c.category, \(age), f.guardianship_type
        """
    }

    /// Children active on the quarter's last day (registered by then and not exited before it
    /// ended), by category, with how many have a helper or a unit then. A child counts once, by
    /// the pair the ledger names: the latest of those in force that day (a pair is in force on
    /// the day it ends), so that 在册 = 帮扶人 + 包片 + 未结对 when one pair ends as the next begins.
    package static func quarterPairing(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        let last = d.date(quarter.last)
        let active = active(on: last, d)
        let kind = """
            (SELECT CASE WHEN p.helper IS NOT NULL THEN 1 ELSE 2 END FROM pair p
             WHERE p.child = c.id AND p.since <= \(last) AND (p.ended IS NULL OR p.ended >= \(last)) ORDER BY p.since DESC, p.n DESC LIMIT 1)
            """
        return """
        SELECT category, count(*) AS active,
               \(d.integerSum(d.integer("kind = 1"))) AS paired_helper, \(d.integerSum(d.integer("kind = 2"))) AS paired_unit
        FROM (SELECT c.category AS category, coalesce(\(kind), 0) AS kind FROM child c WHERE \(active)) x GROUP BY category
        """
    }

    /// The quarter's work by category: it counts every child it was done for, exited or not (a
    /// need or alert may be recorded for a child who has left), as table 3 counts the needs.
    package static func quarterWork(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        let first = d.date(quarter.first), last = d.date(quarter.last)
        return """
        SELECT c.category AS category,
               \(d.integerSum("(SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = c.id AND \(RecordSQL.isVisit("v", d)) AND v.date BETWEEN \(first) AND \(last))")) AS visits,
               \(d.integerSum("(SELECT count(*) FROM pair p JOIN visit v ON v.pair = p.id WHERE p.child = c.id AND v.kind = \(d.text(VisitKind.specialCare)) AND v.date BETWEEN \(first) AND \(last))")) AS special_visits,
               \(d.integerSum("(SELECT count(*) FROM need n WHERE n.child = c.id AND n.date BETWEEN \(first) AND \(last))")) AS new_needs,
               \(d.integerSum("(SELECT count(*) FROM need n WHERE n.child = c.id AND n.resolved BETWEEN \(first) AND \(last))")) AS resolved_needs,
               \(d.integerSum("(SELECT count(*) FROM alert a WHERE a.child = c.id AND a.date BETWEEN \(first) AND \(last))")) AS alerts
        FROM child c WHERE \(d.withoutIndex("c.born")) <= \(last) GROUP BY c.category
        """
    }

    /// The trainings of the quarter, with how many attended each.
    package static func quarterTrainings(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        """
        SELECT t.date AS date, t.title AS title, (SELECT count(*) FROM training_attendee a WHERE a.training = t.id) AS attendees FROM training t
        WHERE t.date BETWEEN \(d.date(quarter.first)) AND \(d.date(quarter.last)) ORDER BY t.date, t.n
        """
    }

    /// The helpers with a pair at the quarter's end (in force on the day it ends, as table 1
    /// counts it), and how many of them trained in its year.
    package static func quarterHelpersTrained(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        let last = d.date(quarter.last), yearStart = d.date(Day(year: quarter.year, month: 1, day: 1)!)
        let toTrain = "SELECT DISTINCT p.helper FROM pair p WHERE p.helper IS NOT NULL AND p.since <= \(last) AND (p.ended IS NULL OR p.ended >= \(last))"
        return """
        SELECT (SELECT count(*) FROM (\(toTrain)) x) AS to_train,
               (SELECT count(*) FROM (\(toTrain)) x WHERE EXISTS (SELECT 1 FROM training_attendee a JOIN training t ON t.id = a.training
                    WHERE a.helper = x.helper AND t.date BETWEEN \(yearStart) AND \(last))) AS trained
        """
    }

    /// The needs found in the quarter, by kind and their status on its last day: a need solved
    /// after it was still open then, or referred where it was referred (a referral keeps no
    /// day, so one made after the quarter counts as made in it).
    package static func quarterNeeds(_ quarter: Quarter, _ d: any SQLDialect) -> String {
        let last = d.date(quarter.last)
        let status = """
            CASE WHEN resolved <= \(last) THEN \(d.text(NeedStatus.resolved)) WHEN resolved IS NULL THEN status \
            WHEN referred_to IS NOT NULL THEN \(d.text(NeedStatus.referred)) ELSE \(d.text(NeedStatus.open)) END
            """
        return "SELECT kind, \(status) AS status, count(*) AS count FROM need WHERE date BETWEEN \(d.date(quarter.first)) AND \(last) GROUP BY kind, \(status)"
    }
}

extension LedgerRow {
    /// A row of `ExportSQL.ledger`, its columns read by name through the store's accessors
    /// (`text` gives "" for NULL), the same for every store.
    package init(ledgerColumns text: (String) -> String, integer: (String) -> Int?) {
        let unit = text("unit")
        var measures: [String] = []
        for item in text("measures").components(separatedBy: SQLValue.listSeparator) where !item.isEmpty && !measures.contains(item) {
            measures.append(item)
        }
        self.init(
            childID: text("child"), village: text("village"), name: text("name"), sex: text("sex"), born: text("born"),
            idno: text("idno"), category: text("category"),
            guardian: text("guardian"), guardianRelation: text("guardian_relation"), guardianPhone: text("guardian_phone"),
            helper: unit.isEmpty ? text("helper_name") : "（包片）\(unit)", helperSex: text("helper_sex"), helperUnit: text("helper_unit"),
            helperPosition: text("helper_position"), helperPhone: text("helper_phone"), since: text("since"),
            visits: integer("visits") ?? 0, lastVisit: text("last_visit"), openNeeds: text("open_needs"),
            measures: measures.joined(separator: SQLValue.listSeparator), override: text("override"),
            exitDate: text("exit_date"), exitReason: text("exit_reason"))
        risk = text("risk")
        riskReason = text("risk_reason")
        disabilityKind = text("disability_kind")
        disabilityGrade = integer("disability_grade")
        guardianshipType = text("guardianship_type")
        entrusted = text("entrusted")
    }
}

extension RosterRow {
    /// A row of `ExportSQL.roster`, its columns read by name through the store's accessors
    /// (`text` gives "" for NULL), the same for every store.
    package init(rosterColumns text: (String) -> String, integer: (String) -> Int?) {
        self.init()
        childID = text("child"); village = text("village"); name = text("name"); sex = text("sex")
        ethnicity = text("ethnicity"); born = text("born"); idno = text("idno"); category = text("category")
        hukou = text("hukou"); residence = text("residence")
        disabilityKind = text("disability_kind"); disabilityGrade = integer("disability_grade")
        disability = text("disability"); illness = text("illness"); schooling = text("schooling"); boarding = text("boarding")
        fatherName = text("father_name"); fatherWorkplace = text("father_workplace"); fatherPhone = text("father_phone")
        motherName = text("mother_name"); motherWorkplace = text("mother_workplace"); motherPhone = text("mother_phone")
        guardian = text("guardian"); guardianRelation = text("guardian_relation"); guardianPhone = text("guardian_phone")
        guardianshipType = text("guardianship_type"); entrusted = text("entrusted"); dibao = text("dibao"); risk = text("risk")
        let unit = text("unit")
        helper = unit.isEmpty ? text("helper_name") : "（包片）\(unit)"
        helperPhone = text("helper_phone")
    }
}

extension QuarterStatistics {
    /// Counts a row of `ExportSQL.quarterBreakdown`, read by column name, the same for every store.
    package mutating func countActive(breakdownColumns text: (String) -> String, integer: (String) -> Int?) {
        countActive(category: text("category"), age: integer("age") ?? 0, guardianship: text("guardianship_type"), count: integer("count") ?? 0)
    }
}

/// A row read by column name, as each store hands its rows to the mappings every store shares.
package struct NamedRow {
    package let text: (String) -> String?
    package let integer: (String) -> Int?

    package init(text: @escaping (String) -> String?, integer: @escaping (String) -> Int?) {
        self.text = text
        self.integer = integer
    }
}

extension QuarterStatistics {
    /// The quarterly report's figures from its queries (`ExportSQL.quarter…`), each run by
    /// `fetch` in one snapshot of the town, the same for every store.
    package static func read(_ quarter: Quarter, _ d: any SQLDialect, fetch: (String) throws -> [NamedRow]) throws -> QuarterStatistics {
        var stats = QuarterStatistics()
        func read(_ sql: String, _ counts: [(column: String, count: WritableKeyPath<CategoryRow, Int>)]) throws {
            for row in try fetch(sql) {
                guard let i = stats.categories.firstIndex(where: { $0.category == row.text("category") }) else { continue }
                for (column, count) in counts { stats.categories[i][keyPath: count] = row.integer(column) ?? 0 }
            }
        }
        try read(ExportSQL.quarterPairing(quarter, d), CategoryRow.pairingCounts)
        for row in try fetch(ExportSQL.quarterBreakdown(quarter, d)) {
            stats.countActive(breakdownColumns: { row.text($0) ?? "" }, integer: row.integer)
        }
        try read(ExportSQL.quarterWork(quarter, d), CategoryRow.workCounts)
        stats.trainings = try fetch(ExportSQL.quarterTrainings(quarter, d)).map {
            QuarterStatistics.TrainingRow(date: $0.text("date") ?? "", title: $0.text("title") ?? "", attendees: $0.integer("attendees") ?? 0)
        }
        let helpers = try fetch(ExportSQL.quarterHelpersTrained(quarter, d)).first
        stats.helpersToTrain = helpers?.integer("to_train") ?? 0
        stats.helpersTrained = helpers?.integer("trained") ?? 0
        for row in try fetch(ExportSQL.quarterNeeds(quarter, d)) {
            guard let kind = row.text("kind"), let status = row.text("status") else { continue }
            stats.needs[kind, default: [:]][status] = row.integer("count") ?? 0
        }
        return stats
    }
}
