extension Due {
    /// 生日关爱 (方案 四(三)五): the birthdays of active children with an active pair.
    public enum Birthdays: DueSource {
        /// The query gives only children with an active pair.
        public typealias Row = ChildRows.Born

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
