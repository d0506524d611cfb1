/// Made-up resident ID-card numbers that pass GB 11643-1999, for fixtures that need a child of
/// a given birth date and sex. Written from records.md rather than taken from JieduiCore, so
/// that the end-to-end tests check the program's reading of the number against the spec.
enum FakeIdentityNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// The number of someone born on `born` (`YYYY-MM-DD`) in region 511304; `sequence` 1–999,
    /// whose last digit is odd for a male and even for a female.
    static func make(born: String, sequence: Int, region: String = "511304") -> String {
        precondition(region.count == 6 && (1...999).contains(sequence), "bad region or sequence")
        let date = born.replacingOccurrences(of: "-", with: "")
        precondition(date.count == 8, "born must be YYYY-MM-DD")
        let sequenceText = String(sequence)
        let first17 = region + date + String(repeating: "0", count: 3 - sequenceText.count) + sequenceText
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return first17 + String(checkCharacters[sum % 11])
    }

    /// A girl's number: the smallest even sequence from `index`.
    static func girl(born: String, _ index: Int = 1) -> String { make(born: born, sequence: 2 * index) }

    /// A boy's number: an odd sequence.
    static func boy(born: String, _ index: Int = 1) -> String { make(born: born, sequence: 2 * index - 1) }
}
