/// The words of `help`, made from the schema so that they never disagree with it.
enum HelpText {
    static func general(_ lang: Lang) -> String {
        let zh = lang == .zh
        var lines: [String] = [zh ? "命令（help 名词 查看字段和示例）：" : "Commands (help NOUN for its fields and examples):"]
        for noun in Noun.allCases {
            let verbs = ["add", "set", "show", "list", "count", "remove"] + extraVerbs(noun)
            lines.append("  \(noun.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(verbs.joined(separator: " "))   \(noun.label)")
        }
        lines += [
            "",
            zh ? "  sql SELECT …            只读 SQL 查询" : "  sql SELECT …            a read-only SQL query",
            zh ? "  log [limit N] [where …] 操作日志" : "  log [limit N] [where …] the audit log",
            zh ? "  backup to=PATH          在线备份数据库" : "  backup to=PATH          a consistent copy of the database",
            zh ? "  run FILE                运行脚本文件" : "  run FILE                run a script file",
            zh ? "  begin / commit / rollback  交互模式下的事务" : "  begin / commit / rollback  a transaction in the interactive shell",
            zh ? "  set [town|filer|filing_unit|today|format|lang|mask VALUE]  设置" : "  set [town|filer|filing_unit|today|format|lang|mask VALUE]  settings",
            zh ? "  quit / exit             退出" : "  quit / exit             leave the shell",
            zh ? "  check [year=Y]          年度检查：结对、走访、培训、核实、报告等的不足" : "  check [year=Y]          where the programme falls short this year",
            zh ? "  due [days=N]            未来 N 天（默认 30）的生日、节日、走访和期限" : "  due [days=N]            birthdays, festivals, visits and deadlines in the next N days",
            zh ? "  pair auto [category=…] [apply]  按规则求最优结对方案（apply 则添加）" : "  pair auto [category=…] [apply]  the best pairing the rules allow (apply adds it)",
            zh ? "  export ledger|book|quarter to=FILE …  导出结对帮扶台账、一人一档、季度成效统计表" : "  export ledger|book|quarter to=FILE …  the pairing ledger, the per-child books, the quarterly report",
            zh ? "  import child|family|helper FILE …     从摸排表（CSV 或 XLSX）导入" : "  import child|family|helper FILE …     bulk entry from survey sheets (CSV or XLSX)",
            zh ? "  help [NOUN [VERB]]      帮助" : "  help [NOUN [VERB]]      this help; a noun's fields; a verb's usage",
            "",
            zh ? "查询：NOUN list [where 表达式] [sort 字段 [desc], …] [limit N] [show 字段,…]" : "Queries: NOUN list [where EXPR] [sort FIELD [desc], …] [limit N] [show FIELD,…]",
            zh ? "      NOUN count [where 表达式] [by 字段]" : "         NOUN count [where EXPR] [by FIELD]",
            zh ? "表达式：字段 = != < <= > >= ~ 值，in (a, b)，is [not] empty，and、or、not、括号" : "Expressions: FIELD = != < <= > >= ~ VALUE, in (a, b), is [not] empty, and, or, not, parentheses",
            zh ? "例：child list where age >= 8 and sex = 女 show id,name,helper" : "e.g. child list where age >= 8 and sex = 女 show id,name,helper",
        ]
        return lines.joined(separator: "\n")
    }

    static func extraVerbs(_ noun: Noun) -> [String] {
        switch noun {
        case .child: ["review", "exit"]
        case .pair: ["end", "auto"]
        case .training: ["attend"]
        case .need: ["resolve", "refer"]
        case .org: ["retire"]
        default: []
        }
    }

