/// Small text helpers used on hot paths, where Foundation's general versions cost more than the
/// work they serve (a script of hundreds of thousands of commands calls them millions of times).
extension String {
    /// The text without leading and trailing white space (ASCII, U+3000 and other Unicode spaces).
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !first.isSpace && !last.isSpace { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].isSpace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isSpace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property (a fixed list of 25 code points: ASCII spaces and line
    /// breaks, NEL, no-break spaces, the typographic spaces, U+3000), without a property lookup.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, as SHA-256 digests are printed.
    public var hexString: String {
        let bytes = Array(self)
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            digits.withUTF8Buffer { hex in
                for (i, byte) in bytes.enumerated() {
                    buffer[2 * i] = hex[Int(byte >> 4)]
                    buffer[2 * i + 1] = hex[Int(byte & 0x0F)]
                }
            }
            return bytes.count * 2
        }
    }
}
