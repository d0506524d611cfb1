/// A kind of record: one noun of the command language (records.md).
public enum Noun: String, Sendable, CaseIterable, Hashable {
    case village, unit, family, child, helper, pair, visit, training, need, alert, org

    /// The noun in English messages, for more than one record.
    public var englishPlural: String {
        switch self {
        case .child: "children"
        case .family: "families"
        default: rawValue + "s"
        }
    }

    /// The id prefix letter; nil for records referenced by name (village, unit).
    public var idPrefix: String? {
        switch self {
        case .village, .unit: nil
        case .family: "F"
        case .child: "C"
        case .helper: "H"
        case .pair: "P"
        case .visit: "V"
        case .training: "T"
        case .need: "N"
        case .alert: "A"
        case .org: "O"
        }
    }

    /// The Chinese name of the noun, as records.md titles it.
    public var label: String {
        switch self {
        case .village: "村（社区）"
        case .unit: "工作单位"
        case .family: "家庭"
        case .child: "儿童"
        case .helper: "结对帮扶人"
        case .pair: "结对关系"
        case .visit: "走访记录"
        case .training: "培训"
        case .need: "困难诉求"
        case .alert: "强制报告"
        case .org: "社会力量"
        }
    }

    /// The key field: `id` for most records, `name` for villages and units.
    public var keyField: String { idPrefix == nil ? "name" : "id" }

    /// The name of the table that holds this noun.
    public var table: String { rawValue }

    /// Formats an id number as records.md asks: prefix and at least four digits.
    public func formatID(_ number: Int) -> String {
        guard let prefix = idPrefix else { preconditionFailure("\(self) has no ids") }
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The number of an id of this noun (`C0012` → 12), or nil if the text is not one.
    public func idNumber(_ text: String) -> Int? {
        guard let prefix = idPrefix, text.count >= 2 else { return nil }
        let upper = text.uppercased()
        guard upper.hasPrefix(prefix) else { return nil }
        let rest = upper.dropFirst(prefix.count)
        guard rest.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(rest), n > 0 else { return nil }
        return n
    }
}
