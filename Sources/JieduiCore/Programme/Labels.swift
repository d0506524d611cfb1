/// The labels of closed sets that the rules name, each read from its enumeration by the value's
/// English name, so that the Chinese label is written once (Enumeration.swift) and a rule, a
/// query or a schema says `ChildStatus.active`, not `在册`.
public enum ChildStatus {
    public static let active = Enumeration.childStatus.label(named: "active")
    public static let exited = Enumeration.childStatus.label(named: "exited")
}

extension Sex {
    private static let maleLabel = Enumeration.sex.label(named: "male")
    private static let femaleLabel = Enumeration.sex.label(named: "female")

    /// The stored label: 男 or 女.
    public var label: String { self == .male ? Self.maleLabel : Self.femaleLabel }
}

public enum ChildCategory {
    /// 方案 三(一): 农村留守儿童, the category that ends at `Programme.leftBehindAgeLimit`.
    public static let leftBehind = Enumeration.category.label(named: "left-behind")

    /// The categories whose children are paired with a helper, never a unit (1–3).
    public static let helperOnly = Enumeration.category.values
        .filter { Programme.helperOnlyCategories.contains($0.number ?? 0) }.map(\.label)
    /// The categories that a unit may pair with too (4–6).
    public static let unitAllowed = Enumeration.category.values
        .filter { !Programme.helperOnlyCategories.contains($0.number ?? 0) }.map(\.label)

    /// 方案 三(一): the age at which a child of the category leaves the programme.
    public static func ageLimit(_ label: String) -> Int {
        label == leftBehind ? Programme.leftBehindAgeLimit : Programme.ageLimit
    }

    /// The number 1–6 of a category label.
    public static func number(_ label: String) -> Int? {
        Enumeration.category.values.first { $0.label == label }?.number
    }

    /// Whether a category's children are paired with a helper only (1–3).
    public static func isHelperOnly(_ label: String) -> Bool {
        number(label).map(Programme.helperOnlyCategories.contains) ?? false
    }
}

public enum VisitKind {
    /// 特殊关爱: the visits at festivals and birthdays.
    public static let specialCare = Enumeration.visitKind.label(named: "special")
    /// 联系父母: a call or video with a migrant parent. It is recorded as a visit but is none:
    /// it counts toward no visit figure (six a year, gaps, first visits, the ledger's).
    public static let parentContact = Enumeration.visitKind.label(named: "parent-contact")
}

/// 四色管理 (practice.md): the risk levels, red the most urgent.
public enum RiskLevel {
    public static let red = Enumeration.risk.label(named: "red")
    public static let yellow = Enumeration.risk.label(named: "yellow")
    public static let blue = Enumeration.risk.label(named: "blue")
    /// The default: visited at the work plan's pace only.
    public static let green = Enumeration.risk.label(named: "green")
    /// The levels that have a longest gap between visits (all but green).
    public static let watched = [red, yellow, blue]
}

public enum NeedStatus {
    public static let open = Enumeration.needStatus.label(named: "open")
    public static let referred = Enumeration.needStatus.label(named: "referred")
    public static let resolved = Enumeration.needStatus.label(named: "resolved")
}

public enum ParentStatus {
    public static let awayWorking = Enumeration.parentStatus.label(named: "away-working")
}

public enum AlertSituation {
    /// 监护履责不到位: reported to the village for 劝诫, not to a department.
    public static let guardianshipLacking = Enumeration.situation.label(named: "guardianship-lacking")
}

public enum ReportDepartment {
    public static let village = Enumeration.reportDepartment.label(named: "village")
    /// The departments every other situation goes to at least one of (方案 四(三)四).
    public static let departments = ["police", "civil-affairs", "education", "womens-federation"]
        .map { Enumeration.reportDepartment.label(named: $0) }
}

public enum YesNo {
    public static let yes = Enumeration.yesNo.label(named: "yes")
    public static let no = Enumeration.yesNo.label(named: "no")
}

/// 监护类型 of the survey form.
public enum GuardianshipType {
    /// The types that are no concern: 一般 and 较好.
    public static let adequate = ["fair", "good"].map { Enumeration.guardianshipType.label(named: $0) }
}
