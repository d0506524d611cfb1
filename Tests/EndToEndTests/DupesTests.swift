import Foundation
import Testing

/// `child dupes`, `family dupes` and `helper dupes` (practice.md, "No duplicates") on towns made
/// here: one whose children share birth dates and families but never a name read aloud, and
/// the same town seeded with homophones, a name typed twice and a phone given twice.
@Suite struct DupesTests {
    /// Characters with the pinyin (without tones) they are read with; no two read the same, so
    /// that the names made from them read the same only where a test means them to.
    static let surnames: [(String, String)] = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("赵", "zhao")]
    static let givens: [(String, String)] = [("明", "ming"), ("红", "hong"), ("军", "jun"), ("芳", "fang"), ("伟", "wei"), ("静", "jing"), ("磊", "lei")]
    /// A character read as each given character is, but another one.
    static let homophones: [String: String] = ["明": "鸣", "红": "宏", "军": "君", "芳": "方", "伟": "为", "静": "敬", "磊": "蕾"]

    struct Child {
        let name: String
        let reading: String
        let born: String
        let family: Int
    }

    /// `count` children (at most 294), one birth date in 28 and two to a family, each name of a
    /// surname and two given characters, no two alike.
    static func children(_ count: Int) -> [Child] {
        (0..<count).map { n in
            let s = surnames[n % surnames.count], g1 = givens[(n / surnames.count) % givens.count]
            let g2 = givens[(n / (surnames.count * givens.count)) % givens.count]
            let d = n % 28
            return Child(name: s.0 + g1.0 + g2.0, reading: s.1 + g1.1 + g2.1,
                         born: String(format: "201%d-%02d-%02d", 2 + d % 5, 1 + d % 12, 1 + d), family: n / 2 + 1)
        }
    }

    /// The town as a script: a village, a unit, the families (each guardian a phone of its own),
    /// the children (ID-card numbers made for their birth dates), and two helpers.
    static func script(_ children: [Child], families: Int, extra: [String] = []) -> String {
        var lines = ["set today \(ScenarioTests.today)", "village add name=金宝村", "unit add name=区统计局 villages=金宝村"]
        for f in 1...families {
            lines.append("family add village=金宝村 guardian=监护人\(f) guardian_phone=\(String(format: "1380000%04d", f))")
        }
        for (n, child) in children.enumerated() {
            let idno = FakeIdentityNumber.make(born: child.born, sequence: n % 999 + 1)
            lines.append("child add name=\(child.name) idno=\(idno) family=F\(String(format: "%04d", child.family)) category=留守儿童")
        }
        lines += ["helper add name=李芳 sex=女 unit=区统计局 phone=13900002222", "helper add name=张强 sex=男 unit=区统计局 phone=13900003333"]
        return (lines + extra).joined(separator: "\n")
    }

    static func dupes(_ town: ScenarioTests.Town, _ noun: String, lang: String = "en") -> [[String: String]] {
        let result = town.run("\(noun) dupes", lang: lang)
        #expect(result.status == 0, "\(result.err)")
        return (Harness.json(result.lines.last ?? "null") as? [[String: String]]) ?? [["unreadable": result.out]]
    }

    static func id(_ n: Int) -> String { String(format: "C%04d", n + 1) }

    @Test func aTownWithoutDuplicatesHasNone() {
        let children = Self.children(280)
        // The town is what this test says it is: readings differ among children of one birth
        // date and among siblings, though birth dates and families are shared.
        let groups = Array(Dictionary(grouping: children) { $0.born }.values) + Array(Dictionary(grouping: children) { $0.family }.values)
        for group in groups {
            #expect(Set(group.map { $0.reading }).count == group.count)
        }
        #expect(Dictionary(grouping: children, by: \.born).values.contains { $0.count >= 10 })
        let town = ScenarioTests.Town(Self.script(children, families: 140))
        #expect(Self.dupes(town, "child") == [])
        #expect(Self.dupes(town, "family") == [])
        #expect(Self.dupes(town, "helper") == [])
    }

    @Test func homophonesWithTheSameBirthDateAreFound() throws {
        var children = Self.children(280)
        let base = children.count
        // Each seeded child reads as child `of` and is born the same day, in another family.
        let seeds = [17, 120, 279]
        var expected: [[String: String]] = []
        for (k, of) in seeds.enumerated() {
            let original = children[of]
            var name = Array(original.name)
            let position = 1 + k % 2
            name[position] = Character(Self.homophones[String(name[position])]!)
            children.append(Child(name: String(name), reading: original.reading, born: original.born, family: 141 + k))
            expected.append(["a": Self.id(of), "b": Self.id(base + k), "reason": "names read the same, same birth date"])
        }
        // The same name typed twice, on the same day.
        children.append(Child(name: children[42].name, reading: children[42].reading, born: children[42].born, family: 144))
        expected.append(["a": Self.id(42), "b": Self.id(children.count - 1), "reason": "same name and birth date"])
        // A homophone in the same family, born another day.
        let sibling = children[60]
        let siblingName = String(sibling.name.prefix(2)) + Self.homophones[String(sibling.name.last!)]!
        children.append(Child(name: siblingName, reading: sibling.reading, born: "2019-06-01", family: sibling.family))
        expected.append(["a": Self.id(60), "b": Self.id(children.count - 1), "reason": "names read the same in one family"])
        expected.sort { ($0["a"]!, $0["b"]!) < ($1["a"]!, $1["b"]!) }

        // A second family with the first's guardian phone, a helper with the second's phone.
        let town = ScenarioTests.Town(Self.script(children, families: 144, extra: [
            "family add village=金宝村 guardian=监护人一 guardian_phone=13800000001",
            "helper add name=张强强 sex=男 unit=区统计局 phone=13900003333",
        ]))
        #expect(Self.dupes(town, "child") == expected)
        #expect(Self.dupes(town, "family") == [["a": "F0001", "b": "F0145", "reason": "same guardian phone"]])
        #expect(Self.dupes(town, "helper") == [["a": "H0002", "b": "H0003", "reason": "same phone"]])
        // The reason follows the language; a table shows no personal number.
        #expect(Self.dupes(town, "helper", lang: "zh") == [["a": "H0002", "b": "H0003", "reason": "联系电话相同"]])
        let table = town.run("family dupes", format: "table")
        #expect(table.out.contains("F0145") && !table.out.contains("13800000001"))
    }
}
