import JieduiCore

/// A `check` rule's question in SQL, for any dialect: one aggregate query on indexed columns
/// whose columns are named as the rule's `Row`'s properties. Every rule in `Check.rules` has one
/// (a test says so); the store finds it through this conformance.
protocol CheckQuery: CheckRule {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String
}

/// Pieces the rules' queries share.
enum RuleSQL {
    /// The latest birth date of someone `years` old or more on `today`, as ISO text: an age test
    /// the index on `born` can answer. (Text, not a `Day`: on 29 February it names a day that
    /// the year `years` back may not have, and compares as it should.)
    static func bornBy(_ years: Int, _ today: Day, _ d: any SQLDialect) -> String {
        let year = String(today.year - years)
        return d.text(String(repeating: "0", count: max(0, 4 - year.count)) + year + today.iso.dropFirst(4))
    }

    /// A helper pair active at the end of the period (for today's year: active now).
    static func activeHelperPair(_ p: String, _ period: CheckPeriod, _ d: any SQLDialect) -> String {
        "\(p).helper IS NOT NULL AND \(inForce(p, at: period, d))"
    }

    /// The children active at the period's end, of the categories, with no pair `p` in force
    /// then (that meets `condition`, where one is given), as `ChildRows.Categorised`.
    static func unpaired(_ categories: [String], pair condition: String?, _ period: CheckPeriod, _ d: any SQLDialect) -> String {
        """
        SELECT c.id AS child, c.name AS name, c.category AS category FROM child c
        WHERE \(active("c", at: period, d)) AND c.category IN \(d.list(categories))
          AND NOT EXISTS (SELECT 1 FROM pair p WHERE p.child = c.id AND \(inForce("p", at: period, d))\(condition.map { " AND " + $0 } ?? ""))
        """
    }

    /// Whether a child on row `c` is active.
    static func active(_ c: String, _ d: any SQLDialect) -> String { "\(c).status = \(d.text(ChildStatus.active))" }

    /// Whether a child on row `c` was active at the period's end: for today's year, active now;
    /// for a past year, also one who left after it.
    static func active(_ c: String, at period: CheckPeriod, _ d: any SQLDialect) -> String {
        "(\(active(c, d)) OR \(c).exit_date > \(d.date(period.end)))"
    }

    /// Whether a pair (helper or unit) on row `p` was in force at the period's end.
    static func inForce(_ p: String, at period: CheckPeriod, _ d: any SQLDialect) -> String {
        let end = d.date(period.end)
        return "\(p).since <= \(end) AND (\(p).ended IS NULL OR \(p).ended > \(end))"
    }
}

extension Check.Uncovered: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        RuleSQL.unpaired(ChildCategory.helperOnly, pair: "p.helper IS NOT NULL", period, d)
    }
}

extension Check.UncoveredOther: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        RuleSQL.unpaired(ChildCategory.unitAllowed, pair: nil, period, d)
    }
}

extension Check.GirlMaleHelper: CheckQuery {
    /// `GirlsWithWomen`, on the child `c` and helper `h` of a pair in force at the period's end;
    /// the child's age then, and on the day the pair was entered, when `pair add` asked for an
    /// override (the audit log's first day for the pair; its `since` may be earlier, and is
    /// the day taken where the log has no day).
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        let age = d.age(born: "c.born", on: d.date(period.end))
        let entered = """
            (SELECT min(a.day) FROM audit a WHERE a.noun = \(d.text(Noun.pair.rawValue)) AND \(AuditChain.names("a", "p.id", d)))
            """
        return """
        SELECT pair, name, age, \(d.age(born: "born", on: "paired_on")) AS age_at_pairing, helper, override FROM (
            SELECT p.id AS pair, c.name AS name, c.born AS born, \(age) AS age,
                   CASE WHEN p.override IS NULL THEN p.since ELSE coalesce(\(entered), p.since) END AS paired_on,
                   h.name AS helper, p.override AS override FROM pair p
            JOIN child c ON c.id = p.child JOIN helper h ON h.id = p.helper
            WHERE \(RuleSQL.inForce("p", at: period, d)) AND \(RuleSQL.active("c", at: period, d)) AND c.sex = \(d.text(GirlsWithWomen.childSex))
              AND h.sex <> \(d.text(GirlsWithWomen.helperSex)) AND \(age) >= \(GirlsWithWomen.age)
        ) girls
        """
    }
}

