import Testing
@testable import JieduiCore

/// practice.md in Core: the 民族 of GB 3304, working days, the town's visiting numbers and the
/// rules of the new fields, on plain values.
@Suite struct PracticeRulesTests {
    /// GB 3304-1991 《中国各民族名称的罗马字母拼写法和代码》, codes 01–56, written out here from
    /// the standard rather than taken from the enumeration.
    static let nationalities = """
        汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族
        佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族
        阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族
        珞巴族 基诺族
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    @Test func the56NationalitiesAndOtherAreTheClosedSet() {
        #expect(Self.nationalities.count == 56)
        #expect(Enumeration.ethnicity.labels == Self.nationalities + ["其他"])
    }

    @Test(arguments: nationalities)
    func aNationalityIsReadWithOrWithoutZu(_ name: String) {
        #expect(Enumeration.ethnicity.resolve(name) == name)
        #expect(Enumeration.ethnicity.resolve(String(name.dropLast())) == name, "\(name) without 族")
    }

    @Test func onlyNationalitiesAreRead() {
        for text in ["火星族", "火星", "族", "汉人", "", "少数民族"] {
            #expect(Enumeration.ethnicity.resolve(text) == nil, "\(text)")
        }
        #expect(Enumeration.ethnicity.resolve("其他") == "其他")
    }

    /// Day numbers of a known week (2024-07-01 was a Monday).
    @Test func weekdaysAndWorkingDays() {
        let monday = Day(year: 2024, month: 7, day: 1)!
        #expect((0..<7).map { monday.adding(days: $0).weekday } == [1, 2, 3, 4, 5, 6, 7])
        #expect(Day(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(Day(year: 1969, month: 12, day: 28)!.weekday == 7)
        // Five working days after a Monday, a Friday, a Saturday and a Sunday.
        #expect(monday.addingWorkingDays(5) == Day(year: 2024, month: 7, day: 8)!)
        #expect(Day(year: 2024, month: 7, day: 5)!.addingWorkingDays(5) == Day(year: 2024, month: 7, day: 12)!)
        #expect(Day(year: 2024, month: 7, day: 6)!.addingWorkingDays(5) == Day(year: 2024, month: 7, day: 12)!)
        #expect(Day(year: 2024, month: 7, day: 7)!.addingWorkingDays(5) == Day(year: 2024, month: 7, day: 12)!)
        #expect(monday.addingWorkingDays(0) == monday)
    }

    @Test func theTownsSettingsReplaceTheDefaultsInRange() {
        let standard = VisitingRules.standard
        #expect(standard.gap(for: RiskLevel.red) == Programme.redVisitGapDays)
        #expect(standard.gap(for: RiskLevel.green) == nil)
        let town = VisitingRules(settings: ["gap_red": "20", "gap_blue": "0", "first_visit_days": "3", "parent_contact_days": "abc", "town": "甲镇"])
        #expect(town.redGap == 20)
        #expect(town.blueGap == Programme.blueVisitGapDays, "out of range keeps the default")
        #expect(town.firstVisitDays == 3)
        #expect(town.parentContactDays == Programme.parentContactDays)
        for name in VisitingRules.settingNames {
            #expect(VisitingRules.range(of: name).contains(VisitingRules.standard[name]), "\(name)'s default is in its range")
        }
    }

    @Test func riskNowIsRedForNinetyDaysAfterAnAlert() {
        let found = Day(year: 2024, month: 10, day: 2)!
        #expect(VisitingRules.riskNow(risk: RiskLevel.blue, lastAlert: found, on: found) == RiskLevel.red)
        #expect(VisitingRules.riskNow(risk: RiskLevel.blue, lastAlert: found, on: found.adding(days: Programme.alertRedDays)) == RiskLevel.red)
        #expect(VisitingRules.riskNow(risk: RiskLevel.blue, lastAlert: found, on: found.adding(days: Programme.alertRedDays + 1)) == RiskLevel.blue)
        #expect(VisitingRules.riskNow(risk: RiskLevel.green, lastAlert: found, on: found.adding(days: -1)) == RiskLevel.green, "an alert found later")
        #expect(VisitingRules.riskNow(risk: RiskLevel.yellow, lastAlert: nil, on: found) == RiskLevel.yellow)
    }

    private func child(_ values: [String: Value]) -> Record {
        var base: [String: Value] = [
            "name": .text("甲"), "idno": .text(IdentityNumber.make(region: "511304", born: Day(year: 2015, month: 3, day: 7)!, sequence: 37).text),
            "family": .text("F0001"), "category": .text(ChildCategory.leftBehind),
        ]
        base.merge(values) { $1 }
        return Record(noun: .child, values: base)
    }

    @Test func aGradeNeedsAKindAndARiskNeedsAReason() throws {
        let today = Day(year: 2024, month: 12, day: 31)!
        var record = child([:])
        try RecordRules.complete(&record, isNew: true, today: today)
        #expect(record["risk"] == .text(RiskLevel.green), "绿 by default")
        var graded = child(["disability_grade": .int(2)])
        #expect(throws: Message.disabilityGradeWithoutKind) { try RecordRules.complete(&graded, isNew: true, today: today) }
        var kinded = child(["disability_grade": .int(2), "disability_kind": .text("肢体")])
        try RecordRules.complete(&kinded, isNew: true, today: today)
        var red = child(["risk": .text(RiskLevel.red)])
        #expect(throws: Message.riskReasonRequired(risk: RiskLevel.red)) { try RecordRules.complete(&red, isNew: true, today: today) }
        var explained = child(["risk": .text(RiskLevel.red), "risk_reason": .text("父亲服刑")])
        try RecordRules.complete(&explained, isNew: true, today: today)
    }

    @Test func theLedgerRemarksCarryWhatItHasNoColumnFor() {
        var row = LedgerRow(category: ChildCategory.leftBehind, override: "就近照顾")
        #expect(row.remarks == "就近照顾；未签委托监护确认书")
        row.risk = RiskLevel.red
        row.riskReason = "父亲服刑"
        row.disabilityKind = "肢体"
        row.disabilityGrade = 2
        row.guardianshipType = "一般"
        row.entrusted = "2024-03-01"
        #expect(row.remarks == "就近照顾；红色风险（父亲服刑）；残疾：肢体2级；委托监护确认书：2024-03-01", "一般 is no concern")
        row.guardianshipType = "受委托监护人监护能力不足"
        #expect(row.remarks == "就近照顾；红色风险（父亲服刑）；残疾：肢体2级；监护类型：受委托监护人监护能力不足；委托监护确认书：2024-03-01")
        let other = LedgerRow(category: Enumeration.category.label(named: "other"))
        #expect(other.remarks.isEmpty, "only a left-behind child has an entrustment to sign")
    }
}
