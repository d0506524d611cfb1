import JieduiCore

/// Drawing the town's families, children and helpers, and who pairs with whom.
extension DemoTownBuilder {
    // MARK: Drawing

    mutating func drawFamilies() {
        var leftBehindVillage = random.int(0...5)
        var otherVillage = Self.community
        for (index, plan) in Self.familyPlan.enumerated() {
            let (kind, count) = plan
            let village: Int
            if kind == .leftBehind {
                village = leftBehindVillage % 6
                leftBehindVillage += 1
            } else {
                village = otherVillage % Self.villages.count
                otherVillage += 1
            }
            let role: DemoRole = Self.unpairedFamilies.contains(index) ? .unpaired
                : Self.unitFamilies.contains(index) ? .unit : .helper
            var family = DemoFamily(
                index: index, id: Noun.family.formatID(index + 1), kind: kind, village: village, role: role,
                since: today, short: Self.shortFamilies.contains(index))
            let surname = random.pick(Self.surnames)
            let total = count + (index == Self.lateChildFamily ? 1 : 0)
            let ages = drawAgesInDays(count: total, maxAge: kind.maxAge)
            let disabledChild = random.int(0...(total - 1))
            var children: [DemoChild] = []
            for (order, ageDays) in ages.enumerated() {
                let category = kind == .dibaoDisabled && order != disabledChild ? 4 : kind.category
                children.append(drawChild(surname: surname, born: today.adding(days: -ageDays),
                                          category: category, kind: kind, village: village))
            }
            if index == Self.lateChildFamily { family.late = children.removeLast() }
            family.children = children
            (family.fields, family.place) = drawFamilyFields(kind: kind, surname: surname, village: village,
                                                             childCount: total, youngestAgeDays: ages.last!)
            family.surname = surname
            families.append(family)
        }
    }

    /// Ages in days, eldest first, 430–1300 days apart, the youngest at least 400 days old and the
    /// eldest at least 30 days short of `maxAge + 1` years (365-day years, so leap days only help).
    mutating func drawAgesInDays(count: Int, maxAge: Int) -> [Int] {
        let oldest = (maxAge + 1) * 365 - 30
        var gaps = (0..<(count - 1)).map { _ in random.int(430...1300) }
        while 400 + gaps.reduce(0, +) > oldest, let largest = gaps.indices.max(by: { gaps[$0] < gaps[$1] }) {
            gaps[largest] -= 100
        }
        var age = random.int(400...(oldest - gaps.reduce(0, +)))
        var ages = [age]
        for gap in gaps {
            age += gap
            ages.append(age)
        }
        return ages.reversed()
    }

