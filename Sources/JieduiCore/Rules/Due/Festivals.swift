extension Due {
    /// 方案 四(三)五: special care at 春节, 寒假 (from 15 January), 儿童节 and 暑假 (from 1 July),
    /// for every active helper pair.
    public enum Festivals: DueSource {
        /// Every active pair; the unit pairs (部门包片) are left out here.
        public typealias Row = Due.ActivePair

        public static let help: Message? = .dueHelpFestivals

        /// The festivals whose day falls in the window.
        public static func festivals(in window: DueWindow) -> [(DueKind, Day)] {
            var result: [(DueKind, Day)] = []
            for year in window.years {
                if let spring = Due.springFestival(year) { result.append((.springFestival, spring)) }
                result.append((.winterHoliday, Day(year: year, month: 1, day: 15)!))
                result.append((.childrensDay, Day(year: year, month: 6, day: 1)!))
                result.append((.summerHoliday, Day(year: year, month: 7, day: 1)!))
            }
            return result.filter { window.contains($0.1) }
        }

        public static func isAsked(in window: DueWindow) -> Bool { !festivals(in: window).isEmpty }

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            let festivals = festivals(in: window)
            return rows.filter { $0.unit == nil }.flatMap { row in
                festivals.map { kind, date in
                    DueItem(date: date, kind: kind, ref: row.pair, name: row.name, message: .dueFestival(festival: kind.rawValue, name: row.name))
                }
            }
        }
    }
}
