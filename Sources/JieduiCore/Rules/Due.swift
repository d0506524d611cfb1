import Foundation

/// What `due` lists (rules.md, "due"), in the order rows of one date are listed.
public enum DueKind: String, Sendable, CaseIterable {
    case visit = "走访"
    case birthday = "生日"
    case springFestival = "春节"
    case winterHoliday = "寒假"
    case summerHoliday = "暑假"
    case childrensDay = "儿童节"
    case quarterReport = "季度报告"
    case annualReview = "年度核实"
    case ageLimit = "年龄到限"
}

/// One thing coming due.
public struct DueItem: Sendable, Hashable {
    public let date: Day
    public let kind: DueKind
    public let ref: String
    public let name: String
    public let message: Message
}

/// The rows a store gives for `due` (each is aggregated in the store).
public enum DueQuery: Sendable, Hashable {
    /// Active children with an active pair whose birthday (month-day) falls in the window:
    /// id, name, born.
    case birthdays(from: Day, to: Day)
    /// Active helper pairs: pair id, child name, since, date of the last visit (or null).
    case helperPairs
    /// Active children not reviewed since `since`: id, name.
    case unreviewed(since: Day)
    /// Active children whose birthday falls in the window: id, name, born, category.
    case activeBirthdays(from: Day, to: Day)
    /// Quarterly reports filed: quarter, filed.
    case quarterReports
}

/// The agenda of `due`: pure date arithmetic over the store's rows.
public enum Due {
    /// The date of 春节 (the first day of the Chinese lunar year) in a Gregorian year.
    public static func springFestival(_ year: Int) -> Day? {
        var chinese = Calendar(identifier: .chinese)
        var gregorian = Calendar(identifier: .gregorian)
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        chinese.timeZone = zone
        gregorian.timeZone = zone
        guard let midYear = gregorian.date(from: DateComponents(year: year, month: 6, day: 1)) else { return nil }
        var components = DateComponents()
        components.era = chinese.component(.era, from: midYear)
        components.year = chinese.component(.year, from: midYear)
        components.month = 1
        components.day = 1
        guard let date = chinese.date(from: components) else { return nil }
        let g = gregorian.dateComponents([.year, .month, .day], from: date)
        return Day(year: g.year ?? year, month: g.month ?? 1, day: g.day ?? 1)
    }

    /// A birthday in `year`: someone born on 29 February has it on 1 March in other years.
    public static func birthday(of born: Day, in year: Int) -> Day {
        Day(year: year, month: born.month, day: born.day) ?? Day(year: year, month: 3, day: 1)!
    }

    /// Birthdays of `born` falling in [from, to].
    static func birthdays(of born: Day, from: Day, to: Day) -> [Day] {
        (from.year...to.year).map { birthday(of: born, in: $0) }.filter { $0 >= from && $0 <= to && $0 > born }
    }

    /// Festivals of 方案 四(三)五 whose day falls in [from, to].
    public static func festivals(from: Day, to: Day) -> [(DueKind, Day)] {
        var result: [(DueKind, Day)] = []
        for year in from.year...to.year {
            if let spring = springFestival(year) { result.append((.springFestival, spring)) }
            result.append((.winterHoliday, Day(year: year, month: 1, day: 15)!))
            result.append((.childrensDay, Day(year: year, month: 6, day: 1)!))
            result.append((.summerHoliday, Day(year: year, month: 7, day: 1)!))
        }
        return result.filter { $0.1 >= from && $0.1 <= to }
    }

    /// Sorted by date, then kind, then ref.
    public static func sorted(_ items: [DueItem]) -> [DueItem] {
        let order = Dictionary(uniqueKeysWithValues: DueKind.allCases.enumerated().map { ($1, $0) })
        return items.sorted { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.kind != b.kind { return order[a.kind]! < order[b.kind]! }
            return Check.refOrder(a.ref, b.ref)
        }
    }

    /// The agenda for the `days` days from `today`, from the store's rows.
    public static func agenda(today: Day, days: Int, rows: (DueQuery) throws -> [[Value]]) rethrows -> [DueItem] {
        let end = today.adding(days: days)
        var items: [DueItem] = []
        func day(_ v: Value) -> Day? { v.dayValue ?? Day.parse(v.text) }

        // 生日关爱: birthdays of paired children.
        for row in try rows(.birthdays(from: today, to: end)) {
            guard let born = day(row[2]) else { continue }
            for date in birthdays(of: born, from: today, to: end) {
                items.append(DueItem(date: date, kind: .birthday, ref: row[0].text, name: row[1].text,
                                     message: .dueBirthday(name: row[1].text, age: born.age(on: date))))
            }
        }
        // Festivals and visits, per active helper pair.
        let pairs = try rows(.helperPairs)
        let festivals = festivals(from: today, to: end)
        for row in pairs {
            let pair = row[0].text, name = row[1].text
            for (kind, date) in festivals {
                items.append(DueItem(date: date, kind: kind, ref: pair, name: name, message: .dueFestival(festival: kind.rawValue, name: name)))
            }
            // 方案 四(三)二: six visits a year; a visit is due two months after the last one.
            guard let since = day(row[2]) else { continue }
            let last = day(row[3])
            let due = (last ?? since).adding(months: Programme.visitGapMonths)
            if due <= end {
                items.append(DueItem(date: due, kind: .visit, ref: pair, name: name,
                                     message: .dueVisit(name: name, last: last?.iso ?? "", overdueDays: max(0, today.dayNumber - due.dayNumber))))
            }
        }
        // Quarterly reports due by the 10th of each quarter's last month.
        let filed = Set(try rows(.quarterReports).map { $0[0].text })
        for year in today.year...end.year {
            for quarter in 1...4 {
                let deadline = Programme.quarterReportDeadline(year: year, quarter: quarter)
                let ref = "\(year)Q\(quarter)"
                if deadline >= today, deadline <= end, !filed.contains(ref) {
                    items.append(DueItem(date: deadline, kind: .quarterReport, ref: ref, name: "", message: .dueQuarterReport(quarter: ref)))
                }
            }
        }
        // 方案 四(一): the annual review by the end of March.
        for year in today.year...end.year {
            let deadline = Programme.reviewDeadline(year)
            guard deadline >= today, deadline <= end else { continue }
            for row in try rows(.unreviewed(since: Day(year: year, month: 1, day: 1)!)) {
                items.append(DueItem(date: deadline, kind: .annualReview, ref: row[0].text, name: row[1].text, message: .dueReview(name: row[1].text)))
            }
        }
        // Children reaching their category's age limit.
        for row in try rows(.activeBirthdays(from: today, to: end)) {
            guard let born = day(row[2]) else { continue }
            let limit = ChildCategory.ageLimit(row[3].text)
            for date in birthdays(of: born, from: today, to: end) where born.age(on: date) == limit {
                items.append(DueItem(date: date, kind: .ageLimit, ref: row[0].text, name: row[1].text,
                                     message: .dueAgeLimit(name: row[1].text, age: limit, category: row[3].text)))
            }
        }
        return sorted(items)
    }
}
