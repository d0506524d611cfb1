import Foundation

/// A closed set of values a field may take. Each value is stored and printed by its Chinese
/// label and may be typed by that label, an English alias, or (for category) its number.
public struct Enumeration: Sendable, Hashable {
    /// One value: its Chinese label, the English aliases and other spellings people write.
    public struct Value: Sendable, Hashable {
        public let label: String
        public let aliases: [String]
        public let number: Int?

        public init(_ label: String, _ aliases: [String] = [], number: Int? = nil) {
            self.label = label
            self.aliases = aliases
            self.number = number
        }

        /// The English name used for this value in `en` help and suggestions.
        public var english: String { aliases.first ?? label }
    }

    public let name: String
    public let values: [Value]

    public init(_ name: String, _ values: [Value]) {
        self.name = name
        self.values = values
    }

    /// The stored label for what the user typed, or nil when it is none of the values.
    public func resolve(_ text: String) -> String? {
        let typed = text.trimmed
        let lowered = typed.lowercased()
        for value in values {
            if value.label == typed { return value.label }
            if value.aliases.contains(where: { $0.lowercased() == lowered }) { return value.label }
            if let number = value.number, String(number) == typed { return value.label }
        }
        return nil
    }

    /// Every spelling accepted for this enumeration, for suggestions and completion.
    public var spellings: [String] {
        values.flatMap { [$0.label] + $0.aliases }
    }

    /// The labels in their defined order.
    public var labels: [String] { values.map(\.label) }

    /// The position of a label in the defined order (used to sort by enum order).
    public func rank(of label: String) -> Int? {
        values.firstIndex { $0.label == label }
    }
}

/// Every enumeration of records.md and rules.md, with its Chinese labels beside the English
/// aliases — the one table the rest of the code reads.
extension Enumeration {
    // records.md: village
    public static let villageKind = Enumeration("village kind", [.init("村", ["village"]), .init("社区", ["community"])])

    public static let sex = Enumeration("sex", [.init("男", ["male", "M"]), .init("女", ["female", "F"])])

    public static let guardianRelation = Enumeration("guardian relation", [
        .init("父亲", ["father"]), .init("母亲", ["mother"]), .init("祖父母", ["grandparents"]),
        .init("外祖父母", ["maternal-grandparents"]), .init("其他亲属", ["relative"]), .init("其他", ["other"]),
    ])

    public static let parentStatus = Enumeration("parent status", [
        .init("在家", ["home"]), .init("外出务工", ["away-working"]), .init("死亡", ["dead"]),
        .init("失踪", ["missing"]), .init("重残", ["disabled"]), .init("重病", ["ill"]),
        .init("服刑在押", ["imprisoned"]), .init("强制隔离戒毒", ["rehab"]), .init("限制人身自由", ["detained"]),
        .init("失联", ["unreachable"]), .init("撤销监护资格", ["guardianship-revoked"]), .init("遣送出境", ["deported"]),
    ])

    public static let yesNo = Enumeration("yes/no", [.init("是", ["yes", "y", "true"]), .init("否", ["no", "n", "false"])])

    // 方案 三(一): the six categories, with the age limit each is for.
    public static let category = Enumeration("category", [
        .init("孤儿", ["orphan"], number: 1),
        .init("事实无人抚养儿童", ["unsupported", "事实无人抚养"], number: 2),
        .init("低保家庭重残重病儿童", ["dibao-disabled"], number: 3),
        .init("其他低保家庭儿童", ["dibao"], number: 4),
        .init("其他困境儿童", ["other"], number: 5),
        .init("农村留守儿童", ["left-behind", "留守儿童"], number: 6),
    ])

    public static let childStatus = Enumeration("child status", [.init("在册", ["active"]), .init("退出", ["exited"])])

    /// 联系父母 is the helper's call or video with a migrant parent (practice.md): a record of
    /// contact with the parents, not a visit to the child.
    public static let visitKind = Enumeration("visit kind", [
        .init("入户走访", ["home"]), .init("电话", ["phone"]), .init("视频", ["video"]), .init("特殊关爱", ["special"]),
        .init("联系父母", ["parent-contact"]),
    ])

    public static let occasion = Enumeration("occasion", [
        .init("春节", ["spring-festival"]), .init("寒假", ["winter-holiday"]), .init("暑假", ["summer-holiday"]),
        .init("儿童节", ["childrens-day"]), .init("生日", ["birthday"]), .init("其他", ["other"]),
    ])