    static func noun(_ name: String, _ lang: Lang) -> String {
        guard let noun = Noun(rawValue: name) else { return general(lang) }
        let zh = lang == .zh
        let schema = Schema.of(noun)
        var lines = ["\(noun.rawValue) \(noun.label)", zh ? "字段（键 / 中文标签 / 说明）：" : "Fields (key / Chinese label / notes):"]
        let width = schema.fields.map { $0.key.count }.max() ?? 0
        let labelWidth = schema.fields.map { $0.label.displayWidth }.max() ?? 0
        for field in schema.fields {
            var notes: [String] = []
            if field.required { notes.append(zh ? "必填" : "required") }
            if field.unique { notes.append(zh ? "唯一" : "unique") }
            if let d = field.defaultValue { notes.append((zh ? "默认 " : "default ") + d) }
            switch field.origin {
            case .derived: notes.append(zh ? "计算得出" : "computed")
            case .command: notes.append(zh ? "由专门命令设置" : "set by its own command")
            case .assigned: notes.append(zh ? "自动编号" : "assigned")
            case .entered: break
            }
            switch field.type {
            case .enumeration(let e), .enumList(let e): notes.append(e.labels.joined(separator: "/"))
            case .date: notes.append(zh ? "日期" : "date")
            case .phone: notes.append(zh ? "电话" : "phone")
            case .idno: notes.append(zh ? "身份证号" : "ID-card number")
            default: break
            }
            let line = "  \(field.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(field.label.padded(toWidth: labelWidth))  \(notes.joined(separator: "；"))"
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
        }
        lines.append(zh ? "示例：" : "Examples:")
        lines += examples(noun).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// `help NOUN VERB`: the verb's usage, what it does, and the noun's examples of it.
    static func verb(_ name: String, _ verb: String, _ lang: Lang) -> String {
        guard let noun = Noun(rawValue: name) else { return general(lang) }
        let zh = lang == .zh
        let (usage, zhWhat, enWhat): (String, String, String) = switch verb {
        case "add": ("\(name) add key=value…", "添加一条记录，显示其编号", "adds a record and prints its id")
        case "set": ("\(name) set REF key=value…", "修改字段，校验同 add", "changes fields, validated like add")
        case "show": ("\(name) show REF", "逐行显示全部字段（含计算字段）", "every field, computed ones included, one per line")
        case "list": ("\(name) list [where EXPR] [sort FIELD [desc], …] [limit N] [show FIELD,…]", "列表查询", "a table of records")
        case "count": ("\(name) count [where EXPR] [by FIELD]", "计数，或按字段分组计数", "a number, or counts per value of a field")
        case "remove": ("\(name) remove REF", "删除误录且未被引用的记录（保留在日志中）", "removes a record added by mistake that nothing refers to (kept in the log)")
        case "review": ("child review REF [date=D]", "记录年度核实", "marks the annual review done")
        case "exit": ("child exit REF reason=… [date=D]", "儿童退出，同时解除其结对", "ends the child's time in the programme and its pair")
        case "end": ("pair end REF [reason=…] [date=D]", "解除结对关系", "ends a pair")
        case "attend": ("training attend REF helpers=H0001,H0002", "增加参训人员", "adds attendees")
        case "auto": ("pair auto [category=1,2,3] [apply]", "为未结对的在册儿童按家庭提出最优结对方案：帮扶人不超过可结对户数，有 8 周岁以上女童的家庭配女性帮扶人；依次优先 1–3 类、结对户数最多、联系村、负担最均衡；apply 则一次性添加", "proposes helper pairs for every unpaired active child, by family: capacities kept, girls aged 8 or more with women; best for categories 1–3, then most families, then linked villages, then the most even load; apply adds them in one transaction")
        case "resolve": ("need resolve REF [date=D] [measures=…]", "标记困难已解决", "marks a need resolved")
        case "refer": ("need refer REF to=部门或社会力量", "转介到部门（民政、教育……）或社会力量", "refers a need to a department (民政, 教育, …) or an org")
        case "retire": ("org retire REF [date=D]", "社会力量停止合作", "ends an org's work with the programme")
        default: ("", "", "")
        }
        guard !usage.isEmpty else { return self.noun(name, lang) }
        var lines = [usage, "  " + (zh ? zhWhat : enWhat)]
        if verb == "add" || verb == "set" {
            let fields = Schema.of(noun).fields.filter { $0.origin == .entered }
            let width = fields.map { $0.key.count }.max() ?? 0
            lines.append(zh ? "字段：" : "Keys:")
            for field in fields {
                let mark = field.required && verb == "add" ? (zh ? "（必填）" : " (required)") : ""
                lines.append("  \(field.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(field.label)\(mark)")
            }
            if noun == .pair && verb == "add" { lines.append(zh ? "  family  家庭（一次为整户未结对儿童结对）" : "  family  家庭 (pairs every unpaired child of the family at once)") }
        }
        let shown = examples(noun).filter { $0.hasPrefix("\(name) \(verb)") }
        if !shown.isEmpty {
            lines.append(zh ? "示例：" : "Examples:")
            lines += shown.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `help COMMAND` for the commands that are not nouns.
    static func command(_ name: String, _ lang: Lang) -> String {
        let zh = lang == .zh
        switch name {
        case "check":
            let rules = Check.rules.compactMap { $0.help?.text(lang) }
            return zh
                ? "check [year=Y]\n  按工作方案检查：\(rules.joined(separator: "、"))。错误在前，再按代码和记录排序；check 不修改任何数据。\n示例：\n  check\n  check year=2024"
                : "check [year=Y]\n  What the work plan asks and the town has not done: \(rules.joined(separator: ", ")). Errors first, then by code and ref; check never changes anything.\nExamples:\n  check\n  check year=2024"
        case "due":
            let sources = Due.sources.compactMap { $0.help?.text(lang) }
            return zh
                ? "due [days=N]\n  未来 N 天（默认 \(Programme.dueDays)）要做的事：\(sources.joined(separator: "、"))。\n示例：\n  due\n  due days=60"
                : "due [days=N]\n  What falls due in the next N days (default \(Programme.dueDays)): \(sources.joined(separator: ", ")).\nExamples:\n  due\n  due days=60"
        default:
            return general(lang)
        }
    }

    static func examples(_ noun: Noun) -> [String] {
        switch noun {
        case .village: ["village add name=金宝村 kind=村 director=王主任 director_phone=13800001111", "village list"]
        case .unit: ["unit add name=区统计局 villages=金宝村,石门村", "unit show 区统计局"]
        case .family: ["family add village=金宝村 guardian=王大爷 guardian_relation=祖父母 father=外出务工 mother=外出务工", "family list where village = 金宝村"]
        case .child: ["child add name=王小花 idno=… family=F0001 category=留守儿童", "child list where age >= 8 and sex = 女", "child review C0001", "child exit C0001 reason=年满16周岁 date=2025-06-01"]
        case .helper: ["helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=2", "helper list sort families desc"]
        case .pair: ["pair add family=F0001 helper=李芳 since=2024-01-10", "pair add child=C0003 unit=镇党政办", "pair end P0001 reason=儿童随父母外出", "pair auto", "pair auto category=1,2,3 apply"]
        case .visit: ["visit list where date >= 2024-01-01 sort date desc limit 10", "visit add child=C0001 date=2024-02-05 kind=特殊关爱 occasion=春节 topics=防溺水,生命健康", "visit count where date >= 2024-01-01 by kind"]
        case .training: ["training add date=2024-03-01 title=儿童关爱政策培训 attendees=H0001,H0002", "training attend T0001 helpers=H0003"]
        case .need: ["need add child=C0001 date=2024-03-02 kind=教育缺位 detail=\"辍学在家\"", "need refer N0001 to=教育", "need resolve N0001 date=2024-04-01 measures=控辍保学"]
        case .alert: ["alert add child=C0002 date=2024-05-03 situation=脱离监护单独居住 reported_to=公安,民政 reported=2024-05-03 reporter=李芳"]
        case .org: ["org add name=春苗爱心协会 kind=爱心组织 services=心理疏导,教育帮扶", "org retire O0001 date=2024-12-01"]
        }
    }
}
