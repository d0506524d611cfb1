/// The numbers of the work plan (方案) that the rules, the store's queries and the messages use,
/// each named once. SQL reads them through parameters or generated fragments, never as literals.
public enum Programme {
    /// 方案 三(一): children of categories 1–5 leave the programme at this age.
    public static let ageLimit = 18
    /// 方案 三(一): left-behind children (category 6) leave it at this age.
    public static let leftBehindAgeLimit = 16
    /// 方案 三(三): categories whose children are paired with a helper, never a unit (1–3).
    public static let helperOnlyCategories = 1...3
    /// 方案 四(三)二: visits a helper pair makes in a year.
    public static let visitsPerYear = 6
    /// `due`: a visit falls due this many months after the last one (six a year).
    public static let visitGapMonths = 2
    /// `check` no-special-care: only pairs active this many months of the year or more.
    public static let specialCareMonths = 6
    /// 方案 四(二): trainings a helper attends in a year.
    public static let trainingsPerYear = 1
    /// `check` need-open: a need open for more than this many days.
    public static let needOpenDays = 30
    /// 方案 四(三)四: a mandatory report made within this many days of the finding is in time.
    public static let alertReportDays = 1
    /// 保障措施(三): a quarter's report is due by this day of the quarter's last month.
    public static let quarterReportDay = 10
    /// `due`: the days looked ahead when none are given.
    public static let dueDays = 30

    // practice.md: 四色管理, first visits and the migrant parents. The town may change the
    // numbers marked as settings (`VisitingRules`); these are their defaults.
    /// Setting `gap_red`: the longest gap between visits to a red (红) child, in days.
    public static let redVisitGapDays = 30
    /// Setting `gap_yellow`: the same for a yellow (黄) child.
    public static let yellowVisitGapDays = 45
    /// Setting `gap_blue`: the same for a blue (蓝) child.
    public static let blueVisitGapDays = 60
    /// Setting `first_visit_days`: a new pair is first visited within this many working days
    /// (Monday to Friday; no holiday calendar) after it began.
    public static let firstVisitWorkingDays = 5
    /// Setting `parent_contact_days`: a left-behind child's helper contacts the migrant parents
    /// at least once in this many days.
    public static let parentContactDays = 90
    /// A mandatory report found this many days ago or less makes the child red (`risk_now`).
    public static let alertRedDays = 90
    /// practice.md, the quarterly report's breakdowns: the age bands of the national statistics
    /// table, in whole years on the quarter's last day (0–5, 6–13, 14–17).
    public static let ageBands = [0...5, 6...13, 14...(ageLimit - 1)]

    /// 方案 四(一): the numbers are updated by the end of March each year.
    public static func reviewDeadline(_ year: Int) -> Day {
        Day(year: year, month: 3, day: 31)!
    }

    /// 保障措施(三): the day a quarter's report is due (10 March, 10 June, 10 September, 10 December).
    public static func quarterReportDeadline(year: Int, quarter: Int) -> Day {
        Day(year: year, month: quarter * 3, day: quarterReportDay)!
    }
}

/// records.md, Settings: what a town is called before `set town` names it, and the unit that
/// files its reports unless `set filing_unit` says otherwise.
public enum TownSettings {
    public static let unnamed = "未命名镇"

    public static func name(_ stored: String?) -> String { stored ?? unnamed }

    public static func filingUnit(_ stored: String?, town: String) -> String { stored ?? "\(town)人民政府" }
}
