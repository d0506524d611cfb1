/// The words of `help` and `--help` in Chinese and English: what each command does, and the
/// headings and notes of the help pages. The pages themselves are composed by the shell from
/// its command table and the schema, so that help cannot name a command the shell does not take.
public enum HelpText: Sendable, Hashable, CaseIterable {
    // MARK: What a command does: its line in the general help, or the first line of its page.
    case add, set, show, list, count, remove
    case review, exit, end, auto, attend, resolve, refer, retire, dupes
    case sql, log, backup, run, transaction, settings, leave, check, due, changes, export, `import`, help
    case migrate, district

    // MARK: A longer account, for a command's own page.
    case autoDetails, checkDetails, dueDetails, exportDetails, settingsDetails, dupesDetails

    // MARK: Keys that are not fields of the noun.
    case pairFamilyKey, visitChildKey, registeredOverrideKey

    // MARK: The invocation's options, for the shells' completion scripts.
    case optionDB, optionFormat, optionLang, optionReveal, optionUser, optionCommand, optionScript
    case optionKeepGoing, optionDryRun, optionDemo, optionHelp, optionVersion

    // MARK: Headings and notes of the pages.
    case commandsHeading, queriesFooter
    case fieldsHeading, keysHeading, examplesHeading, requiredMark
    case noteRequired, noteUnique, noteDefault, noteComputed, noteSetByCommand, noteAssigned
    case noteDate, notePhone, noteIdno
    // practice.md's rules of single fields.
    case noteEthnicity, noteDisabilityGrade, noteRiskReason, noteRiskNow, noteResidence, noteEntrusted, noteVisitKind

    public func text(_ lang: Lang) -> String {
        let (zh, en) = words
        return lang == .zh ? zh : en
    }

