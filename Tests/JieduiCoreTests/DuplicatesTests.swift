@testable import JieduiCore
import Testing

/// practice.md's "No duplicates": how a name is read aloud, and the pairs `dupes` lists.
@Suite struct DuplicatesTests {
    /// Names that read the same, and names that do not, whatever their tones and spaces.
    @Test(arguments: [
        ("张晓", "张小", true), ("张晓", "李晓", false), ("王小花", "王晓华", true), ("王小花", "王小华", true),
        ("张 晓", "张晓", true), ("刘洋", "刘阳", true), ("刘洋", "刘杨", true), ("陈静", "陈晶", true), ("陈静", "陈军", false),
        ("Zhang Xiao", "张晓", true), ("张晓", "张晓明", false),
        // A surname of two readings is read as a surname; ü is not u; a separator dot is not read.
        ("曾小红", "增小红", true), ("曾小红", "层小红", false), ("单小明", "山小明", true), ("单小明", "丹小明", false),
        ("解小明", "谢小明", true), ("仇小明", "邱小明", true), ("小曾", "小层", true),
        ("吕小雨", "卢小雨", false), ("吕小雨", "旅小雨", true), ("许小雨", "徐小雨", true), ("女娲", "努娲", false),
        ("阿依古丽·买买提", "阿依古丽买买提", true), ("阿依古丽·买买提", "阿依古丽•买买提", true),
    ])
    func readsNamesAloud(_ x: String, _ y: String, _ same: Bool) {
        var reading = NameReading()
        #expect((reading.key(x) == reading.key(y)) == same, "\(x) \(reading.key(x)), \(y) \(reading.key(y))")
    }

    @Test func aReadingIsPinyinWithoutTones() {
        var reading = NameReading()
        #expect(reading.key("张晓") == "zhangxiao")
        #expect(reading.key("欧阳娜娜") == "ouyangnana")
        // Read twice, from the characters it remembers: the same.
        #expect(reading.key("晓张") == "xiaozhang")
    }

    static func child(_ id: String, _ name: String, _ born: String, _ family: String) -> Duplicates.Child {
        Duplicates.Child(id: id, name: name, born: born, family: family)
    }

    /// Each pair once, `a` before `b` by number (C9999 before C10000), sorted by `a` then `b`,
    /// with its strongest reason.
    @Test func pairsAreOrderedAndGivenTheirStrongestReason() {
        let children = [
            Self.child("C10000", "张晓", "2015-03-08", "F0009"),
            Self.child("C0002", "李明", "2014-01-01", "F0001"),
            Self.child("C9999", "张小", "2015-03-08", "F0002"),
            Self.child("C0003", "张晓", "2015-03-08", "F0003"),
            // The same name and birth date in one family: the stronger reason wins.
            Self.child("C0005", "李明", "2014-01-01", "F0001"),
            // The same reading in one family, born on other days.
            Self.child("C0004", "王芳", "2012-05-05", "F0004"),
            Self.child("C0010", "王方", "2016-06-06", "F0004"),
            // Not duplicates: another name on the same day, the same name on another day.
            Self.child("C0006", "李晓", "2015-03-08", "F0005"),
            Self.child("C0007", "张晓", "2015-03-09", "F0006"),
        ]
        let pairs = Duplicates.children(children)
        #expect(pairs == [
            DuplicatePair(a: "C0002", b: "C0005", reason: .sameNameAndBirth),
            DuplicatePair(a: "C0003", b: "C9999", reason: .sameReadingAndBirth),
            DuplicatePair(a: "C0003", b: "C10000", reason: .sameNameAndBirth),
            DuplicatePair(a: "C0004", b: "C0010", reason: .sameReadingInFamily),
            DuplicatePair(a: "C9999", b: "C10000", reason: .sameReadingAndBirth),
        ])
        // The input's order does not matter.
        #expect(Duplicates.children(children.reversed()) == pairs)
    }

    @Test func childrenWithoutDuplicatesGiveNothing() {
        let children = (1...50).map { Self.child(String(format: "C%04d", $0), "儿童\($0)", "2015-03-08", "F\($0)") }
        #expect(Duplicates.children(children) == [])
    }

    @Test func recordsWithTheSamePhone() {
        let families = [("F0003", "13800001111"), ("F0001", "13800001111"), ("F0002", "13800002222"), ("F0004", ""), ("F0005", ""),
                        ("F0010", "13800001111")]
        #expect(Duplicates.samePhone(families.map { (id: $0.0, phone: $0.1) }, reason: .sameGuardianPhone) == [
            DuplicatePair(a: "F0001", b: "F0003", reason: .sameGuardianPhone),
            DuplicatePair(a: "F0001", b: "F0010", reason: .sameGuardianPhone),
            DuplicatePair(a: "F0003", b: "F0010", reason: .sameGuardianPhone),
        ])
    }

    @Test func everyReasonHasWordsInBothLanguages() {
        for reason in DuplicateReason.allCases {
            #expect(!reason.message.text(.zh).isEmpty && reason.message.text(.zh) != reason.message.text(.en))
        }
    }
}
