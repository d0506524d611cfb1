import Testing
@testable import JieduiCore

/// The arithmetic of the programme rules: pro-rated visits, deadlines, festivals, birthdays.
@Suite struct RulesTests {
    private func d(_ y: Int, _ m: Int, _ day: Int) -> Day { Day(year: y, month: m, day: day)! }

    @Test(arguments: [
        // since, today, required visits (6 a year; ceil(6 × months / 12) for part of a year)
        ((2023, 5, 1), (2024, 12, 31), 6),
        ((2024, 1, 10), (2024, 12, 31), 6),
        ((2024, 7, 1), (2024, 12, 31), 3),
        ((2024, 7, 31), (2024, 12, 31), 3),
        ((2024, 12, 1), (2024, 12, 31), 1),
        ((2024, 10, 15), (2024, 12, 31), 2),
        ((2023, 1, 1), (2024, 6, 30), 3),    // today's year ends at today: 6 months so far
        ((2024, 2, 1), (2024, 2, 20), 1),
    ])
    func requiredVisits(_ since: (Int, Int, Int), _ today: (Int, Int, Int), _ required: Int) {
        let period = CheckPeriod(year: today.0, today: d(today.0, today.1, today.2))
        #expect(period.requiredVisits(since: d(since.0, since.1, since.2)) == required)
    }

    @Test func aPastYearIsCheckedWhole() {
        let period = CheckPeriod(year: 2023, today: d(2024, 3, 1))
        #expect(period.end == d(2023, 12, 31))
        #expect(period.requiredVisits(since: d(2023, 7, 1)) == 3)
    }

    @Test(arguments: [(2024, 2, 10), (2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26)])
    func springFestival(_ y: Int, _ m: Int, _ day: Int) {
        #expect(Due.springFestival(y) == d(y, m, day))
    }

    @Test func leapDayBirthdaysFallOnTheFirstOfMarch() {
        let born = d(2016, 2, 29)
        #expect(Due.birthday(of: born, in: 2025) == d(2025, 3, 1))
        #expect(Due.birthday(of: born, in: 2028) == d(2028, 2, 29))
    }

    @Test func findingsSortErrorsFirstThenCodeThenRefByNumber() {
        let findings = [
            Finding(Check.NotReviewed.self, .warning, "C10", .findingNotReviewed(name: "a", last: "", year: 2024)),
            Finding(Check.NotReviewed.self, .warning, "C9", .findingNotReviewed(name: "b", last: "", year: 2024)),
            Finding(Check.Uncovered.self, .error, "C1", .findingUncovered(name: "c", category: "孤儿")),
            Finding(Check.FewVisits.self, .error, "P2", .findingFewVisits(visits: 1, year: 2024, required: 6, months: 12)),
        ]
        #expect(Check.sorted(findings).map(\.ref) == ["P2", "C1", "C9", "C10"])
    }

    @Test func quarterReportsAreDueByTheTenthOfTheLastMonth() {
        let period = CheckPeriod(year: 2024, today: d(2024, 6, 11))
        let filed = [Check.QuarterReport.Row(quarter: "2024Q1", filed: d(2024, 3, 9))]
        let findings = Check.QuarterReport.findings(filed, period: period)
        #expect(findings.map(\.ref) == ["2024Q2"])
        let late = [Check.QuarterReport.Row(quarter: "2024Q1", filed: d(2024, 3, 11))]
        #expect(Check.QuarterReport.findings(late, period: period).map(\.ref) == ["2024Q1", "2024Q2"])
    }
}
