/// The language the user reads: messages, table headings and help follow it.
/// Exports are always Chinese whatever this is.
public enum Lang: String, Sendable, CaseIterable {
    case zh
    case en

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set (POSIX's order) decides; English only for an `en` locale, Chinese otherwise,
    /// because the clerks are Chinese and many office machines run `C.UTF-8` or none at all.
    public static func fromEnvironment(_ environment: [String: String]) -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return fromLocale(value) }
        }
        return .zh
    }

    /// The language a locale name such as `en_US.UTF-8` asks for.
    public static func fromLocale(_ value: String?) -> Lang {
        guard let value, !value.isEmpty else { return .zh }
        return value.lowercased().hasPrefix("en") ? .en : .zh
    }
}