    mutating func drawChild(surname: String, born: Day, category: Int, kind: DemoKind, village: Int) -> DemoChild {
        let sex: Sex = random.chance(50) ? .male : .female
        let name = childName(surname: surname, sex: sex)
        let region = random.chance(88) ? "519921" : "519923"
        var idno = ""
        repeat {
            let sequence = random.int(0...499) * 2 + (sex == .male ? 1 : 0)
            idno = IdentityNumber.make(region: region, born: born, sequence: sequence).text
        } while usedIdnos.contains(idno)
        usedIdnos.insert(idno)

        let age = born.age(on: today)
        var fields: [(String, String)] = []
        var disabled = false
        if category == 3 {
            if random.chance(55) {
                disabled = true
                fields.append(("disability", random.pick(["肢体二级", "智力二级", "听力一级", "视力二级", "肢体一级", "多重一级"])))
                fields.append(("health", "重度残疾"))
            } else {
                fields.append(("illness", random.pick(["先天性心脏病", "急性淋巴细胞白血病（维持治疗）", "肾病综合征", "癫痫", "重型地中海贫血", "1型糖尿病"])))
                fields.append(("health", "患病治疗中"))
            }
        } else {
            fields.append(("health", random.pick(["健康", "健康", "良好", "体弱，易感冒", "轻度近视"])))
        }
        let villageSchool = random.chance(40) && village != Self.community
        let homeTeaching = disabled && random.chance(50)
        let highSchool = random.chance(50) ? "区第二高级中学" : "区职业技术学校"
        switch age {
        case ..<3:
            fields.append(("school", "未入学"))
        case 3...5:
            fields.append(("school", "\(Self.townName)中心幼儿园"))
            fields.append(("grade", ["小班", "中班", "大班"][age - 3]))
        case 6...11:
            let stem = String(Self.villages[village].dropLast())
            let school = homeTeaching ? "\(Self.townName)中心小学（送教上门）"
                : villageSchool ? "\(stem)小学" : "\(Self.townName)中心小学"
            fields.append(("school", school))
            fields.append(("grade", ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"][age - 6]))
        case 12...14:
            fields.append(("school", homeTeaching ? "\(Self.townName)初级中学（送教上门）" : "\(Self.townName)初级中学"))
            fields.append(("grade", ["七年级", "八年级", "九年级"][age - 12]))
        default:
            fields.append(("school", highSchool))
            fields.append(("grade", age == 15 ? "高一" : "高二"))
        }
        // Every draw is made whatever the age, so that the town keeps its shape on any day.
        let study = random.pick(["良好", "中等", "较好", "一般，数学较弱", "优秀", "中等偏下，需辅导"])
        if age >= 6 { fields.append(("study", study)) }
        let hobbyCount = random.int(1...2)
        let youngHobbies = random.shuffle(["搭积木", "画画", "看绘本", "唱儿歌", "玩滑梯", "捏橡皮泥"]).prefix(hobbyCount)
        let hobbies = random.shuffle(["篮球", "跳绳", "画画", "阅读", "唱歌", "乒乓球", "书法", "跳舞", "踢足球",
                                      "下象棋", "手工", "弹电子琴"]).prefix(hobbyCount)
        fields.append(("hobbies", (age < 6 ? youngHobbies : hobbies).joined(separator: "、")))
        let relation = random.pick(["每周与父母视频通话", "与父母联系较少", "春节父母回家团聚", "与母亲较亲近"])
        if kind == .leftBehind { fields.append(("parent_relation", relation)) }
        let missesParents = kind == .leftBehind && random.chance(40)
        let parentWish = random.pick(["希望爸爸妈妈回家过年", "想去爸爸妈妈打工的城市看看", "希望妈妈多打电话"])
        let youngWish = random.pick(["一个毛绒玩具", "一套绘本", "一盒积木", "去城里看看动物园", "一件新衣服"])
        let wish = random.pick(["一套新的课外书", "一个新书包", "一双运动鞋", "一台学习机", "一辆自行车", "去城里看看动物园",
                                "考上好的中学", "一套画笔", "一个篮球", "一件新羽绒服"])
        fields.append(("wishes", missesParents ? parentWish : age < 6 ? youngWish : wish))
        return DemoChild(name: name, sex: sex, born: born, category: category, idno: idno, fields: fields)
    }

    /// A household's story: the father's and the mother's situation, who cares for the child,
    /// and the situation in words.
    typealias Story = (father: String, mother: String, relation: String, situation: String)

    /// The stories of children with no one to support them (事实无人抚养); a household gets one by
    /// its variant, as it does for the other categories.
    static let unsupportedStories: [Story] = [
        ("服刑在押", "失联", "祖父母", "父亲服刑在押，母亲离家后长期失联，由祖父母照料"),
        ("重残", "失踪", "祖父母", "父亲重度残疾无力抚养，母亲已失踪，由祖父母照料"),
        ("强制隔离戒毒", "失联", "祖父母", "父亲正在强制隔离戒毒，母亲失联，由祖父母照料"),
    ]
    /// The stories of families on 低保, with the family's health beside each.
    static let dibaoStories: [Story] = [
        ("重病", "在家", "母亲", "父亲患重病丧失劳动能力，母亲在家务农，纳入低保"),
        ("重残", "在家", "母亲", "父亲肢体残疾，母亲在家务农照顾家庭，纳入低保"),
        ("在家", "重病", "父亲", "母亲患重病长期治疗，父亲在附近打零工维持生计，纳入低保"),
    ]
    static let dibaoHealth = ["父亲患尿毒症，定期透析", "父亲肢体残疾", "母亲患重病，长期治疗"]
    /// The stories of other children in difficulty.
    static let otherStories: [Story] = [
        ("死亡", "在家", "母亲", "父亲因病去世，母亲在家务农，单亲家庭，经济困难"),
        ("在家", "失联", "父亲", "父母离异后母亲失联，父亲独自抚养"),
        ("服刑在押", "在家", "母亲", "父亲服刑在押，母亲独自抚养，家庭困难"),
    ]

    /// The household fields, coherent with the category (records.md, 方案 一).
    /// Returns the fields, and the place where the parents of a left-behind family work.
    mutating func drawFamilyFields(kind: DemoKind, surname: String, village: Int, childCount: Int, youngestAgeDays: Int)
        -> (fields: [(String, String)], place: String) {
        let address = village == Self.community
            ? "\(Self.villages[village])\(random.pick(["幸福路", "禾兴街", "文化巷"]))\(random.int(1...88))号"
            : "\(Self.villages[village])\(random.int(1...9))组\(random.int(1...60))号"
        let otherSurname = random.pick(Self.surnames.filter { $0 != surname })
        let place = random.pick(["广东东莞", "浙江宁波", "福建晋江", "江苏苏州", "新疆昌吉", "重庆", "成都"])
        let variant = random.int(0...99)
        let environment = random.pick(["砖混结构住房，居住安全", "两层砖房，卫生条件一般", "易地搬迁安置房，居住条件较好",
                                       "土木结构老房，已列入危房改造", "砖混平房，院坝临近堰塘"])
        let generalHealth = random.pick(["祖父母年迈，身体尚可", "祖母患高血压", "家人身体健康", "祖父患慢性支气管炎"])
        let awayLatest = max(150, min(2400, youngestAgeDays - 60))
        let fatherAway = today.adding(days: -random.int(150...awayLatest))
        let motherAway = today.adding(days: -random.int(150...awayLatest))

        var father = "在家", mother = "在家", relation = "祖父母", dibao = "否"
        var situation = "", benefits: String?
        var familyHealth = generalHealth
        switch kind {
        case .orphan:
            father = "死亡"
            mother = variant < 60 ? "死亡" : "失踪"
            relation = variant % 2 == 0 ? "祖父母" : "其他亲属"
            let carer = relation == "祖父母" ? "祖父母" : "伯父一家"
            situation = mother == "死亡" ? "父母先后因病去世，由\(carer)抚养" : "父亲因事故去世，母亲下落不明多年，由\(carer)抚养"
            benefits = "孤儿基本生活费、城乡居民医保资助参保"
        case .unsupported:
            (father, mother, relation, situation) = Self.unsupportedStories[variant % 3]
            benefits = "事实无人抚养儿童基本生活补贴"
        case .dibaoDisabled:
            mother = variant < 30 ? "重病" : "在家"
            relation = mother == "在家" ? "母亲" : "父亲"
            dibao = "是"
            situation = "家中有重残重病儿童，父母在家照料无法外出务工，医疗支出大，纳入低保"
            benefits = "低保、残疾儿童康复救助、医疗救助"
            familyHealth = mother == "重病" ? "母亲患重病，长期服药" : "父母身体尚可"
        case .dibao:
            (father, mother, relation, situation) = Self.dibaoStories[variant % 3]
            familyHealth = Self.dibaoHealth[variant % 3]
            dibao = "是"
            benefits = "低保"
        case .other:
            (father, mother, relation, situation) = Self.otherStories[variant % 3]
            benefits = "临时救助"
        case .leftBehind:
            father = "外出务工"
            if variant < 80 {
                mother = "外出务工"
                relation = variant % 3 == 0 ? "外祖父母" : "祖父母"
                situation = "父母在\(place)务工，常年不在家，由\(relation)照料"
            } else {
                mother = "重病"
                relation = "祖父母"
                situation = "父亲在\(place)务工，母亲患重病无力照料，由祖父母照料"
                familyHealth = "母亲患重病，祖父母年迈"
            }
        }
        let guardian: String
        switch relation {
        case "父亲": guardian = adultName(surname: surname, male: true, cadre: false)
        case "母亲": guardian = adultName(surname: otherSurname, male: false, cadre: false)
        case "外祖父母": guardian = adultName(surname: otherSurname, male: variant % 2 == 0, cadre: false)
        case "其他亲属": guardian = adultName(surname: surname, male: true, cadre: false)
        default: guardian = variant % 2 == 0 ? adultName(surname: surname, male: true, cadre: false)
            : adultName(surname: otherSurname, male: false, cadre: false)
        }

        var fields: [(String, String)] = [
            ("village", Self.villages[village]), ("address", address), ("guardian", guardian),
            ("guardian_relation", relation), ("guardian_phone", phone()), ("father", father), ("mother", mother),
        ]
        if father == "外出务工" { fields.append(("father_away_since", fatherAway.iso)) }
        if mother == "外出务工" { fields.append(("mother_away_since", motherAway.iso)) }
        fields.append(("dibao", dibao))
        fields.append(("situation", "\(situation)，共有\(childCount)名子女"))
        if let benefits { fields.append(("benefits", benefits)) }
        fields.append(("environment", environment))
        fields.append(("family_health", familyHealth))
        return (fields, place)
    }

    mutating func drawHelpers() {
        for (index, plan) in Self.helperPlan.enumerated() {
            let surname = random.pick(Self.surnames)
            let name = adultName(surname: surname, male: plan.sex == .male, cadre: true)
            let members = plan.sex == .male
                ? random.pick(["妻子、女儿", "妻子、儿子", "妻子、儿子、母亲", "妻子、女儿、儿子", "妻子"])
                : random.pick(["丈夫、儿子", "丈夫、女儿", "丈夫、儿子、婆婆", "丈夫、女儿、儿子", "丈夫"])
            helpers.append(DemoHelper(
                id: Noun.helper.formatID(index + 1), name: name, sex: plan.sex, unit: plan.unit, position: plan.position,
                phone: phone(), capacity: random.chance(35) ? 3 : 2, members: members,
                newcomer: Self.newcomers.contains(index)))
        }
    }

    /// Gives each helper-paired family a helper: families with a girl aged 8 or more first, to women
    /// only (方案 三(三)); each to the least loaded helper with room, preferring one whose unit is
    /// linked to the family's village. A family nobody can take stays unpaired.
    mutating func assignHelpers() {
        let rank = random.shuffle(Array(helpers.indices))
        var rankOf = [Int](repeating: 0, count: helpers.count)
        for (position, helper) in rank.enumerated() { rankOf[helper] = position }
        let candidates = families.indices.filter { families[$0].role == .helper }
        let needsWoman = Set(candidates.filter { index in
            families[index].children.contains { $0.sex == .female && $0.born.age(on: today) >= 8 }
        })
        let order = candidates.filter { needsWoman.contains($0) } + candidates.filter { !needsWoman.contains($0) }
        for familyIndex in order {
            let village = families[familyIndex].village
            let eligible = helpers.indices.filter { index in
                let helper = helpers[index]
                return !helper.newcomer && helper.families < helper.capacity
                    && (!needsWoman.contains(familyIndex) || helper.sex == .female)
            }
            func key(_ index: Int) -> (Int, Int, Int) {
                let linked = Self.units.first { $0.name == helpers[index].unit }!.villages.contains(village)
                return (helpers[index].families, linked ? 0 : 1, rankOf[index])
            }
            guard let chosen = eligible.min(by: { key($0) < key($1) }) else {
                families[familyIndex].role = .unpaired
                continue
            }
            helpers[chosen].families += 1
            families[familyIndex].helper = chosen
        }
        for index in families.indices where families[index].role == .unit {
            let village = families[index].village
            families[index].unit = Self.units.first { $0.villages.contains(village) }!.name
        }
    }

    /// Most pairs began 12 to 16 months ago, so that they have a whole year of visits; a few early
    /// this year (or a month or two ago, early in January); none before the youngest child's birth.
    mutating func drawSinceDates() {
        let yearStart = Day(year: today.year, month: 1, day: 1)!
        for index in families.indices {
            let yearAgo = today.adding(days: -random.int(370...500))
            let earlyThisYear = yearStart.adding(days: random.int(5...80))
            let fallback = today.adding(days: -random.int(30...60))
            var since = Self.recentFamilies.contains(index) ? min(earlyThisYear, fallback) : yearAgo
            if let youngest = families[index].children.map(\.born).max() {
                since = min(today, max(since, youngest.adding(days: 30)))
            }
            families[index].since = since
        }
    }


    // MARK: People

    mutating func childName(surname: String, sex: Sex) -> String {
        while true {
            let given = sex == .male
                ? (random.chance(20) ? random.pick(Self.boySingle) : random.pick(Self.boyFirst) + random.pick(Self.boySecond))
                : (random.chance(20) ? random.pick(Self.girlSingle) : random.pick(Self.girlFirst) + random.pick(Self.girlSecond))
            let name = surname + given
            if given.count == 2, given.first == given.last { continue }
            if usedNames.insert(name).inserted { return name }
        }
    }

    mutating func adultName(surname: String, male: Bool, cadre: Bool) -> String {
        while true {
            let pool = cadre ? (male ? Self.cadreMale : Self.cadreFemale) : (male ? Self.oldMale : Self.oldFemale)
            let name = surname + random.pick(pool)
            if usedNames.insert(name).inserted { return name }
        }
    }

    /// An obviously fake mobile number: 138 or 139, then 0000, then four digits.
    mutating func phone() -> String {
        while true {
            let number = random.pick(["138", "139"]) + "0000" + String(random.int(0...9999) + 10000).dropFirst()
            if usedPhones.insert(number).inserted { return number }
        }
    }
}
