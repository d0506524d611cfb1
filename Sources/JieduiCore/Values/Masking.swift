/// Hides identity and phone numbers inside free text (notes, problems found, imported cells),
/// because people type them there too and `mask` must cover every field, not just `idno`/`phone`.
public enum Masking {
    /// Masks every run that looks like an identity number (`511304********0121`,
    /// `510000 **** **** 0128`, or an unbroken run of 15 digits or more), a mobile number
    /// (`138****1111`, `138 **** 1111`, `86138****1111`)
    /// or a landline (`0817-***2222`, `0817 ***2222`, `0817***2222`, `(0817)***2222`), whatever
    /// text surrounds it. One pass over the scalars, no regular expressions, so a long note cannot
    /// make it slow. Full-width digits are recognised too, since Chinese input methods produce them.
    public static func maskPersonalNumbers(in text: String) -> String {
        scan(text).masked
    }

    /// Whether the text holds anything `maskPersonalNumbers` would hide; used to decide that a
    /// value (an imported cell, a note) must not be printed unmasked.
    public static func looksPersonal(_ value: String) -> Bool {
        scan(value).found
    }

    /// A value of an ID-card or phone field as it is shown while masking is on: an ID-card
    /// number keeps its first 6 and last 4 characters, a phone number its last 4 (a mobile its
    /// first 3 too). Every path that shows such a field masks it here, so they cannot disagree.
    public static func maskPersonalField(_ text: String) -> String {
        text.isEmpty ? text : (text.count == 18 ? IdentityNumber.maskedText(text) : Phone.masked(text))
    }