    // One table of both languages: help is printed rarely, so making both costs nothing.
    private var words: (String, String) {
        switch self {
        case .add: ("添加一条记录，显示其编号", "adds a record and prints its id")
        case .set: ("修改字段，校验同 add", "changes fields, validated like add")
        case .show: ("逐行显示全部字段（含计算字段）", "every field, computed ones included, one per line")
        case .list: ("列表查询", "a table of records")
        case .count: ("计数，或按字段分组计数", "a number, or counts per value of a field")
        case .remove: ("删除误录且未被引用的记录（保留在日志中）", "removes a record added by mistake that nothing refers to (kept in the log)")
        case .review: ("记录年度核实", "marks the annual review done")
        case .exit: ("儿童退出，同时解除其结对", "ends the child's time in the programme and its pair")
        case .end: ("解除结对关系", "ends a pair")
        case .auto: ("按规则求最优结对方案（apply 则添加）", "the best pairing the rules allow (apply adds it)")
        case .attend: ("增加参训人员", "adds attendees")
        case .resolve: ("标记困难已解决", "marks a need resolved")
        case .refer: ("转介到部门（民政、教育……）或社会力量", "refers a need to a department (民政, 教育, …) or an org")
        case .retire: ("社会力量停止合作", "ends an org's work with the programme")
        case .dupes: ("列出可能重复登记的记录（每对一行）", "likely duplicate records, one row per pair")
        case .sql: ("只读 SQL 查询", "a read-only SQL query")
        case .log: ("操作日志", "the audit log")
        case .backup: ("在线备份数据库", "a consistent copy of the database")
        case .run: ("运行脚本文件", "run a script file")
        case .transaction: ("交互模式下的事务", "a transaction in the interactive shell")
        case .settings: ("设置", "settings")
        case .leave: ("退出", "leave the shell")
        case .check: ("年度检查：结对、走访、培训、核实、报告等的不足", "where the programme falls short this year")
        case .due: ("未来 N 天（默认 30）的生日、节日、走访和期限", "birthdays, festivals, visits and deadlines in the next N days")
        case .changes:
            ("一段时间内（默认本季度）的动态变化：新增儿童、退出、类别变更、风险变更、新结对、解除结对、强制报告",
             "what changed in a period (default: this quarter): children added and exited, categories and risks changed, pairs made and ended, reports")
        case .export: ("导出结对帮扶台账、花名册、一人一档、季度成效统计表、动态变化情况、区县年度汇总", "the pairing ledger, the roster, the per-child books, the quarterly report, the changes of a period, the district's year")
        case .migrate: ("把整个镇（含操作日志）复制到服务器（to=）或从文件复制过来（from=）", "copies the whole town, audit log included, to a server (to=) or from a file (from=)")
        case .district: ("服务器上各镇：列表（towns）或逐镇检查（check）", "the towns on the server: a list (towns) or check in each (check)")
        case .import: ("从摸排表（CSV 或 XLSX）导入", "bulk entry from survey sheets (CSV or XLSX)")
        case .help: ("帮助", "this help; a noun's fields; a verb's usage")

        case .autoDetails:
            ("为未结对的在册儿童按家庭提出最优结对方案：帮扶人不超过可结对户数，有 8 周岁以上女童的家庭配女性帮扶人；依次优先 1–3 类、结对户数最多、联系村、负担最均衡；apply 则一次性添加",
             "proposes helper pairs for every unpaired active child, by family: capacities kept, girls aged 8 or more with women; best for categories 1–3, then most families, then linked villages, then the most even load; apply adds them in one transaction")
        // The rules and sources speak for themselves: their registries list them, in order.
        case .checkDetails:
            ("按工作方案检查：\(Check.rules.compactMap { $0.help?.text(.zh) }.joined(separator: "、"))。错误在前，再按代码和记录排序；check 不修改任何数据。",
             "What the work plan asks and the town has not done: \(Check.rules.compactMap { $0.help?.text(.en) }.joined(separator: ", ")). Errors first, then by code and ref; check never changes anything.")
        case .dupesDetails:
            ("每对记录一行（a 在 b 前，按 a、b 排序），一对只列一次，取最强的原因——\(DuplicateReason.listed(.zh, separator: "、"))。姓名同音指拼音（不计声调）相同，如张晓与张小。",
             "One row per pair of records (a before b, sorted by a then b), each pair once with its strongest reason — \(DuplicateReason.listed(.en, separator: ", ")). Names read the same when their pinyin without tones is, as 张晓 and 张小.")
        case .dueDetails:
            ("未来 N 天（默认 \(Programme.dueDays)）要做的事：\(Due.sources.compactMap { $0.help?.text(.zh) }.joined(separator: "、"))。",
             "What falls due in the next N days (default \(Programme.dueDays)): \(Due.sources.compactMap { $0.help?.text(.en) }.joined(separator: ", ")).")

        case .exportDetails:
            ("导出文件一律为中文，身份证号和电话默认打码（reveal 则完整导出并记入操作日志）。ledger：结对帮扶台账（year=、village=、paper=A4|A3）；roster：在册儿童花名册，按村、编号排序，列同全国留守儿童登记表（身体情况、监护类型、委托监护确认书等；paper=A4|A3）；book：一人一档（child= 或 village=，仅 xlsx）；quarter Q（如 2024Q4）：季度结对帮扶成效统计表，含分类结对、培训、新发现困难，以及在册儿童按年龄段（0-5、6-13、14-17 周岁，按季度末计）和按监护类型与儿童类别的交叉表，均有合计行和合计列，导出即报送；changes（from=、to= 日期，默认本季度）：动态变化情况，同 changes 命令；district：服务器上各镇的年度汇总。格式由 format= 或文件扩展名决定（xlsx 或 csv），导出后显示行数和 SHA-256。",
             "Exports are always in Chinese, with ID-card and phone numbers masked (reveal writes them in full and is recorded in the audit log). ledger: the pairing ledger (year=, village=, paper=A4|A3); roster: the 花名册 of the active children by village and id, in the national survey form's columns (health, guardianship type, entrustment, …; paper=A4|A3); book: a book per child (child= or village=, xlsx only); quarter Q (such as 2024Q4): the quarterly report, with the pairing by category, the trainings, the needs found, and the active children by age band (0-5, 6-13, 14-17 years at the quarter's end) and by type of guardianship against category, each with 合计 rows and columns; exporting it files it; changes (from= and to= dates, by default this quarter): the changes of the period, as the changes command lists them; district: the year of every town on the server. The format is format= or the file's ending (xlsx or csv); the command prints the rows and the SHA-256.")
        case .settingsDetails:
            ("设置。存入数据库、此后每次都用的：town（镇名）、filer（填报人）、filing_unit（填报单位）；四色管理的最长走访间隔 gap_red、gap_yellow、gap_blue（天，默认 \(Programme.redVisitGapDays)、\(Programme.yellowVisitGapDays)、\(Programme.blueVisitGapDays)），新结对首次走访的期限 first_visit_days（工作日，默认 \(Programme.firstVisitWorkingDays)），联系留守儿童父母的间隔 parent_contact_days（天，默认 \(Programme.parentContactDays)）。仅本次会话：today、format、lang、mask。",
             "Settings. Kept in the database for every later session: town, filer, filing_unit; the longest gaps between visits by risk, gap_red, gap_yellow and gap_blue (days, default \(Programme.redVisitGapDays), \(Programme.yellowVisitGapDays), \(Programme.blueVisitGapDays)); a new pair's first visit, first_visit_days (working days, default \(Programme.firstVisitWorkingDays)); calls to left-behind children's parents, parent_contact_days (days, default \(Programme.parentContactDays)). For this session only: today, format, lang, mask.")

        case .registeredOverrideKey: ("例外说明（与已登记的记录相同却确是另一户或另一人的原因，记入日志）", "why it is another one although the same record is registered (kept in the log)")
        case .pairFamilyKey: ("家庭（一次为整户未结对儿童结对）", "家庭 (pairs every unpaired child of the family at once)")
        case .visitChildKey: ("儿童（可代替 pair=，须已结对）", "儿童 (instead of pair=: a child who is paired)")

        case .optionDB: ("数据库文件或服务器地址 postgresql://…?town=镇名（默认 $JIEDUI_DB，否则当前文件夹的 jiedui.db）", "the database file, or a server's postgresql://…?town=NAME (default $JIEDUI_DB, else jiedui.db in this folder)")
        case .optionFormat: ("输出格式", "the output format")
        case .optionLang: ("消息、表头和帮助的语言", "the language of messages, headings and help")
        case .optionReveal: ("完整显示身份证号和电话号码（记入操作日志）", "print ID-card and phone numbers in full (recorded in the audit log)")
        case .optionUser: ("操作日志记录的操作人（默认 $USER）", "the name the audit log records (default $USER)")
        case .optionCommand: ("运行一行命令，可重复", "run one command line; may be repeated")
        case .optionScript: ("运行脚本文件（- 为标准输入），可重复", "run a script file (- for standard input); may be repeated")
        case .optionKeepGoing: ("出错后继续：每条命令单独成一个事务", "don't stop at the first failure: each command in its own transaction")
        case .optionDryRun: ("全部运行后撤销，报告将会修改的记录", "run everything, roll it all back, and say what would have changed")
        case .optionDemo: ("使用示范镇数据库", "use the demo town's database")
        case .optionHelp: ("显示用法和命令一览", "print the usage and a summary of the commands")
        case .optionVersion: ("显示版本", "print the version")

        case .commandsHeading: ("命令（help 名词 或 名词 --help 查看字段和示例）：", "Commands (help NOUN or NOUN --help for its fields and examples):")
        case .queriesFooter:
            ("""
             查询：NOUN list [where 表达式] [sort 字段 [asc|desc], …] [limit N] [show 字段,…]
                   NOUN count [where 表达式] [by 字段]
             表达式：字段 = != < <= > >= ~ 值，in (a, b)，is [not] empty，and、or、not、括号
             例：child list where age >= 8 and sex = 女 show id,name,helper
             """,
             """
             Queries: NOUN list [where EXPR] [sort FIELD [asc|desc], …] [limit N] [show FIELD,…]
                      NOUN count [where EXPR] [by FIELD]
             Expressions: FIELD = != < <= > >= ~ VALUE, in (a, b), is [not] empty, and, or, not, parentheses
             e.g. child list where age >= 8 and sex = 女 show id,name,helper
             """)
        case .fieldsHeading: ("字段（键 / 中文标签 / 说明）：", "Fields (key / Chinese label / notes):")
        case .keysHeading: ("字段：", "Keys:")
        case .examplesHeading: ("示例：", "Examples:")
        case .requiredMark: ("（必填）", " (required)")
        case .noteRequired: ("必填", "required")
        case .noteUnique: ("唯一", "unique")
        case .noteDefault: ("默认 ", "default ")
        case .noteComputed: ("计算得出", "computed")
        case .noteSetByCommand: ("由专门命令设置", "set by its own command")
        case .noteAssigned: ("自动编号", "assigned")
        case .noteDate: ("日期", "date")
        case .notePhone: ("电话", "phone")
        case .noteIdno: ("身份证号", "ID-card number")
        case .noteEthnicity: ("56 个民族之一（可省略“族”）或 其他", "one of the 56 民族 (族 may be left out), or 其他")
        case .noteDisabilityGrade: ("1–4，须同时填写残疾类别", "1–4, only with disability_kind")
        case .noteRiskReason: ("风险等级不是绿时必填", "required when risk is not 绿")
        case .noteRiskNow: ("\(Programme.alertRedDays) 天内有强制报告时为红，否则同风险等级", "红 when an alert was found in the last \(Programme.alertRedDays) days, else risk")
        case .noteResidence: ("儿童现在居住的地方（与家庭住址不同时）", "where the child now lives, if not at the address")
        case .noteEntrusted: ("父母签订委托监护确认书的日期", "the day the parents signed the 委托监护确认书")
        case .noteVisitKind: ("联系父母：与外出务工父母通话或视频，不计入走访次数", "联系父母 is a call with migrant parents and counts as no visit")
        }
    }
}

extension HelpText {
    /// A note a field's line of `help NOUN` adds for a rule of that field alone.
    public static func note(_ noun: Noun, _ key: String) -> HelpText? {
        switch (noun, key) {
        case (.child, "ethnicity"): .noteEthnicity
        case (.child, "disability_grade"): .noteDisabilityGrade
        case (.child, "risk_reason"): .noteRiskReason
        case (.child, "risk_now"): .noteRiskNow
        case (.family, "residence"): .noteResidence
        case (.family, "entrusted"): .noteEntrusted
        case (.visit, "kind"): .noteVisitKind
        default: nil
        }
    }
}
