import JieduiCore
import JieduiLanguage

/// Writing the drawn town out as commands, in an order the interpreter accepts.
extension DemoTownBuilder {
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
        return Noun.child.formatID(childCount)
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
        for family in families where !family.pairs.isEmpty {
            // A unit (部门包片) makes the first visit and calls the parents; the rest is the helpers'.
            let visits = practiceVisits(family.helper != nil ? drawVisits(for: family) : [], for: family)
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


    // MARK: Text

    mutating func nextPair() -> String {
        pairCount += 1
        return Noun.pair.formatID(pairCount)
    }

    mutating func emit(_ line: String) { lines.append(line) }

    /// One command line: `head key=value…`, then the list fields (joined by `,`, each item a bare
    /// word), then `after`. Empty values are left out.
    mutating func command(_ head: String, _ fields: [(String, String)], list: [(String, [String])] = [],
                          after: [(String, String)] = []) {
        var words = [head]
        for (key, value) in fields where !value.isEmpty { words.append("\(key)=\(Lexer.word(value))") }
        for (key, items) in list where !items.isEmpty { words.append("\(key)=\(items.joined(separator: ","))") }
        for (key, value) in after where !value.isEmpty { words.append("\(key)=\(Lexer.word(value))") }
        emit(words.joined(separator: " "))
    }
}
