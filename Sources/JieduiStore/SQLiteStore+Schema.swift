import Foundation
import GRDB
import JieduiCore

/// The schema of a jiedui database, as named migrations. A migration, once released, never
/// changes what it makes: a later change is a new migration. Closed sets, defaults and limits are
/// generated from Core's enumerations and schema (`SchemaSQL`); a change to an enumeration is a
/// new migration that rebuilds the tables that check it (as `v4` does), or databases made before
/// it refuse the new value.
extension SQLiteStore {
    /// `application_id` of every jiedui database ("JDUI"), so that another SQLite file is recognised.
    static let applicationID: Int32 = 0x4A44_5549

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: schemaV2)
        }
        // The audit log becomes a hash chain; entries written before are chained in order.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN hash TEXT")
            var previous = ""
            let rows = try Row.fetchAll(db, sql: "SELECT seq, time, user, command, refs, old FROM audit ORDER BY seq")
            for row in rows {
                let entry = AuditEntry(seq: row["seq"], time: row["time"], user: row["user"], command: row["command"],
                                       refs: (row["refs"] as String).isEmpty ? [] : (row["refs"] as String).components(separatedBy: ","), old: row["old"])
                previous = auditHash(entry, previous: previous)
                try db.execute(sql: "UPDATE audit SET hash = ? WHERE seq = ?", arguments: [previous, entry.seq])
            }
        }
        // Faster writes and checks: closed sets are checked by comparisons rather than `IN`
        // lists, and `check`'s special-care rule has a partial index that answers it without
        // reading every visit of the year.
        migrator.registerMigration("v4") { db in
            try rewriteEnumerationChecks(db)
            try db.execute(sql: "CREATE INDEX visit_special_care ON visit(pair, date) WHERE kind = \(dialect.text(VisitKind.specialCare))")
        }
        // practice.md: the survey form's fields, 四色 risk, the entrustment and the migrant
        // parents; 联系父母 among the visit kinds, which a file made before refuses until its
        // visit table is rebuilt with the new closed set.
        migrator.registerMigration("v5") { db in
            let s = SchemaSQL(dialect)
            for statement in s.practiceColumns { try db.execute(sql: statement) }
            try rewriteClosedSet(db, table: "visit", column: "kind", .visitKind)
            for statement in s.practiceIndexes { try db.execute(sql: statement) }
        }
        return migrator
    }()

    /// Rebuilds `table` with the CHECK of `column`'s closed set (`column = 'a' OR …`) made from
    /// `enumeration` as it is now, when the stored one differs; rows, other constraints and
    /// indexes stay as they were.
    static func rewriteClosedSet(_ db: Database, table: String, column: String, _ enumeration: Enumeration) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) else {
            throw DatabaseError(message: "no table \(table)")
        }
        let label = "'(?:[^']|'')*'"
        let pattern = try NSRegularExpression(pattern: "CHECK \\(\(column) = \(label)(?: OR \(column) = \(label))*\\)")
        guard let match = pattern.firstMatch(in: sql, range: NSRange(sql.startIndex..., in: sql)), let range = Range(match.range, in: sql) else {
            throw DatabaseError(message: "no closed set of \(table).\(column)")
        }
        let check = SchemaSQL(dialect).closedSet(column, enumeration)
        guard sql[range] != check else { return }
        try rebuild(db, table: table, as: sql.replacingCharacters(in: range, with: check))
    }

    /// Replaces a table by one of the same name, columns and indexes made by `definition`, with
    /// its rows: SQLite's "other kinds of table schema changes". The migrator turns foreign keys
    /// off around a migration and checks them after.
    static func rebuild(_ db: Database, table name: String, as definition: String) throws {
        let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [name])
        // A table that was rebuilt before is named in quotes: SQLite's RENAME writes it so.
        guard let body = ["CREATE TABLE \(name) (", "CREATE TABLE \"\(name)\" ("].first(where: definition.hasPrefix)
            .map({ definition.dropFirst($0.count) }) else {
            throw DatabaseError(message: "unexpected definition of table \(name)")
        }
        let rebuilt = name + "_rebuilt"
        try db.execute(sql: "CREATE TABLE \(rebuilt) (" + body)
        try db.execute(sql: "INSERT INTO \(rebuilt) SELECT * FROM \(name)")
        try db.execute(sql: "DROP TABLE \(name)")
        try db.execute(sql: "ALTER TABLE \(rebuilt) RENAME TO \(name)")
        for index in indexes { try db.execute(sql: index) }
    }

    /// Rebuilds every table whose CHECKs test a closed set with `IN (…)`, with the same
    /// columns, rows and indexes and those CHECKs written as comparisons. SQLite builds a
    /// temporary b-tree of an `IN` list each time it checks a row, which made writing a family
    /// cost four times what the comparisons do. The steps are those of SQLite's "other kinds of
    /// table schema changes"; the migrator turns foreign keys off around them and checks them
    /// after.
    static func rewriteEnumerationChecks(_ db: Database) throws {
        let tables = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK (% IN (%' ORDER BY name")
        for table in tables {
            let name: String = table["name"], sql: String = table["sql"]
            try rebuild(db, table: name, as: orChainedChecks(sql))
        }
    }

    /// `CHECK (x IN ('a', 'b'))` becomes `CHECK (x = 'a' OR x = 'b')`: the same test, NULL
    /// passing both, with no list to build.
    static func orChainedChecks(_ sql: String) -> String {
        let check = try! NSRegularExpression(pattern: #"CHECK \((\w+) IN \(((?:'(?:[^']|'')*'(?:, *)?)+)\)\)"#)
        let item = try! NSRegularExpression(pattern: #"'(?:[^']|'')*'"#)
        var result = ""
        var text = sql
        while let match = check.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let whole = Range(match.range, in: text), let column = Range(match.range(at: 1), in: text),
              let list = Range(match.range(at: 2), in: text) {
            let listText = String(text[list])
            let items = item.matches(in: listText, range: NSRange(listText.startIndex..., in: listText))
                .compactMap { Range($0.range, in: listText).map { String(listText[$0]) } }
            result += text[..<whole.lowerBound]
            result += "CHECK (" + items.map { "\(text[column]) = \($0)" }.joined(separator: " OR ") + ")"
            text = String(text[whole.upperBound...])
        }
        return result + text
    }

    /// rules.md: needs, mandatory reports, social forces; and the quarterly reports filed.
    private static var schemaV2: String {
        let s = SchemaSQL(dialect), d = dialect
        return """
        CREATE TABLE org (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE \(s.requiredText("name")),
            kind TEXT NOT NULL \(s.oneOf("kind", .orgKind)),
            services TEXT,
            contact TEXT,
            phone TEXT,
            retired TEXT \(s.isDate("retired"))
        );
        CREATE TABLE need (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            child TEXT NOT NULL REFERENCES child(id),
            date TEXT NOT NULL \(s.isDate("date")),
            kind TEXT NOT NULL \(s.oneOf("kind", .needKind)),
            detail TEXT,
            measures TEXT,
            referred_to TEXT,
            status TEXT NOT NULL \(s.defaultValue(.need, "status")) \(s.oneOf("status", .needStatus)),
            resolved TEXT CHECK (\(d.isISODate("resolved")) AND resolved >= date),
            CHECK ((status = \(d.text(NeedStatus.resolved))) = (resolved IS NOT NULL))
        );
        CREATE INDEX need_child ON need(child);
        CREATE INDEX need_status_date ON need(status, date);
        CREATE INDEX need_referred_to ON need(referred_to);
        CREATE TABLE alert (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            child TEXT NOT NULL REFERENCES child(id),
            date TEXT NOT NULL \(s.isDate("date")),
            situation TEXT NOT NULL \(s.oneOf("situation", .situation)),
            reported_to TEXT NOT NULL,
            reported TEXT CHECK (\(d.isISODate("reported")) AND reported >= date),
            override TEXT,
            reporter TEXT,
            receipt TEXT,
            outcome TEXT
        );
        CREATE INDEX alert_child ON alert(child);
        CREATE INDEX alert_date ON alert(date);
        CREATE INDEX alert_reporter ON alert(reporter);
        CREATE TABLE quarter_report (
            quarter TEXT PRIMARY KEY NOT NULL CHECK (\(d.isQuarter("quarter"))),
            filed TEXT NOT NULL \(s.isDate("filed"))
        );
        """
    }

    /// Dates are ISO text; a GLOB keeps anything else out.
    private static var schemaV1: String {
        let s = SchemaSQL(dialect), d = dialect
        func awaySince(_ column: String, _ parent: String) -> String {
            "CHECK (\(column) IS NULL OR (\(d.isISODate(column)) AND \(parent) = \(d.text(ParentStatus.awayWorking))))"
        }
        return """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
        CREATE TABLE id_counter (
            noun TEXT PRIMARY KEY NOT NULL,
            last INTEGER NOT NULL CHECK (last >= 0)
        );
        CREATE TABLE village (
            name TEXT PRIMARY KEY NOT NULL \(s.requiredText("name")),
            kind TEXT NOT NULL \(s.defaultValue(.village, "kind")) \(s.oneOf("kind", .villageKind)),
            director TEXT,
            director_phone TEXT,
            position INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE unit (
            name TEXT PRIMARY KEY NOT NULL \(s.requiredText("name")),
            position INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE unit_village (
            unit TEXT NOT NULL REFERENCES unit(name) ON UPDATE CASCADE,
            village TEXT NOT NULL REFERENCES village(name) ON UPDATE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (unit, village)
        ) WITHOUT ROWID;
        CREATE INDEX unit_village_village ON unit_village(village);
        CREATE TABLE family (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            village TEXT NOT NULL REFERENCES village(name) ON UPDATE CASCADE,
            address TEXT,
            guardian TEXT,
            guardian_relation TEXT \(s.oneOf("guardian_relation", .guardianRelation)),
            guardian_phone TEXT,
            father TEXT \(s.oneOf("father", .parentStatus)),
            mother TEXT \(s.oneOf("mother", .parentStatus)),
            father_away_since TEXT \(awaySince("father_away_since", "father")),
            mother_away_since TEXT \(awaySince("mother_away_since", "mother")),
            dibao TEXT NOT NULL \(s.defaultValue(.family, "dibao")) \(s.oneOf("dibao", .yesNo)),
            situation TEXT, benefits TEXT, environment TEXT, family_health TEXT, guardianship TEXT, neighbors TEXT
        );
        CREATE INDEX family_village ON family(village);
        CREATE TABLE child (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL \(s.requiredText("name")),
            idno TEXT NOT NULL UNIQUE CHECK (length(idno) = \(IdentityNumber.length)),
            sex TEXT NOT NULL \(s.oneOf("sex", .sex)),
            born TEXT NOT NULL \(s.isDate("born")),
            family TEXT NOT NULL REFERENCES family(id),
            category TEXT NOT NULL \(s.oneOf("category", .category)),
            disability TEXT, illness TEXT, school TEXT, grade TEXT, health TEXT, study TEXT, hobbies TEXT,
            parent_relation TEXT, social TEXT, mental TEXT, wishes TEXT,
            reviewed TEXT \(s.isDate("reviewed")),
            status TEXT NOT NULL \(s.defaultValue(.child, "status")) \(s.oneOf("status", .childStatus)),
            exit_date TEXT \(s.isDate("exit_date")),
            exit_reason TEXT,
            CHECK ((status = \(d.text(ChildStatus.exited))) = (exit_date IS NOT NULL))
        );
        CREATE INDEX child_family ON child(family);
        CREATE INDEX child_name ON child(name);
        CREATE INDEX child_category ON child(category, status);
        CREATE INDEX child_born ON child(born);
        CREATE TABLE helper (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL \(s.requiredText("name")),
            sex TEXT NOT NULL \(s.oneOf("sex", .sex)),
            unit TEXT NOT NULL REFERENCES unit(name) ON UPDATE CASCADE,
            position TEXT,
            phone TEXT NOT NULL,
            members TEXT,
            capacity INTEGER NOT NULL \(s.defaultValue(.helper, "capacity")) \(s.inRange(.helper, "capacity"))
        );
        CREATE INDEX helper_unit ON helper(unit);
        CREATE INDEX helper_name ON helper(name);
        CREATE TABLE pair (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            child TEXT NOT NULL REFERENCES child(id),
            helper TEXT REFERENCES helper(id),
            unit TEXT REFERENCES unit(name) ON UPDATE CASCADE,
            since TEXT NOT NULL \(s.isDate("since")),
            ended TEXT CHECK (\(d.isISODate("ended")) AND ended >= since),
            end_reason TEXT,
            override TEXT,
            CHECK ((helper IS NULL) <> (unit IS NULL))
        );
        CREATE INDEX pair_child ON pair(child);
        CREATE INDEX pair_helper ON pair(helper);
        CREATE INDEX pair_unit ON pair(unit);
        -- 避免重复结对: at most one active pair per child, in the schema as well as in the rules.
        CREATE UNIQUE INDEX pair_one_active ON pair(child) WHERE ended IS NULL;
        CREATE TABLE visit (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            pair TEXT NOT NULL REFERENCES pair(id),
            date TEXT NOT NULL \(s.isDate("date")),
            kind TEXT NOT NULL \(s.defaultValue(.visit, "kind")) \(s.oneOf("kind", .visitKind)),
            occasion TEXT \(s.oneOf("occasion", .occasion)),
            topics TEXT,
            found TEXT, help TEXT, note TEXT,
            CHECK (kind <> \(d.text(VisitKind.specialCare)) OR occasion IS NOT NULL)
        );
        CREATE INDEX visit_pair_date ON visit(pair, date);
        CREATE INDEX visit_date ON visit(date);
        CREATE TABLE training (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL \(s.isDate("date")),
            title TEXT NOT NULL \(s.requiredText("title"))
        );
        CREATE TABLE training_attendee (
            training TEXT NOT NULL REFERENCES training(id),
            helper TEXT NOT NULL REFERENCES helper(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (training, helper)
        ) WITHOUT ROWID;
        CREATE INDEX training_attendee_helper ON training_attendee(helper);
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            user TEXT NOT NULL,
            command TEXT NOT NULL,
            refs TEXT NOT NULL,
            old TEXT NOT NULL
        );
        """
    }
}