    /// Whether UTF-8 text may hold anything `maskPersonalNumbers` would hide, without decoding
    /// it: false means the text can be shown as it is. For callers that hold bytes (a database's
    /// values), so that text with no long run of digits costs no `String`.
    public static func mayHoldPersonalNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        hasLongDigitRun(bytes)
    }

    /// The single scanner both entry points share, so they can never disagree.
    private static func scan(_ text: String) -> (masked: String, found: Bool) {
        // Every pattern holds a run of at least seven digits; most text has none, and is
        // returned as it is after one pass over its bytes. A date as dates are stored
        // (`2014-05-01`), whose digits the run counts across its hyphens, is none either.
        guard hasLongDigitRun(text), !isISODate(text) else { return (text, false) }
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        var output = String.UnicodeScalarView()
        var found = false
        var index = 0

        /// Copies `range` keeping `keepFront` and `keepBack` scalars and starring the rest.
        func emitMasked(_ range: Range<Int>, keepFront: Int, keepBack: Int) {
            for (offset, position) in range.enumerated() {
                let visible = offset < keepFront || offset >= range.count - keepBack
                output.append(visible ? scalars[position] : "*")
            }
            found = true
        }

        /// A mobile number starts with 1, as `Phone.normalized` takes it: whatever a phone field
        /// holds, text that quotes it is masked too.
        func isMobileStart(_ digits: [Int], at offset: Int) -> Bool {
            digits.count > offset && digits[offset] == 1
        }

        /// The end of a 7–8 digit local number after a landline's area code and the hyphen or
        /// closing bracket at `separator`, or nil.
        func landlineEnd(after separator: Int) -> Int? {
            var end = separator + 1
            while end < count, isDigit(scalars[end]) { end += 1 }
            return (7...8).contains(end - separator - 1) ? end : nil
        }

        /// Whether the run `start..<end` is an area code written `0817－` (a full-width hyphen)
        /// or `(0817)`; with an ASCII hyphen or space it is a group of its own (below).
        func isAreaCode(_ start: Int, _ end: Int) -> Bool {
            guard (3...4).contains(end - start), digitValue(scalars[start]) == 0, end < count else { return false }
            if isTyped(scalars[end], "-") { return true }
            return start > 0 && isTyped(scalars[start - 1], "(") && isTyped(scalars[end], ")")
        }

        /// Copies `start..<end`, a number in groups, keeping its first `front` and last `back`
        /// digits (an ID-card number's final X counts as one) and every separator; the other
        /// digits are starred.
        func emitDigitsMasked(_ start: Int, _ end: Int, total: Int, front: Int, back: Int) {
            var digit = 0
            for position in start..<end {
                let scalar = scalars[position]
                guard isDigit(scalar) || isX(scalar) else {
                    output.append(scalar)
                    continue
                }
                output.append(digit < front || digit >= total - back ? scalar : "*")
                digit += 1
            }
            found = true
        }

        /// How the number written as the first `k` of `groups` is masked, if it is one: an
        /// ID-card number (keeping 6 and 4), a mobile (3 and 4; with `86` before it, 5 and 4),
        /// a landline (its area code and 4). The span's end includes an ID-card number's X.
        func pattern(_ groups: [Range<Int>], _ k: Int) -> (end: Int, total: Int, front: Int, back: Int)? {
            let end = groups[k - 1].upperBound
            let digits = groups[..<k].flatMap { $0.map { digitValue(scalars[$0])! } }
            let next = end < count ? scalars[end] : nil
            switch digits.count {
            case 18 where !isX(next):
                return (end, 18, 6, 4)
            case 17 where isX(next) && !(end + 1 < count && (isDigit(scalars[end + 1]) || isX(scalars[end + 1]))):
                return (end + 1, 18, 6, 4)
            case 11 where isMobileStart(digits, at: 0):
                return (end, 11, 3, 4)
            case 13 where digits[0] == 8 && digits[1] == 6 && isMobileStart(digits, at: 2):
                return (end, 13, 5, 4)
            // One unbroken run an ID-card number is in or near: one mistyped, one of the old 15
            // digits, a disability certificate's 20 (the number and two more), a bank card's. A reference or
            // an error that quotes such a slip must not show it either. (A run of 10–12 digits
            // is left alone: timestamps in file names and statistics codes are such runs.)
            case 15... where k == 1:
                return (end, digits.count, 6, 4)
            default:
                break
            }
            if digits.first == 0 {
                // `0817-2222222`, `0817 2222222`, or one run `08172222222`.
                if k == 2, (3...4).contains(groups[0].count), (7...8).contains(groups[1].count) {
                    return (end, digits.count, groups[0].count, 4)
                }
                if k == 1, (11...12).contains(digits.count) { return (end, digits.count, 4, 4) }
            }
            return nil
        }

        while index < count {
            guard isDigit(scalars[index]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            // `index` starts a maximal run of digits: the previous scalar was not a digit. The
            // runs after it joined by one ASCII space or hyphen, the same each time, are groups
            // of one number as people type them (`138 0000 1234`, `510000-20150302-0128`).
            var groups: [Range<Int>] = []
            var end = index
            var separator: Unicode.Scalar?
            repeat {
                if !groups.isEmpty {
                    separator = scalars[end]
                    end += 1
                }
                let start = end
                while end < count, isDigit(scalars[end]) { end += 1 }
                groups.append(start..<end)
            } while groups.count < 6 && end + 1 < count && isGroupSeparator(scalars[end])
                && (separator == nil || scalars[end] == separator) && isDigit(scalars[end + 1])
            if let k = (1...groups.count).reversed().first(where: { pattern(groups, $0) != nil }), let found = pattern(groups, k) {
                emitDigitsMasked(index, found.end, total: found.total, front: found.front, back: found.back)
                index = found.end
                continue
            }
            let run = groups[0]
            if isAreaCode(run.lowerBound, run.upperBound), let localEnd = landlineEnd(after: run.upperBound) {
                emitMasked(run.lowerBound..<localEnd, keepFront: run.count + 1, keepBack: 4)
                index = localEnd
            } else {
                output.append(contentsOf: scalars[run])
                index = run.upperBound
            }
        }
        return (String(output), found)
    }

    /// Whether the text is exactly `YYYY-MM-DD` in ASCII.
    private static func isISODate(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 10 else { return false }
        for (index, byte) in utf8.enumerated() {
            let ok = index == 4 || index == 7 ? byte == UInt8(ascii: "-") : byte >= 0x30 && byte <= 0x39
            if !ok { return false }
        }
        return true
    }

    /// Whether the text holds seven or more consecutive ASCII or full-width digits (UTF-8
    /// `EF BC 90`–`EF BC 99`), looked for in the bytes without decoding.
    private static func hasLongDigitRun(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(hasLongDigitRun) ?? Array(text.utf8).withUnsafeBufferPointer(hasLongDigitRun)
    }

    private static func hasLongDigitRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        var lead = 0  // how many bytes of a full-width digit's prefix `EF BC` have been seen
        var separated = false  // the last byte was a space or hyphen after a digit
        for byte in bytes {
            // A mobile number written in groups (`138 0000 1234`) is one run of its digits.
            if (byte == 0x20 || byte == 0x2D) && run > 0 && !separated && lead == 0 {
                separated = true
                continue
            }
            separated = false
            if byte >= 0x30 && byte <= 0x39 {
                run += 1
                lead = 0
            } else if byte == 0xEF {
                lead = 1
                continue
            } else if byte == 0xBC && lead == 1 {
                lead = 2
                continue
            } else if lead == 2 && byte >= 0x90 && byte <= 0x99 {
                run += 1
                lead = 0
            } else {
                run = 0
                lead = 0
                continue
            }
            if run >= 7 { return true }
        }
        return false
    }

    /// The value of an ASCII or full-width digit.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
        default: nil
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        digitValue(scalar) != nil
    }

    private static func isX(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return isTyped(scalar, "X") || isTyped(scalar, "x")
    }

    /// Whether a scalar is the ASCII mark or its full-width form (ASCII + U+FEE0), which
    /// Chinese input methods type: `-` or `－`, `(` or `（`.
    private static func isTyped(_ scalar: Unicode.Scalar, _ ascii: Unicode.Scalar) -> Bool {
        scalar == ascii || scalar.value == ascii.value + 0xFEE0
    }

    /// What may stand between the groups of a mobile number: an ASCII space or hyphen (the
    /// ones `hasLongDigitRun` reads through).
    private static func isGroupSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-"
    }
}
