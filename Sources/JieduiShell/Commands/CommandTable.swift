import Foundation
import JieduiCore
import JieduiLanguage

/// Every command of the language, declared once and in the order `help` lists them. Dispatch,
/// `help`, `--help` and Tab completion all read this table and nothing else, so that they cannot
/// disagree; "How to add a verb" in docs/architecture.md says what an entry needs.
enum CommandTable {
    /// Every declaration: the nouns' verbs, then the other commands.
    static let all: [CommandSpec] = Noun.allCases.flatMap(verbs(of:)) + commands

    /// The verbs of a noun, the six every noun takes first.
    static func verbs(of noun: Noun) -> [CommandSpec] {
        guard let verbs = nounVerbs[noun] else { preconditionFailure("no verbs declared for \(noun)") }
        return verbs
    }

    private static let nounVerbs: [Noun: [CommandSpec]] = Dictionary(uniqueKeysWithValues: Noun.allCases.map { ($0, declaredVerbs(of: $0)) })

    // MARK: The nouns' verbs

    private static func declaredVerbs(of noun: Noun) -> [CommandSpec] {
        switch noun {
        case .village:
            recordVerbs(.village, examples: [
                "village add name=金宝村 kind=村 director=王主任 director_phone=13800001111",
                "village set 金宝村 director=李主任 director_phone=13800001112",
                "village show 金宝村",
                "village list",
                "village count by kind",
                "village remove 新村",
            ])
        case .unit:
            recordVerbs(.unit, examples: [
                "unit add name=区统计局 villages=金宝村,石门村",
                "unit set 区统计局 villages=金宝村,石门社区",
                "unit show 区统计局",
                "unit list sort helpers desc",
                "unit count",
                "unit remove 区统计局",
            ])
        case .family:
            recordVerbs(.family, add: { try $0.addRegistered(.family, $1) }, addKeys: [Self.registeredOverride], examples: [
                "family add village=金宝村 guardian=王大爷 guardian_relation=祖父母 father=外出务工 mother=外出务工",
                "family set F0001 guardian_phone=13800003333 dibao=是",
                "family set F0001 father_name=王建国 father_phone=13700001234 father_workplace=广东省东莞市 entrusted=2024-03-01",
                "family show F0001",
                "family list where village = 金宝村",
                "family count by village",
                "family remove F0004",
            ]) + [dupes(.family)]
        case .child:
            recordVerbs(.child, examples: [
                "child add name=王小花 idno=… family=F0001 category=留守儿童",
                "child set C0001 grade=五年级 school=金宝小学",
                "child set C0001 risk=红 risk_reason=\"父亲服刑，祖母重病\" ethnicity=汉 schooling=小学 boarding=否",
                "child show 王小花",
                "child list where age >= 8 and sex = 女",
                "child count where status = 在册 by category",
                "child remove C0009",
            ]) + [
                CommandSpec(.noun(.child), "review", usage: "REF [date=D]", summary: .review,
                            examples: ["child review C0001"],
                            operands: [.record], keys: .named([.init("date", .date(past: true))]), access: .writes,
                            handler: .interpreter { try $0.reviewChild($1) }),
                CommandSpec(.noun(.child), "exit", usage: "REF reason=… [date=D]", summary: .exit,
                            examples: ["child exit C0001 reason=年满16周岁 date=2025-06-01"],
                            operands: [.record], keys: .named([.init("reason"), .init("date", .date(past: true))]), access: .writes,
                            handler: .interpreter { try $0.exitChild($1) }),
                dupes(.child),
            ]
        case .helper:
            recordVerbs(.helper, add: { try $0.addRegistered(.helper, $1) }, addKeys: [Self.registeredOverride], examples: [
                "helper add name=李芳 sex=女 unit=区统计局 phone=13900002222 capacity=2",
                "helper set 李芳 capacity=3 position=科员",
                "helper show 李芳",
                "helper list sort families desc",
                "helper count by unit",
                "helper remove H0003",
            ]) + [dupes(.helper)]
        case .pair:
            recordVerbs(.pair, add: { try $0.addPair($1) }, addKeys: [.init("family", .reference(.family), note: .pairFamilyKey)], examples: [
                "pair add family=F0001 helper=李芳 since=2024-01-10",
                "pair add child=C0003 unit=镇党政办",
                "pair set P0005 override=帮扶人主动申请增加一户",
                "pair show P0001",
                "pair list where helper = 李芳 and ended is empty",
                "pair count where ended is empty by helper",
                "pair remove P0007",
            ]) + [
                CommandSpec(.noun(.pair), "end", usage: "REF [reason=…] [date=D]", summary: .end,
                            examples: ["pair end P0001 reason=儿童随父母外出"],
                            operands: [.record], keys: .named([.init("reason"), .init("date", .date(past: true))]), access: .writes,
                            handler: .interpreter { try $0.endPair($1) }),
                CommandSpec(.noun(.pair), "auto", usage: "[category=…] [apply]", summary: .auto, details: .autoDetails,
                            examples: ["pair auto", "pair auto category=1,2,3 apply"],
                            keys: .named([.init("category", .enumList(.category))]), flags: ["apply"],
                            // Without apply it only proposes: a read.
                            access: .depends { command, revealing in
                                revealing || command.words.dropFirst(2).contains { $0.text.lowercased() == "apply" }
                            },
                            featured: true, handler: .interpreter { try $0.pairAuto($1) }),
            ]
        case .visit:
            recordVerbs(.visit, add: { try $0.addVisit($1) }, addKeys: [.init("child", .reference(.child), note: .visitChildKey)], examples: [
                "visit add child=C0001 date=2024-02-05 kind=特殊关爱 occasion=春节 topics=防溺水,生命健康",
                "visit add child=C0001 date=2024-03-10 kind=联系父母 found=父亲在外务工，身体健康",
                "visit set V0002 found=学习压力大 help=每周辅导作业",
                "visit show V0001",
                "visit list where date >= 2024-01-01 sort date desc limit 10",
                "visit count where date >= 2024-01-01 by kind",
                "visit remove V0003",
            ])
        case .training:
            recordVerbs(.training, examples: [
                "training add date=2024-03-01 title=儿童关爱政策培训 attendees=H0001,H0002",
                "training set T0001 title=儿童关爱政策与心理疏导培训",
                "training show T0001",
                "training list where date >= 2024-01-01",
                "training count where date >= 2024-01-01",
                "training remove T0002",
            ]) + [
                CommandSpec(.noun(.training), "attend", usage: "REF helpers=H0001,H0002", summary: .attend,
                            examples: ["training attend T0001 helpers=H0003"],
                            operands: [.record], keys: .named([.init("helpers", .referenceList(.helper))]), access: .writes,
                            handler: .interpreter { try $0.attendTraining($1) }),
            ]
        case .need:
            recordVerbs(.need, examples: [
                "need add child=C0001 date=2024-03-02 kind=教育缺位 detail=\"辍学在家\"",
                "need set N0001 detail=\"冬季衣物不足，家中无力添置\"",
                "need show N0001",
                "need list where status = 待解决",
                "need count by kind",
                "need remove N0004",
            ]) + [
                CommandSpec(.noun(.need), "resolve", usage: "REF [date=D] [measures=…]", summary: .resolve,
                            examples: ["need resolve N0001 date=2024-04-01 measures=控辍保学"],
                            operands: [.record], keys: .named([.init("date", .date(past: true)), .init("measures", like: .need)]), access: .writes,
                            handler: .interpreter { try $0.resolveNeed($1) }),
                CommandSpec(.noun(.need), "refer", usage: "REF to=部门或社会力量", summary: .refer,
                            examples: ["need refer N0001 to=教育"],
                            operands: [.record], keys: .named([.init("to", .referral)]), access: .writes,
                            handler: .interpreter { try $0.referNeed($1) }),
            ]
        case .alert:
            recordVerbs(.alert, examples: [
                "alert add child=C0002 date=2024-05-03 situation=脱离监护单独居住 reported_to=公安,民政 reported=2024-05-03 reporter=李芳",
                "alert set A0003 reported=2024-12-28 receipt=金宝派出所当日受理",
                "alert show A0001",
                "alert list where reported is empty",
                "alert count by situation",
                "alert remove A0004",
            ])
        case .org:
            recordVerbs(.org, examples: [
                "org add name=春苗爱心协会 kind=爱心组织 services=心理疏导,教育帮扶",
                "org set 春苗爱心协会 contact=周老师 phone=13800004444",
                "org show 春苗爱心协会",
                "org list where services = 心理疏导",
                "org count by kind",
                "org remove O0003",
            ]) + [
                CommandSpec(.noun(.org), "retire", usage: "REF [date=D]", summary: .retire,
                            examples: ["org retire O0001 date=2024-12-01"],
                            operands: [.record], keys: .named([.init("date", .date(past: true))]), access: .writes,
                            handler: .interpreter { try $0.retireOrg($1) }),
            ]
        }
    }