extension Check.FamilySplit: CheckQuery {
    /// The helpers as `id:name`, so that two helpers of one name stay two.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT c.family AS family, \(d.joinedDistinct("h.id || ':' || h.name")) AS helpers FROM child c
        JOIN pair p ON p.child = c.id AND \(RuleSQL.inForce("p", at: period, d)) AND p.helper IS NOT NULL
        JOIN helper h ON h.id = p.helper
        WHERE \(RuleSQL.active("c", at: period, d)) AND c.family IN (
            -- First the families whose children have two helpers, without the names.
            SELECT e.family FROM child e JOIN pair q ON q.child = e.id AND \(RuleSQL.inForce("q", at: period, d)) AND q.helper IS NOT NULL
            WHERE \(RuleSQL.active("e", at: period, d)) GROUP BY e.family HAVING min(q.helper) <> max(q.helper))
        GROUP BY c.family HAVING count(DISTINCT p.helper) > 1
        """
    }
}

extension Check.OverCapacity: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT h.id AS helper, h.name AS name, h.capacity AS capacity, count(DISTINCT c.family) AS families FROM helper h
        JOIN pair p ON p.helper = h.id AND \(RuleSQL.inForce("p", at: period, d)) JOIN child c ON c.id = p.child
        WHERE h.id IN (
            -- Only a helper with more pairs than families allowed can have too many families.
            SELECT q.helper FROM pair q WHERE \(RuleSQL.inForce("q", at: period, d)) AND q.helper IS NOT NULL
            GROUP BY q.helper HAVING count(*) > (SELECT capacity FROM helper WHERE id = q.helper))
        GROUP BY h.id, h.name, h.capacity HAVING count(DISTINCT c.family) > h.capacity
        """
    }
}

extension Check.FewVisits: CheckQuery {
    /// Only pairs under the most any pair needs come back; the rule prorates the rest.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        let visits = "(SELECT count(*) FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d)) AND v.date BETWEEN \(d.date(period.start)) AND \(d.date(period.end)))"
        return """
        SELECT p.id AS pair, p.since AS since, \(visits) AS visits
        FROM pair p WHERE \(RuleSQL.activeHelperPair("p", period, d)) AND \(visits) < \(Programme.visitsPerYear)
        """
    }
}

extension Check.NoSpecialCare: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT p.id AS pair, p.since AS since, c.name AS name FROM pair p JOIN child c ON c.id = p.child
        WHERE \(RuleSQL.activeHelperPair("p", period, d))
          AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.pair = p.id AND v.kind = \(d.text(VisitKind.specialCare))
                          AND v.date BETWEEN \(d.date(period.start)) AND \(d.date(period.end)))
        """
    }
}

extension Check.NoTraining: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT h.id AS helper, h.name AS name FROM helper h
        WHERE EXISTS (SELECT 1 FROM pair p WHERE p.helper = h.id AND \(RuleSQL.activeHelperPair("p", period, d)))
          AND NOT EXISTS (SELECT 1 FROM training_attendee a JOIN training t ON t.id = a.training
                          WHERE a.helper = h.id AND t.date BETWEEN \(d.date(period.start)) AND \(d.date(period.end)))
        """
    }
}

extension Check.OverAge: CheckQuery {
    /// Born by the youngest age limit, and by the limit of the child's own category: the first
    /// test is one range of the index on `born`.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        // Ages on the period's end: today for today's year, 31 December for a past one.
        let today = period.end
        let limits = Dictionary(grouping: Enumeration.category.labels, by: ChildCategory.ageLimit)
        let oldest = limits.keys.max() ?? Programme.ageLimit
        var overLimit = ["c.born <= \(RuleSQL.bornBy(oldest, today, d))"]
        for (limit, categories) in limits.sorted(by: { $0.key > $1.key }) where limit < oldest {
            overLimit.append("(c.born <= \(RuleSQL.bornBy(limit, today, d)) AND c.category IN \(d.list(categories)))")
        }
        return """
        SELECT c.id AS child, c.name AS name, c.category AS category, \(d.age(born: "c.born", on: d.date(today))) AS age FROM child c
        WHERE c.born <= \(RuleSQL.bornBy(limits.keys.min() ?? oldest, today, d)) AND \(RuleSQL.active("c", at: period, d))
          AND (\(overLimit.joined(separator: " OR ")))
        """
    }
}

extension Check.NotReviewed: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT c.id AS child, c.name AS name, c.reviewed AS reviewed FROM child c
        WHERE \(RuleSQL.active("c", at: period, d)) AND (c.reviewed IS NULL OR c.reviewed < \(d.date(period.start)))
        """
    }
}

extension Check.NeedOpen: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT n.id AS need, n.date AS found, n.kind AS kind, (SELECT c.name FROM child c WHERE c.id = n.child) AS name FROM need n
        WHERE n.date < \(d.date(foundBefore(today: period.end)))
          AND (n.status = \(d.text(NeedStatus.open)) OR (n.status = \(d.text(NeedStatus.resolved)) AND n.resolved > \(d.date(period.end))))
        """
    }
}

