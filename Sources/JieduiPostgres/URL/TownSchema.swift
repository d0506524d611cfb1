/// The PostgreSQL schema that holds one town (district.md: `town=NAME`, ASCII letters, digits
/// and `_`, starting with a letter; `main` when none is named).
///
/// The name is folded to lower case, as PostgreSQL folds an unquoted identifier, so that
/// `town=Jinbao` is the schema an administrator reaches with `GRANT USAGE ON SCHEMA Jinbao`.
/// Being that narrow, it can be written into SQL text without quoting.
public struct TownSchema: Sendable, Hashable, CustomStringConvertible {
    /// The schema name, lower case.
    public let name: String

    /// The town a URL without `town=` opens.
    public static let main = TownSchema(checked: "main")

    /// PostgreSQL's identifier limit (NAMEDATALEN - 1 bytes); a longer name would be cut short
    /// silently by the server and name another schema.
    public static let maxLength = 63

    /// The name folded to lower case, or nil when it is not a name jiedui accepts: the
    /// characters above, at most `maxLength` of them, and not a system schema (`pg_…`,
    /// `information_schema`), which the server reserves.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= Self.maxLength, Self.isLetter(first),
              bytes.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) || $0 == UInt8(ascii: "_") })
        else { return nil }
        let folded = text.lowercased()
        guard !folded.hasPrefix("pg_"), folded != "information_schema" else { return nil }
        self.name = folded
    }

    private init(checked name: String) {
        self.name = name
    }

    public var description: String { name }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
