/// One field of a record: its English key, its Chinese label, its type and rules (records.md).
public struct Field: Sendable, Hashable {
    /// How a field comes to have its value.
    public enum Origin: Sendable, Hashable {
        /// Typed by the user on `add` and `set`.
        case entered
        /// Set only by a dedicated command (`child exit`, `child review`, `pair end`), never by `set`.
        case command
        /// Computed on reading (`age`, `village`, `visits`, …); never stored.
        case derived
        /// Assigned by the program (`id`).
        case assigned
    }

    public let key: String
    public let label: String
    public let type: FieldType
    public let required: Bool
    public let unique: Bool
    public let defaultValue: String?
    public let origin: Origin

    public init(
        _ key: String, _ label: String, _ type: FieldType, required: Bool = false, unique: Bool = false,
        default defaultValue: String? = nil, origin: Origin = .entered
    ) {
        self.key = key
        self.label = label
        self.type = type
        self.required = required
        self.unique = unique
        self.defaultValue = defaultValue
        self.origin = origin
    }

    public var isStored: Bool { origin != .derived }
    public var isPersonal: Bool { type.isPersonal }

    /// The name this field's value is printed under: the Chinese label or the English key.
    public func heading(_ lang: Lang) -> String { lang == .zh ? label : key }
}
