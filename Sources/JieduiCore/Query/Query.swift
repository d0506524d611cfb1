/// A comparison operator of a `where` expression.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case contains = "~"

    /// Whether `lhs` stands to `rhs` as the operator says; nil for `contains`, which is no
    /// comparison of order.
    public func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool? {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        case .contains: nil
        }
    }
}

/// A `where` expression resolved against a noun's schema: fields known, values typed.
/// Stores translate it to their own query language.
public indirect enum RecordFilter: Sendable, Hashable {
    case always
    case compare(field: String, op: ComparisonOperator, value: Value)
    case isIn(field: String, values: [Value])
    case isEmpty(field: String)
    /// `~` on an ID-card or phone field while masking is on: looks in the number as it is shown
    /// (`Masking.maskPersonalField`), so that a search cannot find out the hidden digits.
    case shownContains(field: String, part: String)
    case and(RecordFilter, RecordFilter)
    case or(RecordFilter, RecordFilter)
    case not(RecordFilter)
}

/// One `sort` key.
public struct SortKey: Sendable, Hashable {
    public let field: String
    public let descending: Bool

    public init(field: String, descending: Bool) {
        self.field = field
        self.descending = descending
    }
}

/// What `list` and `count` ask of a store.
public struct Query: Sendable, Hashable {
    public var noun: Noun
    public var predicate: RecordFilter
    public var sort: [SortKey]
    public var limit: Int?
    /// The fields to read (derived ones are computed only when asked for).
    public var fields: [String]

    public init(noun: Noun, predicate: RecordFilter = .always, sort: [SortKey] = [], limit: Int? = nil, fields: [String]) {
        self.noun = noun
        self.predicate = predicate
        self.sort = sort
        self.limit = limit
        self.fields = fields
    }
}
