/// The fields of every noun, in the order records.md lists them, with the columns `list` shows
/// when no `show` is given.
public struct Schema: Sendable {
    public let noun: Noun
    public let fields: [Field]
    public let listColumns: [String]
    /// The fields with a column of their own, in order (every insert walks them).
    public let storedFields: [Field]
    /// Each stored field's place in `storedFields`.
    public let storedIndex: [String: Int]

    private let byKey: [String: Field]
    private let byLabel: [String: Field]

    init(_ noun: Noun, _ fields: [Field], list: [String]) {
        self.noun = noun
        self.fields = fields
        self.listColumns = list
        storedFields = fields.filter { $0.isStored }
        precondition(storedFields.count <= 64, "an insert marks its fields in 64 bits")
        storedIndex = Dictionary(uniqueKeysWithValues: storedFields.enumerated().map { ($1.key, $0) })
        var keys: [String: Field] = [:]
        var labels: [String: Field] = [:]
        for field in fields {
            keys[field.key] = field
            labels[field.label] = field
        }
        byKey = keys
        byLabel = labels
    }

    /// The field a user named: an English key (any case) or an exact Chinese label.
    public func field(named name: String) -> Field? {
        byKey[name.lowercased()] ?? byLabel[name]
    }

    /// The field with this English key; a bug if there is none.
    public func field(_ key: String) -> Field {
        guard let field = byKey[key] else { preconditionFailure("\(noun) has no field \(key)") }
        return field
    }

    public var key: Field { field(noun.keyField) }

    /// Every name the user may type for a field, for suggestions and completion.
    public var fieldNames: [String] { fields.flatMap { [$0.key, $0.label] } }

    public static func of(_ noun: Noun) -> Schema {
        switch noun {
        case .village: village
        case .unit: unit
        case .family: family
        case .child: child
        case .helper: helper
        case .pair: pair
        case .visit: visit
        case .training: training
        case .need: need
        case .alert: alert
        case .org: org
        }
    }
}

extension Schema {
    static let village = Schema(.village, [
        Field("name", "名称", .text, required: true, unique: true),
        Field("kind", "类型", .enumeration(.villageKind), default: Enumeration.villageKind.label(named: "village")),
        Field("director", "儿童主任", .text),
        Field("director_phone", "儿童主任电话", .phone),
        Field("families", "家庭数", .integer(0...Int.max), origin: .derived),
        Field("children", "在册儿童", .integer(0...Int.max), origin: .derived),
    ], list: ["name", "kind", "director", "director_phone", "families", "children"])

    static let unit = Schema(.unit, [
        Field("name", "单位名称", .text, required: true, unique: true),
        Field("villages", "联系村", .referenceList(.village)),
        Field("helpers", "帮扶人数", .integer(0...Int.max), origin: .derived),
    ], list: ["name", "villages", "helpers"])

    static let family = Schema(.family, [
        Field("id", "编号", .text, origin: .assigned),
        Field("village", "村（社区）", .reference(.village), required: true),
        Field("address", "家庭住址", .text),
        Field("residence", "现居住地", .text),
        Field("guardian", "监护人", .text),
        Field("guardian_relation", "与儿童关系", .enumeration(.guardianRelation)),
        Field("guardian_phone", "监护人电话", .phone),
        Field("guardianship_type", "监护类型", .enumeration(.guardianshipType)),
        Field("entrusted", "委托监护确认书", .date(past: true)),
        Field("father", "父亲情况", .enumeration(.parentStatus)),
        Field("mother", "母亲情况", .enumeration(.parentStatus)),
        Field("father_away_since", "父亲外出时间", .date(past: true)),
        Field("mother_away_since", "母亲外出时间", .date(past: true)),
        Field("father_name", "父亲姓名", .text),
        Field("mother_name", "母亲姓名", .text),
        Field("father_phone", "父亲电话", .phone),
        Field("mother_phone", "母亲电话", .phone),
        Field("father_workplace", "父亲务工地点", .text),
        Field("mother_workplace", "母亲务工地点", .text),
        Field("dibao", "低保", .enumeration(.yesNo), default: YesNo.no),
        Field("situation", "家庭基本情况", .text),
        Field("benefits", "政策保障", .text),
        Field("environment", "生存环境", .text),
        Field("family_health", "家人身体状况", .text),
        Field("guardianship", "监护履责情况", .text),
        Field("neighbors", "邻里关系", .text),
        Field("children", "在册儿童", .integer(0...Int.max), origin: .derived),
    ], list: ["id", "village", "guardian", "guardian_relation", "guardian_phone", "father", "mother", "children"])

