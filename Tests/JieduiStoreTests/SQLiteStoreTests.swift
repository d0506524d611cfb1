import Foundation
import GRDB
import JieduiCore
import Testing
@testable import JieduiStore

private typealias Record = JieduiCore.Record

/// The store on temporary databases: schema constraints, ids, transactions, refusal of files.
@Suite struct SQLiteStoreTests {
    private func newStore() throws -> (SQLiteStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-store-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("sub/t.db").path
        return (try SQLiteStore(path: path), path)
    }

    private let today = Day(year: 2024, month: 12, day: 31)!

    private func village(_ name: String) -> Record {
        Record(noun: .village, values: ["name": .text(name), "kind": .text("村")])
    }

    /// A text literal doubles every quote, wherever it stands, and SQLite reads it back as it was.
    @Test func textLiteralsReadBackAsWritten() throws {
        let (store, _) = try newStore()
        for text in ["村", "", "'", "O'Neil", "''a'", "a'", "'a", "甲'乙'丙"] {
            let sql = "SELECT \(SQLiteStore.dialect.text(text)) AS t"
            let read = try store.dbQueue.read { try String.fetchOne($0, sql: sql) }
            #expect(read == text, "\(sql)")
        }
    }

    @Test func aFilesFolderIsWhatComesBeforeItsLastSlash() {
        #expect(SQLiteStore.folder(of: "town.db") == ".")
        #expect(SQLiteStore.folder(of: "/town.db") == "/")
        #expect(SQLiteStore.folder(of: "data/2024/town.db") == "data/2024")
        #expect(SQLiteStore.folder(of: "/srv/jiedui/town.db") == "/srv/jiedui")
    }