    /// `override=` of `family add` and `helper add`: why a record registered already is added again.
    private static let registeredOverride = CommandSpec.Key("override", note: .registeredOverrideKey)

    /// `NOUN dupes`: likely duplicates among the noun's records (practice.md, "No duplicates").
    private static func dupes(_ noun: Noun) -> CommandSpec {
        CommandSpec(.noun(noun), "dupes", usage: "", summary: .dupes, details: .dupesDetails, examples: ["\(noun.rawValue) dupes"],
                    access: .readsUnlessRevealing, handler: .interpreter { try $0.dupes(noun, $1) })
    }

    /// `add`, `set`, `show`, `list`, `count` and `remove`, which every noun takes. `examples`
    /// are the noun's own, each given to the verb it uses.
    private static func recordVerbs(
        _ noun: Noun, add: (@Sendable (Interpreter, Command) throws -> Output)? = nil, addKeys: [CommandSpec.Key] = [],
        examples: [String]
    ) -> [CommandSpec] {
        func of(_ verb: String) -> [String] { examples.filter { $0.hasPrefix("\(noun.rawValue) \(verb) ") || $0 == "\(noun.rawValue) \(verb)" } }
        return [
            CommandSpec(.noun(noun), "add", usage: "key=value…", summary: .add, examples: of("add"),
                        keys: .fields(extra: addKeys, new: true), access: .writes,
                        handler: .interpreter { interpreter, command in
                            try interpreter.expectWords(command, count: 2)
                            return try add?(interpreter, command) ?? interpreter.add(noun, command)
                        }),
            CommandSpec(.noun(noun), "set", usage: "REF key=value…", summary: .set, examples: of("set"),
                        operands: [.record], keys: .fields(extra: NaturalKey.fields(of: noun) == nil ? [] : [registeredOverride], new: false),
                        access: .writes, handler: .interpreter { try $0.set(noun, $1) }),
            CommandSpec(.noun(noun), "show", usage: "REF", summary: .show, examples: of("show"),
                        operands: [.record], access: .readsUnlessRevealing,
                        handler: .interpreter { try $0.show(noun, $1) }),
            CommandSpec(.noun(noun), "list", usage: "[where EXPR] [sort FIELD [asc|desc], …] [limit N] [show FIELD,…]", summary: .list,
                        examples: of("list"), keys: .clauses, access: .readsUnlessRevealing,
                        handler: .interpreter { try $0.list(noun, $1) }),
            CommandSpec(.noun(noun), "count", usage: "[where EXPR] [by FIELD]", summary: .count, examples: of("count"),
                        keys: .clauses, access: .readsUnlessRevealing,
                        handler: .interpreter { try $0.count(noun, $1) }),
            CommandSpec(.noun(noun), "remove", usage: "REF", summary: .remove, examples: of("remove"),
                        operands: [.record], access: .writes,
                        handler: .interpreter { try $0.remove(noun, $1) }),
        ]
    }

