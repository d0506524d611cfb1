import JieduiCore

/// One step of a town's schema, named as every store records it (`v1`, `v2`, …): the statements
/// it runs, written once for every dialect. A step, once released, never changes what it makes;
/// a later change is a new step.
package struct SchemaMigration: Sendable {
    package let identifier: String
    /// The statements of the step in a dialect, one `CREATE`/`ALTER` each, in order.
    package let statements: @Sendable (SchemaSQL) -> [String]
}

/// The schema of a town, as the steps that made it: every store applies the same steps in the
/// same order, through its own dialect, so that a file and a server hold the same tables,
/// columns, constraints and indexes. A store may do more at a step for databases of its own
/// that are older than the step (SQLite rechains the audit entries written before `v3` and
/// rewrites its `IN` checks at `v4`); a new town on any store is made by the statements alone.
///
/// To change the schema, append a step here with its dialect-neutral text (types, keys and
/// dates through `SchemaSQL`'s dialect) and, if it adds a table, put the table in `tables`.
package enum SchemaHistory {
    package static let migrations: [SchemaMigration] = [
        SchemaMigration(identifier: "v1") { v1($0) },
        SchemaMigration(identifier: "v2") { v2($0) },
        // The audit log becomes a hash chain.
        SchemaMigration(identifier: "v3") { s in ["ALTER TABLE audit ADD COLUMN hash \(s.dialect.textColumn)"] },
        // `check`'s special-care rule has a partial index that answers it without reading every
        // visit of the year.
        SchemaMigration(identifier: "v4") { s in
            ["CREATE INDEX visit_special_care ON visit(pair, date) WHERE kind = \(s.dialect.text(VisitKind.specialCare))"]
        },
        // practice.md: the survey form's fields, 四色 risk, the entrustment and the migrant
        // parents, and the indexes their rules read by. (联系父母 joins the visit kinds: a town
        // made before needs its visit kind check made anew, which each store does its own way.)
        SchemaMigration(identifier: "v5") { s in s.practiceColumns + s.practiceIndexes },
        // practice.md 动态管理: each audit entry keeps the day it was made, its noun and verb,
        // and the values it wrote, so that `changes` reads the programme's changes from the log.
        SchemaMigration(identifier: "v6") { s in
            let text = s.dialect.textColumn
            return ["day", "noun", "verb"].map { "ALTER TABLE audit ADD COLUMN \($0) \(text)" }
                + ["ALTER TABLE audit ADD COLUMN new \(text) NOT NULL DEFAULT ''", "CREATE INDEX audit_day ON audit(day)"]
        },
        // practice.md 避免重复: every `family add`, `helper add` and import row looks for the
        // record registered under its natural key; without these, a family's lookup read every
        // family of its village.
        SchemaMigration(identifier: "v7") { _ in
            ["CREATE INDEX family_natural_key ON family(village, guardian, guardian_phone)", "CREATE INDEX helper_natural_key ON helper(name, phone)"]
        },
    ]

    /// Every table of a town, each after the tables it refers to: the order a whole town is
    /// copied in (`migrate`, `backup` from a server). The audit log comes last.
    package static let tables = [
        "setting", "id_counter", "village", "unit", "unit_village", "family", "child", "helper", "pair", "visit",
        "training", "training_attendee", "org", "need", "alert", "quarter_report", "audit",
    ]

    /// Dates are ISO text, which the dialect's date check keeps to that form.
    private static func v1(_ s: SchemaSQL) -> [String] {
        let d = s.dialect
        let text = d.textColumn, integer = d.integerColumn
        func awaySince(_ column: String, _ parent: String) -> String {
            "CHECK (\(column) IS NULL OR (\(d.isISODate(column)) AND \(parent) = \(d.text(ParentStatus.awayWorking))))"
        }
        return [
            """
            CREATE TABLE setting (
                key \(text) PRIMARY KEY NOT NULL,
                value \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE id_counter (
                noun \(text) PRIMARY KEY NOT NULL,
                last \(integer) NOT NULL CHECK (last >= 0)
            )
            """,
            """
            CREATE TABLE village (
                name \(text) PRIMARY KEY NOT NULL \(s.requiredText("name")),
                kind \(text) NOT NULL \(s.defaultValue(.village, "kind")) \(s.oneOf("kind", .villageKind)),
                director \(text),
                director_phone \(text),
                position \(integer) NOT NULL UNIQUE
            )
            """,
            """
            CREATE TABLE unit (
                name \(text) PRIMARY KEY NOT NULL \(s.requiredText("name")),
                position \(integer) NOT NULL UNIQUE
            )
            """,
            """
            CREATE TABLE unit_village (
                unit \(text) NOT NULL REFERENCES unit(name) ON UPDATE CASCADE,
                village \(text) NOT NULL REFERENCES village(name) ON UPDATE CASCADE,
                position \(integer) NOT NULL,
                PRIMARY KEY (unit, village)
            )\(d.linkTableOptions)
            """,
            "CREATE INDEX unit_village_village ON unit_village(village)",
            """
            CREATE TABLE family (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                village \(text) NOT NULL REFERENCES village(name) ON UPDATE CASCADE,
                address \(text),
                guardian \(text),
                guardian_relation \(text) \(s.oneOf("guardian_relation", .guardianRelation)),
                guardian_phone \(text),
                father \(text) \(s.oneOf("father", .parentStatus)),
                mother \(text) \(s.oneOf("mother", .parentStatus)),
                father_away_since \(text) \(awaySince("father_away_since", "father")),
                mother_away_since \(text) \(awaySince("mother_away_since", "mother")),
                dibao \(text) NOT NULL \(s.defaultValue(.family, "dibao")) \(s.oneOf("dibao", .yesNo)),
                situation \(text), benefits \(text), environment \(text), family_health \(text), guardianship \(text), neighbors \(text)
            )
            """,
            "CREATE INDEX family_village ON family(village)",
            """
            CREATE TABLE child (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                name \(text) NOT NULL \(s.requiredText("name")),
                idno \(text) NOT NULL UNIQUE CHECK (length(idno) = \(IdentityNumber.length)),
                sex \(text) NOT NULL \(s.oneOf("sex", .sex)),
                born \(text) NOT NULL \(s.isDate("born")),
                family \(text) NOT NULL REFERENCES family(id),
                category \(text) NOT NULL \(s.oneOf("category", .category)),
                disability \(text), illness \(text), school \(text), grade \(text), health \(text), study \(text), hobbies \(text),
                parent_relation \(text), social \(text), mental \(text), wishes \(text),
                reviewed \(text) \(s.isDate("reviewed")),
                status \(text) NOT NULL \(s.defaultValue(.child, "status")) \(s.oneOf("status", .childStatus)),
                exit_date \(text) \(s.isDate("exit_date")),
                exit_reason \(text),
                CHECK ((status = \(d.text(ChildStatus.exited))) = (exit_date IS NOT NULL))
            )
            """,
            "CREATE INDEX child_family ON child(family)",
            "CREATE INDEX child_name ON child(name)",
            "CREATE INDEX child_category ON child(category, status)",
            "CREATE INDEX child_born ON child(born)",
            """
            CREATE TABLE helper (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                name \(text) NOT NULL \(s.requiredText("name")),
                sex \(text) NOT NULL \(s.oneOf("sex", .sex)),
                unit \(text) NOT NULL REFERENCES unit(name) ON UPDATE CASCADE,
                position \(text),
                phone \(text) NOT NULL,
                members \(text),
                capacity \(integer) NOT NULL \(s.defaultValue(.helper, "capacity")) \(s.inRange(.helper, "capacity"))
            )
            """,
            "CREATE INDEX helper_unit ON helper(unit)",
            "CREATE INDEX helper_name ON helper(name)",
            """
            CREATE TABLE pair (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                child \(text) NOT NULL REFERENCES child(id),
                helper \(text) REFERENCES helper(id),
                unit \(text) REFERENCES unit(name) ON UPDATE CASCADE,
                since \(text) NOT NULL \(s.isDate("since")),
                ended \(text) CHECK (\(d.isISODate("ended")) AND ended >= since),
                end_reason \(text),
                override \(text),
                CHECK ((helper IS NULL) <> (unit IS NULL))
            )
            """,
            "CREATE INDEX pair_child ON pair(child)",
            "CREATE INDEX pair_helper ON pair(helper)",
            "CREATE INDEX pair_unit ON pair(unit)",
            // 避免重复结对: at most one active pair per child, in the schema as well as in the rules.
            "CREATE UNIQUE INDEX pair_one_active ON pair(child) WHERE ended IS NULL",
            """
            CREATE TABLE visit (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                pair \(text) NOT NULL REFERENCES pair(id),
                date \(text) NOT NULL \(s.isDate("date")),
                kind \(text) NOT NULL \(s.defaultValue(.visit, "kind")) \(s.oneOf("kind", .visitKind)),
                occasion \(text) \(s.oneOf("occasion", .occasion)),
                topics \(text),
                found \(text), help \(text), note \(text),
                CHECK (kind <> \(d.text(VisitKind.specialCare)) OR occasion IS NOT NULL)
            )
            """,
            "CREATE INDEX visit_pair_date ON visit(pair, date)",
            "CREATE INDEX visit_date ON visit(date)",
            """
            CREATE TABLE training (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                date \(text) NOT NULL \(s.isDate("date")),
                title \(text) NOT NULL \(s.requiredText("title"))
            )
            """,
            """
            CREATE TABLE training_attendee (
                training \(text) NOT NULL REFERENCES training(id),
                helper \(text) NOT NULL REFERENCES helper(id),
                position \(integer) NOT NULL,
                PRIMARY KEY (training, helper)
            )\(d.linkTableOptions)
            """,
            "CREATE INDEX training_attendee_helper ON training_attendee(helper)",
            """
            CREATE TABLE audit (
                \(d.auditSequenceKey),
                time \(text) NOT NULL,
                \(d.auditClerk) \(text) NOT NULL,
                command \(text) NOT NULL,
                refs \(text) NOT NULL,
                old \(text) NOT NULL
            )
            """,
        ]
    }

    /// rules.md: needs, mandatory reports, social forces; and the quarterly reports filed.
    private static func v2(_ s: SchemaSQL) -> [String] {
        let d = s.dialect
        let text = d.textColumn
        return [
            """
            CREATE TABLE org (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                name \(text) NOT NULL UNIQUE \(s.requiredText("name")),
                kind \(text) NOT NULL \(s.oneOf("kind", .orgKind)),
                services \(text),
                contact \(text),
                phone \(text),
                retired \(text) \(s.isDate("retired"))
            )
            """,
            """
            CREATE TABLE need (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                child \(text) NOT NULL REFERENCES child(id),
                date \(text) NOT NULL \(s.isDate("date")),
                kind \(text) NOT NULL \(s.oneOf("kind", .needKind)),
                detail \(text),
                measures \(text),
                referred_to \(text),
                status \(text) NOT NULL \(s.defaultValue(.need, "status")) \(s.oneOf("status", .needStatus)),
                resolved \(text) CHECK (\(d.isISODate("resolved")) AND resolved >= date),
                CHECK ((status = \(d.text(NeedStatus.resolved))) = (resolved IS NOT NULL))
            )
            """,
            "CREATE INDEX need_child ON need(child)",
            "CREATE INDEX need_status_date ON need(status, date)",
            "CREATE INDEX need_referred_to ON need(referred_to)",
            """
            CREATE TABLE alert (
                \(d.recordNumberKey),
                id \(text) NOT NULL UNIQUE,
                child \(text) NOT NULL REFERENCES child(id),
                date \(text) NOT NULL \(s.isDate("date")),
                situation \(text) NOT NULL \(s.oneOf("situation", .situation)),
                reported_to \(text) NOT NULL,
                reported \(text) CHECK (\(d.isISODate("reported")) AND reported >= date),
                override \(text),
                reporter \(text),
                receipt \(text),
                outcome \(text)
            )
            """,
            "CREATE INDEX alert_child ON alert(child)",
            "CREATE INDEX alert_date ON alert(date)",
            "CREATE INDEX alert_reporter ON alert(reporter)",
            """
            CREATE TABLE quarter_report (
                quarter \(text) PRIMARY KEY NOT NULL CHECK (\(d.isQuarter("quarter"))),
                filed \(text) NOT NULL \(s.isDate("filed"))
            )
            """,
        ]
    }
}