    public static let topic = Enumeration("topic", [
        .init("生命健康", ["health"]), .init("防性侵", ["sexual-abuse"]), .init("防溺水", ["drowning"]),
        .init("防欺凌", ["bullying"]), .init("政策法规", ["policy"]), .init("其他", ["other"]),
    ])
}

/// practice.md: what the national survey form (农村留守儿童基本情况登记表) and the towns'
/// practice add — 民族, schooling, disability by kind and grade, 四色 risk, guardianship.
extension Enumeration {
    /// The 56 民族 in the order of GB 3304 (汉族 01 … 基诺族 56), and 其他. Each is stored with 族
    /// and may be typed without it (`汉`, `维吾尔`), or by its English name.
    public static let ethnicity = Enumeration("ethnicity", [
        ("汉族", "han"), ("蒙古族", "mongol"), ("回族", "hui"), ("藏族", "tibetan"), ("维吾尔族", "uyghur"),
        ("苗族", "miao"), ("彝族", "yi"), ("壮族", "zhuang"), ("布依族", "buyei"), ("朝鲜族", "korean"),
        ("满族", "manchu"), ("侗族", "dong"), ("瑶族", "yao"), ("白族", "bai"), ("土家族", "tujia"),
        ("哈尼族", "hani"), ("哈萨克族", "kazakh"), ("傣族", "dai"), ("黎族", "li"), ("傈僳族", "lisu"),
        ("佤族", "va"), ("畲族", "she"), ("高山族", "gaoshan"), ("拉祜族", "lahu"), ("水族", "shui"),
        ("东乡族", "dongxiang"), ("纳西族", "naxi"), ("景颇族", "jingpo"), ("柯尔克孜族", "kyrgyz"), ("土族", "tu"),
        ("达斡尔族", "daur"), ("仫佬族", "mulao"), ("羌族", "qiang"), ("布朗族", "blang"), ("撒拉族", "salar"),
        ("毛南族", "maonan"), ("仡佬族", "gelao"), ("锡伯族", "xibe"), ("阿昌族", "achang"), ("普米族", "pumi"),
        ("塔吉克族", "tajik"), ("怒族", "nu"), ("乌孜别克族", "uzbek"), ("俄罗斯族", "russian"), ("鄂温克族", "evenki"),
        ("德昂族", "deang"), ("保安族", "bonan"), ("裕固族", "yugur"), ("京族", "gin"), ("塔塔尔族", "tatar"),
        ("独龙族", "derung"), ("鄂伦春族", "oroqen"), ("赫哲族", "hezhen"), ("门巴族", "monba"), ("珞巴族", "lhoba"),
        ("基诺族", "jino"),
    ].map { label, english in Value(label, [english, String(label.dropLast())]) } + [.init("其他", ["other"])])

    /// 就学情况 of the survey form.
    public static let schooling = Enumeration("schooling", [
        .init("未入园", ["not-in-kindergarten"]), .init("幼儿园", ["kindergarten"]), .init("小学", ["primary"]),
        .init("初中", ["junior-high"]), .init("高中", ["senior-high"]), .init("中职", ["vocational"]),
        .init("辍学", ["dropped-out"]), .init("不在学", ["not-in-school"]),
    ])

    /// 残疾类别, as the disability certificate (残疾人证) names them.
    public static let disabilityKind = Enumeration("disability kind", [
        .init("视力", ["visual"]), .init("听力", ["hearing"]), .init("言语", ["speech"]), .init("肢体", ["physical"]),
        .init("智力", ["intellectual"]), .init("精神", ["mental"]), .init("多重", ["multiple"]),
    ])

    /// 四色管理: how much danger a child is in, and so how often the child is visited.
    public static let risk = Enumeration("risk", [
        .init("红", ["red"]), .init("黄", ["yellow"]), .init("蓝", ["blue"]), .init("绿", ["green"]),
    ])

    /// 监护类型 of the survey form.
    public static let guardianshipType = Enumeration("guardianship type", [
        .init("无人监护", ["no-guardian"]), .init("父或母无监护能力", ["parent-incapable"]),
        .init("受委托监护人监护能力不足", ["entrusted-weak"]), .init("一般", ["fair"]), .init("较好", ["good"]),
    ])
}

