/// The numbers of practice.md that a town may change with `set`, kept as settings in its
/// database: the longest gap between visits by risk level (四色管理), the working days to a new
/// pair's first visit, and the days between contacts with a left-behind child's migrant parents.
/// `check` and `due` read them; where a town has set none, `Programme`'s defaults hold.
public struct VisitingRules: Sendable, Hashable {
    /// Longest gaps between visits, in days, for 红, 黄 and 蓝.
    public var redGap: Int
    public var yellowGap: Int
    public var blueGap: Int
    /// Working days from a pair's `since` to its first visit.
    public var firstVisitDays: Int
    /// Days within which a left-behind child's migrant parents are contacted.
    public var parentContactDays: Int

    public init(redGap: Int = Programme.redVisitGapDays, yellowGap: Int = Programme.yellowVisitGapDays,
                blueGap: Int = Programme.blueVisitGapDays, firstVisitDays: Int = Programme.firstVisitWorkingDays,
                parentContactDays: Int = Programme.parentContactDays) {
        self.redGap = redGap
        self.yellowGap = yellowGap
        self.blueGap = blueGap
        self.firstVisitDays = firstVisitDays
        self.parentContactDays = parentContactDays
    }

    /// The work plan's numbers, for a town that has set none.
    public static let standard = VisitingRules()

    /// The settings' names, in the order `set` lists them.
    public static let settingNames = ["gap_red", "gap_yellow", "gap_blue", "first_visit_days", "parent_contact_days"]

    /// The values a setting may take: a gap or a contact period of up to a year, a first visit
    /// within up to a month of working days.
    public static func range(of name: String) -> ClosedRange<Int> {
        name == "first_visit_days" ? 1...22 : 1...365
    }

    /// The rules a town's stored settings make. A setting the town has not set keeps its
    /// default; `set` refuses a value out of range, so one found here is ignored the same way.
    public init(settings: [String: String]) {
        self.init()
        for name in Self.settingNames {
            guard let text = settings[name], let value = Int(text), Self.range(of: name).contains(value) else { continue }
            self[name] = value
        }
    }

    /// A setting's value by its name; naming a setting that does not exist is a bug.
    public subscript(name: String) -> Int {
        get {
            switch name {
            case "gap_red": redGap
            case "gap_yellow": yellowGap
            case "gap_blue": blueGap
            case "first_visit_days": firstVisitDays
            case "parent_contact_days": parentContactDays
            default: preconditionFailure("no visiting setting \(name)")
            }
        }
        set {
            switch name {
            case "gap_red": redGap = newValue
            case "gap_yellow": yellowGap = newValue
            case "gap_blue": blueGap = newValue
            case "first_visit_days": firstVisitDays = newValue
            case "parent_contact_days": parentContactDays = newValue
            default: preconditionFailure("no visiting setting \(name)")
            }
        }
    }

    /// The longest gap between visits for a risk level; nil for 绿, which has only the work
    /// plan's six visits a year.
    public func gap(for risk: String) -> Int? {
        switch risk {
        case RiskLevel.red: redGap
        case RiskLevel.yellow: yellowGap
        case RiskLevel.blue: blueGap
        default: nil
        }
    }

    /// The last day on which a pair that began on `since` may be visited for the first time.
    public func firstVisitDeadline(since: Day) -> Day {
        since.addingWorkingDays(firstVisitDays)
    }

    /// The risk a child is visited by on `day`: 红 when a mandatory report was found in the
    /// `Programme.alertRedDays` days up to it, whatever `risk` says; else `risk`.
    public static func riskNow(risk: String, lastAlert: Day?, on day: Day) -> String {
        if let lastAlert, lastAlert <= day, day.dayNumber - lastAlert.dayNumber <= Programme.alertRedDays { return RiskLevel.red }
        return risk
    }

    /// The first day of the alerts that make a child red on `day`.
    public static func redAlertsFrom(_ day: Day) -> Day {
        day.adding(days: -Programme.alertRedDays)
    }
}
