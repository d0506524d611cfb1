import JieduiCore

/// Each pair's visits over the year: the work plan's pace, its festivals, some pairs short.
extension DemoTownBuilder {
    // MARK: Visits

    /// A year of visits to one family, from a generator of its own so that the town's shape never
    /// depends on how many draws the dates of *today* take. One visit in each two-month stretch
    /// keeps the pace `check` asks for (6 a year, pro rata this year); festivals and birthdays get
    /// 特殊关爱. Short families get two or three visits at random.
    func drawVisits(for family: DemoFamily) -> [DemoVisit] {
        var random = SplitMix64(seed: seed ^ (UInt64(family.index + 1) &* 0xD6E8_FEB8_6659_FD93))
        let yearStart = Day(year: today.year, month: 1, day: 1)!
        let windowStart = max(family.since, today.adding(days: -364))
        let window = windowStart.dayNumber...today.dayNumber
        let occasions = occasionWindows(for: family)
        var visits: [DemoVisit] = []

        if family.short {
            var days = Set<Int>()
            let wanted = min(random.int(2...3), window.count)
            while days.count < wanted { days.insert(random.int(window)) }
            for day in days.sorted() { visits.append(ordinaryVisit(on: Day(dayNumber: day), family: family, random: &random)) }
            return visits
        }

        var slots: [ClosedRange<Int>] = []
        if windowStart < yearStart { slots += twoMonthSlots(from: windowStart, to: yearStart.adding(days: -1)) }
        slots += twoMonthSlots(from: max(windowStart, yearStart), to: today)
        for slot in slots {
            let fitting = occasions.compactMap { occasion -> (String, ClosedRange<Int>)? in
                let low = max(slot.lowerBound, occasion.1.lowerBound), high = min(slot.upperBound, occasion.1.upperBound)
                return low <= high ? (occasion.0, low...high) : nil
            }
            if !fitting.isEmpty, random.chance(45) {
                let (occasion, days) = random.pick(fitting)
                visits.append(specialVisit(on: Day(dayNumber: random.int(days)), occasion: occasion, family: family, random: &random))
            } else {
                visits.append(ordinaryVisit(on: Day(dayNumber: random.int(slot)), family: family, random: &random))
            }
        }
        // 方案 四: special care at festivals and birthdays; make sure this year has one where it can.
        let thisYear = visits.indices.filter { visits[$0].date >= yearStart }
        if !thisYear.contains(where: { visits[$0].kind == "特殊关爱" }) {
            for index in thisYear {
                let day = visits[index].date.dayNumber
                let slot = slots.first { $0.contains(day) }!
                if let (occasion, days) = occasions.lazy.compactMap({ occasion -> (String, ClosedRange<Int>)? in
                    let low = max(slot.lowerBound, occasion.1.lowerBound), high = min(slot.upperBound, occasion.1.upperBound)
                    return low <= high ? (occasion.0, low...high) : nil
                }).first {
                    visits[index] = specialVisit(on: Day(dayNumber: random.int(days)), occasion: occasion, family: family, random: &random)
                    break
                }
            }
        }
        // Recent pairs still get four visits where there is room; others now and then an extra one.
        let minimum = min(4, max(1, window.count / 30))
        var extras = max(0, minimum - visits.count) + (random.chance(30) ? 1 : 0)
        extras = min(extras, 8 - visits.count)
        var used = Set(visits.map(\.date.dayNumber))
        var attempts = 0
        while extras > 0, attempts < 100 {
            attempts += 1
            let day = random.int(window)
            if used.contains(day) { continue }
            used.insert(day)
            visits.append(ordinaryVisit(on: Day(dayNumber: day), family: family, random: &random))
            extras -= 1
        }
        return visits.sorted { $0.date < $1.date }
    }

    /// Two-month stretches of calendar months from `start`'s month, clipped to `start...end`.
    func twoMonthSlots(from start: Day, to end: Day) -> [ClosedRange<Int>] {
        guard start <= end else { return [] }
        var slots: [ClosedRange<Int>] = []
        var blockStart = Day(year: start.year, month: start.month, day: 1)!
        while blockStart <= end {
            let next = blockStart.adding(months: 2)
            let low = max(blockStart, start).dayNumber, high = min(next.adding(days: -1), end).dayNumber
            if low <= high { slots.append(low...high) }
            blockStart = next
        }
        return slots
    }

