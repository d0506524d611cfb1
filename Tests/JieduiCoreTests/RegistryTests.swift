import Foundation
import Testing
@testable import JieduiCore

/// The registries of `check` and `due` against the files that define the rules and sources, and
/// what they drive: help, sorting, and reading rows by column name.
@Suite struct RegistryTests {
    /// The Swift files of a folder of Core's sources, by name without `.swift`.
    private func files(in folder: String) throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Sources/JieduiCore/Rules").appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".swift") }
        return Set(names.map { String($0.dropLast(".swift".count)) })
    }

    @Test func everyRuleFileIsInTheRegistryOnce() throws {
        let registered = Check.rules.map { String(describing: $0) }
        #expect(Set(registered).count == registered.count, "a rule is listed twice")
        #expect(Set(registered) == (try files(in: "Check")), "Rules/Check/ and Check.rules disagree")
        let codes = Check.rules.map { $0.code }
        #expect(Set(codes).count == codes.count, "two rules share a code")
    }

    @Test func everyDueSourceFileIsInTheRegistryOnce() throws {
        let registered = Due.sources.map { String(describing: $0) }
        #expect(Set(registered).count == registered.count, "a source is listed twice")
        #expect(Set(registered) == (try files(in: "Due")), "Rules/Due/ and Due.sources disagree")
    }

    @Test(arguments: [Lang.zh, Lang.en])
    func helpNamesWhatTheRegistriesList(_ lang: Lang) {
        let check = HelpText.checkDetails.text(lang)
        for rule in Check.rules {
            guard let phrase = rule.help?.text(lang) else { continue }
            #expect(check.contains(phrase), "help check does not name \(rule.code)")
        }
        let due = HelpText.dueDetails.text(lang)
        for source in Due.sources {
            guard let phrase = source.help?.text(lang) else { continue }
            #expect(due.contains(phrase), "help due does not name \(source)")
        }
    }

    private struct Sample: Decodable, Equatable {
        let name: String
        let count: Int
        let since: Day
        let last: Day?
        let note: String?
    }

    @Test func rowsAreReadByColumnNameInAnyOrder() throws {
        let result = SQLResult(columns: ["note", "last", "since", "count", "name"],
                               rows: [[.null, .text("2024-05-01"), .text("2024-01-02"), .text("7"), .text("甲")],
                                      [.text("x"), .null, .date(Day(year: 2023, month: 3, day: 4)!), .int(2), .int(5)]])
        let rows = try result.decode(Sample.self)
        #expect(rows == [
            Sample(name: "甲", count: 7, since: Day(year: 2024, month: 1, day: 2)!, last: Day(year: 2024, month: 5, day: 1)!, note: nil),
            Sample(name: "5", count: 2, since: Day(year: 2023, month: 3, day: 4)!, last: nil, note: "x"),
        ])
    }

    @Test func aMissingColumnIsAnErrorEvenForAnOptional() {
        let noNote = SQLResult(columns: ["name", "count", "since", "last"], rows: [[.text("甲"), .int(1), .text("2024-01-02"), .null]])
        #expect(throws: DecodingError.self) { try noNote.decode(Sample.self) }
        let nullName = SQLResult(columns: ["name", "count", "since", "last", "note"], rows: [[.null, .int(1), .text("2024-01-02"), .null, .null]])
        #expect(throws: DecodingError.self) { try nullName.decode(Sample.self) }
        let badDay = SQLResult(columns: ["name", "count", "since", "last", "note"], rows: [[.text("甲"), .int(1), .text("soon"), .null, .null]])
        #expect(throws: DecodingError.self) { try badDay.decode(Sample.self) }
    }

    @Test func theGirlsWithWomenRuleIsOneRule() {
        let girl = Sex.female.label, boy = Sex.male.label
        #expect(GirlsWithWomen.applies(sex: girl, age: GirlsWithWomen.age))
        #expect(!GirlsWithWomen.applies(sex: girl, age: GirlsWithWomen.age - 1))
        #expect(!GirlsWithWomen.applies(sex: boy, age: 12))
        #expect(GirlsWithWomen.isBroken(childSex: girl, age: 10, helperSex: boy))
        #expect(!GirlsWithWomen.isBroken(childSex: girl, age: 10, helperSex: girl))
        #expect(!GirlsWithWomen.isBroken(childSex: girl, age: 7, helperSex: boy))
    }

    @Test func theNamedLabelsAreTheEnumerationsOwn() {
        #expect(Enumeration.childStatus.labels.contains(ChildStatus.active))
        #expect(Enumeration.childStatus.resolve("active") == ChildStatus.active)
        #expect(Enumeration.childStatus.resolve("exited") == ChildStatus.exited)
        #expect(Enumeration.needStatus.labels == [NeedStatus.open, NeedStatus.referred, NeedStatus.resolved])
        #expect(Enumeration.visitKind.resolve("special") == VisitKind.specialCare)
        #expect(Set(ChildCategory.helperOnly + ChildCategory.unitAllowed) == Set(Enumeration.category.labels))
        #expect(ChildCategory.helperOnly.map { ChildCategory.number($0) } == Programme.helperOnlyCategories.map { $0 })
        #expect(ChildCategory.ageLimit(ChildCategory.leftBehind) == Programme.leftBehindAgeLimit)
        #expect(ChildCategory.helperOnly.allSatisfy { ChildCategory.ageLimit($0) == Programme.ageLimit })
    }
}