    static let child = Schema(.child, [
        Field("id", "编号", .text, origin: .assigned),
        Field("name", "姓名", .text, required: true),
        Field("idno", "身份证号", .idno, required: true, unique: true),
        Field("sex", "性别", .enumeration(.sex)),
        Field("born", "出生日期", .date(past: true)),
        Field("ethnicity", "民族", .enumeration(.ethnicity)),
        Field("family", "家庭", .reference(.family), required: true),
        Field("hukou", "户籍所在地", .text),
        Field("category", "儿童类别", .enumeration(.category), required: true),
        Field("disability_kind", "残疾类别", .enumeration(.disabilityKind)),
        Field("disability_grade", "残疾等级", .integer(1...4)),
        Field("disability", "残疾情况", .text),
        Field("illness", "患病情况", .text),
        Field("schooling", "就学情况", .enumeration(.schooling)),
        Field("boarding", "是否寄宿", .enumeration(.yesNo)),
        Field("school", "就读学校", .text),
        Field("grade", "年级", .text),
        Field("health", "身体状况", .text),
        Field("study", "学习情况", .text),
        Field("hobbies", "个人爱好", .text),
        Field("parent_relation", "亲子关系", .text),
        Field("social", "人际交往", .text),
        Field("mental", "心理健康", .text),
        Field("wishes", "心愿清单", .text),
        Field("risk", "风险等级", .enumeration(.risk), default: RiskLevel.green),
        Field("risk_reason", "风险说明", .text),
        Field("reviewed", "核实日期", .date(past: true), origin: .command),
        Field("status", "状态", .enumeration(.childStatus), default: ChildStatus.active, origin: .command),
        Field("exit_date", "退出日期", .date(past: true), origin: .command),
        Field("exit_reason", "退出原因", .text, origin: .command),
        Field("age", "年龄", .integer(0...200), origin: .derived),
        Field("village", "村（社区）", .reference(.village), origin: .derived),
        Field("helper", "结对帮扶人", .text, origin: .derived),
        Field("pair", "结对关系", .reference(.pair), origin: .derived),
        Field("unit_pair", "包片单位", .reference(.unit), origin: .derived),
        Field("visits", "本年走访", .integer(0...Int.max), origin: .derived),
        Field("risk_now", "当前风险", .enumeration(.risk), origin: .derived),
    ], list: ["id", "name", "sex", "age", "category", "village", "helper", "status"])

    static let helper = Schema(.helper, [
        Field("id", "编号", .text, origin: .assigned),
        Field("name", "姓名", .text, required: true),
        Field("sex", "性别", .enumeration(.sex), required: true),
        Field("unit", "工作单位", .reference(.unit), required: true),
        Field("position", "职务", .text),
        Field("phone", "联系电话", .phone, required: true),
        Field("members", "家庭成员", .text),
        Field("capacity", "可结对户数", .integer(1...10), default: "2"),
        Field("families", "结对户数", .integer(0...Int.max), origin: .derived),
        Field("trainings", "本年培训", .integer(0...Int.max), origin: .derived),
    ], list: ["id", "name", "sex", "unit", "position", "phone", "capacity", "families"])

