extension Due {
    /// 方案 三(一): active children who reach their category's age limit
    /// (`ChildCategory.ageLimit`) in the window.
    public enum AgeLimits: DueSource {
        public typealias Row = ChildRows.Born

        public static let help: Message? = .dueHelpAgeLimits

        public static func items(_ rows: [Row], window: DueWindow) -> [DueItem] {
            rows.flatMap { row in
                let limit = ChildCategory.ageLimit(row.category)
                return Due.birthdays(of: row.born, in: window).filter { row.born.age(on: $0) == limit }.map { date in
                    DueItem(date: date, kind: .ageLimit, ref: row.child, name: row.name,
                            message: .dueAgeLimit(name: row.name, age: limit, category: row.category))
                }
            }
        }
    }
}