    /// The days around each 关爱节点 in last year and this year, as day-number ranges.
    func occasionWindows(for family: DemoFamily) -> [(String, ClosedRange<Int>)] {
        var windows: [(String, ClosedRange<Int>)] = []
        for year in [today.year - 1, today.year] {
            func range(_ month1: Int, _ day1: Int, _ month2: Int, _ day2: Int) -> ClosedRange<Int> {
                Day(year: year, month: month1, day: day1)!.dayNumber...Day(year: year, month: month2, day: day2)!.dayNumber
            }
            windows.append(("春节", range(1, 20, 2, 18)))
            windows.append(("寒假", range(1, 15, 2, 25)))
            windows.append(("儿童节", range(5, 29, 6, 2)))
            windows.append(("暑假", range(7, 5, 8, 28)))
            for child in family.children {
                let birthday = Day(year: year, month: child.born.month, day: child.born.day)
                    ?? Day(year: year, month: child.born.month, day: 28)!
                windows.append(("生日", birthday.dayNumber - 3...birthday.dayNumber + 3))
            }
        }
        return windows
    }

    func ordinaryVisit(on date: Day, family: DemoFamily, random: inout SplitMix64) -> DemoVisit {
        let roll = random.int(0...99)
        let kind = roll < 55 ? "入户走访" : roll < 80 ? "电话" : "视频"
        let outcomes: [(String, String)]
        switch kind {
        case "电话":
            outcomes = [("无", "电话了解近况，叮嘱注意安全"), ("孩子感冒发烧", "提醒监护人及时就医"),
                        ("作业遇到困难", "电话辅导作业"), ("无", "电话询问学习情况，鼓励孩子")]
        case "视频":
            outcomes = family.kind == .leftBehind
                ? [("想念外出务工的父母", "帮助孩子与父母视频通话"), ("无", "视频聊天，了解近期学习生活"), ("情绪有些低落", "视频谈心，给予鼓励")]
                : [("无", "视频聊天，了解近期学习生活"), ("情绪有些低落", "视频谈心，给予鼓励")]
        default:
            outcomes = [
                ("无明显问题", "了解学习生活情况，叮嘱安全注意事项"), ("孩子近期成绩下滑", "与班主任沟通，周末辅导作业"),
                ("监护人年迈，辅导作业困难", "联系镇中心学校志愿者开展课业辅导"), ("房屋屋顶漏雨", "协调村委会组织维修"),
                ("孩子性格内向，不愿与人交流", "陪伴谈心，联系学校心理老师关注"), ("冬季衣被不足", "送去棉衣和棉被"),
                ("孩子沉迷手机游戏", "与监护人沟通，约定使用手机的时间"), ("监护人身体欠佳", "联系镇卫生院上门体检"),
                ("缺少学习用品", "送去书包和文具"), ("无", "讲解防溺水和交通安全知识"),
            ]
        }
        let (found, help) = random.pick(outcomes)
        return DemoVisit(date: date, kind: kind, occasion: nil, topics: topics(on: date, random: &random),
                         found: found, help: help)
    }

    func specialVisit(on date: Day, occasion: String, family: DemoFamily, random: inout SplitMix64) -> DemoVisit {
        let (found, help): (String, String) = switch occasion {
        case "春节": ("无", "送去年货和新年礼物，陪孩子写春联")
        case "寒假": ("寒假缺少看护", "送去课外书，叮嘱寒假安全")
        case "儿童节": ("无", "送去儿童节礼物，陪孩子过节")
        case "暑假": ("暑期无人看护", "开展暑期防溺水安全教育，送去学习用品")
        default: ("无", "为孩子过生日，送去蛋糕和礼物")
        }
        return DemoVisit(date: date, kind: "特殊关爱", occasion: occasion, topics: topics(on: date, random: &random),
                         found: found, help: help)
    }

    /// One to three of the topics, always 防溺水 from May to August.
    func topics(on date: Day, random: inout SplitMix64) -> [String] {
        let all = ["生命健康", "防性侵", "防溺水", "防欺凌", "政策法规"]
        var chosen = Set(random.shuffle(all).prefix(random.int(1...2)))
        if (5...8).contains(date.month) { chosen.insert("防溺水") }
        return all.filter { chosen.contains($0) }
    }
}