    @Test func createsFolderAndFileWithMode0600InWALMode() throws {
        let (store, path) = try newStore()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try store.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    /// `check` runs half its queries on a second connection only while it would see the same
    /// rows: the answer must not depend on which way it ran, and a transaction's own changes
    /// must be in it.
    @Test func checkRowsAreTheSameOnOneConnectionOrTwo() throws {
        let (store, _) = try newStore()
        try store.insert(village("甲村"))
        for n in 1...3 {
            try store.insert(Record(noun: .family, values: ["id": .text(try store.nextID(for: .family)), "village": .text("甲村"), "dibao": .text("否")]))
            let idno = IdentityNumber.make(region: "511304", born: Day(year: 2015, month: 1, day: n)!, sequence: 10 + n).text
            try store.insert(Record(noun: .child, values: [
                "id": .text(try store.nextID(for: .child)), "name": .text("童\(n)"), "idno": .text(idno), "sex": .text("男"),
                "born": .text("2015-01-0\(n)"), "family": .text("F000\(n)"), "category": .text("孤儿"),
            ]))
        }
        let period = CheckPeriod(year: 2024, today: today)
        let rules = Check.rules
        let one = try rules.map { try store.checkRows([$0], period: period)[0] }
        try store.begin()
        #expect(try store.checkRows(rules, period: period) == one, "two connections, nothing changed yet")
        #expect(store.reader != nil, "the second connection was used")
        try store.insert(Record(noun: .family, values: ["id": .text(try store.nextID(for: .family)), "village": .text("甲村"), "dibao": .text("否")]))
        try store.insert(Record(noun: .child, values: [
            "id": .text(try store.nextID(for: .child)), "name": .text("新童"),
            "idno": .text(IdentityNumber.make(region: "511304", born: Day(year: 2016, month: 2, day: 2)!, sequence: 21).text),
            "sex": .text("女"), "born": .text("2016-02-02"), "family": .text("F0004"), "category": .text("孤儿"),
        ]))
        let after = try store.checkRows(rules, period: period)
        let uncovered = rules.firstIndex { $0 == Check.Uncovered.self }!
        #expect(after[uncovered].rows.count == one[uncovered].rows.count + 1, "this transaction's new child is seen")
        #expect(after == (try rules.map { try store.checkRows([$0], period: period)[0] }))
        try store.rollback()
    }

    /// A read-only command's transaction takes no lock, so another clerk may commit while it
    /// runs: `check` must then answer from its own snapshot alone, not partly from a second
    /// connection that sees the newer rows.
    @Test func checkKeepsItsSnapshotWhenAnotherClerkCommits() throws {
        let (store, path) = try newStore()
        try store.insert(village("甲村"))
        try store.insert(Record(noun: .family, values: ["id": .text(try store.nextID(for: .family)), "village": .text("甲村"), "dibao": .text("否")]))
        let period = CheckPeriod(year: 2024, today: today)
        // Many copies of one rule, so that the second connection takes some of them.
        let rules: [any CheckRule.Type] = Array(repeating: Check.Uncovered.self, count: 40)
        try store.begin(writing: false)
        let before = try store.checkRows(rules, period: period)
        #expect(before.allSatisfy { $0.rows.isEmpty })

        let other = try SQLiteStore(path: path)
        try other.atomically {
            try other.insert(Record(noun: .child, values: [
                "id": .text(try other.nextID(for: .child)), "name": .text("新童"),
                "idno": .text(IdentityNumber.make(region: "511304", born: Day(year: 2016, month: 2, day: 2)!, sequence: 21).text),
                "sex": .text("女"), "born": .text("2016-02-02"), "family": .text("F0001"), "category": .text("孤儿"),
            ]))
            try other.appendAudit(AuditEntry(time: "2024-12-31T00:00:00Z", user: "乙", command: "child add name=新童", refs: ["C0001"], old: ""))
        }
        other.close()

        let during = try store.checkRows(rules, period: period)
        #expect(during.allSatisfy { $0.rows.isEmpty }, "the commit after this transaction began is not seen")
        try store.rollback()
        try store.begin(writing: false)
        let after = try store.checkRows(rules, period: period)
        #expect(after.allSatisfy { $0.rows.count == 1 }, "the next transaction sees it, on either connection")
        try store.rollback()
    }

    /// A query's text is kept per shape and only its arguments are walked again: the walk must
    /// give what the text's own walk gives, and the same shape with other values other rows.
    @Test func argumentsWalkedAloneAreTheClausesOwn() throws {
        let predicates: [(Noun, RecordFilter)] = [
            (.child, .always),
            (.child, .and(.compare(field: "name", op: .equal, value: .text("甲")),
                          .or(.isEmpty(field: "school"), .not(.compare(field: "id", op: .greater, value: .text("C0003")))))),
            (.child, .isIn(field: "id", values: [.text("C0001"), .text("C0002")])),
            (.child, .compare(field: "name", op: .contains, value: .text("小"))),
            (.child, .compare(field: "born", op: .lessOrEqual, value: .date(today))),
            (.unit, .compare(field: "villages", op: .equal, value: .text("甲村"))),
            (.unit, .compare(field: "villages", op: .contains, value: .text("甲"))),
            (.visit, .and(.compare(field: "topics", op: .notEqual, value: .text("防溺水")), .compare(field: "pair", op: .equal, value: .text("P0001")))),
        ]
        for (noun, predicate) in predicates {
            var fromText: [SQLValue] = [], walked: [SQLValue] = []
            _ = SQLiteStore.sql.whereClause(predicate, noun: noun, today: today, arguments: &fromText)
            RecordSQL.whereArguments(predicate, noun: noun, arguments: &walked)
            #expect(fromText == walked, "\(predicate)")
        }
        let (store, _) = try newStore()
        for name in ["甲村", "乙村"] { try store.insert(village(name)) }
        for name in ["甲村", "乙村", "丙村"] {
            let found = try store.select(Query(noun: .village, predicate: .compare(field: "name", op: .equal, value: .text(name)), fields: ["name"]), today: today)
            #expect(found.map(\.key) == (name == "丙村" ? [] : [name]))
        }
    }

    @Test func idsAreNeverReused() throws {
        let (store, _) = try newStore()
        try store.insert(village("甲村"))
        let first = try store.nextID(for: .family)
        try store.insert(Record(noun: .family, values: ["id": .text(first), "village": .text("甲村"), "dibao": .text("否")]))
        try store.delete(.family, key: first)
        #expect(first == "F0001")
        #expect(try store.nextID(for: .family) == "F0002")
    }

    @Test func schemaRefusesWhatValidationWould() throws {
        let (store, _) = try newStore()
        try store.insert(village("甲村"))
        #expect(throws: StoreError.self) { try store.insert(village("甲村")) }
        // A family in a village that does not exist: the foreign key refuses it.
        #expect(throws: StoreError.self) {
            try store.insert(Record(noun: .family, values: ["id": .text("F0001"), "village": .text("无此村"), "dibao": .text("否")]))
        }
        #expect(throws: StoreError.self) {
            try store.insert(Record(noun: .village, values: ["name": .text("乙村"), "kind": .text("城市")]))
        }
    }

    @Test func atomicallyUndoesAFailedBody() throws {
        let (store, _) = try newStore()
        try store.begin()
        try store.insert(village("甲村"))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.atomically {
                try store.insert(village("乙村"))
                throw Boom()
            }
        }
        try store.commit()
        #expect(try store.count(Query(noun: .village, fields: []), today: today) == 1)
    }

    @Test func queriesFilterSortAndCount() throws {
        let (store, _) = try newStore()
        for name in ["丙村", "甲村", "乙村"] { try store.insert(village(name)) }
        let sorted = try store.select(Query(noun: .village, fields: ["name"]), today: today).map(\.key)
        #expect(sorted == ["丙村", "甲村", "乙村"], "villages keep the order they were added")
        let filtered = try store.select(Query(noun: .village, predicate: .compare(field: "name", op: .contains, value: .text("甲")), fields: ["name"]), today: today)
        #expect(filtered.map(\.key) == ["甲村"])
        let counts = try store.count(Query(noun: .village, fields: []), by: "kind", today: today)
        #expect(counts.count == 1 && counts[0].1 == 3)
    }

    @Test func readOnlySQLCannotWrite() throws {
        let (store, _) = try newStore()
        try store.insert(village("甲村"))
        for masked in [true, false] {
            #expect(throws: StoreError.self) { try store.readOnlySQL("DELETE FROM village", masked: masked) }
            #expect(throws: StoreError.self) { try store.readOnlySQL("PRAGMA writable_schema = 1", masked: masked) }
            #expect(throws: StoreError.self) { try store.readOnlySQL("SELECT 1; DELETE FROM village", masked: masked) }
            let result = try store.readOnlySQL("SELECT name FROM village", masked: masked)
            #expect(result.rows.count == 1)
            #expect(try store.count(Query(noun: .village, fields: []), today: today) == 1)
        }
    }

    @Test func aNewerDatabaseIsRefusedUntouched() throws {
        let (store, path) = try newStore()
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999')")
        }
        store.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            (error as? StoreError)?.message == .databaseTooNew(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func anotherProgramsSQLiteFileIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-other-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("other.db").path
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try other.close()
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            (error as? StoreError)?.kind == .unusableDatabase
        }
    }
}

