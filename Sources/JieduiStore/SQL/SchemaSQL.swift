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

    /// `CHECK (column = 'a' OR column = 'b' …)`: the column holds one of the enumeration's labels
    /// (or nothing). The same test as `oneOf`, written as comparisons: SQLite builds an `IN`
    /// list anew at every row it checks (migration `v4`).
    package func closedSet(_ column: String, _ enumeration: Enumeration) -> String {
        "CHECK (" + enumeration.labels.map { "\(column) = \(dialect.text($0))" }.joined(separator: " OR ") + ")"
    }

    /// The columns practice.md adds (schema `v5`), as `ALTER TABLE … ADD COLUMN` statements that
    /// SQLite and PostgreSQL read alike: the survey form's child and family fields, 四色 risk,
    /// the entrustment and the migrant parents. Each rule of Core's validation is a CHECK too;
    /// one that names two columns sits on the later one, which the earlier exists for.
    package var practiceColumns: [String] {
        let d = dialect
        let text = d.textColumn, integer = d.integerColumn
        guard case .integer(let grades) = Schema.of(.child).field("disability_grade").type else { preconditionFailure("disability_grade is no integer") }
        let child = [
            "ethnicity \(text) \(closedSet("ethnicity", .ethnicity))",
            "hukou \(text)",
            "disability_kind \(text) \(closedSet("disability_kind", .disabilityKind))",
            // 残疾等级 only with 残疾类别.
            "disability_grade \(integer) CHECK (disability_grade IS NULL OR (disability_grade BETWEEN \(grades.lowerBound) AND \(grades.upperBound) AND disability_kind IS NOT NULL))",
            "schooling \(text) \(closedSet("schooling", .schooling))",
            "boarding \(text) \(closedSet("boarding", .yesNo))",
            "risk \(text) NOT NULL \(defaultValue(.child, "risk")) \(closedSet("risk", .risk))",
            // A risk other than 绿 says why.
            "risk_reason \(text) CHECK (risk = \(d.text(RiskLevel.green)) OR risk_reason IS NOT NULL)",
        ]
        let family = [
            "residence \(text)",
            "guardianship_type \(text) \(closedSet("guardianship_type", .guardianshipType))",
            "entrusted \(text) \(isDate("entrusted"))",
            "father_name \(text)", "mother_name \(text)", "father_phone \(text)", "mother_phone \(text)",
            "father_workplace \(text)", "mother_workplace \(text)",
        ]
        return child.map { "ALTER TABLE child ADD COLUMN \($0)" } + family.map { "ALTER TABLE family ADD COLUMN \($0)" }
    }

    /// The indexes the rules of practice.md read by (schema `v5`): children by risk, pairs by
    /// when they began, and a pair's visits to the child apart from its calls to the parents,
    /// each partial index with the condition the queries write (`RecordSQL.isVisit`), so that
    /// the planner finds it.
    package var practiceIndexes: [String] {
        [
            "CREATE INDEX child_risk ON child(risk)",
            "CREATE INDEX pair_since ON pair(since)",
            "CREATE INDEX visit_counted ON visit(pair, date) WHERE kind <> \(dialect.text(VisitKind.parentContact))",
            "CREATE INDEX visit_parent_contact ON visit(pair, date) WHERE kind = \(dialect.text(VisitKind.parentContact))",
        ]
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