    // MARK: The commands of their own

    static let commands: [CommandSpec] = [
        CommandSpec(.command, "sql", usage: "SELECT …", summary: .sql,
                    examples: ["sql SELECT count(*) FROM visit", "sql SELECT village, count(*) FROM family GROUP BY village"],
                    operands: [.text], access: .readsUnlessRevealing,
                    handler: .interpreter { try $0.runSQL($1) }),
        CommandSpec(.command, "log", usage: "[limit N] [where …] | verify", summary: .log,
                    examples: ["log limit 20", "log where refs = C0001", "log verify"],
                    flags: ["verify"], access: .readsUnlessRevealing, handler: .interpreter { try $0.showLog($1) }),
        CommandSpec(.command, "backup", usage: "to=PATH", summary: .backup,
                    examples: ["backup to=备份/2024-12-31.db"],
                    // A copy of what is committed, read apart from the session's own connection: it
                    // takes no write lock, so it runs while another clerk writes and on a town
                    // this user may only read.
                    keys: .named([.init("to")]), access: .reads, handler: .interpreter { try $0.backup($1) }),
        CommandSpec(.command, "migrate", usage: "to=URL | from=FILE", summary: .migrate,
                    examples: ["migrate to=\"postgresql://db.jialing.example/district?town=jinbao\"", "migrate from=金宝镇.db"],
                    keys: .named([.init("to"), .init("from")]),
                    // Copying here (from=) writes this town; copying it away (to=) only reads it.
                    access: .depends { command, _ in command.assignments.contains { $0.key.text.lowercased() == "from" } },
                    handler: .interpreter { try $0.migrate($1) }),
        CommandSpec(.command, "district", usage: "towns | check [year=Y]", summary: .district,
                    examples: ["district towns", "district check year=2024"],
                    operands: [.choice(Interpreter.districtWords)], keys: .named([.init("year")]), access: .readsUnlessRevealing,
                    handler: .interpreter { try $0.district($1) }),
        CommandSpec(.command, "run", usage: "FILE", summary: .run, examples: ["run 12月走访.jd"],
                    operands: [.file], access: .writes, handler: .runner(.run)),
        CommandSpec(.command, "begin", usage: "", summary: .transaction, examples: ["begin"], access: .writes, handler: .runner(.begin)),
        CommandSpec(.command, "commit", usage: "", summary: .transaction, examples: ["commit"], access: .writes, handler: .runner(.commit)),
        CommandSpec(.command, "rollback", usage: "", summary: .transaction, examples: ["rollback"], access: .writes, handler: .runner(.rollback)),
        CommandSpec(.command, "set", usage: "[\((Interpreter.storedSettings + Interpreter.sessionSettings).joined(separator: "|")) VALUE]",
                    summary: .settings, details: .settingsDetails, examples: ["set", "set town 金宝镇", "set gap_red 30", "set today 2024-12-31"],
                    operands: [.setting, .text],
                    // Settings of this session change nothing stored, except that `set mask off`
                    // makes the commands after it write (their reveals are audited); the list of
                    // settings, unmasked, is a reveal of its own (a number in the filer's name).
                    access: .depends { command, revealing in
                        let names = command.words.dropFirst().prefix(1).map(\.text) + command.assignments.map(\.key.text)
                        if names.isEmpty { return revealing }
                        return names.contains { !Interpreter.sessionSettings.contains($0.lowercased()) || $0.lowercased() == "mask" }
                    },
                    handler: .interpreter { try $0.setSetting($1) }),
        CommandSpec(.command, "quit", usage: "", summary: .leave, examples: ["quit"], access: .writes, handler: .runner(.quit)),
        CommandSpec(.command, "exit", usage: "", summary: .leave, examples: ["exit"], access: .writes, handler: .runner(.quit)),
        CommandSpec(.command, "check", usage: "[year=Y]", summary: .check, details: .checkDetails,
                    examples: ["check", "check year=2024"],
                    keys: .named([.init("year")]), access: .readsUnlessRevealing, handler: .interpreter { try $0.check($1) }),
        CommandSpec(.command, "due", usage: "[days=N]", summary: .due, details: .dueDetails,
                    examples: ["due", "due days=60"],
                    keys: .named([.init("days")]), access: .readsUnlessRevealing, handler: .interpreter { try $0.due($1) }),
        CommandSpec(.command, "changes", usage: "[from=DATE] [to=DATE]", summary: .changes,
                    examples: ["changes", "changes from=2024-10-01 to=2024-12-31"],
                    keys: .named([.init("from"), .init("to")]), access: .readsUnlessRevealing, handler: .interpreter { try $0.changes($1) }),
        CommandSpec(.command, "export", usage: "\(Interpreter.exportKinds.joined(separator: "|")) to=FILE …", summary: .export,
                    details: .exportDetails,
                    examples: [
                        "export ledger to=台账/2024台账.xlsx year=2024", "export roster to=花名册/金宝镇花名册.xlsx",
                        "export book to=台账/王小花.xlsx child=王小花",
                        "export quarter 2024Q4 to=报表/2024Q4成效.csv", "export changes from=2024-10-01 to=2024-12-31 to=报表/2024Q4动态.xlsx",
                        "export district year=2024 to=报表/2024区县汇总.xlsx",
                    ],
                    // `export quarter 2024Q4 …` names its quarter.
                    operands: [.choice(Interpreter.exportKinds), .text],
                    keys: .named([.init("to"), .init("year"), .init("village", .reference(.village)), .init("format"), .init("paper"), .init("child", .reference(.child)), .init("from")]),
                    // Writes only where it records something: a quarter's filing date, or the
                    // audit entry of an unmasked file.
                    flags: ["reveal"],
                    access: .depends { command, revealing in
                        revealing || command.words.dropFirst(2).contains { $0.text.lowercased() == "reveal" }
                            || command.words.dropFirst().first?.text.lowercased() == "quarter"
                    },
                    handler: .interpreter { try $0.export($1) }),
        CommandSpec(.command, "import", usage: "\(Interpreter.importKinds.map(\.rawValue).joined(separator: "|")) FILE [keep-going] [update] [dry-run] [ignore=HEADING,…]", summary: .import,
                    examples: ["import child 摸排.xlsx keep-going", "import child 摸排.errors.csv ignore=错误原因 update dry-run"],
                    operands: [.choice(Interpreter.importKinds.map(\.rawValue)), .file], keys: .named([.init("ignore")]),
                    flags: ["keep-going", "update", "dry-run"], access: .writes, handler: .interpreter { try $0.importRecords($1) }),
        CommandSpec(.command, "help", usage: "[NOUN [VERB]]", summary: .help, examples: ["help", "help pair", "help pair add"],
                    operands: [.topic], access: .reads, handler: .interpreter { try $0.help($1) }),
    ]
}

