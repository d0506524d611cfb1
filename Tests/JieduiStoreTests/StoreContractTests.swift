import Foundation
import GRDB
import JieduiCore
import Testing
@testable import JieduiStore
import JieduiStores

private typealias Record = JieduiCore.Record

/// The store contract as the SQLite store meets it: the factory, errors with their exit-status
/// meaning, transactions, the capabilities, and the queries of every rule and due source.
@Suite struct StoreContractTests {
    private func newPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-contract-\(UUID().uuidString)/t.db").path
    }

    private let today = Day(year: 2024, month: 12, day: 31)!

    private func village(_ name: String) -> Record {
        Record(noun: .village, values: ["name": .text(name), "kind": .text("村")])
    }

    @Test func theFactoryOpensAFileAndSaysWhetherItMadeIt() throws {
        let path = newPath()
        let store = try Stores.open(path)
        #expect(store.isNew)
        #expect(store is any ReadOnlySQLRunning && store is any BackingUp && store is any Discardable)
        try store.insert(village("甲村"))
        store.close()
        store.close()
        let again = try Stores.open(path)
        defer { again.close() }
        #expect(!again.isNew)
        #expect(try again.count(Query(noun: .village, fields: []), today: today) == 1)
    }

    @Test func whatIsNotATownIsRefusedAsUnusable() throws {
        let path = newPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try other.close()
        #expect {
            _ = try Stores.open(path)
        } throws: { error in
            (error as? StoreError)?.reason == .notJiedui && (error as? StoreError)?.kind == .unusableDatabase
        }
        #expect {
            _ = try Stores.open((path as NSString).deletingLastPathComponent)
        } throws: { error in
            (error as? StoreError)?.reason == .notJiedui
        }
    }

    @Test func aFailedStatementIsAnOperationErrorNotAnUnusableDatabase() throws {
        let store = try Stores.open(newPath())
        defer { store.close() }
        try store.insert(village("甲村"))
        #expect {
            try store.insert(village("甲村"))
        } throws: { error in
            (error as? StoreError)?.reason == .failed && (error as? StoreError)?.kind == .operation
        }
    }

    /// Outside a transaction, `atomically` opens one of its own: committed when the body
    /// returns, rolled back when it throws, and none is left open either way.
    @Test func atomicallyOutsideATransactionIsATransactionOfItsOwn() throws {
        let path = newPath()
        let store = try Stores.open(path)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.atomically {
                try store.insert(village("乙村"))
                throw Boom()
            }
        }
        #expect(!store.isInTransaction)
        try store.atomically {
            #expect(store.isInTransaction)
            try store.insert(village("甲村"))
            _ = try store.nextID(for: .family)
        }
        #expect(!store.isInTransaction)
        store.close()
        let reopened = try Stores.open(path)
        defer { reopened.close() }
        #expect(try reopened.select(Query(noun: .village, fields: ["name"]), today: today).map(\.key) == ["甲村"])
        #expect(try reopened.peekNextID(for: .family) == "F0002", "the id taken inside was written out at the commit")
    }

    @Test func aDiscardedStoreLeavesNothingBehind() throws {
        let path = newPath()
        let store = try Stores.open(path)
        try store.insert(village("甲村"))
        try #require(FileManager.default.fileExists(atPath: path))
        try #require((store as? any Discardable) != nil)
        try (store as? any Discardable)?.discard()
        for suffix in ["", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(suffix) is left")
        }
    }

    /// The names a `Decodable` row asks for, found by decoding it from nothing.
    private static func keys<Row: Decodable>(of type: Row.Type) -> Set<String> {
        let collector = KeyCollector()
        _ = try? Row(from: collector)
        return collector.keys
    }

    private static func columns<Rule: CheckRule>(of rule: Rule.Type) -> Set<String> { keys(of: Rule.Row.self) }
    private static func columns<Source: DueSource>(of source: Source.Type) -> Set<String> { keys(of: Source.Row.self) }

    /// Every rule's and source's query gives a column of each name its row reads, whatever
    /// rows there are (an empty town answers with the columns alone).
    @Test func everyQueryGivesTheColumnsOfItsRow() throws {
        let store = try SQLiteStore(path: newPath())
        defer { store.close() }
        for year in [2024, 2025] {
            let period = CheckPeriod(year: year, today: Day(year: 2025, month: 6, day: 20)!)
            let results = try store.checkRows(Check.rules, period: period)
            for (rule, result) in zip(Check.rules, results) {
                let missing = Self.columns(of: rule).subtracting(result.columns)
                #expect(missing.isEmpty, "\(rule.code) lacks \(missing.sorted())")
            }
        }
        let window = DueWindow(today: Day(year: 2025, month: 1, day: 1)!, days: 400)
        for source in Due.sources {
            let asked = source.isAsked(in: window)
            #expect(asked, "\(source) asks nothing in a year and more")
        }
        for (source, result) in zip(Due.sources, try store.dueRows(Due.sources, window: window)) {
            let missing = Self.columns(of: source).subtracting(result.columns)
            #expect(missing.isEmpty, "\(source) lacks \(missing.sorted())")
        }
    }

    /// What the schema checks is what Core's enumerations hold: on a new database and on one
    /// made by the first release and upgraded since.
    @Test func theSchemasClosedSetsAreTheEnumerations() throws {
        let path = newPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path + ".old")
        try SQLiteStore.migrator.migrate(old, upTo: "v1")
        try old.write { db in try db.execute(sql: "PRAGMA application_id = \(SQLiteStore.applicationID)") }
        try old.close()
        for file in [path, path + ".old"] {
            let store = try SQLiteStore(path: file)
            defer { store.close() }
            let tables = try store.dbQueue.read { db in
                try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table'").map { ($0["name"] as String, $0["sql"] as String) }
            }
            let definitions = Dictionary(uniqueKeysWithValues: tables)
            var checked = 0
            for noun in Noun.allCases {
                for field in Schema.of(noun).storedFields {
                    guard case .enumeration(let enumeration) = field.type else { continue }
                    let sql = try #require(definitions[noun.table])
                    #expect(Self.closedSet(field.key, in: sql) == enumeration.labels, "\(noun.table).\(field.key) in \(file)")
                    checked += 1
                }
            }
            #expect(checked > 10)
        }
    }

    /// The labels a CHECK of the form `column = 'a' OR column = 'b'` allows, in order.
    private static func closedSet(_ column: String, in sql: String) -> [String]? {
        let pattern = "CHECK \\((\(column) = '(?:[^']|'')*'(?: OR \(column) = '(?:[^']|'')*')*)\\)"
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: sql, range: NSRange(sql.startIndex..., in: sql)),
              let chain = Range(match.range(at: 1), in: sql) else { return nil }
        return sql[chain].components(separatedBy: " OR ").map {
            String($0.dropFirst("\(column) = '".count).dropLast()).replacingOccurrences(of: "''", with: "'")
        }
    }

    /// No label of a closed set is written into the store's SQL by hand: the queries and the
    /// schema take them from Core.
    @Test func noLabelIsWrittenIntoTheStoresSQL() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // The server's store writes its SQL too.
        let files = try ["Sources/JieduiStore", "Sources/JieduiPostgres"].flatMap { folder in
            try #require(FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)).compactMap { $0 as? String }
                .filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }
        }
        #expect(files.count > 20)
        let enumerations: [Enumeration] = [
            .villageKind, .sex, .guardianRelation, .parentStatus, .yesNo, .category, .childStatus, .visitKind, .occasion,
            .topic, .needKind, .measure, .needStatus, .situation, .reportDepartment, .department, .orgKind,
            .ethnicity, .schooling, .disabilityKind, .risk, .guardianshipType,
        ]
        let labels = Set(enumerations.flatMap(\.labels))
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let written = labels.filter { text.contains("'\($0)'") }.sorted()
            #expect(written.isEmpty, "\(file) writes \(written)")
        }
    }
}

/// A decoder that answers every key with an empty value and remembers the keys asked for.
private final class KeyCollector: Decoder {
    var keys: Set<String> = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(collector: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "")) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "")) }

    private struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let collector: KeyCollector
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func note(_ key: Key) { collector.keys.insert(key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { note(key); return true }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { note(key); return false }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { note(key); return "" }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { note(key); return 0 }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { note(key); return 0 }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { note(key); return 0 }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { note(key); return 0 }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { note(key); return 0 }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { note(key); return 0 }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { note(key); return 0 }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { note(key); return 0 }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { note(key); return 0 }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { note(key); return 0 }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { note(key); return 0 }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { note(key); return 0 }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            note(key)
            if type == Day.self { return Day(year: 2000, month: 1, day: 1)! as! T }
            return try T(from: collector)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            KeyedDecodingContainer(Container<NestedKey>(collector: collector))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try collector.unkeyedContainer() }
        func superDecoder() throws -> any Decoder { collector }
        func superDecoder(forKey key: Key) throws -> any Decoder { collector }
    }
}
