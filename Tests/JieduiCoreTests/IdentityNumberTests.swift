import JieduiCore
import Testing

/// The check character computed independently of the implementation: the weights as powers of 2
/// mod 11 and the character as (12 − sum mod 11) mod 11, with 10 written X.
func referenceCheckCharacter(_ first17: String) -> Character {
    var sum = 0
    for (index, character) in first17.enumerated() {
        var weight = 1
        for _ in 0..<(17 - index) { weight = weight * 2 % 11 }
        sum += Int(String(character))! * weight
    }
    let value = (12 - sum % 11) % 11
    return value == 10 ? "X" : Character(String(value))
}

/// A FAKE identity number completed with the reference check character.
func fakeNumber(_ first17: String) -> String {
    first17 + String(referenceCheckCharacter(first17))
}

@Suite struct IdentityNumberTests {
    let today = day(2024, 6, 1)

    @Test(arguments: [
        ("511304201405010121", day(2014, 5, 1), 12, Sex.female),
        ("511304201609120218", day(2016, 9, 12), 21, Sex.male),
        ("511304201211300411", day(2012, 11, 30), 41, Sex.male),
        ("511304201002030320", day(2010, 2, 3), 32, Sex.female),
        ("511304201906150528", day(2019, 6, 15), 52, Sex.female),
    ])
    func acceptsKnownValidFakeNumbers(text: String, born: Day, sequence: Int, sex: Sex) throws {
        let number = try IdentityNumber.parse(text, today: today)
        #expect(number.text == text)
        #expect(number.region == "511304")
        #expect(number.born == born)
        #expect(number.sequence == sequence)
        #expect(number.sex == sex)
    }

    @Test func referenceCheckAgreesWithTheKnownFakes() {
        // Guards the test helper itself against the fixtures given in the brief.
        #expect(fakeNumber("51130420140501012") == "511304201405010121")
        #expect(fakeNumber("51130420160912021") == "511304201609120218")
        #expect(fakeNumber("51130420150607006") == "51130420150607006X")
    }

    @Test func checkCharacterXIsAcceptedInEitherCase() throws {
        let upper = try IdentityNumber.parse("51130420150607006X", today: today)
        let lower = try IdentityNumber.parse("51130420150607006x", today: today)
        #expect(upper.text == "51130420150607006X")
        #expect(lower.text == "51130420150607006X")
        #expect(lower == upper)
        #expect(lower.sex == .female)
    }

    @Test func trimsSurroundingSpace() throws {
        let number = try IdentityNumber.parse("  511304201405010121\u{3000}\n", today: today)
        #expect(number.text == "511304201405010121")
    }

    @Test func sexFollowsTheParityOfTheSequence() throws {
        for sequence in [1, 2, 9, 10, 11, 100, 998, 999] {
            let text = fakeNumber("11010120100101" + String(format3: sequence))
            let number = try IdentityNumber.parse(text, today: today)
            #expect(number.sex == (sequence % 2 == 1 ? .male : .female), "sequence \(sequence)")
            #expect(number.sequence == sequence)
        }
    }

    @Test(arguments: [
        ("51130420140501012", IdentityNumberError.length(17)),
        ("5113042014050101211", .length(19)),
        ("", .length(0)),
        ("511304 201405010121", .length(19)),
        ("51130420140501012A", .characters),
        ("5113042O1405010121", .characters),
        ("51130420140501012x1", .length(19)),
        ("X11304201405010121", .characters),
        ("５１１３０４２０１４０５０１０１２１", .characters),
        ("511304201405010X21", .characters),
        ("011304201405010121", .region),
        ("911304201405010121", .region),
        ("511304202302300121", .birthDate),
        ("511304201413010121", .birthDate),
        ("511304189912310121", .birthDate),
        ("511304202406020121", .bornInFuture),
        ("511304201609120219", .checkCharacter(expected: "8", found: "9")),
        ("511304201405010120", .checkCharacter(expected: "1", found: "0")),
        ("51130420140501012X", .checkCharacter(expected: "1", found: "X")),
        ("51130420140501012x", .checkCharacter(expected: "1", found: "X")),
    ])
    func rejectsEachWrongPart(text: String, error: IdentityNumberError) {
        #expect(throws: error) { try IdentityNumber.parse(text, today: today) }
    }

    @Test func checksPartsInOrder() {
        // Each number below is wrong in two parts; the earlier part is the one reported.
        #expect(throws: IdentityNumberError.region) {
            try IdentityNumber.parse("011304202302300000", today: today)
        }
        #expect(throws: IdentityNumberError.birthDate) {
            try IdentityNumber.parse("511304202302300000", today: today)
        }
        #expect(throws: IdentityNumberError.bornInFuture) {
            try IdentityNumber.parse("511304202501010000", today: today)
        }
    }

    @Test func birthOnTodayIsAllowedAndTomorrowIsNot() throws {
        let bornToday = fakeNumber("51130420240601001")
        let bornTomorrow = fakeNumber("51130420240602001")
        #expect(try IdentityNumber.parse(bornToday, today: today).born == today)
        #expect(throws: IdentityNumberError.bornInFuture) {
            try IdentityNumber.parse(bornTomorrow, today: today)
        }
    }

    @Test func everyRegionFirstDigitFromOneToEight() throws {
        for first in 1...8 {
            let text = fakeNumber("\(first)1010120100101001")
            #expect(try IdentityNumber.parse(text, today: today).region == "\(first)10101")
        }
    }

    @Test func everySingleDigitTypoIsCaught() throws {
        // MOD 11-2 detects every single substitution; try them all on one valid number.
        let valid = Array("511304201405010121")
        for position in 0..<18 {
            for replacement in "0123456789X" where replacement != valid[position] {
                var typo = valid
                typo[position] = replacement
                #expect(throws: IdentityNumberError.self) {
                    try IdentityNumber.parse(String(typo), today: today)
                }
            }
        }
    }

    @Test func checkCharacterMatchesTheReference() {
        #expect(IdentityNumber.checkCharacter(forFirst17: "51130420140501012") == "1")
        #expect(IdentityNumber.checkCharacter(forFirst17: "51130420150607006") == "X")
        #expect(IdentityNumber.checkCharacter(forFirst17: "11010519491231002") == "X")
        for sequence in stride(from: 0, through: 999, by: 7) {
            let first17 = "44030620110823" + String(format3: sequence)
            #expect(IdentityNumber.checkCharacter(forFirst17: first17) == referenceCheckCharacter(first17))
        }
    }

    @Test func makeBuildsValidFakeNumbers() throws {
        let number = IdentityNumber.make(region: "511304", born: day(2014, 5, 1), sequence: 12)
        #expect(number.text == "511304201405010121")
        #expect(number.sex == .female)
        #expect(number.born == day(2014, 5, 1))
        #expect(number.sequence == 12)
        #expect(try IdentityNumber.parse(number.text, today: today) == number)

        let withX = IdentityNumber.make(region: "511304", born: day(2015, 6, 7), sequence: 6)
        #expect(withX.text == "51130420150607006X")
        let first = IdentityNumber.make(region: "810000", born: day(1900, 1, 1), sequence: 1)
        #expect(first.text == fakeNumber("81000019000101001"))
        #expect(first.sex == .male)
    }

    @Test func maskShowsRegionAndLastFour() throws {
        #expect(try IdentityNumber.parse("511304201405010121", today: today).masked == "511304********0121")
        #expect(try IdentityNumber.parse("51130420150607006x", today: today).masked == "511304********006X")
    }
}

extension String {
    /// Three digits with leading zeros, without the implementation's own formatting.
    init(format3 value: Int) {
        self = value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
}
