import JieduiCore

/// The demo town's fixed plan — villages, units, which families are paired how, which are
/// left short — and the pools its invented names are drawn from.
extension DemoTownBuilder {
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
}
