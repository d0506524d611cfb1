import Foundation

/// Sex as the identity number records it; the pairing rules (girls with women) depend on it.
public enum Sex: Sendable, Hashable {
    case male, female
}

/// Which part of a typed identity number is wrong, so the message can tell the user what to fix.
public enum IdentityNumberError: Error, Equatable, Sendable {
    /// Not 18 characters; carries how many there were.
    case length(Int)
    /// The first 17 are not all ASCII digits, or the last is neither a digit nor X.
    case characters
    /// The region code does not start with 1–8.
    case region
    /// The eight birth-date digits are not a real date.
    case birthDate
    /// The birth date is after today.
    case bornInFuture
    /// The ISO 7064 MOD 11-2 check character does not match.
    case checkCharacter(expected: Character, found: Character)
}

/// A PRC resident identity number (GB 11643-1999), checked once on input so that the child's
/// sex and birth date can be derived from it everywhere else without re-validation.
public struct IdentityNumber: Hashable, Sendable {
    /// The 18 characters, with a check character `X` always in upper case.
    public let text: String
    /// The 6-digit administrative region code where the number was issued.
    public let region: String
    public let born: Day
    /// The 3-digit order code; its parity gives the sex.
    public let sequence: Int
    public let sex: Sex

    /// Shows enough to tell two records apart on screen without exposing the whole number.
    public var masked: String {
        String(text.prefix(6)) + String(repeating: "*", count: 8) + String(text.suffix(4))
    }

    /// GB 11643-1999: a number has 18 characters.
    public static let length = 18

    /// ISO 7064 MOD 11-2 weights for positions 1–17.
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// The check character for each remainder of the weighted sum mod 11.
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    private init(text: String, region: String, born: Day, sequence: Int) {
        self.text = text
        self.region = region
        self.born = born
        self.sequence = sequence
        self.sex = sequence % 2 == 1 ? .male : .female
    }

    /// Validates typed text, reporting the first wrong part in the order a person would check:
    /// length, characters, region, birth date, future birth, check character.
    public static func parse(_ text: String, today: Day) throws(IdentityNumberError) -> IdentityNumber {
        if let valid = parseASCII(text, today: today) { return valid }
        let characters = Array(text.trimmed)
        guard characters.count == length else { throw .length(characters.count) }
        let last = characters[17] == "x" ? "X" : characters[17]
        guard characters[..<17].allSatisfy(isASCIIDigit), isASCIIDigit(last) || last == "X" else {
            throw .characters
        }
        guard ("1"..."8").contains(characters[0]) else { throw .region }
        let digits = characters[..<17].map { Int($0.asciiValue! - 48) }
        guard let born = Day(year: number(digits[6..<10]), month: number(digits[10..<12]),
                             day: number(digits[12..<14]))
        else { throw .birthDate }
        guard born <= today else { throw .bornInFuture }
        let expected = checkCharacter(forDigits: digits)
        guard expected == last else { throw .checkCharacter(expected: expected, found: last) }
        return IdentityNumber(text: String(characters[..<17]) + String(last),
                              region: String(characters[..<6]), born: born,
                              sequence: number(digits[14..<17]))
    }

    /// The number read straight from its bytes when it is exactly 17 ASCII digits and a check
    /// character and every part is right, as nearly every number is; nil sends anything else
    /// through `parse`'s checks, which say what is wrong.
    private static func parseASCII(_ text: String, today: Day) -> IdentityNumber? {
        var digits = [Int](repeating: 0, count: 17)
        var last: Character = " "
        var count = 0
        for byte in text.utf8 {
            guard count < 18 else { return nil }
            if count < 17 {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                digits[count] = Int(byte - 0x30)
            } else if byte >= 0x30 && byte <= 0x39 {
                last = Character(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "X") || byte == UInt8(ascii: "x") {
                last = "X"
            } else {
                return nil
            }
            count += 1
        }
        guard count == 18, (1...8).contains(digits[0]),
              let born = Day(year: number(digits[6..<10]), month: number(digits[10..<12]), day: number(digits[12..<14])),
              born <= today, checkCharacter(forDigits: digits) == last
        else { return nil }
        let first17 = String(decoding: digits.map { UInt8($0) + 0x30 }, as: UTF8.self)
        return IdentityNumber(text: first17 + String(last), region: String(first17.prefix(6)), born: born,
                              sequence: number(digits[14..<17]))
    }

    /// The check character that completes 17 ASCII digits; anything else is a bug in the caller.
    public static func checkCharacter(forFirst17 digits: String) -> Character {
        let characters = Array(digits)
        precondition(characters.count == 17 && characters.allSatisfy(isASCIIDigit),
                     "checkCharacter needs exactly 17 ASCII digits")
        return checkCharacter(forDigits: characters.map { Int($0.asciiValue! - 48) })
    }

    /// Builds a valid number for test fixtures and the demo town, where real people's numbers
    /// must never appear; bad parts are a bug in the fixture, hence preconditions.
    public static func make(region: String, born: Day, sequence: Int) -> IdentityNumber {
        let regionCharacters = Array(region)
        precondition(regionCharacters.count == 6 && regionCharacters.allSatisfy(isASCIIDigit)
                     && ("1"..."8").contains(regionCharacters[0]),
                     "region must be 6 ASCII digits starting with 1–8")
        precondition((0...999).contains(sequence), "sequence must be in 0...999")
        let date = String(born.iso.filter { $0 != "-" })
        let sequenceText = String(sequence + 1000).dropFirst()
        let first17 = region + date + sequenceText
        return IdentityNumber(text: first17 + String(checkCharacter(forFirst17: first17)),
                              region: region, born: born, sequence: sequence)
    }

    private static func checkCharacter(forDigits digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    private static func isASCIIDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }

    private static func number(_ digits: ArraySlice<Int>) -> Int {
        digits.reduce(0) { $0 * 10 + $1 }
    }
}
