import Foundation
import JieduiCore
import Testing
@testable import JieduiPostgres
@testable import JieduiStore
import JieduiStores

/// The store contract on a live server: making and opening a town, what is not a town, who may
/// open one, transactions, ids, the rules' queries, errors worded as a file's, interrupting, and
/// the masking functions held to Core's.
@Suite(.enabled(if: TestServer.enabled, "JIEDUI_TEST_PG names no server"))
struct DistrictStoreTests {
    private let today = Day(year: 2024, month: 12, day: 31)!
    private let environment = ProcessInfo.processInfo.environment

    private func townURL(_ town: TownSchema) throws -> String {
        let text = try #require(TestServer.urlText)
        return text + (text.contains("?") ? "&" : "?") + "town=" + town.name
    }

    private func open(_ town: TownSchema) throws -> PostgresStore {
        guard let store = try Stores.open(try townURL(town), environment: environment) as? PostgresStore else {
            preconditionFailure("a server URL opens the server's store")
        }
        return store
    }

    private func village(_ name: String) -> Record {
        Record(noun: .village, values: ["name": .text(name), "kind": .text("村")])
    }

    @Test func theFactoryMakesATownOnFirstUseAndOpensItAfter() throws {
        let town = TestServer.freshTown()
        let store = try open(town)
        #expect(store.isNew)
        #expect((store as any RecordStore) is any ReadOnlySQLRunning && (store as any RecordStore) is any BackingUp)
        #expect((store as any RecordStore) is any DistrictServing)
        try store.insert(village("甲村"))
        store.close()
        store.close()
        let again = try open(town)
        defer { again.close() }
        #expect(!again.isNew)
        #expect(try again.count(Query(noun: .village, fields: []), today: today) == 1)
        #expect(again.clerk == (try TestServer.url()).user)
    }

