/// The catalogue: every message in Chinese and English. The one place user-facing wording
/// lives; code elsewhere names a `Message` and this gives its words.
extension Message {
    public func text(_ lang: Lang) -> String {
        words(lang)
    }

    /// One language's words; the other's are never made (a check can print tens of thousands).
    private func pick(_ lang: Lang, _ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String {
        lang == .zh ? zh() : en()
    }

    /// The categories paired with a helper only, as the work plan writes them (`1–3`).
    private static var helperOnly: String {
        "\(Programme.helperOnlyCategories.lowerBound)–\(Programme.helperOnlyCategories.upperBound)"
    }

    private static func list(_ items: [String], _ lang: Lang) -> String {
        items.joined(separator: lang == .zh ? "、" : ", ")
    }

    private static func didYouMean(_ suggestions: [String]) -> (String, String) {
        guard !suggestions.isEmpty else { return ("", "") }
        return ("——是不是 \(suggestions.joined(separator: "、"))？", " — did you mean \(suggestions.joined(separator: ", "))?")
    }

    private func words(_ lang: Lang) -> String {
        switch self {
        // Invocation and files
        case .usage:
            let text = "jiedui [--db PATH] [--format table|csv|json|tsv] [--lang zh|en] [--reveal] [--user NAME] [-c COMMAND]... [-f SCRIPT]... [--keep-going] [--dry-run] [--demo]"
            let others = ["jiedui --help | --version", "jiedui --generate-completion-script bash|zsh|fish"]
            return pick(lang, (["用法：" + text] + others).joined(separator: "\n      "), (["usage: " + text] + others).joined(separator: "\n       "))
        case .badOption(let o): return pick(lang, "未知选项 \(o)；运行 jiedui --help 查看用法", "unknown option \(o); see jiedui --help")
        case .optionNeedsValue(let o): return pick(lang, "选项 \(o) 需要一个值", "option \(o) needs a value")
        case .badOptionValue(let o, let v, let c):
            return pick(lang, "\(o) 不能是“\(v)”；可选：\(c.joined(separator: "、"))", "\(o) cannot be '\(v)'; choose one of: \(c.joined(separator: ", "))")
        case .optionTakesNoValue(let o, let v): return pick(lang, "选项 \(o) 不带值，却给了“\(v)”", "option \(o) takes no value, but '\(v)' was given")
        case .badInvocation(let detail): return pick(lang, "命令行参数有误（\(detail)）；运行 jiedui --help 查看用法", "bad arguments (\(detail)); see jiedui --help")
        case .cannotReadFile(let p, let r): return pick(lang, "无法读取文件 \(p)：\(r.text(lang))", "cannot read file \(p): \(r.text(lang))")
        case .invalidUTF8(let line): return pick(lang, "第 \(line) 行不是有效的 UTF-8 文本；请把文件另存为 UTF-8 编码", "line \(line) is not valid UTF-8 text; save the file as UTF-8")
        case .demoAt(let p): return pick(lang, "示范镇数据库：\(p)", "demo town database: \(p)")

        // Database
        case .notADatabase(let p): return pick(lang, "\(p) 不是 jiedui 数据库；文件未作任何改动", "\(p) is not a jiedui database; the file was left untouched")
        case .databaseTooNew(let p): return pick(lang, "\(p) 由更新版本的 jiedui 创建；请升级 jiedui 后再打开，文件未作任何改动", "\(p) was made by a newer jiedui; upgrade jiedui to open it (the file was left untouched)")
        case .cannotOpenDatabase(let p, let r): return pick(lang, "无法打开数据库 \(p)：\(r.text(lang))", "cannot open database \(p): \(r.text(lang))")
        case .databaseBusy: return pick(lang, "数据库正被另一个程序使用，请稍后再试", "the database is in use by another program; try again shortly")
        case .databaseError(let e): return pick(lang, "数据库错误：\(e.text(lang))", "database error: \(e.text(lang))")
        case .databaseReadOnly(let p): return pick(lang, "数据库 \(p) 是只读的（文件或所在文件夹不允许您写入），只能查询，不能修改；请让管理员开放写权限，或把文件复制到您可写的文件夹", "the database \(p) is read-only (you may not write the file or its folder): it can be queried, not changed; ask for write permission, or copy it to a folder you can write")
        case .townReadOnlyForLogin(let u, let t):
            return pick(lang, "登录名 \(u) 对镇 \(t) 只有查询权限，不能修改（--reveal 也要写入操作日志）；请让管理员授予修改权限", "the login \(u) may only read town \(t), not change it (--reveal writes to the audit log too); ask the administrator for the rights to change it")
        case .databaseReadOnlyNeedsUpgrade(let p): return pick(lang, "数据库 \(p) 需要升级到本版本的格式，但它是只读的（文件或所在文件夹不允许您写入）；请用可写的副本打开一次", "the database \(p) needs upgrading to this version's format, but it is read-only (you may not write the file or its folder); open a writable copy once")
        case .databaseBusyOpening(let p): return pick(lang, "数据库 \(p) 正被另一个程序使用，等待 5 秒后仍未空闲；请稍后再试", "the database \(p) is in use by another program and stayed busy for 5 seconds; try again shortly")
        case .notOffered(let c): return pick(lang, "这个数据库不支持 \(c)", "this database does not offer \(c)")
        case .sqlNotReadOnly: return pick(lang, "sql 只能运行只读查询（SELECT、WITH、VALUES、EXPLAIN）；修改数据请用相应命令", "sql runs read-only queries only (SELECT, WITH, VALUES, EXPLAIN); change records with their commands")
        case .sqlOneStatement: return pick(lang, "sql 需要一条查询语句，例如 sql SELECT count(*) FROM child", "sql takes exactly one query, e.g. sql SELECT count(*) FROM child")
        case .sqlMaskedColumn(let t, let c):
            return pick(lang,
                        "sql 不能读取 \(t).\(c) 的原值：身份证号、电话号码等个人信息已隐藏。直接写表名 \(t)（不加 main.）可查询隐藏后的值；要看原值，请用 --reveal 或 set mask off（查询会记入操作日志）",
                        "sql cannot read \(t).\(c) as stored: ID-card and phone numbers and other personal text are masked. Name the table as plain \(t) (without main.) to query the masked values; to see the real ones use --reveal or `set mask off` (the query is written to the audit log)")
        case .sqlMaskedRowid(let t):
            return pick(lang,
                        "隐藏个人信息时，sql 通过视图读取 \(t)，视图没有 rowid；请改用 main.\(t).rowid 或该表的编号列",
                        "while masking, sql reads \(t) through a view, which has no rowid; use main.\(t).rowid or the table's key column instead")
        case .sqlUncheckable:
            return pick(lang,
                        "无法确认这条查询不读取未隐藏的个人信息，因此没有运行；要运行它，请用 --reveal 或 set mask off（查询会记入操作日志）",
                        "this query could not be checked for reading personal data unmasked, so it was not run; to run it use --reveal or `set mask off` (the query is written to the audit log)")

        // District server
        case .serverURLMalformed(let u):
            return pick(lang, "“\(u)”不是有效的 PostgreSQL 地址；请写成 postgresql://[用户@][主机][:端口]/数据库?town=镇名", "'\(u)' is not a valid PostgreSQL URL; write postgresql://[user@][host][:port]/database?town=NAME")
        case .serverURLUnknownParameter(let p, let c):
            return pick(lang, "PostgreSQL 地址不接受参数 \(p)；可用：\(c.joined(separator: "、"))", "the PostgreSQL URL takes no parameter '\(p)'; it takes: \(c.joined(separator: ", "))")
        case .serverURLRepeated(let p): return pick(lang, "PostgreSQL 地址中的参数 \(p) 给了两次", "the PostgreSQL URL gives '\(p)' twice")
        case .serverURLPassword:
            return pick(lang, "数据库地址中不能含密码（否则会留在命令历史和操作日志中）；请把密码放在 ~/.pgpass（权限 0600）或环境变量 PGPASSWORD 中",
                        "the database URL must not hold a password (it would stay in the shell history and the audit log); put the password in ~/.pgpass (mode 0600) or in PGPASSWORD")
        case .badTownName(let n):
            return pick(lang, "town=\(n) 不是有效的镇名：须以英文字母开头，只含英文字母、数字和 _，最多 63 个字符，且不以 pg_ 开头",
                        "town=\(n) is not a valid town name: it starts with a letter, holds only ASCII letters, digits and _ (63 at most), and does not start with pg_")
        case .serverNotRunning(let s): return pick(lang, "无法连接 PostgreSQL 服务器 \(s)：连接被拒绝（服务器没有运行，或地址、端口有误）", "cannot reach the PostgreSQL server at \(s): the connection was refused (the server is not running, or the address or port is wrong)")
        case .serverTimedOut(let s, let n): return pick(lang, "无法连接 PostgreSQL 服务器 \(s)：\(n) 秒内没有应答", "cannot reach the PostgreSQL server at \(s): no answer within \(n) seconds")
        case .serverUnknownHost(let h): return pick(lang, "无法连接 PostgreSQL 服务器：找不到主机 \(h)", "cannot reach the PostgreSQL server: no host named \(h)")
        case .serverUnreachable(let s, let r): return pick(lang, "无法连接 PostgreSQL 服务器 \(s)：\(r.text(lang))", "cannot reach the PostgreSQL server at \(s): \(r.text(lang))")
        case .serverConnectionLost(let s): return pick(lang, "与 PostgreSQL 服务器 \(s) 的连接已断开，未提交的修改没有保存", "the connection to the PostgreSQL server at \(s) was lost; changes not yet committed were not saved")
        case .serverNotAccepting(let s): return pick(lang, "PostgreSQL 服务器 \(s) 暂不接受登录（正在启动或关闭，或连接数已满）；请稍后再试", "the PostgreSQL server at \(s) is not accepting logins now (starting, stopping, or full); try again shortly")
        case .serverTLSFailed(let s, let r): return pick(lang, "无法与 PostgreSQL 服务器 \(s) 建立加密连接（sslmode）：\(r.text(lang))", "cannot set up an encrypted connection (sslmode) to the PostgreSQL server at \(s): \(r.text(lang))")
        case .loginRefused(let u, let s): return pick(lang, "PostgreSQL 服务器 \(s) 拒绝了 \(u) 的登录：密码不对（密码取自 PGPASSWORD 或 ~/.pgpass）", "the PostgreSQL server at \(s) refused the login of \(u): wrong password (it comes from PGPASSWORD or ~/.pgpass)")
        case .loginNotAllowed(let u, let d, let s): return pick(lang, "PostgreSQL 服务器 \(s) 不允许 \(u) 从本机登录数据库 \(d)（没有这个登录名，或 pg_hba.conf 不允许）；请联系管理员", "the PostgreSQL server at \(s) does not let \(u) log in to database \(d) from here (no such login, or pg_hba.conf does not allow it); ask the administrator")
        case .loginNeedsPassword(let u, let f):
            let zh = "PostgreSQL 服务器要求 \(u) 提供密码：请把密码放在 ~/.pgpass（权限 0600）或 PGPASSWORD 中"
            let en = "the PostgreSQL server asks a password of \(u): put it in ~/.pgpass (mode 0600) or in PGPASSWORD"
            return f.isEmpty ? pick(lang, zh, en) : pick(lang, zh + "；\(f) 其他用户也能读取，因此被忽略：请运行 chmod 600 \(f)", en + "; \(f) was ignored because others may read it: run chmod 600 \(f)")
        case .serverNoDatabase(let d, let s): return pick(lang, "PostgreSQL 服务器 \(s) 上没有数据库 \(d)", "the PostgreSQL server at \(s) has no database \(d)")
        case .noAccessToTown(let t): return pick(lang, "没有访问镇 \(t) 的权限", "no access to town \(t)")
        case .serverConflict: return pick(lang, "另一位办事员同时修改了相同的记录，本次修改没有保存；请重新运行该命令", "another clerk changed the same records at the same time, so this change was not saved; run the command again")
        case .serverDuplicate(let t, let c): return pick(lang, "表 \(t) 中已有相同的值（唯一约束 \(c)）", "table \(t) already holds this value (unique constraint \(c))")
        case .serverMissingValue(let t, let c): return pick(lang, "\(t).\(c) 必须有值", "\(t).\(c) needs a value")
        case .serverBrokenRule(let t, let c): return pick(lang, "修改不符合表 \(t) 的检查约束 \(c)", "the change breaks the check constraint \(c) of table \(t)")
        case .serverBrokenReference(let t, let c): return pick(lang, "修改会使表 \(t) 的引用失效（外键 \(c)）", "the change would break a reference of table \(t) (foreign key \(c))")
        case .serverReadOnly: return pick(lang, "当前事务是只读的：只能查询，不能修改", "the transaction is read-only: it can query, not change")
        case .serverStatementTimeout: return pick(lang, "语句运行时间超过服务器的限制，已被终止", "the statement ran longer than the server allows and was stopped")
        case .serverColumnType(let c, let t): return pick(lang, "列 \(c) 的类型是 \(t)，jiedui 无法显示；请转换类型，例如 \(c)::text", "column \(c) is of type \(t), which jiedui cannot show; convert it, e.g. \(c)::text")
        case .townNotJiedui(let t, let v):
            return pick(lang, "服务器 \(v) 上的 schema \(t) 不是 jiedui 的镇（里面有其他程序的表）；未作任何改动", "schema \(t) on the server at \(v) is not a jiedui town (it holds another program's tables); nothing was changed")
        case .townTooNew(let t, let v):
            return pick(lang, "服务器 \(v) 上的镇 \(t) 由更新版本的 jiedui 创建；请升级 jiedui 后再打开，未作任何改动", "town \(t) on the server at \(v) was made by a newer jiedui; upgrade jiedui to open it (nothing was changed)")
        case .userWithServer:
            return pick(lang, "--user 不能与服务器地址同用：操作日志记录的是服务器认证的登录名", "--user cannot be used with a server URL: the audit log records the login the server authenticated")
        case .demoWithServer:
            return pick(lang, "--demo 不能与服务器地址同用：示范镇只在本机文件中", "--demo cannot be used with a server URL: the demo town lives in a file of its own")
        case .serverNotBuiltIn:
            return pick(lang, "这个 jiedui 编译时没有包含区县服务器支持（District 特性），无法打开 postgresql:// 地址；请用默认特性重新编译（swift build）",
                        "this jiedui was built without district server support (the District trait), so it cannot open postgresql:// URLs; build it with the default traits (swift build)")
        case .sqlServerRelation(let r):
            return pick(lang, "隐藏个人信息时，sql 只能按表名读取本镇的表（\(r) 不是）；要读取它，请用 --reveal 或 set mask off（查询会记入操作日志）",
                        "while masking is on, sql reads only the town's tables, by their plain names (\(r) is not one); to read it use --reveal or `set mask off` (the query is written to the audit log)")
        case .sqlServerFunction(let f):
            return pick(lang, "隐藏个人信息时，sql 不能调用函数 \(f)（它可能绕过隐藏）；要运行这条查询，请用 --reveal 或 set mask off（查询会记入操作日志）",
                        "while masking is on, sql may not call \(f) (it could read past the masking); to run the query use --reveal or `set mask off` (the query is written to the audit log)")
        case .districtNeedsServer(let c):
            return pick(lang, "\(c) 需要区县服务器：请用 --db postgresql://… 打开", "\(c) needs a district server: open one with --db postgresql://…")
        case .districtUnreadable(let n):
            return pick(lang, "服务器上另有 \(n) 个镇没有访问权限，未列入", "\(n) more town\(n == 1 ? "" : "s") on the server could not be read (no access) and \(n == 1 ? "is" : "are") left out")
        case .districtTownLeftOut(let t, let r):
            return pick(lang, "镇 \(t) 未列入：\(r)", "town \(t) is left out: \(r)")
        case .migrateTargetNotEmpty(let t):
            return pick(lang, "\(t) 中已有记录；migrate 只复制到空的镇，未作任何改动", "\(t) already holds records; migrate copies only into an empty town, so nothing was changed")
        case .migrateToNeedsServer:
            return pick(lang, "migrate to= 需要服务器地址（postgresql://…?town=镇名），且在本机文件上运行", "migrate to= takes a server URL (postgresql://…?town=NAME) and is run on a file")
        case .migrateFromNeedsServer:
            return pick(lang, "migrate from= 在服务器上的镇运行（--db postgresql://…）；要把本机文件复制到服务器，请在文件上运行 migrate to=", "migrate from= is run on a town on a server (--db postgresql://…); to copy this file to a server, run migrate to= on it")
        case .migrateFromNeedsFile:
            return pick(lang, "migrate from= 需要一个 jiedui 数据库文件", "migrate from= takes a jiedui database file")
        case .districtIsXLSX: return pick(lang, "区县汇总只能导出为 xlsx（每个镇一个工作表）", "the district's report is XLSX only (one worksheet per town)")
        case .migrated(let f, let t, let n):
            return pick(lang, "已把 \(f) 复制到 \(t)：\(n) 行，含操作日志", "copied \(f) to \(t): \(n) rows, the audit log included")

        // Lexical and syntax
        case .unclosedQuote: return pick(lang, "引号没有闭合：在值的末尾补上 \"", "unclosed quote: add a closing \" after the value")
        case .badEscape(let e): return pick(lang, "引号内不认识 \(e)；可用 \\\"、\\\\ 和 \\n", "unknown escape \(e) inside quotes; use \\\", \\\\ or \\n")
        case .unexpectedToken(let t):
            return t.isEmpty ? pick(lang, "命令不完整", "the command is incomplete") : pick(lang, "这里不应出现“\(t)”；含特殊字符的值请加引号", "unexpected '\(t)'; quote values that contain special characters")
        case .expectedValue(let after): return pick(lang, "“\(after)”后面需要一个值", "a value is needed after '\(after)'")
        case .expectedField: return pick(lang, "这里需要一个字段名", "a field name is needed here")
        case .notAnOperator(let written):
            return pick(lang, "“\(written)”不是比较运算符：等于写 =，不等于写 !=；可用 = != < <= > >= ~ in is empty",
                        "'\(written)' is no operator here: write = for equal and != for not equal; the operators are = != < <= > >= ~ in is empty")
        case .expectedOperator(let after): return pick(lang, "“\(after)”后面需要比较运算符：= != < <= > >= ~ in is empty", "an operator is needed after '\(after)': = != < <= > >= ~ in is empty")
        case .expectedJoin(let w): return pick(lang, "条件之间要用 and 或 or 连接：“\(w)”前面缺少一个", "conditions are joined by and or or: one is missing before '\(w)'")
        case .unknownClause(let w, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "未知的子句“\(w)”\(zh)", "unknown clause '\(w)'\(en)")
        case .expectedComma(let c): return pick(lang, "\(c) 的各项之间用逗号分隔（\(c) id,name）", "separate the items of \(c) with commas (\(c) id,name)")
        case .quoteEquals(let k): return pick(lang, "值里有“=”时请加引号：\(k)=\"a=b\"", "a value holding '=' must be quoted: \(k)=\"a=b\"")
        case .expectedEmpty: return pick(lang, "“is”后面只能是 empty 或 not empty", "'is' takes 'empty' or 'not empty'")
        case .sortDirection(let w): return pick(lang, "排序方向只能是 asc（升序，默认）或 desc（降序），不是“\(w)”", "a sort direction is asc (the default) or desc, not '\(w)'")
        case .expectedCloseParen: return pick(lang, "缺少右括号 )", "a closing ) is missing")
        case .unknownCommand(let c, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "未知命令“\(c)”\(zh)\(zh.isEmpty ? "；" : "")输入 help 查看所有命令", "unknown command '\(c)'\(en) (type help for the list)")
        case .unknownVerb(let n, let v, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "\(n) 没有“\(v)”操作\(zh)", "\(n) has no verb '\(v)'\(en)")
        case .missingVerb(let n, let verbs):
            return pick(lang, "\(n) 后面需要一个操作：\(verbs.joined(separator: "、"))", "\(n) needs a verb: \(verbs.joined(separator: ", "))")
        case .missingRef(let c): return pick(lang, "\(c) 需要指明哪一条记录（编号或名称）", "\(c) needs a record to act on (an id or a name)")
        case .extraWord(let w): return pick(lang, "多余的“\(w)”；字段请写成 键=值", "unexpected extra word '\(w)'; write fields as key=value")
        case .unknownFlag(let w, let c):
            return pick(lang, "多余的“\(w)”；这里可用的词：\(c.joined(separator: "、"))（字段请写成 键=值）",
                        "unexpected word '\(w)'; the words this takes: \(c.joined(separator: ", ")) (write fields as key=value)")
        case .badLimit(let v): return pick(lang, "limit 需要一个非负整数，而不是“\(v)”", "limit needs a whole number of 0 or more, not '\(v)'")
        case .nestingTooDeep: return pick(lang, "括号或 not 嵌套太深（最多 12 层）", "parentheses or 'not' are nested too deeply (12 at most)")
        case .clauseNotAllowed(let c): return pick(lang, "这个命令不接受 \(c)", "this command does not take '\(c)'")
        case .duplicateClause(let c): return pick(lang, "\(c) 只能出现一次", "'\(c)' may appear only once")

        // Fields and values
        case .unknownField(let n, let f, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "\(n) 没有字段“\(f)”\(zh)", "\(n) has no field '\(f)'\(en)")
        case .unknownFieldOf(let n, let f, let fields):
            return pick(lang, "\(n) 没有字段“\(f)”；它的字段：\(fields.joined(separator: "、"))（help \(n) 列出全部及中文标签）",
                        "\(n) has no field '\(f)'; its fields: \(fields.joined(separator: ", ")) (help \(n) lists them all with their labels)")
        case .duplicateField(let f): return pick(lang, "字段 \(f) 给了两次", "field \(f) is given twice")
        case .fieldRequired(let f): return pick(lang, "必须填写 \(f)", "\(f.english) is required")
        case .fieldReadOnly(let f, let how): return pick(lang, "\(f) 不能直接修改；请用 \(how)", "\(f) cannot be set directly; use \(how)")
        case .fieldDerived(let f): return pick(lang, "\(f) 是计算得出的，不能赋值", "\(f) is computed and cannot be set")
        case .textTooLong(let f, let max): return pick(lang, "\(f) 最多 \(max) 个字", "\(f.english) is limited to \(max) characters")
        case .nulCharacter(let f): return pick(lang, "\(f) 含有空字符（NUL），无法保存；请删去后再输入", "\(f.english) holds a NUL character, which cannot be stored; take it out")
        case .badDate(let f, let v): return pick(lang, "\(f)“\(v)”不是有效日期；请写成 2024-01-05（也可 2024/1/5、20240105、2024年1月5日）", "\(f.english) '\(v)' is not a valid date; write it as 2024-01-05 (or 2024/1/5, 20240105, 2024年1月5日)")
        case .dateInFuture(let f, let v, let t): return pick(lang, "\(f) \(v) 晚于今天（\(t)）；只能记录已经发生的事", "\(f.english) \(v) is after today (\(t)); only what has happened can be recorded")
        case .badEnum(let f, let v, let c): return pick(lang, "\(f) 不能是“\(v)”；可选：\(c.joined(separator: "、"))", "\(f.english) cannot be '\(v)'; choose one of: \(c.joined(separator: ", "))")
        case .badPhone(let f, let v): return pick(lang, "\(f)“\(v)”不是有效电话：手机号为 1 开头的 11 位数字，座机为区号、连字符和 7 或 8 位号码（0817-XXXXXXX）", "\(f.english) '\(v)' is not a valid phone number: a mobile is 11 digits starting with 1, a landline is its area code, a hyphen and 7 or 8 digits (0817-XXXXXXX)")
        case .badInteger(let f, let v, let r) where r.hasSuffix("–"):
            // A range with no upper bound (`1–`): "1 or more".
            let low = r.dropLast()
            return pick(lang, "\(f) 需要不小于 \(low) 的整数，而不是“\(v)”", "\(f.english) needs a whole number of \(low) or more, not '\(v)'")
        case .badInteger(let f, let v, let r): return pick(lang, "\(f) 需要 \(r) 之间的整数，而不是“\(v)”", "\(f.english) needs a whole number in \(r), not '\(v)'")
        case .idnoLength(let v, let n): return pick(lang, "身份证号 \(v) 有 \(n) 位，应为 18 位", "ID-card number \(v) has \(n) characters; it must have 18")
        case .idnoCharacters(let v): return pick(lang, "身份证号 \(v) 含有非法字符：前 17 位必须是数字，最后一位是数字或 X", "ID-card number \(v) has invalid characters: the first 17 must be digits, the last a digit or X")
        case .idnoRegion(let v): return pick(lang, "身份证号 \(v) 的前 6 位地区码无效（首位应为 1–8）", "ID-card number \(v) has an invalid region code (its first digit must be 1–8)")
        case .idnoBirthDate(let v): return pick(lang, "身份证号 \(v) 的第 7–14 位不是有效的出生日期", "ID-card number \(v): digits 7–14 are not a real birth date")
        case .idnoBornInFuture(let v): return pick(lang, "身份证号 \(v) 的出生日期晚于今天", "ID-card number \(v): the birth date is after today")
        case .idnoCheck(let v, let expected, let found): return pick(lang, "身份证号 \(v) 的校验位错误：应为 \(expected)，而不是 \(found)；请核对号码", "ID-card number \(v) has a wrong check character: it should be \(expected), not \(found); check the number")
        case .idnoDisagrees(let f, let given, let fromIdno): return pick(lang, "\(f)“\(given)”与身份证号不符（身份证号显示为 \(fromIdno)）", "\(f.english) '\(given)' disagrees with the ID-card number, which gives \(fromIdno)")
        case .overAgeLimit(let c, let age, let limit): return pick(lang, "该儿童 \(age) 岁，已超过“\(c)”的年龄上限（未满 \(limit) 周岁）", "the child is \(age), over the age limit of \(c) (under \(limit))")
        case .awayWithoutWorking(let f, let parent): return pick(lang, "只有\(parent)为“外出务工”时才能填写\(f)；请一并清空（\(f)=\"\"）或改回外出务工", "\(f.english) only goes with \(FieldName(parent).english) = 外出务工; clear it too (\(f.key ?? f.label)=\"\") or keep 外出务工")
        case .disabilityGradeWithoutKind:
            return pick(lang, "填写残疾等级时须同时填写残疾类别（disability_kind=视力、听力、言语、肢体、智力、精神、多重）", "disability_grade (残疾等级) needs disability_kind (残疾类别): 视力, 听力, 言语, 肢体, 智力, 精神 or 多重")
        case .riskReasonRequired(let r):
            return pick(lang, "风险等级为“\(r)”时须填写风险说明 risk_reason=\"…\"（为什么需要重点关注）", "risk \(r) needs risk_reason=\"…\" (风险说明: why the child needs closer care)")
        case .alreadyExists(let n, let v): return pick(lang, "\(n.label)“\(v)”已存在", "\(n.rawValue) \(v) already exists")
        case .uniqueTaken(let f, let v, let by): return pick(lang, "\(f) \(v) 已被 \(by) 使用", "\(f.english) \(v) is already registered as \(by)")
        case .operatorNotForField(let op, let f, let c): return pick(lang, "\(f) 不能用 \(op) 比较；可用：\(c.joined(separator: " "))", "\(f) cannot be compared with \(op); use one of: \(c.joined(separator: " "))")

        // References
        case .noSuch(let n, let r, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "没有\(n.label)“\(r)”\(zh)", "no \(n.rawValue) \(r)\(en)")
        case .ambiguous(let n, let r, let count, let keys):
            return pick(lang, "有 \(count) 个\(n.label)名为 \(r)：\(keys.joined(separator: "、"))；请用编号", "\(count) \(n.englishPlural) are named \(r): \(keys.joined(separator: ", ")); use the id")
        case .exitedNamed(let n, let keys): return pick(lang, "名为 \(n) 的儿童已退出（\(keys.joined(separator: "、"))）；请用编号", "the child named \(n) has exited (\(keys.joined(separator: ", "))); use the id")
        case .cannotWriteFile(let p, let r): return pick(lang, "无法写入 \(p)：\(r.text(lang))", "cannot write \(p): \(r.text(lang))")
        case .childNotActive(let r): return pick(lang, "\(r) 已退出，不在册", "\(r) has exited the programme")
        case .referencedBy(let r, let by): return pick(lang, "\(r) 已被引用（\(by.joined(separator: "、"))），不能删除；remove 只用于误录且未被引用的记录", "\(r) is referred to by \(by.joined(separator: ", ")) and cannot be removed; remove is only for a record added by mistake that nothing refers to")

        // Pairs, visits, trainings
        case .alreadyPaired(let c, let p): return pick(lang, "\(c) 已有结对关系 \(p)（避免重复结对）；如需更换，先 pair end \(p)", "\(c) is already paired (\(p)); a child has one active pair — pair end \(p) first")
        case .unitForLowCategory(let c, let cat): return pick(lang, "\(c) 属于“\(cat)”，1–3 类儿童必须由爱心干部职工家庭结对，不能部门包片", "\(c) is \(cat): categories 1–3 are paired with a helper, never a unit")
        case .helperAndUnit: return pick(lang, "helper 和 unit 只能给一个", "give helper or unit, not both")
        case .helperOrUnitNeeded: return pick(lang, "需要 helper=（结对帮扶人）或 unit=（包片单位）", "helper= or unit= is needed")
        case .girlNeedsFemaleHelper(let c, let age, let h): return pick(lang, "\(c) 是 \(age) 岁女童，8 周岁以上女童应由女性干部结对，\(h) 是男性；如确有原因，请加 override=\"原因\"", "\(c) is a girl of \(age): girls aged 8 or more are paired with a woman, and \(h) is a man; give override=\"reason\" if there is one")
        case .familySplit(let c, let f, let h, let other): return pick(lang, "\(c) 的家庭 \(f) 已由 \(other) 结对，同一家庭的儿童应由同一帮扶人结对（不是 \(h)）；如确有原因，请加 override=\"原因\"", "the family \(f) of \(c) is paired with \(other): children of one family go to the same helper, not \(h); give override=\"reason\" if there is one")
        case .helperFull(let h, let cap, let n): return pick(lang, "\(h) 已结对 \(n) 户，可结对户数为 \(cap)；如确有原因，请加 override=\"原因\"", "\(h) already pairs with \(n) families, capacity \(cap); give override=\"reason\" if there is one")
        case .noUnpairedChildren(let f): return pick(lang, "家庭 \(f) 没有未结对的在册儿童", "family \(f) has no active child without a pair")
        case .childOrFamily: return pick(lang, "需要 child=（一个儿童）或 family=（整个家庭），二者选一", "give child= (one child) or family= (the whole family), one of them")
        case .pairEnded(let p, let d): return pick(lang, "结对关系 \(p) 已于 \(d) 解除", "pair \(p) ended on \(d)")
        case .visitBeforePair(let d, let since): return pick(lang, "走访日期 \(d) 早于结对时间 \(since)", "visit date \(d) is before the pair began (\(since))")
        case .noActivePair(let c): return pick(lang, "\(c) 没有正在进行的结对关系；请用 pair= 指明", "\(c) has no active pair; name it with pair=")
        case .pairOrChild: return pick(lang, "需要 pair=（结对关系）或 child=（有结对的儿童），二者选一", "give pair= or child= (a child with an active pair), one of them")
        case .occasionRequired: return pick(lang, "特殊关爱走访必须填写关爱节点 occasion=（春节、寒假、暑假、儿童节、生日、其他）", "a 特殊关爱 visit needs occasion= (春节, 寒假, 暑假, 儿童节, 生日, 其他)")
        case .alreadyAttending(let h, let t): return pick(lang, "\(h) 已在培训 \(t) 的参训人员中", "\(h) already attends \(t)")
        case .childAlreadyExited(let c): return pick(lang, "\(c) 已经退出", "\(c) has already exited")
        case .exitReasonRequired: return pick(lang, "退出需要原因：reason=…", "an exit needs reason=…")
        case .dateBeforeSince(let f, let d, let since): return pick(lang, "\(f) \(d) 早于结对时间 \(since)", "\(f) \(d) is before the pair began (\(since))")
        case .dateBeforeVisit(let f, let d, let v, let vd):
            return pick(lang, "\(f) \(d) 早于该结对已记录的走访 \(v)（\(vd)）；结对不能在走访之前解除", "\(f) \(d) is before visit \(v) (\(vd)) recorded on the pair; a pair cannot end before its visits")

        case .alertNeedsVillage: return pick(lang, "“监护履责不到位”应告知村（社区）并协助劝诫：reported_to 须包含 村（社区）", "监护履责不到位 goes to the village for 劝诫: reported_to must include 村（社区）")
        case .alertNeedsDepartment(let s): return pick(lang, "“\(s)”须立即向公安、民政、教育、妇联等部门报告：reported_to 至少包含其中之一", "\(s) must be reported at once to 公安, 民政, 教育 or 妇联: reported_to must include at least one of them")
        case .reportedBeforeFound(let r, let f): return pick(lang, "报告日期 \(r) 早于发现日期 \(f)", "reported \(r) is before the date it was found (\(f))")
        case .needAlreadyResolved(let n, let d): return pick(lang, "\(n) 已于 \(d) 解决", "\(n) was already resolved on \(d)")
        case .unknownReferral(let t, let s):
            let (zh, en) = Self.didYouMean(s)
            return pick(lang, "转介对象“\(t)”既不是部门（民政、教育、公安、妇联、卫健……）也不是已登记的社会力量（新的请先用 org add 登记）\(zh)",
                        "'\(t)' is neither a department (民政, 教育, 公安, 妇联, 卫健, …) nor a registered org (org add registers a new one)\(en)")
        case .orgRetired(let o, let d): return pick(lang, "社会力量 \(o) 已于 \(d) 停止合作", "org \(o) stopped working with the programme on \(d)")
        case .dateBeforeBirth(let f, let d, let c, let b):
            return pick(lang, "\(f) \(d) 早于 \(c) 的出生日期（\(b)）；请检查日期", "\(f.english) \(d) is before \(c) was born (\(b)); check the date")
        case .pairsOverlap(let c, let p, let since, let ended):
            let zhSpan = ended.isEmpty ? "自 \(since) 起" : "\(since) 至 \(ended)"
            let enSpan = ended.isEmpty ? "since \(since)" : "from \(since) to \(ended)"
            return pick(lang, "\(c) 在 \(zhSpan) 已有结对 \(p)；一名儿童同一时间只能有一个结对，结对时间不能落在其中",
                        "\(c) had pair \(p) \(enSpan): a child has one pair at a time, so this pair cannot begin within it")
        case .dateBeforeFound(let d, let f): return pick(lang, "日期 \(d) 早于发现日期 \(f)", "date \(d) is before the date it was found (\(f))")

        // Shell
        case .notInScript(let c): return pick(lang, "脚本本身就是一个事务，不能使用 \(c)", "\(c) cannot be used in a script: a script is already one transaction")
        case .noTransaction: return pick(lang, "当前没有打开的事务", "no transaction is open")
        case .transactionOpen: return pick(lang, "已有打开的事务；先 commit 或 rollback", "a transaction is already open; commit or rollback first")
        case .scriptIncludesItself(let p): return pick(lang, "脚本 \(p) 循环调用了自身", "script \(p) runs itself")
        case .dryRunInShell:
            return pick(lang, "--dry-run 用于 -c、-f 或标准输入的脚本；交互模式下请用 begin … rollback 试做",
                        "--dry-run is for -c, -f and scripts on standard input; in the shell, try things inside begin … rollback")
        case .badRecordID(let v, let e): return pick(lang, "“\(v)”不是这类记录的编号（应如 \(e)）", "'\(v)' is not an id of these records (write it like \(e))")
        case .scriptsTooDeep(let n): return pick(lang, "run 嵌套超过 \(n) 层；请检查脚本是否层层互相调用", "run is nested more than \(n) deep; check whether the scripts run one another")
        case .unknownSetting(let s, let c): return pick(lang, "没有设置项“\(s)”；可设置：\(c.joined(separator: "、"))", "no setting '\(s)'; settings are: \(c.joined(separator: ", "))")
        case .settingNeedsValue(let s): return pick(lang, "set \(s) 需要一个值", "set \(s) needs a value")
        case .removed(let k): return pick(lang, "已删除 \(k)（记录保存在操作日志中）", "removed \(k) (kept in the audit log)")
        case .exited(let c, let pairs):
            return pairs.isEmpty ? pick(lang, "\(c) 已退出", "\(c) has exited") : pick(lang, "\(c) 已退出，结对关系 \(pairs.joined(separator: "、")) 同时解除", "\(c) has exited; pair \(pairs.joined(separator: ", ")) ended with it")
        case .ended(let p): return pick(lang, "结对关系 \(p) 已解除", "pair \(p) ended")
        case .reviewed(let c, let d): return pick(lang, "\(c) 已于 \(d) 核实", "\(c) reviewed on \(d)")
        case .reviewMovedBack(let c, let from, let to):
            return pick(lang, "注意：\(c) 的核实日期由 \(from) 改为更早的 \(to)；如果这是补录的旧核实，请用 child review \(c) date=\(from) 改回",
                        "note: \(c)'s review date went back from \(from) to the earlier \(to); if that was an old review entered late, put it back with child review \(c) date=\(from)")
        case .attended(let t, let h): return pick(lang, "\(h.joined(separator: "、")) 已加入培训 \(t)", "\(h.joined(separator: ", ")) added to \(t)")
        case .updated(let k): return pick(lang, "已更新 \(k)", "updated \(k)")
        case .backupWritten(let p): return pick(lang, "已备份到 \(p)", "backed up to \(p)")
        case .dryRunNotWritten(let p, let rows):
            guard let rows else { return pick(lang, "试运行：未写入 \(p)", "dry run: \(p) not written") }
            return pick(lang, "试运行：未写入 \(p)（将写出 \(rows) 行）", "dry run: \(p) not written (it would hold \(rows) row\(rows == 1 ? "" : "s"))")
        case .dryRunCannotMigrate:
            return pick(lang, "试运行不能撤销复制到服务器的数据：migrate to= 请不加 --dry-run 运行", "a dry run cannot undo a copy onto the server: run migrate to= without --dry-run")
        case .measuresNeeded(let n): return pick(lang, "\(n) 尚未记录帮扶措施：解决时请写明 measures=（如 measures=教育帮扶）", "\(n) has no measures recorded: say how it was solved with measures= (e.g. measures=教育帮扶)")
        case .migrateOneWay: return pick(lang, "migrate 只接受 to=（把本镇复制到服务器）或 from=（把文件复制到服务器上的本镇）之一", "migrate takes to= (copy this town to a server) or from= (copy a file into this town on a server), not both")
        case .outputNotAFile(let p): return pick(lang, "\(p) 不是普通文件（是设备、管道或文件夹），不能写入；请给一个文件名", "\(p) is not a plain file (a device, a pipe or a folder) and cannot be written to; give a file name")
        case .outputIsDatabase(let p): return pick(lang, "\(p) 是正在使用的数据库文件，不能写入；请换一个文件名", "\(p) is the town's own database file and cannot be written to; choose another name")
        case .began: return pick(lang, "事务已开始；commit 保存，rollback 放弃", "transaction begun; commit to keep, rollback to discard")
        case .committed: return pick(lang, "已保存", "committed")
        case .rolledBack: return pick(lang, "已放弃本事务中的修改", "rolled back")
        case .keepGoingSummary(let failed, let total): return pick(lang, "\(total) 条命令中有 \(failed) 条失败", "\(failed) of \(total) commands failed")
        case .dryRunSummary(let n, let changes, let refs, let failed):
            let more = refs.count > 20 ? " …" : ""
            let zhShown = refs.isEmpty ? "" : "（" + refs.prefix(20).joined(separator: "、") + more + "）"
            let shown = refs.isEmpty ? "" : " (" + refs.prefix(20).joined(separator: ", ") + more + ")"
            let zhFailed = failed > 0 ? "，\(failed) 条失败" : ""
            let enFailed = failed > 0 ? ", \(failed) failed" : ""
            return pick(lang, "试运行：\(n) 条命令成功\(zhFailed)；将产生 \(changes) 处修改\(zhShown)；所有修改均已撤销",
                    "dry run: \(n) commands ran\(enFailed); they would make \(changes) changes\(shown); everything was rolled back")
        case .progress(let done, let total, let rate, let left):
            let time = String(format: "%d:%02d", left / 60, left % 60)
            return pick(lang, "\(done)/\(total)  \(rate) 条/秒  还需 \(time)", "\(done)/\(total)  \(rate)/s  \(time) left")
        case .historySearch: return pick(lang, "历史搜索", "reverse-i-search")
        case .confirmRollback: return pick(lang, "有未提交的事务；放弃其中的修改并退出吗？[y/N] ", "A transaction is open; roll it back and leave? [y/N] ")
        case .findingUncovered(let n, let c): return pick(lang, "\(n)（\(c)）尚无爱心家庭结对：\(Self.helperOnly) 类儿童必须有结对帮扶人", "\(n) (\(c)) has no helper: children of categories \(Self.helperOnly) must have one")
        case .findingUncoveredOther(let n, let c): return pick(lang, "\(n)（\(c)）尚未结对：可由帮扶人结对或部门包片", "\(n) (\(c)) has no pair: a helper or a unit (部门包片)")
        case .findingGirlMaleHelper(let c, let age, let h, let o):
            return o.isEmpty
                ? pick(lang, "\(age) 岁女童 \(c) 由男性帮扶人 \(h) 结对：\(GirlsWithWomen.age) 周岁以上女童应由女性干部结对", "\(c), a girl of \(age), is paired with a man (\(h)): girls aged \(GirlsWithWomen.age) or more are paired with a woman")
                : pick(lang, "\(age) 岁女童 \(c) 由男性帮扶人 \(h) 结对；例外说明：\(o)", "\(c), a girl of \(age), is paired with a man (\(h)); override: \(o)")
        case .findingFamilySplit(let hs): return pick(lang, "同一家庭的儿童由不同帮扶人结对：\(hs)", "children of one family have different helpers: \(hs)")
        case .findingOverCapacity(let h, let cap, let n): return pick(lang, "\(h) 结对 \(n) 户，超过可结对户数 \(cap)", "\(h) pairs with \(n) families, capacity \(cap)")
        case .findingFewVisits(let v, let y, let r, let m):
            return m >= 12
                ? pick(lang, "\(y) 年走访 \(v) 次，应不少于 \(r) 次", "\(v) visit\(v == 1 ? "" : "s") in \(y), \(r) required")
                : pick(lang, "\(y) 年走访 \(v) 次，结对 \(m) 个月应不少于 \(r) 次", "\(v) visit\(v == 1 ? "" : "s") in \(y), \(r) required for \(m) months paired")
        case .findingNoSpecialCare(let y, let c): return pick(lang, "\(y) 年未对 \(c) 开展特殊关爱（春节、寒暑假、儿童节、生日）", "no 特殊关爱 visit to \(c) in \(y) (春节, holidays, 儿童节, birthday)")
        case .findingNoTraining(let h, let y): return pick(lang, "\(h) \(y) 年未参加培训（每年不少于 1 次）", "\(h) attended no training in \(y) (one a year is required)")
        case .findingOverAge(let n, let c, let a): return pick(lang, "\(n) 已 \(a) 岁，超过“\(c)”的年龄上限：应退出或调整类别", "\(n) is \(a), over the age limit of \(c): exit the child or change the category")
        case .findingNotReviewed(let n, let last, let y):
            return last.isEmpty
                ? pick(lang, "\(n) \(y) 年尚未核实（从未核实；每年 3 月底前更新）", "\(n) not reviewed in \(y) (never reviewed; due by 31 March)")
                : pick(lang, "\(n) \(y) 年尚未核实（上次 \(last)；每年 3 月底前更新）", "\(n) not reviewed in \(y) (last \(last); due by 31 March)")
        case .findingAlertLate(let f, let r, let d, let o):
            let (zh, en) = r.isEmpty
                ? ("发现于 \(f)，\(d) 天后仍未报告（应立即报告）", "found \(f), still not reported after \(d) days (report at once)")
                : ("发现于 \(f)，\(d) 天后才于 \(r) 报告（应立即报告）", "found \(f), reported \(d) days later on \(r) (report at once)")
            return o.isEmpty ? pick(lang, zh, en) : pick(lang, zh + "；例外说明：\(o)", en + "; override: \(o)")
        case .findingQuarterReport(let q, let d, let f):
            return f.isEmpty
                ? pick(lang, "\(q) 结对帮扶成效未按期报送（最迟 \(d)）", "the \(q) report was not filed by \(d)")
                : pick(lang, "\(q) 结对帮扶成效于 \(f) 报送，晚于 \(d)", "the \(q) report was filed on \(f), after \(d)")
        case .findingVisitGap(let c, let r, let last, let since, let d, let gap):
            return last.isEmpty
                ? pick(lang, "\(c)（\(r)色风险）自 \(since) 结对以来 \(d) 天未走访（应每 \(gap) 天至少走访一次）", "\(c) (risk \(r)): no visit in the \(d) days since pairing on \(since) (at least every \(gap) days)")
                : pick(lang, "\(c)（\(r)色风险）上次走访 \(last)，已 \(d) 天未走访（应每 \(gap) 天至少走访一次）", "\(c) (risk \(r)): last visit \(last), \(d) days ago (at least every \(gap) days)")
        case .findingFirstVisitLate(let c, let since, let first, let n):
            return pick(lang, "\(c) \(since) 结对，\(first) 才首次走访（应在 \(n) 个工作日内）", "\(c) was paired on \(since) and first visited on \(first) (due within \(n) working days)")
        case .findingFirstVisitNone(let c, let since, let deadline, let n):
            return pick(lang, "\(c) \(since) 结对，至今未首次走访（应在 \(n) 个工作日内，最迟 \(deadline)）", "\(c) was paired on \(since) and has not been visited (due within \(n) working days, by \(deadline))")
        case .findingFirstVisitNoneEnded(let c, let since, let ended, let deadline, let n):
            return pick(lang, "\(c) \(since) 结对，至 \(ended) 解除时仍未首次走访（应在 \(n) 个工作日内，最迟 \(deadline)）",
                        "\(c) was paired on \(since) and never visited before the pair ended on \(ended) (due within \(n) working days, by \(deadline))")
        case .findingNoEntrustment(let n, let f):
            return pick(lang, "\(n) 是农村留守儿童，家庭 \(f) 尚未签订委托监护确认书（family set \(f) entrusted=签订日期）", "\(n) is a left-behind child and family \(f) has no signed 委托监护确认书 (family set \(f) entrusted=DATE)")
        case .findingNoParentContact(let n, let last, let since, let d, let limit):
            return last.isEmpty
                ? pick(lang, "\(n) 自 \(since) 结对以来 \(d) 天未联系其外出务工的父母（应每 \(limit) 天至少一次，visit add kind=联系父母）", "no contact with \(n)'s migrant parents in the \(d) days since pairing on \(since) (at least every \(limit) days: visit add kind=联系父母)")
                : pick(lang, "\(n) 上次联系父母 \(last)，已 \(d) 天（应每 \(limit) 天至少一次）", "\(n)'s parents last contacted \(last), \(d) days ago (at least every \(limit) days)")
        case .checkHelpVisitGap: return pick(lang, "红、黄、蓝色风险儿童走访间隔过长", "red, yellow and blue children visited too seldom")
        case .checkHelpFirstVisit: return pick(lang, "新结对未及时首次走访", "new pairs not visited soon enough")
        case .checkHelpNoEntrustment: return pick(lang, "留守儿童未签委托监护确认书", "left-behind children without a signed entrustment")
        case .checkHelpNoParentContact: return pick(lang, "未定期联系留守儿童的父母", "migrant parents not contacted")
        case .checkHelpUncovered: return pick(lang, "\(Self.helperOnly) 类儿童未结对", "categories \(Self.helperOnly) without a helper")
        case .checkHelpGirlMaleHelper:
            return pick(lang, "\(GirlsWithWomen.age) 周岁以上女童由男性结对", "girls aged \(GirlsWithWomen.age) or more with a man")
        case .checkHelpFamilySplit: return pick(lang, "同一家庭多个帮扶人", "a family with several helpers")
        case .checkHelpOverCapacity: return pick(lang, "超过可结对户数", "helpers over capacity")
        case .checkHelpFewVisits:
            return pick(lang, "走访不足（每年 \(Programme.visitsPerYear) 次，按结对月数折算）", "too few visits (\(Programme.visitsPerYear) a year, pro rata by the months paired)")
        case .checkHelpNoSpecialCare: return pick(lang, "无特殊关爱", "no special-care visit")
        case .checkHelpNoTraining: return pick(lang, "未参加培训", "no training")
        case .checkHelpOverAge: return pick(lang, "超龄", "over age")
        case .checkHelpNotReviewed: return pick(lang, "未年度核实", "no annual review")
        case .checkHelpNeedOpen: return pick(lang, "困难超过 \(Programme.needOpenDays) 天未解决", "needs open over \(Programme.needOpenDays) days")
        case .checkHelpAlertLate: return pick(lang, "强制报告迟报", "late mandatory reports")
        case .checkHelpQuarterReport: return pick(lang, "季度报告未按期报送", "quarterly reports not filed in time")
        case .dueHelpBirthdays: return pick(lang, "结对儿童生日", "paired children's birthdays")
        case .dueHelpFestivals:
            return Self.list([DueKind.springFestival, .winterHoliday, .childrensDay, .summerHoliday].map(\.rawValue), lang)
        case .dueHelpVisits:
            return pick(lang, "两个月未走访的结对，及红、黄、蓝色风险儿童超过走访间隔的结对", "pairs with no visit for two months, or for longer than a red, yellow or blue child's gap")
        case .dueHelpFirstVisits: return pick(lang, "新结对的首次走访期限", "new pairs' first-visit deadlines")
        case .dueHelpDeadlines: return pick(lang, "季度报告和年度核实期限", "the quarterly report and annual review deadlines")
        case .dueHelpAgeLimits: return pick(lang, "年龄到限的儿童", "children reaching their category's age limit")
        case .dueBirthday(let n, let a): return pick(lang, "为 \(n) 过生日（\(a) 岁）", "celebrate \(n)'s birthday (\(a))")
        case .dueFestival(let f, let n): return pick(lang, "\(f)特殊关爱：看望 \(n)", "\(f) special care: visit \(n)")
        case .dueVisit(let n, let last, let overdue):
            let zhLast = last.isEmpty ? "结对以来尚未走访" : "上次走访 \(last)"
            let enLast = last.isEmpty ? "no visit since pairing" : "last visit \(last)"
            return overdue > 0 ? pick(lang, "已逾期 \(overdue) 天：走访 \(n)（\(zhLast)）", "overdue by \(overdue) days: visit \(n) (\(enLast))")
                : pick(lang, "走访 \(n)（\(zhLast)）", "visit \(n) (\(enLast))")
        case .dueVisitByRisk(let n, let r, let gap, let last, let overdue):
            let zh = "走访 \(n)（\(r)色风险，每 \(gap) 天至少走访一次；上次走访 \(last)）"
            let en = "visit \(n) (risk \(r): at least every \(gap) days; last visit \(last))"
            return overdue > 0 ? pick(lang, "已逾期 \(overdue) 天：" + zh, "overdue by \(overdue) days: " + en) : pick(lang, zh, en)
        case .dueFirstVisit(let n, let since, let days, let overdue):
            let zh = "首次走访 \(n)（\(since) 结对，应在 \(days) 个工作日内走访）"
            let en = "first visit to \(n) (paired \(since); due within \(days) working days)"
            return overdue > 0 ? pick(lang, "已逾期 \(overdue) 天：" + zh, "overdue by \(overdue) days: " + en) : pick(lang, zh, en)
        case .dueQuarterReport(let q): return pick(lang, "报送 \(q) 结对帮扶成效（export quarter \(q)）", "file the \(q) report (export quarter \(q))")
        case .dueReview(let n): return pick(lang, "年度核实 \(n)（child review）", "annual review of \(n) (child review)")
        case .dueAgeLimit(let n, let a, let c): return pick(lang, "\(n) 满 \(a) 周岁，超出“\(c)”年龄范围：应退出或调整类别", "\(n) turns \(a), past the age limit of \(c): exit or change category")
        case .noFemaleHelperWithRoom: return pick(lang, "没有尚有余额的女性帮扶人（家中有 \(GirlsWithWomen.age) 周岁以上女童）", "no female helper with room (a girl aged \(GirlsWithWomen.age) or more)")
        case .familyHelperIsMan(let h): return pick(lang, "本家庭已由男性帮扶人 \(h) 结对，而待结对的儿童中有 \(GirlsWithWomen.age) 周岁以上女童", "the family's helper \(h) is a man and a girl aged \(GirlsWithWomen.age) or more is to be paired")
        case .findingNeedOpenChild(let k, let d, let c): return pick(lang, "\(c)的\(k)已待解决 \(d) 天（超过 \(Programme.needOpenDays) 天）", "\(c): \(k) open for \(d) days (more than \(Programme.needOpenDays))")
        case .auditWhole(let n, let h): return pick(lang, "操作日志完整：\(n) 条，最新校验值 \(h)", "the audit log is whole: \(n) entries, latest hash \(h)")
        case .auditAltered(let s): return pick(lang, "操作日志第 \(s) 条与校验链不符：该条（或其前一条）已被改动", "audit entry \(s) does not match the chain: it (or the one before it) was altered")
        case .auditRemoved(let s, let f): return pick(lang, "操作日志第 \(f) 条起在第 \(s) 条之前的记录已被删除", "audit entries from \(f) on, before entry \(s), were removed")
        case .auditInserted(let s): return pick(lang, "操作日志第 \(s) 条是插入的，不属于校验链", "audit entry \(s) was inserted and does not belong to the chain")
        case .exportedFile(let p, let n, let s): return pick(lang, "已导出 \(p)：\(n) 行，SHA-256 \(s)", "wrote \(p): \(n) rows, SHA-256 \(s)")
        case .importSummary(let r, let a, let u, let x): return pick(lang, "读取 \(r) 行：新增 \(a)，更新 \(u)，拒绝 \(x)", "read \(r) rows: \(a) added, \(u) updated, \(x) rejected")
        case .exportKindNeeded(let c): return pick(lang, "export 之后需要：\(c.joined(separator: "、"))", "export needs one of: \(c.joined(separator: ", "))")
        case .badQuarter(let v): return pick(lang, "季度“\(v)”无效；请写成 2024Q1 这样", "'\(v)' is not a quarter; write it like 2024Q1")
        case .exportEndingUnknown(let e):
            return pick(lang, "导出文件只能是 .xlsx 或 .csv，不能是 .\(e)；请改用 .xlsx 或 .csv 结尾的文件名（或用 format= 指明格式）",
                        "an export is an .xlsx or .csv file, not .\(e): end the file name in .xlsx or .csv (or say the format with format=)")
        case .exportEndingDisagrees(let e, let f):
            return pick(lang, "文件名以 .\(e) 结尾，而 format=\(f)；请让两者一致", "the file name ends in .\(e) but format=\(f): make them agree")
        case .badFormat(let v): return pick(lang, "格式“\(v)”无效；可选 xlsx、csv", "format '\(v)' is not one of xlsx, csv")
        case .badPaper(let v, let c): return pick(lang, "纸张“\(v)”无效；可选 \(c.joined(separator: "、"))", "paper '\(v)' is not one of \(c.joined(separator: ", "))")
        case .bookIsXLSX: return pick(lang, "一本台账只能导出为 xlsx（每名儿童一个工作表）", "the books are XLSX only (one worksheet per child)")
        case .childOrVillage: return pick(lang, "child= 和 village= 只能给一个", "give child= or village=, not both")
        case .noBooks(let year, let village):
            let whereZh = village.map { "\($0) " } ?? "", whereEn = village.map { " of \($0)" } ?? ""
            return pick(lang, "\(whereZh)\(year) 年的台账中没有儿童，没有可导出的一本台账；未写入文件",
                        "the \(year) ledger\(whereEn) has no child, so there is no book to export; no file was written")
        case .importKindNeeded(let c): return pick(lang, "import 之后需要：\(c.joined(separator: "、"))", "import needs one of: \(c.joined(separator: ", "))")
        case .quarterNeeded: return pick(lang, "请指明季度：export quarter 2024Q4 to=文件.xlsx", "name the quarter: export quarter 2024Q4 to=FILE.xlsx")
        case .scriptFileNeeded: return pick(lang, "请指明要运行的脚本文件：run 文件.jd", "name the script to run: run FILE.jd")
        case .importFileNeeded: return pick(lang, "请指明要导入的文件：import child 文件.xlsx", "name the file to import: import child FILE.xlsx")
        case .noHeadingRow(let f): return pick(lang, "\(f) 中找不到标题行（大部分单元格为字段名或中文标签的一行）", "no heading row in \(f) (a row whose cells are mostly field keys or Chinese labels)")
        case .unknownHeadings(let h): return pick(lang, "不认识的列标题：\(h.joined(separator: "、"))；改正标题，或用 ignore=\(h.joined(separator: ",")) 忽略这些列", "unknown headings: \(h.joined(separator: ", ")); fix them, or skip them with ignore=\(h.joined(separator: ","))")
        case .unheadedColumns(let c): return pick(lang, "第 \(c.joined(separator: "、")) 列有内容但没有标题：请补上标题（不导入的列可在补上标题后用 ignore= 忽略），或删去这些列", "column\(c.count == 1 ? "" : "s") \(c.joined(separator: ", ")) hold\(c.count == 1 ? "s" : "") cells but no heading: give \(c.count == 1 ? "it a heading" : "them headings") (then ignore= can skip \(c.count == 1 ? "it" : "them")), or delete \(c.count == 1 ? "it" : "them")")
        case .importRepeatsRow(let r): return pick(lang, "与本表第 \(r) 行是同一记录，重复了", "repeats row \(r) of this sheet")
        case .importFamilyDisagrees(let family, let f, let stored, let given):
            return pick(lang, "\(f)“\(given)”与家庭 \(family) 的“\(stored)”不一致；同一家庭各行的家庭信息应当相同",
                        "\(f.english) '\(given)' disagrees with family \(family), which has '\(stored)'; the rows of one family must give the same family cells")
        case .importErrorsFileNotWritten(let p, let r):
            return pick(lang, "未能写出错误行清单 \(p)：\(r.text(lang))；错误行已逐行列在上面",
                        "could not write the list of bad rows \(p): \(r.text(lang)); each bad row is listed above")
        case .importCellIsFormulaError(let v):
            return pick(lang, "单元格是表格的错误值 \(v)（公式没有算出结果）；请在表中填入实际内容", "the cell holds the spreadsheet error \(v) (a formula that failed); put the real value in the sheet")
        case .duplicateHeading(let f, let c):
            return pick(lang, "第 \(c.joined(separator: "、")) 列都是\(f)；每个字段只能有一列，请删去或改正多余的列",
                        "columns \(c.joined(separator: ", ")) all give \(f.english); keep one column per field, and delete or rename the others")
        case .importDryRun: return pick(lang, "试运行：以上是将要导入的情况，没有导入任何记录", "dry run: the figures say what the import would do; nothing was imported")
        case .importRowsRejected(let n): return pick(lang, "\(n) 行有错误，未导入任何记录（改正后重新导入，或用 keep-going 只导入正确的行）", "\(n) row\(n == 1 ? " has" : "s have") errors and nothing was imported (fix them and import again, or use keep-going to import the good rows)")
        case .importRowError(let f, let r, let c, let m) where c.isEmpty: return "\(f):\(r): \(m)"
        case .importRowError(let f, let r, let c, let m): return pick(lang, "\(f):\(r): 列 \(c)：\(m)", "\(f):\(r): column \(c): \(m)")
        case .idnoLostDigits(let v): return pick(lang, "身份证号 \(v) 已被电子表格存成数字，丢失了末几位（表格只保留 15 位）：请把该列设为文本格式并重新录入", "ID-card number \(v) was stored by the spreadsheet as a number and lost its last digits (spreadsheets keep 15): format the column as text and enter the numbers again")
        case .alreadyRegistered(let c): return pick(lang, "已登记为 \(c)（用 update 更新其信息）", "already registered as \(c) (use update to update it)")
        case .importRowUpdated(let f, let r, let c): return pick(lang, "\(f):\(r): 已登记为 \(c)，已更新", "\(f):\(r): already registered as \(c): updated")
        case .importRowJoinedFamily(let f, let r, let fam): return pick(lang, "\(f):\(r): 家庭已登记为 \(fam)，儿童加入该家庭", "\(f):\(r): the family is already registered as \(fam): the child joins it")
        case .registeredUnderKey(.family, let c): return pick(lang, "同村、同监护人、同监护人电话的家庭已登记为 \(c)；如确是另一户，请加 override=\"原因\"", "a family of this village with this guardian and guardian phone is already registered as \(c); give override=\"reason\" if this is another one")
        case .registeredUnderKey(_, let c): return pick(lang, "同姓名、同电话的帮扶人已登记为 \(c)；如确是另一人，请加 override=\"原因\"", "a helper with this name and phone is already registered as \(c); give override=\"reason\" if this is another one")
        case .overrideReasonNeeded: return pick(lang, "override 需要写明原因，例如 override=\"同名同住的另一户\"", "override needs a reason, e.g. override=\"another household of the same name\"")
        case .dupeSameNameAndBirth: return pick(lang, "姓名和出生日期相同", "same name and birth date")
        case .dupeSameReadingAndBirth: return pick(lang, "姓名同音且出生日期相同", "names read the same, same birth date")
        case .dupeSameReadingInFamily: return pick(lang, "同一家庭中姓名同音", "names read the same in one family")
        case .dupeSameGuardianPhone: return pick(lang, "监护人电话相同", "same guardian phone")
        case .dupeSamePhone: return pick(lang, "联系电话相同", "same phone")
        case .cannotReadSpreadsheet(let p, let r): return pick(lang, "无法读取 \(p)：\(r.text(lang))", "cannot read \(p): \(r.text(lang))")
        case .noHelperWithRoom: return pick(lang, "没有尚有余额的帮扶人", "no helper with room")
        case .badDays(let v): return pick(lang, "days 需要 0 到 3660 之间的整数，而不是“\(v)”", "days needs a whole number from 0 to 3660, not '\(v)'")
        case .yearInFuture(let y, let t): return pick(lang, "\(y) 年尚未到来（今天是 \(t)）", "\(y) is in the future (today is \(t))")
        case .periodReversed(let f, let t): return pick(lang, "起始日期 \(f) 晚于截止日期 \(t)", "the period's start \(f) is after its end \(t)")
        case .badYear(let v): return pick(lang, "年份“\(v)”无效；请写成 2024 这样的四位数", "'\(v)' is not a year; write it like 2024")
        case .interrupted: return pick(lang, "已中断，本命令的修改已撤销", "interrupted; the command's changes were rolled back")
        }
    }
}
