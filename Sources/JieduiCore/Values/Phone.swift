import Foundation

/// Phone numbers as the programme keeps them: a mobile number or a landline with its area code,
/// stored as plain text in one canonical form so that equal numbers compare equal.
public enum Phone {
    /// The canonical form of a typed phone number, or nil if it is neither an 11-digit mobile
    /// number starting with 1 nor a landline `0817-2222222` (area code of 3–4 digits starting
    /// with 0, a hyphen, 7–8 digits). Full-width digits and hyphen from Chinese input methods
    /// are read as ASCII.
    public static func normalized(_ text: String) -> String? {
        let folded = String(String.UnicodeScalarView(
            text.trimmed.unicodeScalars.map(foldFullwidth)))
        let bytes = Array(folded.utf8)
        return isMobile(bytes[...]) || isLandline(bytes[...]) ? folded : nil
    }

    /// A mistyped phone as an error quotes it: numbers in it masked as in any text
    /// (`139****2222/138****1111` shows the slip); else, with seven digits or more, it is nearly
    /// someone's number (a digit short), so all but its last four characters are hidden; a
    /// shorter text (`abc`, `138-`) is quoted as typed.
    public static func quoted(_ text: String) -> String {
        let masked = Masking.maskPersonalNumbers(in: text)
        if masked != text { return masked }
        return text.unicodeScalars.filter { $0.properties.numericType == .decimal }.count >= 7 ? Self.masked(text) : text
    }

    /// Hides the middle of a number for printing: `138****5678`, `0817-***2222`. Text that is not
    /// a valid phone (old or imported data) still has all but its last four characters hidden,
    /// because a display path must neither leak nor crash.
    public static func masked(_ phone: String) -> String {
        // The usual case, an 11-digit mobile as stored: mask it without normalising it again.
        let utf8 = phone.utf8
        if utf8.count == 11, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
        }
        guard let canonical = normalized(phone) else {
            let characters = Array(phone)
            let kept = characters.count > 4 ? 4 : 0
            return String(repeating: "*", count: characters.count - kept)
                + String(characters.suffix(kept))
        }
        let characters = Array(canonical)
        if let hyphen = characters.firstIndex(of: "-") {
            let local = characters.count - hyphen - 1
            return String(characters[...hyphen]) + String(repeating: "*", count: local - 4)
                + String(characters.suffix(4))
        }
        return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
    }

    // MARK: Shapes, shared with `Masking`'s scanner

    /// 11 ASCII digits starting with 1.
    static func isMobile(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count == 11 && bytes.first == UInt8(ascii: "1") && bytes.allSatisfy(isDigit)
    }

    /// `0` plus 2–3 digits, a hyphen, 7–8 digits.
    static func isLandline(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let hyphen = bytes.firstIndex(of: UInt8(ascii: "-")) else { return false }
        let area = bytes[..<hyphen]
        let local = bytes[(hyphen + 1)...]
        return (3...4).contains(area.count) && area.first == UInt8(ascii: "0")
            && area.allSatisfy(isDigit) && (7...8).contains(local.count) && local.allSatisfy(isDigit)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func foldFullwidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF0D: Unicode.Scalar(scalar.value - 0xFEE0)!
        default: scalar
        }
    }
}
