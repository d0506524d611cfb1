/// The language the user reads: messages, table headings and help follow it.
/// Exports are always Chinese whatever this is.
public enum Lang: String, Sendable, CaseIterable {
    case zh
    case en

    /// The language a locale variable such as `LANG=zh_CN.UTF-8` asks for.
    public static func fromLocale(_ value: String?) -> Lang {
        guard let value, !value.isEmpty else { return .en }
        return value.lowercased().hasPrefix("zh") ? .zh : .en
    }
}
