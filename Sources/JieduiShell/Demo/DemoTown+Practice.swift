import JieduiCore

/// What practice.md adds to the demo town: the survey form's fields of every child and family, a
/// few red, yellow and blue children (四色管理), the entrustments, the calls to the migrant parents,
/// and a first visit within days of each pairing — and, so that `check` shows each new rule, one
/// red child visited too seldom, one new pair visited late, one left-behind family without an
/// entrustment and one whose parents nobody calls. Each family's draws come from a generator of
/// its own, so that the town the main sequence draws stays as it was.
extension DemoTownBuilder {
    // MARK: Plan

    /// Where the parents work, as the survey form writes it.
    static let workplaces: [String: String] = [
        "广东东莞": "广东省东莞市", "浙江宁波": "浙江省宁波市", "福建晋江": "福建省晋江市", "江苏苏州": "江苏省苏州市",
        "新疆昌吉": "新疆维吾尔自治区昌吉市", "重庆": "重庆市", "成都": "四川省成都市",
    ]
    /// The 民族 of the families that are not 汉族 (a few, as in the hills of the province).
    static let minorities = ["彝族", "藏族", "羌族", "回族", "土家族"]
    /// How much danger some children are in, and why, by family index (the eldest child).
    /// Families 3, 7, 10 and 21 are those of the needs and alerts (`emitNeedsAndAlerts`).
    static let risks: [(family: Int, risk: String, reason: String)] = [
        (21, "红", "曾脱离监护单独居住，现由亲属接回照料"),
        (3, "黄", "父亲重病，家庭收入骤减"),
        (10, "黄", "监护人履责不到位，已劝诫，需持续关注"),
        (7, "蓝", "父母长期外出，情绪低落"),
    ]

