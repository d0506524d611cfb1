import Foundation
import GRDB
import JieduiCore

/// The schema of a jiedui database, as named migrations. A migration, once released, never
/// changes: a later change is a new migration.
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
            try db.execute(sql: "CREATE INDEX visit_special_care ON visit(pair, date) WHERE kind = '特殊关爱'")
        }
        return migrator
    }()

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
            let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [name])
            let prefix = "CREATE TABLE \(name) ("
            guard sql.hasPrefix(prefix) else { throw DatabaseError(message: "unexpected definition of table \(name)") }
            let rebuilt = name + "_rebuilt"
            try db.execute(sql: "CREATE TABLE \(rebuilt) (" + orChainedChecks(String(sql.dropFirst(prefix.count))))
            try db.execute(sql: "INSERT INTO \(rebuilt) SELECT * FROM \(name)")
            try db.execute(sql: "DROP TABLE \(name)")
            try db.execute(sql: "ALTER TABLE \(rebuilt) RENAME TO \(name)")
            for index in indexes { try db.execute(sql: index) }
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
    private static let schemaV2 = #"""
    CREATE TABLE org (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 500),
        kind TEXT NOT NULL CHECK (kind IN ('爱心组织','爱心基金','爱心伙伴','爱心邻居','爱心工作队','爱心企业','社会工作服务机构','其他')),
        services TEXT,
        contact TEXT,
        phone TEXT,
        retired TEXT CHECK (retired GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
    );
    CREATE TABLE need (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        child TEXT NOT NULL REFERENCES child(id),
        date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        kind TEXT NOT NULL CHECK (kind IN ('经济困难','亲情缺失','教育缺位','安全缺保','其他')),
        detail TEXT,
        measures TEXT,
        referred_to TEXT,
        status TEXT NOT NULL DEFAULT '待解决' CHECK (status IN ('待解决','已转介','已解决')),
        resolved TEXT CHECK (resolved GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND resolved >= date),
        CHECK ((status = '已解决') = (resolved IS NOT NULL))
    );
    CREATE INDEX need_child ON need(child);
    CREATE INDEX need_status_date ON need(status, date);
    CREATE INDEX need_referred_to ON need(referred_to);
    CREATE TABLE alert (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        child TEXT NOT NULL REFERENCES child(id),
        date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        situation TEXT NOT NULL CHECK (situation IN ('脱离监护单独居住','失踪','监护人丧失监护能力','监护人不履行监护责任','疑似遭受家庭暴力','疑似遭受意外伤害或不法侵害','其他危险情形','监护履责不到位')),
        reported_to TEXT NOT NULL,
        reported TEXT CHECK (reported GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND reported >= date),
        override TEXT,
        reporter TEXT,
        receipt TEXT,
        outcome TEXT
    );
    CREATE INDEX alert_child ON alert(child);
    CREATE INDEX alert_date ON alert(date);
    CREATE INDEX alert_reporter ON alert(reporter);
    CREATE TABLE quarter_report (
        quarter TEXT PRIMARY KEY NOT NULL CHECK (quarter GLOB '[12][0-9][0-9][0-9]Q[1-4]'),
        filed TEXT NOT NULL CHECK (filed GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
    );
    """#

    /// Dates are ISO text; a GLOB keeps anything else out.
    private static let schemaV1 = #"""
    CREATE TABLE setting (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    CREATE TABLE id_counter (
        noun TEXT PRIMARY KEY NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 0)
    );
    CREATE TABLE village (
        name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        kind TEXT NOT NULL DEFAULT '村' CHECK (kind IN ('村','社区')),
        director TEXT,
        director_phone TEXT,
        position INTEGER NOT NULL UNIQUE
    );
    CREATE TABLE unit (
        name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
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
        guardian_relation TEXT CHECK (guardian_relation IN ('父亲','母亲','祖父母','外祖父母','其他亲属','其他')),
        guardian_phone TEXT,
        father TEXT CHECK (father IN ('在家','外出务工','死亡','失踪','重残','重病','服刑在押','强制隔离戒毒','限制人身自由','失联','撤销监护资格','遣送出境')),
        mother TEXT CHECK (mother IN ('在家','外出务工','死亡','失踪','重残','重病','服刑在押','强制隔离戒毒','限制人身自由','失联','撤销监护资格','遣送出境')),
        father_away_since TEXT CHECK (father_away_since IS NULL OR (father_away_since GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND father = '外出务工')),
        mother_away_since TEXT CHECK (mother_away_since IS NULL OR (mother_away_since GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND mother = '外出务工')),
        dibao TEXT NOT NULL DEFAULT '否' CHECK (dibao IN ('是','否')),
        situation TEXT, benefits TEXT, environment TEXT, family_health TEXT, guardianship TEXT, neighbors TEXT
    );
    CREATE INDEX family_village ON family(village);
    CREATE TABLE child (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        idno TEXT NOT NULL UNIQUE CHECK (length(idno) = 18),
        sex TEXT NOT NULL CHECK (sex IN ('男','女')),
        born TEXT NOT NULL CHECK (born GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        family TEXT NOT NULL REFERENCES family(id),
        category TEXT NOT NULL CHECK (category IN ('孤儿','事实无人抚养儿童','低保家庭重残重病儿童','其他低保家庭儿童','其他困境儿童','农村留守儿童')),
        disability TEXT, illness TEXT, school TEXT, grade TEXT, health TEXT, study TEXT, hobbies TEXT,
        parent_relation TEXT, social TEXT, mental TEXT, wishes TEXT,
        reviewed TEXT CHECK (reviewed GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        status TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册','退出')),
        exit_date TEXT CHECK (exit_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        exit_reason TEXT,
        CHECK ((status = '退出') = (exit_date IS NOT NULL))
    );
    CREATE INDEX child_family ON child(family);
    CREATE INDEX child_name ON child(name);
    CREATE INDEX child_category ON child(category, status);
    CREATE INDEX child_born ON child(born);
    CREATE TABLE helper (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        sex TEXT NOT NULL CHECK (sex IN ('男','女')),
        unit TEXT NOT NULL REFERENCES unit(name) ON UPDATE CASCADE,
        position TEXT,
        phone TEXT NOT NULL,
        members TEXT,
        capacity INTEGER NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 1 AND 10)
    );
    CREATE INDEX helper_unit ON helper(unit);
    CREATE INDEX helper_name ON helper(name);
    CREATE TABLE pair (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        child TEXT NOT NULL REFERENCES child(id),
        helper TEXT REFERENCES helper(id),
        unit TEXT REFERENCES unit(name) ON UPDATE CASCADE,
        since TEXT NOT NULL CHECK (since GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        ended TEXT CHECK (ended GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND ended >= since),
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
        date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        kind TEXT NOT NULL DEFAULT '入户走访' CHECK (kind IN ('入户走访','电话','视频','特殊关爱')),
        occasion TEXT CHECK (occasion IN ('春节','寒假','暑假','儿童节','生日','其他')),
        topics TEXT,
        found TEXT, help TEXT, note TEXT,
        CHECK (kind <> '特殊关爱' OR occasion IS NOT NULL)
    );
    CREATE INDEX visit_pair_date ON visit(pair, date);
    CREATE INDEX visit_date ON visit(date);
    CREATE TABLE training (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        date TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500)
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
    """#
}
