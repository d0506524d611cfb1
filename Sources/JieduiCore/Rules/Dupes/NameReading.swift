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

    /// The reading of `name`: `张 晓` and `张晓` both read `zhangxiao`, `阿依古丽·买买提` and
    /// `阿依古丽买买提` alike (spaces and separator dots are not read), and a surname of two
    /// readings is read as a surname: `曾` is `zeng`, never `ceng`.
    public mutating func key(_ name: String) -> String {
        var key = ""
        var first = true
        for character in name where !character.isWhitespace && !character.isPunctuation {
            defer { first = false }
            if first, let surname = Self.surnames[character] {
                key += surname
                continue
            }
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

    /// Characters read otherwise as a surname than the common reading ICU gives them.
    static let surnames: [Character: String] = [
        "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "乐": "yue", "翟": "zhai",
        "覃": "qin", "区": "ou", "朴": "piao", "盖": "ge", "缪": "miao", "种": "chong", "折": "she",
        "尉": "yu", "繁": "po", "员": "yun", "召": "shao", "隗": "wei", "句": "gou", "秘": "bi",
        "燕": "yan", "纪": "ji", "黑": "he", "过": "guo", "车": "che", "沈": "shen",
    ]

    /// One character's pinyin without tones, spaces and case; `ü` is kept apart from `u` as `v`,
    /// as pinyin keyboards write it (`吕` is `lv`, `卢` is `lu`).
    private static func transliterate(_ character: Character) -> String {
        let text = String(character)
        let latin = (text.applyingTransform(.mandarinToLatin, reverse: false) ?? text).decomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        for scalar in latin.unicodeScalars {
            // `u` and a combining diaeresis (U+0308), whatever tone mark follows, is `v`.
            if scalar == "\u{0308}", let last = scalars.last, last == "u" || last == "U" {
                scalars.removeLast()
                scalars.append("v")
            } else {
                scalars.append(scalar)
            }
        }
        let umlautless = String(scalars)
        let toneless = umlautless.applyingTransform(.stripDiacritics, reverse: false) ?? umlautless
        return toneless.filter { !$0.isWhitespace }.lowercased()
    }
}
