import JieduiCore

/// A fictional town (青禾镇, its villages, units, families and people are all invented) generated
/// from a fixed seed, so that `jiedui --demo` builds the same town every time for the same *today*
/// and a newcomer can try every command at once.
///
/// Nothing in it is real: the region codes 519921 and 519923 belong to no county (Sichuan's
/// prefectures stop at 5134), the phone numbers are 138/139-0000-xxxx, and the ID-card numbers
/// are made by `IdentityNumber.make` with valid check characters. The draws that shape the town
/// (families, children, helpers, who pairs with whom) do not depend on *today*; dates are placed
/// relative to it, so the town keeps its shape on any day and its children keep their ages.
///
/// The script respects every pairing rule (方案 三(三)), so it runs in one transaction on an empty
/// database; it leaves the town a little to do: three unpaired children, two families visited too
/// seldom, a helper who missed the training, and a few children's annual review (核实) still open.
enum DemoTown {
    /// The generator's seed: "QINGHE" in ASCII, then 2024 (0x07E8).
    static let seed: UInt64 = 0x5149_4E47_4845_07E8

    /// The jiedui script that builds the demo town, as of `today`; one command a line.
    static func script(today: Day) -> String {
        var builder = DemoTownBuilder(today: today, seed: seed)
        return builder.build()
    }
}

// MARK: - Generator

/// What the demo draws besides numbers, on the shared seeded generator.
private extension SplitMix64 {
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<Element>(_ items: [Element]) -> Element { items[int(0...(items.count - 1))] }

    /// Fisher–Yates, spelled out so that the order never depends on the standard library.
    mutating func shuffle<Element>(_ items: [Element]) -> [Element] {
        var result = items
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, int(0...index))
            index -= 1
        }
        return result
    }
}

// MARK: - The town's records, before they become commands

/// The six kinds of family the demo makes, one per child category (records.md).
private enum DemoKind {
    case orphan, unsupported, dibaoDisabled, dibao, other, leftBehind

    var category: Int {
        switch self {
        case .orphan: 1
        case .unsupported: 2
        case .dibaoDisabled: 3
        case .dibao: 4
        case .other: 5
        case .leftBehind: 6
        }
    }

    /// The oldest whole age the demo gives a child: a year under the category's limit (under 18,
    /// or under 16 for 留守), so that nobody ages out while the demo database is in use.
    var maxAge: Int { self == .leftBehind ? 14 : 16 }
}

/// How a family is looked after: by a helper (the usual way), by a unit (部门包片), or not yet.
private enum DemoRole {
    case helper, unit, unpaired
}

private struct DemoChild {
    var id = ""
    var name: String
    var sex: Sex
    var born: Day
    var category: Int
    var idno: String
    var fields: [(String, String)]
}

private struct DemoFamily {
    var index: Int
    var id: String
    var kind: DemoKind
    var village: Int
    var fields: [(String, String)] = []
    var children: [DemoChild] = []
    /// A child registered after the family was paired, and so left unpaired.
    var late: DemoChild?
    var role: DemoRole
    var since: Day
    var helper: Int?
    var unit: String?
    /// The family's pair ids, one per child of `children`, in the same order.
    var pairs: [String] = []
    /// Visited too seldom, so that `check` has something to say.
    var short: Bool
}

private struct DemoHelper {
    var id: String
    var name: String
    var sex: Sex
    var unit: String
    var position: String
    var phone: String
    var capacity: Int
    var members: String
    /// Joined lately: paired with nobody yet.
    var newcomer: Bool
    var families = 0
}

/// One visit to a family, recorded once for each of its paired children.
private struct DemoVisit {
    var date: Day
    var kind: String
    var occasion: String?
    var topics: [String]
    var found: String
    var help: String
}

// MARK: - Builder