extension Check.AlertLate: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT a.id AS alert, a.date AS found, a.reported AS reported, a.override AS override FROM alert a
        WHERE a.date <= \(d.date(period.end))
          AND ((a.date >= \(d.date(period.start)) AND a.reported IS NOT NULL AND a.reported > \(d.adding(days: Programme.alertReportDays, to: "a.date")))
            OR (a.reported IS NULL AND a.date < \(d.date(foundBefore(today: period.today)))))
        """
    }
}

extension Check.QuarterReport: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        "SELECT quarter, filed FROM quarter_report WHERE quarter LIKE \(d.text(prefix(year: period.year) + "%"))"
    }
}

/// The SQL of each rule's and source's question, for every store.
package enum RuleQueries {
    /// The query of a `check` rule; a rule without one is a bug the registry's test finds.
    package static func sql(_ rule: any CheckRule.Type, _ d: any SQLDialect, period: CheckPeriod) -> String {
        guard let query = rule as? any CheckQuery.Type else { preconditionFailure("check rule \(rule.code) has no query") }
        return query.sql(d, period: period)
    }

    /// The answers of `due` sources, each query run once by `run` however many sources ask it
    /// (festivals and visits ask the same).
    package static func dueResults(_ sources: [any DueSource.Type], _ d: any SQLDialect, window: DueWindow,
                                   run: (String) throws -> SQLResult) rethrows -> [SQLResult] {
        var answered: [String: SQLResult] = [:]
        return try sources.map { source in
            let sql = Self.sql(source, d, window: window)
            if let known = answered[sql] { return known }
            let result = try run(sql)
            answered[sql] = result
            return result
        }
    }

    /// The query of a `due` source; a source without one is a bug the registry's test finds.
    package static func sql(_ source: any DueSource.Type, _ d: any SQLDialect, window: DueWindow) -> String {
        guard let query = source as? any DueQuery.Type else { preconditionFailure("due source \(source) has no query") }
        return query.sql(d, window: window)
    }
}


extension Check.VisitGap: CheckQuery {
    /// The children whose risk or a recent alert may make them other than 绿 on the period's
    /// last day, each by an index (`child_risk`, `alert_date`); the rule works out `risk_now`.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        let end = d.date(period.end)
        return """
        SELECT p.id AS pair, c.name AS name, c.risk AS risk, p.since AS since,
               (SELECT max(a.date) FROM alert a WHERE a.child = c.id AND a.date <= \(end)) AS alerted,
               (SELECT max(v.date) FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d)) AND v.date <= \(end)) AS last
        FROM child c JOIN pair p ON p.child = c.id AND \(RuleSQL.inForce("p", at: period, d))
        WHERE c.risk IN \(d.list(RiskLevel.watched))
           OR c.id IN (SELECT a.child FROM alert a WHERE a.date BETWEEN \(d.date(VisitingRules.redAlertsFrom(period.end))) AND \(end))
        """
    }
}

extension Check.FirstVisit: CheckQuery {
    /// Leaves out the pairs visited within as many calendar days as the town allows working
    /// days (those are in time whatever the calendar), so that only the few in doubt come back;
    /// the rule counts the working days of the rest. A pair begun before the period that is
    /// still in force in it and has had no visit at all is in doubt too.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        let start = d.date(period.start)
        return """
        SELECT p.id AS pair, c.name AS name, p.since AS since, p.ended AS ended,
               (SELECT min(v.date) FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d))) AS first
        FROM pair p JOIN child c ON c.id = p.child
        WHERE p.since <= \(d.date(period.end))
          AND (p.since >= \(start)
               OR ((p.ended IS NULL OR p.ended >= \(start)) AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d)))))
          AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d))
                          AND v.date <= \(d.adding(days: period.visiting.firstVisitDays, to: "p.since")))
        """
    }
}

extension Check.NoEntrustment: CheckQuery {
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        """
        SELECT c.id AS child, c.name AS name, c.family AS family FROM child c JOIN family f ON f.id = c.family
        WHERE c.category = \(d.text(ChildCategory.leftBehind)) AND \(RuleSQL.active("c", at: period, d))
          AND (f.entrusted IS NULL OR f.entrusted > \(d.date(period.end)))
        """
    }
}

extension Check.NoParentContact: CheckQuery {
    /// Only the children the rule flags come back: paired before the last day that would still
    /// be in time, and with no call to the parents from that day to the period's end.
    static func sql(_ d: any SQLDialect, period: CheckPeriod) -> String {
        let end = d.date(period.end)
        let inTime = d.date(period.end.adding(days: -period.visiting.parentContactDays))
        let contact = "FROM pair q JOIN visit v ON v.pair = q.id WHERE q.child = c.id AND v.kind = \(d.text(VisitKind.parentContact))"
        return """
        SELECT c.id AS child, c.name AS name, p.since AS since,
               (SELECT max(v.date) \(contact) AND v.date <= \(end)) AS contacted
        FROM child c JOIN pair p ON p.child = c.id AND \(RuleSQL.inForce("p", at: period, d))
        WHERE c.category = \(d.text(ChildCategory.leftBehind)) AND p.since < \(inTime)
          AND NOT EXISTS (SELECT 1 \(contact) AND v.date BETWEEN \(inTime) AND \(end))
        """
    }
}