    /// A file and a server's town hold the same tables with the same columns in the same
    /// order, and every step is recorded.
    @Test func aTownHasTheSchemaOfAFile() throws {
        let store = try open(TestServer.freshTown())
        defer { store.close() }
        let file = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-schema-\(UUID().uuidString).db").path)
        defer { file.close() }
        for table in SchemaHistory.tables {
            #expect(try store.columns(of: table) == (try file.columns(of: table)), "\(table)")
        }
        let steps = try store.connection.query("SELECT identifier FROM \(store.town).jiedui_migrations ORDER BY identifier").compactMap { $0["identifier"].textValue }
        #expect(steps == SchemaHistory.migrations.map(\.identifier))
        // Every closed set is checked by the schema, as on a file.
        #expect(throws: StoreError.self) {
            try store.insert(Record(noun: .village, values: ["name": .text("乙村"), "kind": .text("不是一种村")]))
        }
    }

    @Test func aSchemaOfAnotherProgramOrANewerJieduiIsRefusedAndLeftUntouched() throws {
        let other = TestServer.freshTown()
        let connection = try TestServer.connect()
        defer { connection.close() }
        try connection.execute(statements: ["CREATE SCHEMA \(other.name)", "CREATE TABLE \(other.name).notes (text text)"])
        #expect {
            _ = try open(other)
        } throws: { ($0 as? StoreError)?.reason == .notJiedui && ($0 as? StoreError)?.kind == .unusableDatabase }
        #expect(try connection.query("SELECT count(*) AS n FROM pg_class WHERE relnamespace = '\(other.name)'::regnamespace").first?["n"] == .int(1))

        let newer = TestServer.freshTown()
        try open(newer).close()
        try connection.execute("INSERT INTO \(newer.name).jiedui_migrations (identifier) VALUES ('v99')")
        #expect {
            _ = try open(newer)
        } throws: { ($0 as? StoreError)?.reason == .newerSchema && ($0 as? StoreError)?.kind == .unusableDatabase }
    }

    /// An empty schema an administrator made for the town is filled; two clerks opening a new
    /// town at once make it once.
    @Test func anEmptySchemaIsMadeATownAndTwoClerksMakeItOnce() throws {
        let town = TestServer.freshTown()
        let connection = try TestServer.connect()
        defer { connection.close() }
        try connection.execute("CREATE SCHEMA \(town.name)")
        try open(town).close()
        let together = TestServer.freshTown()
        let url = try townURL(together)
        let env = environment
        let outcomes = NSLockedResults()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store = try Stores.open(url, environment: env)
                outcomes.add(store.isNew)
                store.close()
            } catch {
                outcomes.add(error)
            }
        }
        #expect(outcomes.errors.isEmpty, "\(outcomes.errors)")
        #expect(outcomes.made.filter { $0 }.count == 1, "\(outcomes.made)")
    }

    /// A login that may not use a town is told so in one line naming the town, and nothing is
    /// made for it; a login granted the town works in it as its own clerk.
    @Test func aLoginWithoutGrantsHasNoAccessAndAGrantedOneWorks() throws {
        let town = TestServer.freshTown()
        try open(town).close()
        let login = "clerk_" + String(UUID().uuidString.prefix(8)).lowercased()
        let admin = try TestServer.connect()
        defer { admin.close() }
        try admin.execute("CREATE ROLE \(login) LOGIN")
        var url = try TestServer.url(town: town)
        url.user = login
        #expect {
            _ = try PostgresStore(url: url, environment: environment)
        } throws: { ($0 as? StoreError) == StoreError(.unreachable, .noAccessToTown(town.name)) }
        // README's grants.
        try admin.execute(statements: [
            "GRANT USAGE ON SCHEMA \(town.name) TO \(login)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(town.name) TO \(login)",
        ])
        let store = try PostgresStore(url: url, environment: environment)
        defer { store.close() }
        try store.atomically {
            try store.insert(village("甲村"))
            try store.appendAudit(AuditEntry(time: "2024-12-31T00:00:00Z", user: "冒名", command: "village add name=甲村", refs: ["甲村"], old: ""))
        }
        #expect(try store.audit(limit: 1) { _ in true }.first?.user == login, "the audit names the server's login, not what the shell said")
        // A town it was not granted, and one that is not there, are no access either.
        var missing = url
        missing.town = TestServer.freshTown()
        #expect {
            _ = try PostgresStore(url: missing, environment: environment)
        } throws: { ($0 as? StoreError) == StoreError(.unreachable, .noAccessToTown(missing.town.name)) }
        // The district's view counts the towns it may not read: one at least, made here, so that
        // the count does not rest on what other tests have left on the server.
        try open(TestServer.freshTown()).close()
        let (readable, unreadable) = try store.districtTowns()
        #expect(readable.contains(town.name) && unreadable > 0)
    }

    @Test func atomicallyAndIdsFollowTheContract() throws {
        let town = TestServer.freshTown()
        let store = try open(town)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.atomically {
                try store.insert(village("乙村"))
                _ = try store.nextID(for: .family)
                throw Boom()
            }
        }
        #expect(!store.isInTransaction)
        try store.atomically {
            #expect(store.isInTransaction)
            try store.insert(village("甲村"))
            #expect(try store.nextID(for: .family) == "F0001")
            // A savepoint that fails gives its id back.
            _ = try? store.atomically {
                #expect(try store.nextID(for: .family) == "F0002")
                throw Boom()
            }
            #expect(try store.nextID(for: .family) == "F0002")
        }
        store.close()
        let reopened = try open(town)
        defer { reopened.close() }
        #expect(try reopened.select(Query(noun: .village, fields: ["name"]), today: today).map(\.key) == ["甲村"])
        #expect(try reopened.peekNextID(for: .family) == "F0003")
    }

    /// Constraint failures read as a file's do.
    @Test func aFailedStatementIsWordedAsOnAFile() throws {
        let store = try open(TestServer.freshTown())
        defer { store.close() }
        let file = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-errors-\(UUID().uuidString).db").path)
        defer { file.close() }
        for other in [store as any RecordStore, file] {
            try other.insert(village("甲村"))
        }
        var messages: [Message] = []
        for other in [store as any RecordStore, file] {
            do {
                try other.insert(village("甲村"))
                Issue.record("a duplicate was written")
            } catch let error as StoreError {
                #expect(error.reason == .failed && error.kind == .operation)
                messages.append(error.message)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1], "\(messages.map { $0.text(.en) })")
    }

    /// Every rule's and source's query gives a column of each name its row reads.
    @Test func everyQueryGivesTheColumnsOfItsRow() throws {
        let store = try open(TestServer.freshTown())
        defer { store.close() }
        for year in [2024, 2025] {
            let period = CheckPeriod(year: year, today: Day(year: 2025, month: 6, day: 20)!)
            for rule in Check.rules {
                let sql = RuleQueries.sql(rule, PostgreSQLDialect(), period: period)
                let result = try store.readOnlySQL("SELECT * FROM (\(sql)) q", masked: false)
                #expect(!result.columns.isEmpty, "\(rule.code)")
            }
        }
        let window = DueWindow(today: Day(year: 2025, month: 1, day: 1)!, days: 400)
        for source in Due.sources {
            let result = try store.readOnlySQL(RuleQueries.sql(source, PostgreSQLDialect(), window: window), masked: false)
            #expect(!result.columns.isEmpty, "\(source)")
        }
    }

    /// Ctrl-C stops a long query within a second, and the store can be used after.
    @Test func interruptStopsARunningQuery() throws {
        let store = try open(TestServer.freshTown())
        defer { store.close() }
        let start = Date()
        // What the store's interrupt() calls, from the thread that watches for Ctrl-C.
        let interrupter = store.connection.interrupter
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { interrupter.interrupt() }
        #expect(throws: StoreError.self) {
            _ = try store.readOnlySQL("SELECT pg_sleep(10)", masked: false)
        }
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(try store.count(Query(noun: .village, fields: []), today: today) == 0)
    }

    /// The masking functions a masked `sql` reads through give what Core's masking gives, on
    /// texts made to hit every branch of the scanner and on random ones.
    @Test func theServersMaskingIsCores() throws {
        let store = try open(TestServer.freshTown())
        defer { store.close() }
        var texts = [
            "", "511304201405010121", "51130420140501012X", "51130420140501012x", "13800001111", "+8613800001111", "＋8613800001111",
            "0817-2222222", "0817－22222222", "010-1234567", "１３８００００１１１１", "电话13800001111，身份证511304201609120218",
            "51130420140501012Xy", "51130420140501012X1", "5113042014050101211", "12345678901", "1080001111", "０８１７-２２２２２２２",
            " 13800001111 ", "\u{3000}0817-2222222\u{3000}", "138-0000-1111", "abc", "1234567", "０１２３４５６", "ab\ncd13800001111",
            "电话 138 0000 1111。", "１３８ ００００ １１１１", "138 0000 111", "138 0000 11112", "138-0000 1111", "+86 139-1234-5678",
            "(0817)2222222", "（010）12345678", "(0817)222222", "0817)2222222", "(0817-2222222", "（０８１７）２２２２２２２",
            "510000 2015 0302 0128", "510000-20150302-0128", "51130 42014 05010 12X", "8613800004444", "0817 2222222",
            "08172222222", "010 12345678", "138 0000 1234 5678", "138 0000-1234", "0817-222222222", "08172-2222222",
            "51130420140501012", "511304140501012", "138000011112", "1380000111", "12800001111", "编号5113042014050101211号",
            "51130420140501012142", "511304201405010121420",
        ]
        var generator = SplitMix64(seed: 20241231)
        let pieces = ["1", "3", "8", "0", "5", "X", "x", "-", "－", "+", "＋", "１", "３", "８", "０", "Ｘ", " ", "号", "a", "\u{3000}",
                      "138 ", "0000 ", "1111", "139-", "0000-", "(", ")", "（", "）", "0817", "510000 ", "2015-", "86", "0817 ", "2222222"]
        for _ in 0..<1500 {
            let length = Int(generator.next() % 30)
            texts.append((0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        for chunk in stride(from: 0, to: texts.count, by: 200).map({ Array(texts[$0..<min($0 + 200, texts.count)]) }) {
            let values = chunk.map { "(" + PostgreSQLDialect().text($0) + ")" }.joined(separator: ", ")
            let result = try store.readOnlySQL("""
                SELECT pg_temp.jiedui_mask_free_text(t) AS free, pg_temp.jiedui_mask_personal_number(t) AS personal FROM (VALUES \(values)) AS v(t)
                """, masked: true)
            for (text, row) in zip(chunk, result.rows) {
                #expect(row[0] == .text(Masking.maskPersonalNumbers(in: text)), "free text \(text.debugDescription)")
                #expect(row[1] == .text(Masking.maskPersonalField(text)), "personal number \(text.debugDescription)")
            }
        }
    }
}

/// What several threads opening one town gave.
private final class NSLockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var made: [Bool] = []
    private(set) var errors: [String] = []

    func add(_ isNew: Bool) { lock.withLock { made.append(isNew) } }
    func add(_ error: any Error) { lock.withLock { errors.append("\(error)") } }
}
