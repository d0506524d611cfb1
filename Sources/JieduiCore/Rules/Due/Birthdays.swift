extension Due {
    /// 生日关爱 (方案 四(三)五): the birthdays of active children with an active pair.
    public enum Birthdays: DueSource {
        /// An active, paired child whose birthday may fall in the window (the query may give
        /// more; the dates are worked out here).
        public struct Row: Decodable, Sendable, Hashable {
            public let child: String
            public let name: String
            public let born: Day
        }

        public static let help: Message? = .dueHelpBirthdays

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            rows.flatMap { row in
                Due.birthdays(of: row.born, in: window).map { date in
                    DueItem(date: date, kind: .birthday, ref: row.child, name: row.name,
                            message: .dueBirthday(name: row.name, age: row.born.age(on: date)))
                }
            }
        }
    }
}
