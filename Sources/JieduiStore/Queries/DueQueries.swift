import JieduiCore

/// A `due` source's question in SQL, for any dialect, whose columns are named as the source's
/// `Row`'s properties. Every source in `Due.sources` has one (a test says so); the store finds it
/// through this conformance.
protocol DueQuery: DueSource {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String
}

extension RuleSQL {
    /// The leap day as a birthday's month and day.
    static let leapDay = "02-29"

    /// Whether `born`'s month and day fall in the window (loosely: 29 February always passes;
    /// the source works out the dates exactly).
    static func birthdayIn(_ window: DueWindow, _ born: String, _ d: any SQLDialect) -> String {
        if window.end.dayNumber - window.today.dayNumber >= 365 { return d.alwaysTrue }
        let from = d.text(String(window.today.iso.dropFirst(5))), to = d.text(String(window.end.iso.dropFirst(5)))
        let monthDay = d.monthDay(born)
        let range = window.today.year == window.end.year ? "(\(monthDay) BETWEEN \(from) AND \(to))" : "(\(monthDay) >= \(from) OR \(monthDay) <= \(to))"
        return "(\(range) OR \(monthDay) = \(d.text(leapDay)))"
    }

    /// The active children whose birthday may fall in the window, as `ChildRows.Born`; only
    /// those with an active pair where `paired`.
    static func birthdays(_ window: DueWindow, paired: Bool, _ d: any SQLDialect) -> String {
        let pair = paired ? "\n  AND EXISTS (SELECT 1 FROM pair p WHERE p.child = c.id AND p.ended IS NULL)" : ""
        return """
        SELECT c.id AS child, c.name AS name, c.born AS born, c.category AS category FROM child c
        WHERE \(active("c", d)) AND \(birthdayIn(window, "c.born", d))\(pair)
        """
    }

    /// The active pairs (`Due.ActivePair`): their child, since when, their last visit (a call to
    /// the parents is none), the unit of a unit pair, and the child's risk and latest alert up to
    /// today. What festivals, first visits and visits ask, in one text so that the store runs it once.
    static func activePairs(_ d: any SQLDialect, window: DueWindow) -> String {
        let today = d.date(window.today)
        return """
        SELECT p.id AS pair, c.name AS name, p.since AS since, p.unit AS unit, c.risk AS risk,
               (SELECT max(v.date) FROM visit v WHERE v.pair = p.id AND \(RecordSQL.isVisit("v", d))) AS last,
               (SELECT max(a.date) FROM alert a WHERE a.child = c.id AND a.date <= \(today)) AS alerted
        FROM pair p JOIN child c ON c.id = p.child WHERE p.ended IS NULL
        """
    }
}

extension Due.Birthdays: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String {
        RuleSQL.birthdays(window, paired: true, d)
    }
}

extension Due.Festivals: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String { RuleSQL.activePairs(d, window: window) }
}

extension Due.FirstVisits: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String { RuleSQL.activePairs(d, window: window) }
}

extension Due.Visits: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String { RuleSQL.activePairs(d, window: window) }
}

extension Due.QuarterReports: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String {
        "SELECT quarter FROM quarter_report"
    }
}

extension Due.AnnualReviews: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String {
        guard let before = reviewedBefore(window) else { preconditionFailure("asked with no deadline in the window") }
        return """
        SELECT c.id AS child, c.name AS name, c.reviewed AS reviewed FROM child c
        WHERE \(RuleSQL.active("c", d)) AND (c.reviewed IS NULL OR c.reviewed < \(d.date(before)))
        """
    }
}

extension Due.AgeLimits: DueQuery {
    static func sql(_ d: any SQLDialect, window: DueWindow) -> String { RuleSQL.birthdays(window, paired: false, d) }
}
