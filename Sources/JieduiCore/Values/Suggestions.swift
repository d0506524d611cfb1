import Foundation

/// "Did you mean" candidates for a name that matched nothing. Chinese names are often mistyped
/// as a homophone (the input method offers 华 for 花), so besides edit distance on characters the
/// names are also compared by toneless pinyin, which also lets `jinbao` find `金宝村`.
public enum Suggestions {
    /// Up to `limit` candidates close to `input`, closest first and in their given order on ties;
    /// duplicates are listed once. A candidate is close when its edit distance (case-insensitive,
    /// per character) is at most max(1, input length / 3), when one is a prefix of the other, or
    /// when the same holds for their pinyin (distance at most max(1, pinyin length / 4)).
    public static func closest(to input: String, among candidates: [String], limit: Int = 3) -> [String] {
        let query = Array(input.trimmed.lowercased())
        guard !query.isEmpty, limit > 0 else { return [] }
        var pinyin = PinyinCache()
        let queryPinyin = pinyin.letters(of: query)
        let queryHasNonASCII = !query.allSatisfy(\.isASCII)
        let directLimit = max(1, query.count / 3)
        let pinyinLimit = max(1, queryPinyin.count / 4)

        var seen = Set<String>()
        var scored: [(distance: Int, order: Int, name: String)] = []
        for (order, candidate) in candidates.enumerated() where seen.insert(candidate).inserted {
            let name = Array(candidate.lowercased())
            guard !name.isEmpty else { continue }
            var best: Int?
            if let distance = closeness(query, name, limit: directLimit, minimumPrefix: 1) {
                best = distance
            }
            if queryHasNonASCII || !name.allSatisfy(\.isASCII) {
                // Pinyin is only worth computing when a Chinese character is involved.
                let namePinyin = pinyin.letters(of: name)
                if let distance = closeness(queryPinyin, namePinyin, limit: pinyinLimit,
                                               minimumPrefix: 2) {
                    best = min(best ?? distance, distance)
                }
            }
            if let best { scored.append((best, order, candidate)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(limit).map(\.name)
    }

    /// The edit distance between `a` and `b` if they count as close, else nil. A prefix must be
    /// `minimumPrefix` long, so that one pinyin letter does not match every name. Candidates whose
    /// length differs by more than `limit` are only prefixes or strangers, so the quadratic
    /// distance is skipped for them; that keeps ten thousand names fast.
    private static func closeness<Element: Equatable>(
        _ a: [Element], _ b: [Element], limit: Int, minimumPrefix: Int
    ) -> Int? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let lengthGap = abs(a.count - b.count)
        let (shorter, longer) = a.count <= b.count ? (a, b) : (b, a)
        if shorter.count >= minimumPrefix, longer.starts(with: shorter) { return lengthGap }
        guard lengthGap <= limit else { return nil }
        let distance = editDistance(a, b)
        return distance <= limit ? distance : nil
    }

    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment), since
    /// `chlid` for `child` is as common a slip as a wrong letter.
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}

/// Toneless pinyin per character, looked up once per call: ICU's transform costs about ten
/// microseconds a character, and a town's names share most of their characters.
private struct PinyinCache {
    private var cache: [Character: [Character]] = [:]

    /// The lowercase Latin letters and digits of `text` read as pinyin, spaces and punctuation
    /// dropped so that `wang xiaohua` and `王小华` give the same letters.
    mutating func letters(of text: [Character]) -> [Character] {
        var result: [Character] = []
        for character in text {
            if character.isASCII {
                if character.isLetter || character.isNumber { result.append(character) }
                continue
            }
            if let known = cache[character] {
                result += known
                continue
            }
            let latin = String(character)
                .applyingTransform(.toLatin, reverse: false)?
                .applyingTransform(.stripDiacritics, reverse: false)?
                .applyingTransform(.fullwidthToHalfwidth, reverse: false)?
                .lowercased() ?? String(character)
            let kept = latin.filter { $0.isLetter || $0.isNumber }
            let letters = kept.isEmpty ? [character] : Array(kept)
            cache[character] = letters
            result += letters
        }
        return result
    }
}