/// rules.md: needs, mandatory reports and social forces (方案 四(三)(四)).
extension Enumeration {
    public static let needKind = Enumeration("need kind", [
        .init("经济困难", ["economic"]), .init("亲情缺失", ["affection"]), .init("教育缺位", ["education"]),
        .init("安全缺保", ["safety"]), .init("其他", ["other"]),
    ])

    public static let measure = Enumeration("measure", [
        .init("基本保障", ["basic-support"]), .init("临时救助", ["temporary-relief"]), .init("家庭探访", ["home-visit"]),
        .init("心理慰藉", ["comfort"]), .init("控辍保学", ["dropout-prevention"]), .init("教育帮扶", ["education-support"]),
        .init("寻亲返家", ["family-tracing"]), .init("法律援助", ["legal-aid"]), .init("照料护理", ["care"]),
        .init("康复训练", ["rehabilitation"]), .init("能力提升", ["capacity-building"]), .init("心理疏导", ["counselling"]),
        .init("社会融入", ["social-integration"]), .init("资源链接", ["resource-linking"]),
    ])

    public static let needStatus = Enumeration("need status", [
        .init("待解决", ["open"]), .init("已转介", ["referred"]), .init("已解决", ["resolved"]),
    ])

    public static let situation = Enumeration("situation", [
        .init("脱离监护单独居住", ["living-alone"]), .init("失踪", ["missing"]),
        .init("监护人丧失监护能力", ["guardian-incapable"]), .init("监护人不履行监护责任", ["guardian-neglect"]),
        .init("疑似遭受家庭暴力", ["domestic-violence"]), .init("疑似遭受意外伤害或不法侵害", ["injury-or-abuse"]),
        .init("其他危险情形", ["other-danger"]), .init("监护履责不到位", ["guardianship-lacking"]),
    ])

    /// Where a mandatory report goes (方案 四(三)四).
    public static let reportDepartment = Enumeration("report department", [
        .init("公安", ["police"]), .init("民政", ["civil-affairs"]), .init("教育", ["education"]),
        .init("妇联", ["womens-federation"]), .init("村（社区）", ["village", "村", "社区"]),
    ])

    /// Departments a need may be referred to, besides social-force orgs.
    public static let department = Enumeration("department", [
        .init("民政", ["civil-affairs"]), .init("教育", ["education"]), .init("公安", ["police", "派出所"]),
        .init("妇联", ["womens-federation"]), .init("卫健", ["health", "卫生健康", "卫生"]),
        .init("人社", ["human-resources", "人力资源和社会保障"]),
        .init("司法", ["justice"]), .init("残联", ["disabled-federation"]), .init("医保", ["medical-insurance"]),
        .init("团委", ["youth-league"]), .init("乡村振兴", ["rural-revitalisation"]), .init("法院", ["court", "人民法院"]),
        .init("检察院", ["procuratorate", "人民检察院"]), .init("村（社区）", ["village", "村", "社区", "村委会", "居委会"]),
    ])

    /// A department as a clerk names its office: `区教育局`, `民政局`, `县妇联`, `镇派出所` are
    /// 教育, 民政, 妇联, 公安 — the label with a place before it and an office's word after.
    public static func department(named text: String) -> String? {
        let typed = text.trimmed
        if let label = department.resolve(typed) { return label }
        var stems = [typed]
        for place in ["街道", "区", "县", "市", "镇", "乡"] where typed.hasPrefix(place) { stems.append(String(typed.dropFirst(place.count))) }
        for stem in stems {
            if let label = department.resolve(stem) { return label }
            for office in ["委员会", "分局", "局", "部门", "部", "办", "所", "委", "中心", "厅"] where stem.hasSuffix(office) && stem.count > office.count {
                if let label = department.resolve(String(stem.dropLast(office.count))) { return label }
            }
        }
        return nil
    }

    public static let orgKind = Enumeration("org kind", [
        .init("爱心组织", ["charity"]), .init("爱心基金", ["fund"]), .init("爱心伙伴", ["partner"]),
        .init("爱心邻居", ["neighbour"]), .init("爱心工作队", ["work-team"]), .init("爱心企业", ["enterprise"]),
        .init("社会工作服务机构", ["social-work"]), .init("其他", ["other"]),
    ])
}

extension Enumeration {
    /// The label of the value whose English name is `english`; naming a value that does not
    /// exist is a bug.
    public func label(named english: String) -> String {
        guard let value = values.first(where: { $0.english == english }) else {
            preconditionFailure("\(name) has no value named \(english)")
        }
        return value.label
    }
}
