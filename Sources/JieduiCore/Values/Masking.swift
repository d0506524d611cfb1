/// Hides identity and phone numbers inside free text (notes, problems found, imported cells),
/// because people type them there too and `mask` must cover every field, not just `idno`/`phone`.
public enum Masking {
    /// Masks every run that looks like an identity number (`511304********0121`), a mobile number
    /// (`138****1111`, `138 **** 1111`) or a landline (`0817-***2222`, `(0817)***2222`), whatever
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
        // returned as it is after one pass over its bytes.
        guard hasLongDigitRun(text) else { return (text, false) }
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

        /// A mobile number starts `13`–`19`; `10`–`12` are service numbers, not people's phones.
        func isMobileStart(_ position: Int) -> Bool {
            digitValue(scalars[position]) == 1 && (3...9).contains(digitValue(scalars[position + 1]) ?? -1)
        }

        /// The end of a mobile number written in groups, `138 0000 1234` or `138-0000-1234`,
        /// whose first three digits are the run at `start`; nil if it is not one.
        func groupedMobileEnd(_ start: Int) -> Int? {
            let separator = start + 3
            guard separator + 10 <= count, isGroupSeparator(scalars[separator]), scalars[separator + 5] == scalars[separator],
                  (separator + 1..<separator + 5).allSatisfy({ isDigit(scalars[$0]) }),
                  (separator + 6..<separator + 10).allSatisfy({ isDigit(scalars[$0]) }) else { return nil }
            let end = separator + 10
            return end < count && isDigit(scalars[end]) ? nil : end
        }

        /// The end of a 7–8 digit local number after a landline's area code and the hyphen or
        /// closing bracket at `separator`, or nil.
        func landlineEnd(after separator: Int) -> Int? {
            var end = separator + 1
            while end < count, isDigit(scalars[end]) { end += 1 }
            return (7...8).contains(end - separator - 1) ? end : nil
        }

        /// Whether the run `start..<end` is an area code written `0817-` or `(0817)`.
        func isAreaCode(_ start: Int, _ end: Int) -> Bool {
            guard (3...4).contains(end - start), digitValue(scalars[start]) == 0, end < count else { return false }
            if isTyped(scalars[end], "-") { return true }
            return start > 0 && isTyped(scalars[start - 1], "(") && isTyped(scalars[end], ")")
        }

        while index < count {
            guard isDigit(scalars[index]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            // `index` starts a maximal run of digits: the previous scalar was not a digit.
            var end = index
            while end < count, isDigit(scalars[end]) { end += 1 }
            let run = end - index
            let next = end < count ? scalars[end] : nil

            if run == 18, !isX(next) {
                emitMasked(index..<end, keepFront: 6, keepBack: 4)
                index = end
            } else if run == 17, isX(next), !(end + 1 < count && (isDigit(scalars[end + 1]) || isX(scalars[end + 1]))) {
                emitMasked(index..<(end + 1), keepFront: 6, keepBack: 4)
                index = end + 1
            } else if run == 3, isMobileStart(index), let groupedEnd = groupedMobileEnd(index) {
                // The digits of the middle group are hidden, the separators kept.
                for position in index..<groupedEnd {
                    output.append(position > index + 3 && position < index + 8 ? "*" : scalars[position])
                }
                found = true
                index = groupedEnd
            } else if run == 11, isMobileStart(index) {
                emitMasked(index..<end, keepFront: 3, keepBack: 4)
                index = end
            } else if run == 13, index > 0, isTyped(scalars[index - 1], "+"),
                      digitValue(scalars[index]) == 8, digitValue(scalars[index + 1]) == 6,
                      isMobileStart(index + 2) {
                // `+86` and a mobile number: the country code stays, the number is masked.
                emitMasked(index..<end, keepFront: 5, keepBack: 4)
                index = end
            } else if isAreaCode(index, end), let localEnd = landlineEnd(after: end) {
                emitMasked(index..<localEnd, keepFront: run + 1, keepBack: 4)
                index = localEnd
            } else {
                output.append(contentsOf: scalars[index..<end])
                index = end
            }
        }
        return (String(output), found)
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
