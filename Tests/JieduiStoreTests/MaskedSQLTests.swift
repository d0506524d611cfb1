import Foundation
import GRDB
import JieduiCore
import Testing
@testable import JieduiStore

private typealias Record = JieduiCore.Record

/// `readOnlySQL` while masking is on: which columns are masked, that the masking views never
/// outlive a query, and that they cost no copy of a table.
@Suite struct MaskedSQLTests {
    private let today = Day(year: 2024, month: 12, day: 31)!
    private let idno = IdentityNumber.make(region: "511304", born: Day(year: 2015, month: 3, day: 7)!, sequence: 37).text

    /// A store with a village, a family and one child holding `idno`.
    private func newStore() throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-masked-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("t.db").path)
        try store.insert(Record(noun: .village, values: ["name": .text("甲村"), "kind": .text("村")]))
        try store.insert(Record(noun: .family, values: ["id": .text(try store.nextID(for: .family)), "village": .text("甲村"), "dibao": .text("否")]))
        try addChild(to: store, idno: idno, born: "2015-03-07")
        return store
    }

    private func addChild(to store: SQLiteStore, idno: String, born: String) throws {
        try store.insert(Record(noun: .child, values: [
            "id": .text(try store.nextID(for: .child)), "name": .text("孙某"), "idno": .text(idno), "sex": .text("男"),
            "born": .text(born), "family": .text("F0001"), "category": .text("孤儿"),
        ]))
    }

    private func refusal(_ body: () throws -> Void) -> Message? {
        do {
            try body()
            return nil
        } catch let error as StoreError {
            return error.message
        } catch {
            return .databaseError(.detail(String(describing: error)))
        }
    }

    private func temporaryObjects(_ store: SQLiteStore) throws -> Int {
        try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_temp_master") ?? -1 }
    }

    @Test func theSchemaSaysWhichColumnsArePersonalNumbers() throws {
        let store = try newStore()
        let views = try store.dbQueue.read { try MaskingViews($0) }
        let byTable = Dictionary(uniqueKeysWithValues: views.tables.map { ($0.name, Dictionary(uniqueKeysWithValues: $0.columns.map { ($0.name, $0.mask) })) })
        for noun in Noun.allCases {
            for field in Schema.of(noun).storedFields where field.isPersonal {
                #expect(byTable[noun.table]?[field.key] == .personalNumber, "\(noun.table).\(field.key) is not masked")
            }
            // Ids the program assigns hide nothing; a key a person typed (a village's name) is
            // masked like any typed text.
            let key = Schema.of(noun).field(noun.keyField)
            #expect(byTable[noun.table]?[noun.keyField] ?? nil == (key.origin == .assigned ? nil : .freeText), "\(noun.table).\(noun.keyField)")
        }
        // What a person typed is masked wherever it is kept: the audit log's commands and refs
        // (a file's name), names and the references that copy them.
        for (table, column) in [("audit", "command"), ("audit", "old"), ("audit", "refs"), ("setting", "value"), ("visit", "note"),
                                ("family", "situation"), ("village", "name"), ("unit", "name"), ("org", "name"),
                                ("family", "village"), ("unit_village", "village"), ("unit_village", "unit"), ("helper", "unit")] {
            #expect(byTable[table]?[column] == .freeText, "\(table).\(column) is not masked as free text")
        }
    }

    @Test func theAuditLogIsMaskedEvenWhereItHoldsANumber() throws {
        let store = try newStore()
        // Written past the program, which masks what it logs: an old or imported entry.
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO audit (time, user, command, refs, old) VALUES ('2024-01-01T00:00:00Z', 'x', ?, '', '')",
                           arguments: ["child add idno=\(idno)"])
        }
        let hex = try store.readOnlySQL("SELECT hex(command) FROM audit ORDER BY seq DESC LIMIT 1", masked: true).rows
        let expected = Masking.maskPersonalNumbers(in: "child add idno=\(idno)").utf8.map { String(format: "%02X", $0) }.joined()
        #expect(hex == [[.text(expected)]])
        #expect(refusal { _ = try store.readOnlySQL("SELECT hex(command) FROM main.audit", masked: true) }
                == .sqlMaskedColumn(table: "audit", column: "command"))
        let revealed = try store.readOnlySQL("SELECT command FROM main.audit ORDER BY seq DESC LIMIT 1", masked: false).rows
        #expect(revealed == [[.text("child add idno=\(idno)")]])
    }

    @Test func noMaskingViewOutlivesItsQuery() throws {
        let store = try newStore()
        let queries = ["SELECT idno FROM child", "SELECT idno FROM main.child", "SELECT idno FROM child WHERE", "SELECT rowid FROM child"]
        for query in queries {
            _ = try? store.readOnlySQL(query, masked: true)
            #expect(try temporaryObjects(store) == 0, "`\(query)` left views behind")
            let seen = try store.select(Query(noun: .child, fields: ["idno"]), today: today).map { $0["idno"] }
            #expect(seen == [.text(idno)], "after `\(query)` the store reads \(seen)")
        }
        // Inside a transaction: its own new child is seen, masked, and the store still writes
        // and reads the real tables.
        let second = IdentityNumber.make(region: "511304", born: Day(year: 2016, month: 4, day: 9)!, sequence: 12).text
        try store.begin()
        try addChild(to: store, idno: second, born: "2016-04-09")
        let rows = try store.readOnlySQL("SELECT idno FROM child ORDER BY id", masked: true).rows
        #expect(rows == [[.text(Masking.maskPersonalField(idno))], [.text(Masking.maskPersonalField(second))]])
        #expect(try temporaryObjects(store) == 0)
        try addChild(to: store, idno: IdentityNumber.make(region: "511304", born: Day(year: 2017, month: 5, day: 1)!, sequence: 14).text, born: "2017-05-01")
        try store.commit()
        #expect(try store.select(Query(noun: .child, fields: ["idno"]), today: today).map { $0["idno"] }.contains(.text(second)))
    }

    /// The view that reads a table has a new random name for each query, so a query cannot
    /// give its own CTE that name to pass for it.
    @Test func aCTECannotPassForAMaskingView() throws {
        let store = try newStore()
        let names = try store.readOnlySQL("SELECT name FROM sqlite_temp_master WHERE type = 'view' AND name LIKE 'jiedui_masked_%_child'", masked: true).rows
        let earlier = try #require(names.first?.first?.textValue)
        for name in [earlier, "child", "main"] {
            let query = "WITH \"\(name)\" AS (SELECT idno FROM main.child) SELECT hex(idno) FROM \"\(name)\""
            #expect(refusal { _ = try store.readOnlySQL(query, masked: true) } == .sqlMaskedColumn(table: "child", column: "idno"), "\(query)")
        }
        let again = try store.readOnlySQL("SELECT name FROM sqlite_temp_master WHERE type = 'view' AND name LIKE 'jiedui_masked_%_child'", masked: true).rows
        #expect(again != names)
    }

    /// The views are flattened into the query: an indexed lookup stays one, and no table is
    /// copied (materialised) to answer it.
    @Test func theViewsAreNotMaterialised() throws {
        let store = try newStore()
        for query in ["SELECT idno FROM child WHERE id = 'C0001'",
                      "SELECT c.idno, f.village FROM child c JOIN family f ON f.id = c.family WHERE c.id = 'C0001'"] {
            // Each step as SQLite words it, less the name it gives the table (`main.child` or `c`).
            func steps(masked: Bool) throws -> [String] {
                try store.readOnlySQL("EXPLAIN QUERY PLAN " + query, masked: masked).rows.map { row in
                    let words = (row.last?.text ?? "").split(separator: " ")
                    return ([words.first ?? ""] + words.dropFirst(2)).joined(separator: " ")
                }
            }
            let plan = try steps(masked: true), unmasked = try steps(masked: false)
            #expect(plan == unmasked, "`\(query)` is planned \(plan) masked, \(unmasked) not")
            #expect(plan.allSatisfy { $0.contains("USING INDEX") })
            #expect(!plan.contains { $0.contains("MATERIALIZE") || $0.contains("CO-ROUTINE") })
        }
    }

    @Test func aRefusalNamesTheColumnInBothLanguages() throws {
        let store = try newStore()
        let message = try #require(refusal { _ = try store.readOnlySQL("SELECT substr(idno, 7, 8) FROM main.\"child\"", masked: true) })
        #expect(message == .sqlMaskedColumn(table: "child", column: "idno"))
        for lang in Lang.allCases {
            #expect(message.text(lang).contains("child.idno") && message.text(lang).contains("--reveal"))
        }
        #expect(refusal { _ = try store.readOnlySQL("SELECT rowid FROM child", masked: true) } == .sqlMaskedRowid(table: "child"))
        #expect(try store.readOnlySQL("SELECT rowid FROM main.child", masked: true).rows == [[.int(1)]])
    }
}