    static let pair = Schema(.pair, [
        Field("id", "编号", .text, origin: .assigned),
        Field("child", "儿童", .reference(.child), required: true),
        Field("helper", "结对帮扶人", .reference(.helper)),
        Field("unit", "包片单位", .reference(.unit)),
        Field("since", "结对时间", .date(past: true)),
        Field("ended", "解除时间", .date(past: true), origin: .command),
        Field("end_reason", "解除原因", .text, origin: .command),
        Field("override", "例外说明", .text),
        Field("family", "家庭", .reference(.family), origin: .derived),
        Field("child_name", "儿童姓名", .text, origin: .derived),
        Field("helper_name", "帮扶人姓名", .text, origin: .derived),
        Field("visits", "本年走访", .integer(0...Int.max), origin: .derived),
    ], list: ["id", "child", "child_name", "helper", "helper_name", "unit", "since", "ended"])

    static let visit = Schema(.visit, [
        Field("id", "编号", .text, origin: .assigned),
        Field("pair", "结对关系", .reference(.pair), required: true),
        Field("date", "走访日期", .date(past: true), required: true),
        Field("kind", "走访方式", .enumeration(.visitKind), default: Enumeration.visitKind.label(named: "home")),
        Field("occasion", "关爱节点", .enumeration(.occasion)),
        Field("topics", "宣传内容", .enumList(.topic)),
        Field("found", "发现问题", .text),
        Field("help", "帮扶措施", .text),
        Field("note", "备注", .text),
        Field("child", "儿童", .reference(.child), origin: .derived),
    ], list: ["id", "pair", "child", "date", "kind", "occasion", "topics"])

    static let training = Schema(.training, [
        Field("id", "编号", .text, origin: .assigned),
        Field("date", "培训日期", .date(past: true), required: true),
        Field("title", "培训内容", .text, required: true),
        Field("attendees", "参训人员", .referenceList(.helper)),
    ], list: ["id", "date", "title", "attendees"])

    static let need = Schema(.need, [
        Field("id", "编号", .text, origin: .assigned),
        Field("child", "儿童", .reference(.child), required: true),
        Field("date", "发现日期", .date(past: true), required: true),
        Field("kind", "困难类型", .enumeration(.needKind), required: true),
        Field("detail", "具体情况", .text),
        Field("measures", "帮扶措施", .enumList(.measure)),
        Field("referred_to", "转介对象", .referral),
        Field("status", "状态", .enumeration(.needStatus), default: NeedStatus.open, origin: .command),
        Field("resolved", "解决日期", .date(past: true), origin: .command),
        Field("child_name", "儿童姓名", .text, origin: .derived),
    ], list: ["id", "child", "child_name", "date", "kind", "status", "referred_to", "resolved"])

    static let alert = Schema(.alert, [
        Field("id", "编号", .text, origin: .assigned),
        Field("child", "儿童", .reference(.child), required: true),
        Field("date", "发现日期", .date(past: true), required: true),
        Field("situation", "情形", .enumeration(.situation), required: true),
        Field("reported_to", "报告部门", .enumList(.reportDepartment), required: true),
        Field("reported", "报告日期", .date(past: true)),
        Field("override", "例外说明", .text),
        Field("reporter", "报告人", .helperOrText),
        Field("receipt", "受理回执", .text),
        Field("outcome", "处置结果", .text),
        Field("child_name", "儿童姓名", .text, origin: .derived),
    ], list: ["id", "child", "child_name", "date", "situation", "reported_to", "reported"])

    static let org = Schema(.org, [
        Field("id", "编号", .text, origin: .assigned),
        Field("name", "名称", .text, required: true, unique: true),
        Field("kind", "类型", .enumeration(.orgKind), required: true),
        Field("services", "服务内容", .enumList(.measure)),
        Field("contact", "联系人", .text),
        Field("phone", "联系电话", .phone),
        Field("retired", "停止合作日期", .date(past: true), origin: .command),
    ], list: ["id", "name", "kind", "services", "contact", "phone", "retired"])
}
