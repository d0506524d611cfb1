import JieduiCore

/// Pieces of table definitions made from Core's schema and enumerations, so that the database
/// refuses what validation refuses, with the same closed sets, defaults and limits, written once.
package struct SchemaSQL {
    package let dialect: any SQLDialect

    package init(_ dialect: any SQLDialect) {
        self.dialect = dialect
    }

    /// `CHECK (column IN ('a','b'))`: the column holds one of the enumeration's labels.
    package func oneOf(_ column: String, _ enumeration: Enumeration) -> String {
        "CHECK (\(column) IN \(dialect.list(enumeration.labels)))"
    }

    /// `DEFAULT …`: the default records.md gives the field.
    package func defaultValue(_ noun: Noun, _ key: String) -> String {
        let field = Schema.of(noun).field(key)
        guard let value = field.defaultValue else { preconditionFailure("\(noun).\(key) has no default") }
        if case .integer = field.type, let number = Int(value) { return "DEFAULT \(number)" }
        return "DEFAULT \(dialect.text(value))"
    }

    /// `CHECK (…)`: an ISO date.
    package func isDate(_ column: String) -> String { "CHECK (\(dialect.isISODate(column)))" }

    /// `CHECK (length(column) BETWEEN 1 AND …)`: text that is required, and no longer than text may be.
    package func requiredText(_ column: String) -> String {
        "CHECK (length(\(column)) BETWEEN 1 AND \(FieldReader.maxTextLength))"
    }

    /// `CHECK (column BETWEEN a AND b)`: the range of an integer field.
    package func inRange(_ noun: Noun, _ key: String) -> String {
        guard case .integer(let range) = Schema.of(noun).field(key).type else { preconditionFailure("\(noun).\(key) is no integer") }
        return "CHECK (\(key) BETWEEN \(range.lowerBound) AND \(range.upperBound))"
    }

    /// `CASE expression WHEN 'a' THEN 0 … END`: a label's place in its enumeration's order.
    package func rank(_ expression: String, _ enumeration: Enumeration) -> String {
        let cases = enumeration.labels.enumerated().map { "WHEN \(dialect.text($0.element)) THEN \($0.offset)" }
        return "CASE \(expression) \(cases.joined(separator: " ")) END"
    }
}