/// Draws the town, then writes it out as commands in an order the interpreter accepts.
private struct DemoTownBuilder {
    let today: Day
    let seed: UInt64
    var random: SplitMix64
    var lines: [String] = []
    var usedNames: Set<String> = []
    var usedPhones: Set<String> = []
    var usedIdnos: Set<String> = []
    var families: [DemoFamily] = []
    var helpers: [DemoHelper] = []
    var childCount = 0
    var pairCount = 0

    init(today: Day, seed: UInt64) {
        self.today = today
        self.seed = seed
        random = SplitMix64(seed: seed)
    }

    // MARK: Fixed plan

    static let townName = "青禾镇"
    static let villages = ["禾丰村", "柏林湾村", "石垭子村", "龙泉沟村", "桂香村", "清溪坝村", "青禾社区"]
    /// Index of the one 社区 in `villages`; no 农村留守 family lives there.
    static let community = 6
    /// Units and the villages (indices) each is linked to (联系村).
    static let units: [(name: String, villages: [Int])] = [
        ("镇党政办", [6, 0]), ("镇财政所", [1, 5]), ("镇卫生院", [2, 3]), ("镇中心学校", [4]), ("区统计局", [5, 3]),
    ]
    /// Families in the order they are added (F0001…), with their number of children.
    static let familyPlan: [(DemoKind, Int)] = [
        (.leftBehind, 3), (.orphan, 1), (.dibao, 3), (.leftBehind, 3), (.dibaoDisabled, 2), (.other, 2),
        (.leftBehind, 2), (.unsupported, 2), (.leftBehind, 1), (.dibao, 2), (.leftBehind, 2), (.orphan, 2),
        (.dibaoDisabled, 1), (.leftBehind, 4), (.other, 1), (.leftBehind, 3), (.unsupported, 1), (.dibao, 3),
        (.leftBehind, 3), (.dibaoDisabled, 3), (.other, 2), (.leftBehind, 2), (.orphan, 2), (.leftBehind, 1),
        (.dibao, 4), (.unsupported, 2), (.leftBehind, 2), (.other, 3), (.dibaoDisabled, 2), (.leftBehind, 3),
    ]
    /// Family indices (0-based) with a special part to play.
    static let unpairedFamilies: Set<Int> = [8, 14]
    static let unitFamilies: Set<Int> = [2, 6, 20, 26]
    static let shortFamilies: Set<Int> = [9, 23]
    static let recentFamilies: Set<Int> = [5, 17, 28]
    static let lateChildFamily = 15
    /// The eldest child of this family leaves with its parents (随父母外出就读).
    static let exitFamily = 0
    /// Families whose annual review (核实) is still open.
    static let unreviewedFamilies: Set<Int> = [1, 4, 12]
    /// Helpers in the order they are added (H0001…): unit, sex, position.
    static let helperPlan: [(unit: String, sex: Sex, position: String)] = [
        ("镇党政办", .female, "党政办主任"), ("镇党政办", .male, "组织委员"), ("镇党政办", .female, "科员"),
        ("镇党政办", .male, "宣传干事"), ("镇党政办", .female, "妇联主席"), ("镇党政办", .male, "纪检干事"),
        ("镇财政所", .male, "所长"), ("镇财政所", .female, "会计"), ("镇财政所", .female, "出纳"),
        ("镇财政所", .male, "科员"), ("镇卫生院", .female, "护士长"), ("镇卫生院", .male, "院长"),
        ("镇卫生院", .female, "公卫医生"), ("镇卫生院", .male, "医生"), ("镇卫生院", .female, "护士"),
        ("镇中心学校", .female, "教师"), ("镇中心学校", .male, "副校长"), ("镇中心学校", .female, "班主任"),
        ("镇中心学校", .male, "教师"), ("镇中心学校", .female, "心理健康教师"), ("镇中心学校", .male, "教导主任"),
        ("区统计局", .male, "副局长"), ("区统计局", .female, "统计员"), ("区统计局", .male, "科员"),
    ]
    /// Helpers (0-based) who joined lately and have no family yet; the last skips every training.
    static let newcomers: Set<Int> = [14, 23]