@Suite struct UpgradeTests {
    /// A jiedui database of an older schema, migrated up to `version` only.
    private func olderDatabase(upTo version: String) throws -> (DatabaseQueue, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(version).db").path
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: version)
        try old.write { db in try db.execute(sql: "PRAGMA application_id = \(SQLiteStore.applicationID)") }
        return (old, path)
    }

    /// v4 rewrites the closed-set CHECKs: a v3 database keeps its rows, indexes and foreign
    /// keys, and still refuses a value outside the set while taking NULL.
    @Test func closedSetChecksAreRewrittenWithTheRowsKept() throws {
        let (old, path) = try olderDatabase(upTo: "v3")
        let indexesBefore = try old.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name") }
        try old.write { db in
            try db.execute(sql: "INSERT INTO village (name, kind, position) VALUES ('甲村', '村', 1)")
            try db.execute(sql: "INSERT INTO family (n, id, village, father) VALUES (1, 'F0001', '甲村', '外出务工')")
            try db.execute(sql: "INSERT INTO child (n, id, name, idno, sex, born, family, category) VALUES (1, 'C0001', '甲', '511304201405010121', '女', '2014-05-01', 'F0001', '农村留守儿童')")
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        try store.dbQueue.write { db in
            let definitions = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table'")
            #expect(!definitions.contains { $0.contains(" IN (") })
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM child WHERE family = 'F0001' AND category = '农村留守儿童'") == 1)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            #expect(Set(indexesBefore).subtracting(indexes).isEmpty, "every index is rebuilt")
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO family (n, id, village, father) VALUES (2, 'F0002', '甲村', '出差')")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO child (n, id, name, idno, sex, born, family, category) VALUES (2, 'C0002', '乙', '511304201609120218', '男', '2016-09-12', 'F0001', '留守')")
            }
            try db.execute(sql: "INSERT INTO family (n, id, village, father) VALUES (3, 'F0003', '甲村', NULL)")
            #expect(throws: DatabaseError.self, "foreign keys still hold") {
                try db.execute(sql: "INSERT INTO child (n, id, name, idno, sex, born, family, category) VALUES (3, 'C0003', '丙', '511304201609120218', '男', '2016-09-12', 'F0099', '孤儿')")
            }
        }
    }

    @Test func orChainedChecksSayTheSameAsTheList() {
        let sql = "kind TEXT CHECK (kind IN ('村','社区')),\n note TEXT CHECK (length(note) < 9),\n who TEXT CHECK (who IN ('O''Neil', 'x'))"
        #expect(SQLiteStore.orChainedChecks(sql) == "kind TEXT CHECK (kind = '村' OR kind = '社区'),\n note TEXT CHECK (length(note) < 9),\n who TEXT CHECK (who = 'O''Neil' OR who = 'x')")
    }

    @Test func anOlderDatabaseIsCopiedBesideItselfThenUpgraded() throws {
        let (old, path) = try olderDatabase(upTo: "v1")
        try old.write { db in
            try db.execute(sql: "INSERT INTO village (name, kind, position) VALUES ('甲村', '村', 1)")
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        let backup = path + ".v1.backup"
        #expect(FileManager.default.fileExists(atPath: backup))
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
        let copy = try DatabaseQueue(path: backup)
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM village") } == 1)
        #expect(try copy.read { try $0.tableExists("need") } == false, "the copy is the old schema")
        try copy.close()
        #expect(try store.dbQueue.read { try $0.tableExists("need") })
        #expect(try store.count(Query(noun: .village, fields: []), today: Day(year: 2024, month: 1, day: 1)!) == 1)
    }
}

