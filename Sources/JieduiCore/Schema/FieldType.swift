/// What a field holds, and so how its typed text is read and checked.
public enum FieldType: Sendable, Hashable {
    case text
    /// A date; `past` when it records something that happened and so cannot be after today.
    case date(past: Bool)
    case enumeration(Enumeration)
    /// Several values of an enumeration, stored joined by `、`.
    case enumList(Enumeration)
    case phone
    case idno
    case integer(ClosedRange<Int>)
    /// A reference to one record of a noun (a village name, a family id, a child ref, …).
    case reference(Noun)
    /// Several references to records of a noun (a unit's villages, a training's attendees).
    case referenceList(Noun)
    /// Where a need is referred: a department (民政, 教育, …) or a social-force org.
    case referral
    /// A helper if the text names one, else free text (an alert's reporter).
    case helperOrText

    /// Whether values of this type are personal numbers that are masked on output.
    public var isPersonal: Bool {
        switch self {
        case .phone, .idno: true
        default: false
        }
    }

    /// Whether a value is several items (printed joined, a JSON array).
    public var isList: Bool {
        switch self {
        case .enumList, .referenceList: true
        default: false
        }
    }
}
