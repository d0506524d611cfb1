import Foundation
import Testing

/// Queries at their edges, through the binary: `in` on a list field, `limit 0`, numbers a field
/// cannot hold, and commands missing their one argument.
@Suite struct QueryTests {
    static let town = ScenarioTests.town + """

    pair add family=F0001 helper=李芳 since=2024-01-10
    visit add pair=P0001 date=2024-02-05 topics=防溺水,生命健康
    visit add pair=P0001 date=2024-04-05 topics=防欺凌
    visit add pair=P0001 date=2024-06-05 topics=生命健康
    visit add pair=P0001 date=2024-08-05
    visit add pair=P0002 date=2024-09-05 topics=防溺水,防欺凌
    training add date=2024-03-01 title=政策培训 attendees=李芳,张强
    training add date=2024-09-01 title=安全培训 attendees=张强
    """

    static func count(_ town: ScenarioTests.Town, _ command: String) -> Int? {
        Int(town.run(command).out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Ids compare by their number; by order, a value that is no id of the noun (another noun's,
    /// a name, a number too big for any id) is an error, not a query that finds all or nothing.
    @Test func anIdComparedByOrderMustBeAnIdOfTheNoun() {
        let town = ScenarioTests.Town()
        #expect(Self.count(town, "child count where id > C0001") == 1)
        for value in ["F0001", "王小花", "C9223372036854775808"] {
            let result = town.run("child count where id > \(value)")
            #expect(result.status == 1 && result.err.contains("is not an id of these records (write it like C0001)"), "\(value): \(result.err)")
        }
    }

    /// docs/language.md: `=` on a list field means it holds the item, and `in (…)` one of the
    /// values: a list is in them when it holds one of them.
    @Test func inOnAListFieldHoldsOneOfTheValues() {
        let town = ScenarioTests.Town(Self.town)
        let visits = Harness.json(town.run("visit list show id,topics").lines.last ?? "[]") as? [[String: Any]] ?? []
        let topics = visits.map { ($0["topics"] as? [String]) ?? [] }
        for wanted in [["防溺水"], ["防溺水", "防欺凌"], ["生命健康", "防欺凌"]] {
            let expected = topics.filter { !Set($0).isDisjoint(with: wanted) }.count
            #expect(Self.count(town, "visit count where topics in (\(wanted.joined(separator: ", ")))") == expected, "\(wanted)")
            #expect(Self.count(town, "visit count where not topics in (\(wanted.joined(separator: ", ")))") == visits.count - expected, "\(wanted)")
        }
        #expect(Self.count(town, "training count where attendees in (李芳)") == Self.count(town, "training count where attendees = 李芳"))
        #expect(Self.count(town, "training count where attendees in (李芳, 张强)") == 2)
    }

    /// records.md lists take `，` and `、` too: `in` reads a list typed by a Chinese input
    /// method, in full-width brackets or not, as it reads `in (a, b)`.
    @Test func inTakesAListTypedTheChineseWay() throws {
        let town = ScenarioTests.Town(Self.town)
        let ascii = try #require(Self.count(town, "visit count where topics in (防溺水, 防欺凌)"))
        #expect(ascii == 3)
        for list in ["(防溺水，防欺凌)", "(防溺水、防欺凌)", "（防溺水，防欺凌）", "（防溺水、防欺凌）", "(防溺水， 防欺凌)", "(防溺水 ，防欺凌)",
                     "（ 防溺水，防欺凌 ）", "（防溺水，防欺凌)", "(防溺水，\"防欺凌\")", "(\"防溺水\"、防欺凌）"] {
            #expect(Self.count(town, "visit count where topics in \(list)") == ascii, "\(list)")
        }
        #expect(Self.count(town, "child count where category in (孤儿，6)") == 2)
        // A list that ends in a separator, ASCII or not, lacks a value.
        for list in ["(防溺水，)", "(防溺水,)"] {
            let refused = town.run("visit count where topics in \(list)")
            #expect(refused.status == 1 && refused.err.contains("after ','"), "\(list): \(refused.err)")
        }
        // `==` and `<>`, as other languages write them, are named as what they are not.
        for written in ["==", "<>"] {
            let refused = town.run("child count where category \(written) 6")
            #expect(refused.status == 1 && refused.err.contains("'\(written)' is no operator"), "\(refused.err)")
        }
    }

    /// `= ""` finds the records whose field is empty, as `is empty` does; `!= ""` the others.
    @Test func equalsNothingIsEmpty() throws {
        let town = ScenarioTests.Town(Self.town)
        #expect(town.run("child set C0001 school=金宝小学").status == 0)
        let empty = try #require(Self.count(town, "child count where school is empty"))
        #expect(empty == 1 && Self.count(town, "child count where school = \"\"") == empty)
        #expect(Self.count(town, "child count where school != \"\"") == 1)
    }

    /// A helper named twice in one `training attend` (by id and by name) attends once; one
    /// already attending is still an error.
    @Test func aHelperNamedTwiceInOneAttendAttendsOnce() {
        let town = ScenarioTests.Town(Self.town)
        let attended = town.run("training attend T0002 helpers=H0001,李芳")
        #expect(attended.status == 0, "\(attended.err)")
        #expect(Self.count(town, "training count where attendees = 李芳") == 2)
        #expect(town.run("training attend T0002 helpers=张强").status == 1)
    }

    /// `count by` a list field counts per item, each matching `count where FIELD = item`.
    @Test func countByAListFieldCountsEachItem() {
        let town = ScenarioTests.Town(Self.town)
        let counts = Harness.json(town.run("visit count by topics").lines.last ?? "{}") as? [String: Int] ?? [:]
        #expect(Set(counts.keys) == ["防溺水", "生命健康", "防欺凌", ""] || Set(counts.keys) == ["防溺水", "生命健康", "防欺凌", "null"], "\(counts)")
        for topic in ["防溺水", "生命健康", "防欺凌"] {
            #expect(counts[topic] == Self.count(town, "visit count where topics = \(topic)"), "\(topic): \(counts)")
        }
    }

    /// A generated `where` of thousands of terms, and nesting as deep as the language allows,
    /// run as any query does: the same count as the short form, no crash, no database error.
    @Test func longChainsAndDeepNestingRun() throws {
        let town = ScenarioTests.Town(Self.town)
        let all = Self.count(town, "visit count")
        let folder = town.folder
        for (chain, expected) in [(Array(repeating: "topics = 防溺水", count: 3000).joined(separator: " or "), Self.count(town, "visit count where topics = 防溺水")),
                                  (Array(repeating: "date >= 2024-01-01", count: 3000).joined(separator: " and "), all)] {
            let script = folder.appendingPathComponent("chain.jd")
            try "visit count where \(chain)\n".write(to: script, atomically: true, encoding: .utf8)
            let result = Harness.run(["--db", town.db, "--format", "json", "-f", script.path])
            #expect(result.status == 0, "\(result.err)")
            #expect(Int(result.out.trimmingCharacters(in: .whitespacesAndNewlines)) == expected)
        }
        // Twelve levels, the most the language takes: six `not`s and six brackets, which undo
        // each other to the plain filter.
        let deep = String(repeating: "not (", count: 6) + "topics = 防欺凌" + String(repeating: ")", count: 6)
        let nested = town.run("visit count where \(deep) and (\(Array(repeating: "date >= 2024-01-01", count: 50).joined(separator: " or ")))")
        #expect(nested.status == 0, "\(nested.err)")
        #expect(Int(nested.out.trimmingCharacters(in: .whitespacesAndNewlines)) == Self.count(town, "visit count where topics = 防欺凌"))
        let tooDeep = town.run("visit count where " + String(repeating: "(", count: 14) + "topics = 防欺凌" + String(repeating: ")", count: 14))
        #expect(tooDeep.status == 1 && tooDeep.err.contains("12"), "\(tooDeep.err)")
    }

    /// records.md: a reference that matches nothing, or more than one record, is an error that
    /// says which — in `where` as anywhere, rather than a result that is silently empty. And `~`
    /// on an ID-card number takes a lower-case x as `add` does.
    @Test func aNameInWhereIsLookedUpAsAReference() throws {
        let town = ScenarioTests.Town(Self.town)
        let byID = try #require(Self.count(town, "pair count where helper = H0001"))
        #expect(byID > 0 && Self.count(town, "pair count where helper = 李芳") == byID)
        #expect(town.run("helper add name=李芳 sex=女 unit=区统计局 phone=13900001234").status == 0)
        let twice = town.run("pair count where helper = 李芳")
        #expect(twice.status == 1 && twice.err.contains("H0001") && twice.out.isEmpty, "\(twice.out)\(twice.err)")
        let typo = town.run("training count where attendees = 张墙")
        #expect(typo.status == 1 && typo.err.contains("张强"), "\(typo.out)\(typo.err)")
        #expect(Self.count(town, "pair count where helper in (H0001, 张强)") == Self.count(town, "pair count where helper = H0001 or helper = H0002"))

        let withX = try #require((1...999).lazy.map { FakeIdentityNumber.make(born: "2016-03-03", sequence: $0) }.first { $0.hasSuffix("X") })
        #expect(town.run("child add name=末位X idno=\(withX.lowercased()) family=F0001 category=6").status == 0)
        #expect(Self.count(town, "child count where idno ~ \(withX.suffix(4).lowercased())") == 1)
    }

    /// language.md, Expressions: an unknown field is an error that names the valid choices —
    /// the closest names where some are close, else the noun's fields.
    @Test func anUnknownFieldNamesTheChoices() {
        let town = ScenarioTests.Town(Self.town)
        for clause in ["where qqq = 1", "sort qqq", "by qqq"] {
            let verb = clause.hasPrefix("by") ? "count" : "list"
            let result = town.run("village \(verb) \(clause)", format: "table")
            #expect(result.status == 1, "\(clause)")
            for field in ["name", "kind", "director"] { #expect(result.err.contains(field), "\(clause): \(result.err)") }
        }
        let close = town.run("village list where nme = 金宝村", format: "table")
        #expect(close.status == 1 && close.err.contains("did you mean name"), "\(close.err)")
    }

    @Test func limitZeroShowsNothing() {
        let town = ScenarioTests.Town(Self.town)
        for noun in ["child list", "log"] {
            let rows = Harness.json(town.run("\(noun) limit 0").lines.last ?? "") as? [Any]
            #expect(rows?.isEmpty == true, "\(noun): \(town.run("\(noun) limit 0").out)")
        }
    }

    /// A number a field cannot hold is an error naming the field's range, not a query that
    /// finds nothing; a bound may still be compared with.
    @Test func numbersAFieldCannotHoldAreRefusedWithItsRange() {
        let town = ScenarioTests.Town(Self.town)
        let refused = town.run("helper count where capacity = 99")
        #expect(refused.status == 1 && refused.err.contains("1–10") && refused.err.contains("99"), "\(refused.err)")
        let notANumber = town.run("child list where age >= x")
        #expect(notANumber.status == 1 && notANumber.err.contains("0–200"), "\(notANumber.err)")
        #expect(Self.count(town, "helper count where capacity > 0") == 2)
    }

    /// A command missing its one argument says what it needs, with an example.
    @Test(arguments: [("export quarter to=q.csv", "2024Q4"), ("run", "run FILE")])
    func aMissingArgumentIsNamed(_ command: String, _ said: String) {
        let result = ScenarioTests.Town(Self.town).run(command)
        #expect(result.status == 1 && result.err.contains(said) && !result.err.contains("''"), "\(result.err)")
    }
}