/// A town file written by the release before practice.md (`Tests/Fixtures/town-v4.db`, schema
/// v4, made by `town-v4.jd`) opened by this one: copied beside itself, then upgraded to v5 with
/// every row, index and audit entry kept.
@Suite struct PracticeUpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/town-v4.db")

    /// A copy of the fixture in a folder of its own.
    private func copy() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-v4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("town.db").path
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
        return path
    }

    /// Every table's columns and rows, in rowid order (or key order for tables without one).
    private func contents(_ db: Database) throws -> [String: (columns: [String], rows: [[DatabaseValue]])] {
        var result: [String: (columns: [String], rows: [[DatabaseValue]])] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'grdb_migrations'")
        for table in tables {
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \"\(table)\" ORDER BY \(list)").map { row in columns.map { row[$0] as DatabaseValue } }
            result[table] = (columns, rows)
        }
        return result
    }

    @Test func everyRecordAndTheAuditChainAreKept() throws {
        let path = try copy()
        let old = try DatabaseQueue(path: path)
        let (before, indexes, applied, lastHash) = try old.read { db in
            (try contents(db), try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"),
             try SQLiteStore.migrator.appliedIdentifiers(db), try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"))
        }
        try old.close()
        #expect(!applied.contains("v5") && applied.contains("v4"), "the fixture is of the schema before v5")
        #expect((before["child"]?.rows.count ?? 0) > 0 && (before["audit"]?.rows.count ?? 0) > 0)

        let store = try SQLiteStore(path: path)
        defer { store.close() }
        // The file as it was, beside it.
        let backup = path + ".v\(applied.count).backup"
        let copy = try DatabaseQueue(path: backup)
        #expect(try copy.read { try SQLiteStore.migrator.appliedIdentifiers($0) } == applied)
        #expect(try copy.read { try contents($0)["audit"]?.rows.count } == before["audit"]?.rows.count)
        try copy.close()

        try store.dbQueue.read { db in
            #expect(try SQLiteStore.migrator.appliedIdentifiers(db).contains("v5"))
            let after = try contents(db)
            for (table, (columns, rows)) in before {
                let now = try #require(after[table], "table \(table) is gone")
                // The columns it had, in the same places, with the same values.
                #expect(Array(now.columns.prefix(columns.count)) == columns, "\(table)'s columns moved")
                let kept = now.rows.map { Array($0.prefix(columns.count)) }
                #expect(kept == rows, "\(table)'s rows changed")
            }
            let nowIndexes = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            #expect(Set(indexes).isSubset(of: nowIndexes), "indexes lost: \(Set(indexes).subtracting(nowIndexes).sorted())")
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // Every child is 绿 until someone says otherwise.
            #expect(try String.fetchAll(db, sql: "SELECT DISTINCT risk FROM child") == [RiskLevel.green])
        }
        switch try store.verifyAudit() {
        case .whole(let entries, let head):
            #expect(entries == before["audit"]?.rows.count)
            #expect(head == lastHash)
        case .broken(let seq, let problem):
            Issue.record("the audit chain breaks at \(seq): \(problem)")
        }
    }

    /// What v5 adds is there and checked: 联系父母 among the visit kinds, the new closed sets,
    /// and the rules that tie two columns.
    @Test func theUpgradedFileTakesThePracticeFields() throws {
        let store = try SQLiteStore(path: try copy())
        defer { store.close() }
        try store.dbQueue.write { db in
            let pair = try #require(try String.fetchOne(db, sql: "SELECT id FROM pair WHERE ended IS NULL ORDER BY n LIMIT 1"))
            let since = try #require(try String.fetchOne(db, sql: "SELECT since FROM pair WHERE id = ?", arguments: [pair]))
            try db.execute(sql: "INSERT INTO visit (id, pair, date, kind) VALUES ('V9001', ?, ?, ?)", arguments: [pair, since, VisitKind.parentContact])
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO visit (id, pair, date, kind) VALUES ('V9002', ?, ?, '打电话')", arguments: [pair, since])
            }
            #expect(throws: DatabaseError.self, "a risk other than 绿 needs a reason") {
                try db.execute(sql: "UPDATE child SET risk = ? WHERE n = 1", arguments: [RiskLevel.red])
            }
            try db.execute(sql: "UPDATE child SET risk = ?, risk_reason = '父亲服刑' WHERE n = 1", arguments: [RiskLevel.red])
            #expect(throws: DatabaseError.self, "a grade needs a kind") {
                try db.execute(sql: "UPDATE child SET disability_grade = 2 WHERE n = 1")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE child SET disability_kind = '肢体', disability_grade = 5 WHERE n = 1")
            }
            try db.execute(sql: "UPDATE child SET disability_kind = '肢体', disability_grade = 2, ethnicity = '汉族' WHERE n = 1")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE child SET ethnicity = '汉' WHERE n = 1")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE family SET guardianship_type = '很好' WHERE n = 1")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE family SET entrusted = '2024年3月1日' WHERE n = 1")
            }
        }
    }

    /// A new file and an upgraded one end with the same tables, columns and indexes.
    @Test func anUpgradedFileHasTheSchemaOfANewOne() throws {
        func schema(_ store: SQLiteStore) throws -> [String: [String]] {
            try store.dbQueue.read { db in
                var result: [String: [String]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite%'") {
                    let name: String = row["name"], type: String = row["type"]
                    result["\(type) \(name)"] = type == "table"
                        ? try String.fetchAll(db, sql: "SELECT name || ' ' || type || ' ' || \"notnull\" FROM pragma_table_info(?) ORDER BY name", arguments: [name])
                        : [row["tbl_name"]]
                }
                return result
            }
        }
        let upgraded = try SQLiteStore(path: try copy())
        defer { upgraded.close() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-new-\(UUID().uuidString)")
        let made = try SQLiteStore(path: folder.appendingPathComponent("new.db").path)
        defer { made.close() }
        #expect(try schema(upgraded) == schema(made))
    }
}
