import Foundation

/// A calendar date without time or zone, because every date in the programme (born, visit, since)
/// is a day in the town's own calendar and must compare and print the same everywhere.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a date may be written with; wider years are typing mistakes, not records.
    public static let acceptedYears = 1900...2999

    /// The last day a date may be: the end of what has no end yet.
    public static let distantFuture = Day(year: acceptedYears.upperBound, month: 12, day: 31)!

    /// A real Gregorian date in `acceptedYears`, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.acceptedYears.contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    // MARK: Calendar arithmetic

    /// Whether February has 29 days in `year` (proleptic Gregorian).
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in `month` of `year`; a month outside 1...12 is a bug in the caller.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: preconditionFailure("month \(month) is not in 1...12")
        }
    }

    /// Days since 1970-01-01, computed by arithmetic (H. Hinnant's `days_from_civil`) so that it
    /// neither depends on Foundation's calendar nor on the machine's time zone.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `dayNumber`; results are kept to years 1...9999 so ISO text stays `YYYY-MM-DD`.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        precondition((1...9999).contains(year), "day number \(dayNumber) is outside years 1...9999")
        self.init(unchecked: year, month, day)
    }

    public func adding(days: Int) -> Day {
        Day(dayNumber: dayNumber + days)
    }

    /// The day of the week, ISO 8601: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 10) % 7 + 1 }

    /// Monday to Friday. There is no holiday calendar: a public holiday on a weekday counts as a
    /// working day, and a weekend made a working day (调休) does not.
    public var isWorkingDay: Bool { weekday <= 5 }

    /// The `count`-th working day after this day (the day itself not counted).
    public func addingWorkingDays(_ count: Int) -> Day {
        var day = self
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if day.isWorkingDay { left -= 1 }
        }
        return day
    }

    /// Moves by calendar months, clamping to the month's end (2024-01-31 + 1 month = 2024-02-29),
    /// which is how people count "one month after" a pairing or a visit.
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        precondition((1...9999).contains(newYear), "adding \(months) months leaves years 1...9999")
        let newDay = min(day, Self.daysIn(month: newMonth, year: newYear))
        return Day(unchecked: newYear, newMonth, newDay)
    }

    /// Whole years completed on `today` (negative when `today` is before this day). Someone born
    /// on 29 February turns a year older on 1 March in common years, as Chinese law counts it.
    public func age(on today: Day) -> Int {
        let years = today.year - year
        let birthdayReached = (today.month, today.day) >= (month, day)
        return birthdayReached ? years : years - 1
    }

    /// Calendar quarter 1–4, the period of the quarterly report.
    public var quarter: Int { (month - 1) / 3 + 1 }

    // MARK: Text

    /// `2024-01-05`, the one form dates are stored and printed in.
    public var iso: String {
        // The usual four-digit year written straight into its ten bytes.
        if (0...9999).contains(year) {
            return String(unsafeUninitializedCapacity: 10) { buffer in
                let parts = [(year, 4, 0), (month, 2, 5), (day, 2, 8)]
                for (value, width, at) in parts {
                    var rest = value
                    for offset in stride(from: width - 1, through: 0, by: -1) {
                        buffer[at + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                }
                buffer[4] = UInt8(ascii: "-")
                buffer[7] = UInt8(ascii: "-")
                return 10
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    /// `2024年1月5日`, the form the ledger prints.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// Reads the spellings people type: `2024-01-05`, `2024-1-5`, `2024/1/5`, `2024.01.05`,
    /// `20240105`, `2024年1月5日`, with ASCII or full-width digits. Impossible dates give nil.
    public static func parse(_ text: String) -> Day? {
        // `YYYY-MM-DD` in ASCII, as dates are stored and mostly typed, is read from its bytes.
        if text.utf8.count == 10 {
            var digits: [Int] = []
            digits.reserveCapacity(8)
            for (i, byte) in text.utf8.enumerated() {
                if i == 4 || i == 7 {
                    if byte != UInt8(ascii: "-") { digits = []; break }
                } else if byte >= 0x30 && byte <= 0x39 {
                    digits.append(Int(byte - 0x30))
                } else {
                    digits = []
                    break
                }
            }
            if digits.count == 8 {
                return Day(year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
                           month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
            }
        }
        let scalars = Array(text.trimmed
            .unicodeScalars.map(foldFullwidth))
        if scalars.count == 8, scalars.allSatisfy(isDigit) {
            return Day(year: number(scalars[0..<4]), month: number(scalars[4..<6]),
                       day: number(scalars[6..<8]))
        }
        var reader = Reader(scalars: scalars)
        guard let year = reader.digits(4...4), let separator = reader.next(),
              let month = reader.digits(1...2)
        else { return nil }
        let (middle, end): (Unicode.Scalar, Unicode.Scalar?)
        switch separator {
        case "-", "/", ".": (middle, end) = (separator, nil)
        case "年": (middle, end) = ("月", "日")
        default: return nil
        }
        guard reader.next() == middle, let day = reader.digits(1...2) else { return nil }
        if let end, reader.next() != end { return nil }
        // A spreadsheet's date kept as a date and time says midnight (`2015/3/8 0:00`): the day.
        if !reader.atEnd {
            guard reader.next() == " ", reader.digits(1...2) == 0, reader.next() == ":", reader.digits(2...2) == 0 else { return nil }
            if !reader.atEnd, reader.next() != ":" || reader.digits(2...2) != 0 { return nil }
        }
        guard reader.atEnd else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// Today in the machine's local zone; the only place a `Day` depends on the clock, so that
    /// everything else can take `today` as a plain value.
    public static func fromSystemClock() -> Day {
        let now = Date()
        let seconds = now.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: now))
        return Day(dayNumber: Int((seconds / 86_400).rounded(.down)))
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Parsing helpers

    /// Full-width digits and separators come from Chinese input methods; they mean the ASCII ones.
    private static func foldFullwidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF0D, 0xFF0E, 0xFF0F: Unicode.Scalar(scalar.value - 0xFEE0)!
        default: scalar
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
    }

    /// A cursor over the scalars of a date being parsed.
    private struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0

        var atEnd: Bool { position == scalars.count }

        mutating func next() -> Unicode.Scalar? {
            guard !atEnd else { return nil }
            defer { position += 1 }
            return scalars[position]
        }

        /// Reads a run of ASCII digits whose length must lie in `allowed`.
        mutating func digits(_ allowed: ClosedRange<Int>) -> Int? {
            let start = position
            while !atEnd, Day.isDigit(scalars[position]) { position += 1 }
            guard allowed.contains(position - start) else { return nil }
            return Day.number(scalars[start..<position])
        }
    }
}