    // MARK: Name pools (invented combinations)

    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
        "何", "罗", "郑", "梁", "谢", "唐", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "袁", "蒋",
        "蔡", "杜", "苏", "魏", "任", "姚", "谭", "廖", "贾", "向", "蒲", "文", "龚", "岳", "雷", "冉",
    ]
    static let boyFirst = ["浩", "子", "俊", "宇", "梓", "博", "思", "家", "明", "嘉", "宏", "志", "铭", "天", "景", "睿", "文", "晨", "一", "泽"]
    static let boySecond = ["轩", "涛", "杰", "航", "豪", "然", "辰", "阳", "凯", "宇", "诚", "洋", "鑫", "哲", "林", "峰", "远", "川", "宁", "楠"]
    static let boySingle = ["浩", "杰", "磊", "鑫", "航", "凯", "俊", "睿", "阳", "川"]
    static let girlFirst = ["欣", "梓", "雨", "诗", "佳", "思", "可", "语", "若", "紫", "晓", "婉", "梦", "雅", "心", "馨", "艺", "子", "一", "依"]
    static let girlSecond = ["怡", "涵", "萱", "琪", "悦", "彤", "妍", "瑶", "婷", "琳", "雯", "菲", "蕊", "欣", "然", "诺", "晴", "岚", "冉", "玥"]
    static let girlSingle = ["琳", "婷", "悦", "雪", "瑶", "欣", "妍", "萌", "洁", "颖"]
    static let oldMale = ["德贵", "国强", "建华", "志勇", "明军", "永福", "大勇", "光荣", "文斌", "海波", "长林", "树清", "学文", "成才", "金山", "正华", "春生", "世明", "德明", "有福"]
    static let oldFemale = ["秀英", "桂兰", "春梅", "玉珍", "晓燕", "丽华", "红梅", "淑芬", "美玲", "翠花", "素琴", "凤英", "小琴", "金秀", "兰芳", "德芬", "雪梅", "会英", "玉兰", "冬梅"]
    static let cadreMale = ["志刚", "海涛", "文杰", "俊峰", "晓东", "宏伟", "建军", "立新", "国庆", "永刚", "鹏飞", "浩然", "长青", "云飞"]
    static let cadreFemale = ["丽娟", "晓梅", "雪莲", "文静", "春燕", "慧敏", "海燕", "婷婷", "玉洁", "雅琴", "红霞", "晓丽", "若兰", "静怡"]

    // MARK: Build

    mutating func build() -> String {
        drawFamilies()
        drawHelpers()
        assignHelpers()
        drawSinceDates()

        emit("# 演示数据：\(Self.townName)（虚构）——村、单位、家庭、儿童、帮扶人、结对、走访、培训")
        emit("set town \(Self.townName)")
        emit("set filer \(helpers[4].name)")
        emitVillagesAndUnits()
        emitFamiliesAndChildren()
        emitHelpers()
        emitPairs()
        emitLateChild()
        emitTrainings()
        emitVisits()
        emitReviewsAndExit()
        emitNeedsAndAlerts()
        return lines.joined(separator: "\n") + "\n"
    }

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
                index: index, id: Self.id("F", index + 1), kind: kind, village: village, role: role,
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
            family.fields = drawFamilyFields(kind: kind, surname: surname, village: village,
                                             childCount: total, youngestAgeDays: ages.last!)
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

    /// The household fields, coherent with the category (records.md, 方案 一).
    mutating func drawFamilyFields(kind: DemoKind, surname: String, village: Int, childCount: Int, youngestAgeDays: Int) -> [(String, String)] {
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
            switch variant % 3 {
            case 0:
                (father, mother) = ("服刑在押", "失联")
                situation = "父亲服刑在押，母亲离家后长期失联，由祖父母照料"
            case 1:
                (father, mother) = ("重残", "失踪")
                situation = "父亲重度残疾无力抚养，母亲已失踪，由祖父母照料"
            default:
                (father, mother) = ("强制隔离戒毒", "失联")
                situation = "父亲正在强制隔离戒毒，母亲失联，由祖父母照料"
            }
            benefits = "事实无人抚养儿童基本生活补贴"
        case .dibaoDisabled:
            mother = variant < 30 ? "重病" : "在家"
            relation = mother == "在家" ? "母亲" : "父亲"
            dibao = "是"
            situation = "家中有重残重病儿童，父母在家照料无法外出务工，医疗支出大，纳入低保"
            benefits = "低保、残疾儿童康复救助、医疗救助"
            familyHealth = mother == "重病" ? "母亲患重病，长期服药" : "父母身体尚可"
        case .dibao:
            switch variant % 3 {
            case 0:
                (father, mother, relation) = ("重病", "在家", "母亲")
                situation = "父亲患重病丧失劳动能力，母亲在家务农，纳入低保"
                familyHealth = "父亲患尿毒症，定期透析"
            case 1:
                (father, mother, relation) = ("重残", "在家", "母亲")
                situation = "父亲肢体残疾，母亲在家务农照顾家庭，纳入低保"
                familyHealth = "父亲肢体残疾"
            default:
                (father, mother, relation) = ("在家", "重病", "父亲")
                situation = "母亲患重病长期治疗，父亲在附近打零工维持生计，纳入低保"
                familyHealth = "母亲患重病，长期治疗"
            }
            dibao = "是"
            benefits = "低保"
        case .other:
            switch variant % 3 {
            case 0:
                (father, mother, relation) = ("死亡", "在家", "母亲")
                situation = "父亲因病去世，母亲在家务农，单亲家庭，经济困难"
            case 1:
                (father, mother, relation) = ("在家", "失联", "父亲")
                situation = "父母离异后母亲失联，父亲独自抚养"
            default:
                (father, mother, relation) = ("服刑在押", "在家", "母亲")
                situation = "父亲服刑在押，母亲独自抚养，家庭困难"
            }
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
        return fields
    }

    mutating func drawHelpers() {
        for (index, plan) in Self.helperPlan.enumerated() {
            let surname = random.pick(Self.surnames)
            let name = adultName(surname: surname, male: plan.sex == .male, cadre: true)
            let members = plan.sex == .male
                ? random.pick(["妻子、女儿", "妻子、儿子", "妻子、儿子、母亲", "妻子、女儿、儿子", "妻子"])
                : random.pick(["丈夫、儿子", "丈夫、女儿", "丈夫、儿子、婆婆", "丈夫、女儿、儿子", "丈夫"])
            helpers.append(DemoHelper(
                id: Self.id("H", index + 1), name: name, sex: plan.sex, unit: plan.unit, position: plan.position,
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

    // MARK: Emitting

    mutating func emitVillagesAndUnits() {
        emit("# 村（社区）与工作单位")
        for (index, name) in Self.villages.enumerated() {
            let director = adultName(surname: random.pick(Self.surnames), male: random.chance(40), cadre: true)
            command("village add", [
                ("name", name), ("kind", index == Self.community ? "社区" : "村"),
                ("director", director), ("director_phone", phone()),
            ])
        }
        for unit in Self.units {
            command("unit add", [("name", unit.name)],
                    list: [("villages", unit.villages.map { Self.villages[$0] })])
        }
    }

    mutating func emitFamiliesAndChildren() {
        emit("# 家庭与儿童")
        for index in families.indices {
            command("family add", families[index].fields)
            for child in families[index].children.indices {
                let id = emitChild(families[index].children[child], family: families[index].id)
                families[index].children[child].id = id
            }
        }
    }

    /// Adds a child and returns its id.
    mutating func emitChild(_ child: DemoChild, family: String) -> String {
        childCount += 1
        command("child add", [
            ("name", child.name), ("idno", child.idno), ("family", family), ("category", String(child.category)),
        ] + child.fields)
        return Self.id("C", childCount)
    }

    mutating func emitHelpers() {
        emit("# 结对帮扶人")
        for helper in helpers {
            command("helper add", [
                ("name", helper.name), ("sex", helper.sex == .male ? "男" : "女"), ("unit", helper.unit),
                ("position", helper.position), ("phone", helper.phone), ("capacity", String(helper.capacity)),
                ("members", helper.members),
            ])
        }
    }

    /// Pairs in the order they began; a helper pairs a whole family at once, a unit child by child.
    mutating func emitPairs() {
        emit("# 结对关系")
        let order = families.indices
            .filter { families[$0].role != .unpaired }
            .sorted { (families[$0].since, $0) < (families[$1].since, $1) }
        for index in order {
            let family = families[index]
            if let helper = family.helper {
                command("pair add", [("family", family.id), ("helper", helpers[helper].id), ("since", family.since.iso)])
                for _ in family.children { families[index].pairs.append(nextPair()) }
            } else if let unit = family.unit {
                for child in family.children {
                    command("pair add", [("child", child.id), ("unit", unit), ("since", family.since.iso)])
                    families[index].pairs.append(nextPair())
                }
            }
        }
    }

    mutating func emitLateChild() {
        let index = Self.lateChildFamily
        guard let late = families[index].late else { return }
        emit("# 新近纳入、尚未结对的儿童")
        let id = emitChild(late, family: families[index].id)
        families[index].late?.id = id
    }

    /// Three trainings in the last twelve months, one of them this year; two helpers with families
    /// miss this year's, and the last newcomer misses all.
    mutating func emitTrainings() {
        emit("# 培训")
        let yearStart = Day(year: today.year, month: 1, day: 1)!
        let thisYear = max(yearStart, min(Day(year: today.year, month: 3, day: 12)!, today.adding(days: -2)))
        var middle = today.adding(days: -random.int(150...210))
        if abs(middle.dayNumber - thisYear.dayNumber) < 20 { middle = middle.adding(days: -30) }
        let first = today.adding(days: -random.int(300...340))
        let paired = helpers.indices.filter { helpers[$0].families > 0 }
        let missThisYear = Set(random.shuffle(paired).prefix(2))
        let missMiddle = Set(random.shuffle(paired).prefix(random.int(1...3)))
        let missFirst = Set(random.shuffle(paired).prefix(random.int(1...3)))
        let trainings: [(Day, String, Set<Int>)] = [
            (first, "结对帮扶工作及台账填报培训", missFirst),
            (middle, "防溺水与强制报告制度专题培训", missMiddle),
            (thisYear, "年度儿童关爱保护政策培训", missThisYear),
        ].sorted { $0.0 < $1.0 }
        for (date, title, missing) in trainings {
            let attendees = helpers.indices.filter { index in
                !missing.contains(index) && !(helpers[index].newcomer && index == helpers.count - 1)
            }
            command("training add", [("date", date.iso), ("title", title)],
                    list: [("attendees", attendees.map { helpers[$0].id })])
        }
    }

    mutating func emitVisits() {
        emit("# 走访记录")
        let exitDate = exitDay
        var all: [(visit: DemoVisit, pair: String)] = []
        for family in families where family.helper != nil {
            let visits = drawVisits(for: family)
            for visit in visits {
                for (order, pair) in family.pairs.enumerated() {
                    if family.index == Self.exitFamily, order == 0, visit.date >= exitDate { continue }
                    all.append((visit, pair))
                }
            }
        }
        all.sort { ($0.visit.date, $0.pair) < ($1.visit.date, $1.pair) }
        for (visit, pair) in all {
            var fields: [(String, String)] = [("pair", pair), ("date", visit.date.iso), ("kind", visit.kind)]
            if let occasion = visit.occasion { fields.append(("occasion", occasion)) }
            command("visit add", fields, list: [("topics", visit.topics)],
                    after: [("found", visit.found), ("help", visit.help)])
        }
    }

    var exitDay: Day { today.adding(days: -20) }

    mutating func emitReviewsAndExit() {
        emit("# 年度核实与退出")
        // 方案 四(一): most children are reviewed in March (or by today early in the year);
        // a few families are still to do, so that `check` and `due` have something to say.
        let yearStart = Day(year: today.year, month: 1, day: 1)!
        for (index, family) in families.enumerated() where !Self.unreviewedFamilies.contains(index) {
            for (order, child) in family.children.enumerated() {
                if index == Self.exitFamily && order == 0 { continue }
                let march = Day(year: today.year, month: 3, day: 1 + (index + order) % 28)!
                let date = max(yearStart, min(today, march))
                emit("child review \(child.id) date=\(date.iso)")
            }
        }
        let family = families[Self.exitFamily]
        if family.helper != nil {
            emit("child exit \(family.children[0].id) reason=随父母外出就读 date=\(exitDay.iso)")
        }
    }

    /// 方案 四(三)三、四: problems found and the help given, two social forces, and two
    /// mandatory reports (one made at once, one late with its reason).
    mutating func emitNeedsAndAlerts() {
        emit("# 困难诉求、社会力量与强制报告")
        emit("org add name=青禾春苗爱心协会 kind=爱心组织 services=心理疏导,教育帮扶 contact=何老师 phone=13800009001")
        emit("org add name=青禾社工服务站 kind=社会工作服务机构 services=照料护理,资源链接 contact=余站长 phone=13800009002")
        let a = families[3].children[0].id, b = families[7].children[0].id
        let c = families[10].children[0].id, d = families[21].children[0].id
        emit("need add child=\(a) date=\(today.adding(days: -100).iso) kind=经济困难 detail=父亲重病，家庭收入骤减")
        emit("need resolve N0001 date=\(today.adding(days: -70).iso) measures=临时救助,基本保障")
        emit("need add child=\(b) date=\(today.adding(days: -45).iso) kind=亲情缺失 detail=父母长期外出，情绪低落")
        emit("need refer N0002 to=青禾春苗爱心协会")
        emit("need add child=\(c) date=\(today.adding(days: -60).iso) kind=教育缺位 detail=成绩下滑，有厌学情绪")
        emit("need add child=\(d) date=\(today.adding(days: -10).iso) kind=安全缺保 detail=家附近有无护栏的水塘")
        emit("alert add child=\(c) date=\(today.adding(days: -40).iso) situation=监护履责不到位 reported_to=村 reported=\(today.adding(days: -40).iso) outcome=村委会已上门劝诫")
        emit("alert add child=\(d) date=\(today.adding(days: -12).iso) situation=脱离监护单独居住 reported_to=公安,民政 reported=\(today.adding(days: -9).iso) override=\"山路塌方，电话不通，恢复后即报告\" outcome=已联系亲属接回照料")
    }

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

    // MARK: Text

    static func id(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    mutating func nextPair() -> String {
        pairCount += 1
        return Self.id("P", pairCount)
    }

    mutating func emit(_ line: String) { lines.append(line) }

    /// One command line: `head key=value…`, then the list fields (joined by `,`, each item a bare
    /// word), then `after`. Empty values are left out.
    mutating func command(_ head: String, _ fields: [(String, String)], list: [(String, [String])] = [],
                          after: [(String, String)] = []) {
        var words = [head]
        for (key, value) in fields where !value.isEmpty { words.append("\(key)=\(Self.quoted(value))") }
        for (key, items) in list where !items.isEmpty { words.append("\(key)=\(items.joined(separator: ","))") }
        for (key, value) in after where !value.isEmpty { words.append("\(key)=\(Self.quoted(value))") }
        emit(words.joined(separator: " "))
    }

    /// A value as a bare word where the lexer allows, else in quotes (language.md, Lexical rules).
    static func quoted(_ value: String) -> String {
        let special: Set<Character> = [" ", "\u{3000}", "\"", ";", "#", "=", "(", ")", ",", "<", ">", "!", "~", "\\", "＝"]
        guard value.contains(where: { special.contains($0) }) else { return value }
        var text = "\""
        for character in value {
            switch character {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.append(character)
            }
        }
        return text + "\""
    }
}
