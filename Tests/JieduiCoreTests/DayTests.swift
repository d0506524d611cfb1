import Foundation
import JieduiCore
import Testing

/// A date that must exist; a typo in a fixture should stop the test, not skip it.
func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
    guard let value = Day(year: year, month: month, day: day) else {
        preconditionFailure("fixture \(year)-\(month)-\(day) is not a real date")
    }
    return value
}

@Suite struct DayTests {
    @Test(arguments: [
        "2024-01-05", "2024-1-5", "2024/1/5", "2024/01/05", "2024.01.05", "2024.1.5", "20240105",
        "2024年1月5日", "2024年01月05日", "  2024-01-05  ", "\u{3000}2024-01-05",
        "２０２４年１月５日", "２０２４－０１－０５", "２０２４０１０５",
        // A date a spreadsheet keeps with the time midnight.
        "2024/1/5 0:00", "2024-01-05 00:00:00", "2024年1月5日 0:00",
    ])
    func parsesEveryAcceptedSpelling(text: String) throws {
        let parsed = try #require(Day.parse(text))
        #expect(parsed.year == 2024)
        #expect(parsed.month == 1)
        #expect(parsed.day == 5)
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "2024-00-10", "2024-02-30", "2024-04-31", "2024-01-00",
        "tomorrow", "", "   ", "2024-01", "24-01-05", "2024-001-05", "2024/01-05", "2024-01-05-",
        "202401050", "2024010", "2024年1月5", "2024年1月5号", "2024-1-5日", "1899-12-31",
        "3000-01-01", "2024 01 05", "2024-01-05T10:00", "-2024-01-05", "２０２３年２月２９日",
        "2024/1/5 14:30", "2024/1/5 0:00:01", "2024/1/5 0:0", "2024/1/5  0:00", "2024/1/5 0:00 下午",
    ])
    func rejectsOtherTextAndImpossibleDates(text: String) {
        #expect(Day.parse(text) == nil)
    }

    @Test func leapDayExistsOnlyInLeapYears() {
        #expect(Day.parse("2024-02-29") == day(2024, 2, 29))
        #expect(Day.parse("2000-02-29") == day(2000, 2, 29))
        #expect(Day.parse("1900-02-29") == nil)
        #expect(Day(year: 2100, month: 2, day: 29) == nil)
    }

    @Test func initialiserKeepsToRealDatesInRange() {
        #expect(Day(year: 1900, month: 1, day: 1) != nil)
        #expect(Day(year: 2999, month: 12, day: 31) != nil)
        #expect(Day(year: 1899, month: 12, day: 31) == nil)
        #expect(Day(year: 3000, month: 1, day: 1) == nil)
        #expect(Day(year: 2024, month: 0, day: 1) == nil)
        #expect(Day(year: 2024, month: 6, day: 31) == nil)
        #expect(Day(year: 2024, month: 6, day: -1) == nil)
    }

    @Test func printsIsoAndChinese() {
        #expect(day(2024, 1, 5).iso == "2024-01-05")
        #expect(day(2024, 1, 5).description == "2024-01-05")
        #expect("\(day(2024, 11, 25))" == "2024-11-25")
        #expect(day(2024, 1, 5).chinese == "2024年1月5日")
        #expect(day(2024, 12, 31).chinese == "2024年12月31日")
    }

    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 3, 1, 11017), (2024, 1, 5, 19727),
        (1900, 1, 1, -25567), (2999, 12, 31, 376_199),
    ])
    func dayNumberCountsFromTheEpoch(year: Int, month: Int, dayOfMonth: Int, number: Int) {
        #expect(day(year, month, dayOfMonth).dayNumber == number)
        #expect(Day(dayNumber: number) == day(year, month, dayOfMonth))
    }

    @Test func dayNumberIsConsecutiveAcrossCenturies() {
        // Walk every day from 1900 to 2100 by hand and check the two directions agree.
        var year = 1900, month = 1, dayOfMonth = 1
        var expected = -25567
        while year <= 2100 {
            let current = day(year, month, dayOfMonth)
            #expect(current.dayNumber == expected)
            #expect(Day(dayNumber: expected) == current)
            expected += 1
            dayOfMonth += 1
            let monthLength = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
                               31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            if dayOfMonth > monthLength { dayOfMonth = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
    }

    @Test func addingDaysCrossesMonthsAndYears() {
        #expect(day(2024, 2, 28).adding(days: 1) == day(2024, 2, 29))
        #expect(day(2024, 2, 28).adding(days: 2) == day(2024, 3, 1))
        #expect(day(2023, 2, 28).adding(days: 1) == day(2023, 3, 1))
        #expect(day(2023, 12, 31).adding(days: 1) == day(2024, 1, 1))
        #expect(day(2024, 1, 1).adding(days: -1) == day(2023, 12, 31))
        #expect(day(2024, 1, 1).adding(days: 366) == day(2025, 1, 1))
        #expect(day(2024, 1, 1).adding(days: 0) == day(2024, 1, 1))
    }

    @Test(arguments: [
        (day(2024, 1, 31), 1, day(2024, 2, 29)),
        (day(2023, 1, 31), 1, day(2023, 2, 28)),
        (day(2024, 3, 31), -1, day(2024, 2, 29)),
        (day(2024, 11, 15), 3, day(2025, 2, 15)),
        (day(2024, 1, 15), -13, day(2022, 12, 15)),
        (day(2024, 2, 29), 12, day(2025, 2, 28)),
        (day(2024, 5, 31), 0, day(2024, 5, 31)),
        (day(2024, 8, 31), 1, day(2024, 9, 30)),
    ])
    func addingMonthsClampsToTheMonthEnd(start: Day, months: Int, expected: Day) {
        #expect(start.adding(months: months) == expected)
    }

    @Test(arguments: [
        (day(2010, 6, 15), day(2024, 6, 14), 13),
        (day(2010, 6, 15), day(2024, 6, 15), 14),
        (day(2010, 6, 15), day(2024, 6, 16), 14),
        (day(2010, 6, 15), day(2010, 6, 15), 0),
        (day(2010, 6, 15), day(2011, 6, 14), 0),
        (day(2010, 12, 31), day(2024, 1, 1), 13),
        (day(2012, 2, 29), day(2023, 2, 28), 10),
        (day(2012, 2, 29), day(2023, 3, 1), 11),
        (day(2012, 2, 29), day(2024, 2, 28), 11),
        (day(2012, 2, 29), day(2024, 2, 29), 12),
        (day(2010, 6, 15), day(2010, 6, 14), -1),
    ])
    func ageCountsWholeYearsWithLeapDayBirthdaysOnFirstMarch(born: Day, today: Day, age: Int) {
        #expect(born.age(on: today) == age)
    }

    @Test(arguments: [
        (1, 2023, 31), (2, 2023, 28), (2, 2024, 29), (2, 1900, 28), (2, 2000, 29), (3, 2023, 31),
        (4, 2023, 30), (5, 2023, 31), (6, 2023, 30), (7, 2023, 31), (8, 2023, 31), (9, 2023, 30),
        (10, 2023, 31), (11, 2023, 30), (12, 2023, 31),
    ])
    func daysInMonth(month: Int, year: Int, count: Int) {
        #expect(Day.daysIn(month: month, year: year) == count)
    }

    @Test func quarterOfEachMonth() {
        let quarters = (1...12).map { day(2024, $0, 1).quarter }
        #expect(quarters == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    }

    @Test func ordersChronologically() {
        let days = [day(2024, 1, 5), day(2023, 12, 31), day(2024, 1, 4), day(2024, 2, 1)]
        #expect(days.sorted() == [day(2023, 12, 31), day(2024, 1, 4), day(2024, 1, 5), day(2024, 2, 1)])
        #expect(day(2024, 1, 5) < day(2024, 1, 6))
        #expect(!(day(2024, 1, 5) < day(2024, 1, 5)))
        #expect(day(2023, 12, 31) < day(2024, 1, 1))
        #expect(day(2024, 1, 31) < day(2024, 2, 1))
    }

    @Test func systemClockGivesTheLocalCalendarDate() {
        // Compared with Foundation's calendar, a different code path; read it on both sides of
        // the call so a test run across midnight cannot fail.
        func calendarToday() -> (Int, Int, Int) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .current
            let parts = calendar.dateComponents([.year, .month, .day], from: Date())
            return (parts.year!, parts.month!, parts.day!)
        }
        let before = calendarToday()
        let today = Day.fromSystemClock()
        let after = calendarToday()
        let found = (today.year, today.month, today.day)
        #expect(found == before || found == after)
    }
}