    /// The generator of a family's practice.md fields.
    func practiceRandom(_ family: Int) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(family + 1) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The generator of a family's practice.md visits.
    func practiceVisitRandom(_ family: Int) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(family + 1) &* 0xBF58_476D_1CE4_E5B9))
    }

    /// Left-behind families paired with a helper, other than the family one of whose children
    /// leaves, the family with a child registered late and those with a child in danger.
    private var pairedLeftBehind: [Int] {
        families.indices.filter { index in
            families[index].kind == .leftBehind && families[index].helper != nil && index != Self.exitFamily
                && index != Self.lateChildFamily && !Self.risks.contains { $0.family == index }
        }
    }

    /// The left-behind family whose parents have signed no entrustment yet.
    var unentrustedFamily: Int? { pairedLeftBehind.first }

    /// The left-behind family whose migrant parents nobody has called.
    var uncalledFamily: Int? { pairedLeftBehind.dropFirst().first }

    /// The family whose eldest child is red and has not been visited for over a month.
    var neglectedRedFamily: Int? {
        families.indices.first { index in
            let family = families[index]
            return (family.kind == .orphan || family.kind == .unsupported) && family.helper != nil && !family.short
                && !Self.recentFamilies.contains(index) && !Self.risks.contains { $0.family == index }
        }
    }

    /// The new pair first visited late: the first recent family paired with a helper.
    var lateFirstVisitFamily: Int? {
        Self.recentFamilies.sorted().first { families[$0].helper != nil }
    }

    // MARK: Drawing

    /// The survey form's fields of each family and child, appended to what `add` gives them.
    mutating func drawPractice() {
        var parentPhones: Set<String> = []
        for index in families.indices {
            var random = practiceRandom(index)
            let family = families[index]
            let ethnicity = random.chance(92) ? "汉族" : random.pick(Self.minorities)
            let hukou = "\(Self.townName)\(Self.villages[family.village])"
            for child in families[index].children.indices {
                let fields = childPractice(families[index].children[child], ethnicity: ethnicity, hukou: hukou, random: &random)
                families[index].children[child].fields += fields
            }
            if var late = families[index].late {
                late.fields += childPractice(late, ethnicity: ethnicity, hukou: hukou, random: &random)
                families[index].late = late
            }
            let fields = familyPractice(family, random: &random, phones: &parentPhones)
            families[index].fields += fields
        }
    }

    private func childPractice(_ child: DemoChild, ethnicity: String, hukou: String, random: inout SplitMix64) -> [(String, String)] {
        var fields: [(String, String)] = [("ethnicity", ethnicity), ("hukou", hukou)]
        let age = child.born.age(on: today)
        let school = child.fields.first { $0.0 == "school" }?.1 ?? ""
        let schooling = switch age {
        case ..<3: "未入园"
        case 3...5: "幼儿园"
        case 6...11: "小学"
        case 12...14: "初中"
        default: school.contains("职业") ? "中职" : "高中"
        }
        fields.append(("schooling", schooling))
        let boards = age >= 12 && random.chance(40)
        if age >= 6 { fields.append(("boarding", boards ? "是" : "否")) }
        // The disability as the certificate gives it: 肢体二级 is 肢体, grade 2.
        if let disability = child.fields.first(where: { $0.0 == "disability" })?.1 {
            let grades = ["一级": 1, "二级": 2, "三级": 3, "四级": 4]
            if let kind = Enumeration.disabilityKind.labels.first(where: disability.hasPrefix) {
                fields.append(("disability_kind", kind))
                if let grade = grades.first(where: { disability.hasSuffix($0.key) })?.value { fields.append(("disability_grade", String(grade))) }
            }
        }
        return fields
    }

    private func familyPractice(_ family: DemoFamily, random: inout SplitMix64, phones: inout Set<String>) -> [(String, String)] {
        func field(_ key: String) -> String? { family.fields.first { $0.0 == key }?.1 }
        let father = field("father") ?? "", mother = field("mother") ?? ""
        var fields: [(String, String)] = []
        if random.chance(12) {
            let other = (family.village + random.int(1...5)) % Self.villages.count
            fields.append(("residence", "外祖父母家（\(Self.villages[other])）"))
        }
        let incapable = ["重病", "重残", "服刑在押", "强制隔离戒毒", "失联", "失踪"]
        let guardianship: String = switch family.kind {
        case .leftBehind where incapable.contains(mother): "父或母无监护能力"
        case .leftBehind: random.chance(20) ? "受委托监护人监护能力不足" : random.chance(50) ? "较好" : "一般"
        case .unsupported: "父或母无监护能力"
        case .orphan: random.chance(50) ? "较好" : "一般"
        default: incapable.contains(father) || incapable.contains(mother) ? "父或母无监护能力" : "一般"
        }
        fields.append(("guardianship_type", guardianship))
        let fatherName = family.surname + random.pick(Self.cadreMale)
        let motherName = random.pick(Self.surnames.filter { $0 != family.surname }) + random.pick(Self.cadreFemale)
        fields += [("father_name", fatherName), ("mother_name", motherName)]
        /// A fake mobile number apart from the town's others: 136 or 137, then 0000.
        func phone(_ head: String) -> String {
            while true {
                let number = head + "0000" + String(random.int(0...9999) + 10000).dropFirst()
                if phones.insert(number).inserted { return number }
            }
        }
        let reachable = ["在家", "外出务工"]
        if reachable.contains(father) { fields.append(("father_phone", phone("137"))) }
        if reachable.contains(mother) { fields.append(("mother_phone", phone("136"))) }
        let workplace = Self.workplaces[family.place] ?? family.place
        if father == "外出务工" { fields.append(("father_workplace", workplace)) }
        if mother == "外出务工" {
            let elsewhere = Self.workplaces[random.pick(Self.workplaces.keys.sorted())] ?? workplace
            fields.append(("mother_workplace", random.chance(75) ? workplace : elsewhere))
        }
        // 委托监护确认书: signed a few days after the parents left, except in one family.
        if family.kind == .leftBehind, family.index != unentrustedFamily,
           let away = field("father_away_since").flatMap(Day.parse) {
            fields.append(("entrusted", min(today, away.adding(days: random.int(3...20))).iso))
        }
        return fields
    }

    // MARK: Visits

    /// A family's visits as practice.md has them: a first visit a few working days after the
    /// pairing (late for one new pair), the red child's family not visited for over a month,
    /// and the calls to a left-behind family's migrant parents every six to ten weeks.
    func practiceVisits(_ drawn: [DemoVisit], for family: DemoFamily) -> [DemoVisit] {
        var random = practiceVisitRandom(family.index)
        var visits = drawn
        let deadline = VisitingRules.standard.firstVisitDeadline(since: family.since)
        if family.index == lateFirstVisitFamily {
            // Nothing before the deadline: the first visit comes a few days after it.
            visits = visits.enumerated().compactMap { offset, visit in
                guard visit.date <= deadline else { return visit }
                var late = visit
                late.date = deadline.adding(days: 2 + offset)
                return late.date <= today ? late : nil
            }
        } else {
            let first = family.since.addingWorkingDays(random.int(1...3))
            if first <= today {
                visits.append(DemoVisit(date: first, kind: "入户走访", occasion: nil, topics: ["生命健康", "政策法规"],
                                        found: "初次入户，了解家庭基本情况", help: "建立联系，留下帮扶人联系方式"))
            }
        }
        if family.index == neglectedRedFamily {
            // No visit in the last 40 days: the ones drawn there come a little earlier.
            let cutoff = today.adding(days: -40)
            visits = visits.enumerated().map { offset, visit in
                guard visit.date > cutoff else { return visit }
                var early = visit
                early.date = cutoff.adding(days: -1 - offset)
                return early
            }
        }
        if family.kind == .leftBehind, family.index != uncalledFamily {
            var day = max(family.since, today.adding(days: -364)).adding(days: random.int(5...40))
            while day <= today {
                let (found, help) = random.pick([
                    ("父母在外务工，身体健康", "向父母反馈孩子近况，提醒每周与孩子视频"),
                    ("父亲工作较忙，很少与孩子联系", "建议父亲固定时间给孩子打电话"),
                    ("母亲担心孩子学习", "转达班主任评价，约定期末再联系"),
                    ("父母计划春节回家", "提醒父母提前安排，多陪伴孩子"),
                ])
                visits.append(DemoVisit(date: day, kind: "联系父母", occasion: nil, topics: [], found: found, help: help))
                day = day.adding(days: random.int(45...75))
            }
        }
        return visits
    }

    /// `child set` of the children in danger, after the needs and alerts that are the reasons.
    mutating func emitRisks() {
        emit("# 四色管理：风险等级")
        var risks = Self.risks
        if let red = neglectedRedFamily { risks.insert((red, "红", "祖父母年迈多病，照料困难，孩子常独自在家"), at: 0) }
        for (index, risk, reason) in risks where families.indices.contains(index) {
            guard let child = families[index].children.first, !child.id.isEmpty else { continue }
            command("child set \(child.id)", [("risk", risk), ("risk_reason", reason)])
        }
    }
}