// MARK: Finding a command's declaration

extension CommandTable {
    /// The words of the commands that are not nouns, in the table's order.
    static var commandWords: [String] { commands.map(\.word) }

    /// Every first word a command line may have: the nouns, then the other commands.
    static var firstWords: [String] { Noun.allCases.map(\.rawValue) + commandWords }

    /// The declarations by the words that name them (`child review`, `check`), looked up once
    /// for every command a script runs.
    private static let byName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The declaration named by a command's first words, if there is one.
    static func spec(_ first: String, _ second: String?) -> CommandSpec? {
        let first = first.lowercased()
        guard Noun(rawValue: first) != nil else { return byName[first] }
        guard let second else { return nil }
        return byName[first + " " + second.lowercased()]
    }

    /// The declaration a command is an instance of, or the error that says what was meant.
    static func spec(for command: Command) throws(ShellError) -> CommandSpec {
        guard let first = command.words.first else {
            throw ShellError(.unexpectedToken(command.assignments.first?.key.text ?? ""), at: command.location)
        }
        guard let noun = Noun(rawValue: first.text.lowercased()) else {
            if let spec = spec(first.text, nil) { return spec }
            throw ShellError(.unknownCommand(first.text, suggestions: Suggestions.closest(to: first.text, among: firstWords)), at: first.location)
        }
        let verbs = verbs(of: noun).map(\.word)
        guard command.words.count >= 2 else {
            throw ShellError(.missingVerb(noun: noun.rawValue, verbs: verbs), at: first.location)
        }
        let verbWord = command.words[1]
        guard let spec = spec(first.text, verbWord.text) else {
            throw ShellError(.unknownVerb(noun: noun.rawValue, verb: verbWord.text, suggestions: Suggestions.closest(to: verbWord.text, among: verbs)),
                             at: verbWord.location)
        }
        return spec
    }

    /// `NOUN VERB … --help`, `NOUN --help` and `COMMAND … --help` (and `--help` alone) ask for
    /// the page `help NOUN VERB`, `help NOUN`, `help COMMAND` (or `help`) would show, as a shell
    /// user expects; nothing else of the line is run. A quoted `"--help"` is a value.
    static func answeringHelpFlag(_ command: Command) -> Command {
        let asked = command.words.firstIndex { !$0.quoted && $0.text == "--help" }
            ?? (command.raw?.trimmingCharacters(in: .whitespacesAndNewlines) == "--help" ? command.words.count : nil)
        guard let asked else { return command }
        let before = command.words[..<asked]
        var help = Command(location: command.location)
        help.words = [Word("help", at: command.location)] + before.prefix(Noun(rawValue: command.name) == nil ? 1 : 2)
        help.text = command.text
        return help
    }

    /// What the runner does for a command, if the runner carries it out.
    static func runnerAction(for command: Command) -> CommandSpec.RunnerAction? {
        guard let first = command.words.first, let spec = spec(first.text, command.words.count > 1 ? command.words[1].text : nil),
              case .runner(let action) = spec.handler else { return nil }
        return action
    }
}
