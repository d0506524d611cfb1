/// The fields that recognise a record already registered without its id (practice.md, "No
/// duplicates"): a family by its village, guardian and guardian phone, a helper by name and
/// phone. A child is recognised by its ID-card number, a unique field of its own.
public enum NaturalKey {
    /// The fields of `noun`'s natural key, or nil for a noun that has none.
    public static func fields(of noun: Noun) -> [String]? {
        switch noun {
        case .family: ["village", "guardian", "guardian_phone"]
        case .helper: ["name", "phone"]
        default: nil
        }
    }

    /// The natural key's values of a record, or nil where one of them is empty (a family row
    /// without a guardian or phone is not recognised).
    public static func values(of record: Record) -> [String: Value]? {
        guard let fields = fields(of: record.noun) else { return nil }
        var values: [String: Value] = [:]
        for field in fields {
            let value = record[field]
            guard !value.isNull, !value.text.isEmpty else { return nil }
            values[field] = value
        }
        return values
    }
}
