import Foundation

/// How a name is read aloud: its Mandarin pinyin without tones, spaces or case, so that 张晓 and
/// 张小 read the same (`zhangxiao`) while 张晓 and 李晓 do not (practice.md, "No duplicates").
///
/// Each character is transliterated once and remembered: ICU's transform costs tens of
/// microseconds a call, and a town of 40,000 children has only a few thousand characters in its
/// names. A name's reading is the readings of its characters in order; a character the transform
/// leaves alone (a Latin letter, a digit) is itself, lowercased.
public struct NameReading {
    private var readings: [Character: String] = [:]

    public init() {}

    /// The reading of `name`: `张 晓` and `张晓` both read `zhangxiao`.
    public mutating func key(_ name: String) -> String {
        var key = ""
        for character in name {
            if let known = readings[character] {
                key += known
                continue
            }
            let reading = Self.transliterate(character)
            readings[character] = reading
            key += reading
        }
        return key
    }

    /// One character's pinyin without tones, spaces and case.
    private static func transliterate(_ character: Character) -> String {
        let text = String(character)
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let toneless = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return toneless.filter { !$0.isWhitespace }.lowercased()
    }
}
