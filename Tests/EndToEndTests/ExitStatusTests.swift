import Foundation
import GRDB
import JieduiCore
import Testing

/// Exit statuses 2 (bad invocation) and 3 (a file that is not a jiedui database, or one made
/// by a newer jiedui) through the binary, and that neither touches a file.
@Suite struct ExitStatusTests {
    /// The names of the files in `folder`, sorted.
    static func listing(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// (arguments, the option the message must name): unknown options, options without their
    /// value, and values an option cannot take.
    static let badInvocations: [([String], String)] = [
        (["--bogus"], "--bogus"),
        (["-x", "-c", "village list"], "-x"),
        (["-c", "village list", "--db=town.db", "--frobnicate"], "--frobnicate"),
        (["--db"], "--db"),
        (["-c", "village list", "-c"], "-c"),
        (["-f"], "-f"),
        (["--format"], "--format"),
        (["--lang"], "--lang"),
        (["-c", "village list", "--user"], "--user"),
        (["--format", "xml", "-c", "village list"], "--format"),
        (["--format=", "-c", "village list"], "--format"),
        (["--lang", "fr", "-c", "village list"], "--lang"),
    ]

    @Test(arguments: badInvocations.indices)
    func badInvocationIsStatusTwoAndTouchesNothing(_ index: Int) {
        let (arguments, option) = Self.badInvocations[index]
        let folder = Harness.temporaryFolder()
        // Without --db the database would be jiedui.db in the current folder.
        let result = Harness.run(arguments, in: folder)
        #expect(result.status == 2, "\(arguments): \(result.err)")
        #expect(result.out.isEmpty)
        let firstLine = result.err.components(separatedBy: "\n").first ?? ""
        #expect(firstLine.hasPrefix("jiedui: ") && firstLine.contains(option), "\(arguments): \(result.err)")
        #expect(result.err.contains("usage: jiedui"), "the usage follows the message")
        #expect(Self.listing(folder) == [], "a bad invocation created \(Self.listing(folder))")
    }

    @Test func anInvalidTodayIsABadInvocation() {
        let folder = Harness.temporaryFolder()
        for today in ["2024-13-01", "tomorrow", "2024-02-30"] {
            let result = Harness.run(["-c", "village add name=甲村"], environment: ["JIEDUI_TODAY": today], in: folder)
            #expect(result.status == 2, "\(today): \(result.err)")
            #expect(result.err.contains(today))
            #expect(Self.listing(folder) == [])
        }
    }

    /// Runs a command that would write on `path`, which must be refused with status 3 and left
    /// as it was, byte for byte, with nothing added beside it — except, for a database in WAL
    /// mode, the empty WAL and its index that SQLite makes on any read.
    static func refusedUntouched(_ path: String, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let files = listing(folder)
        for arguments in [["-c", "village add name=甲村"], ["-f", "-"], ["--dry-run", "-c", "village list"]] {
            let result = Harness.run(["--db", path] + arguments, stdin: "village add name=乙村\n")
            #expect(result.status == 3, "\(arguments): \(result.err)", sourceLocation: sourceLocation)
            #expect(result.out.isEmpty, sourceLocation: sourceLocation)
            #expect(result.err.contains(path) && result.err.contains(words), "\(result.err)", sourceLocation: sourceLocation)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the file was changed", sourceLocation: sourceLocation)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let beside = listing(folder).filter { !files.contains($0) && !(bytes.count > 19 && bytes[18] == 2 && [name + "-wal", name + "-shm"].contains($0)) }
            #expect(beside == [], "files appeared beside it: \(beside)", sourceLocation: sourceLocation)
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
            #expect(wal == 0, "a WAL with \(wal) bytes was left beside it", sourceLocation: sourceLocation)
        }
    }

    @Test(.fileOnly("what is not a town is a file's matter; the server's in DistrictStoreTests")) func anSQLiteFileOfAnotherProgramIsStatusThreeAndUntouched() throws {
        let path = Harness.temporaryFolder().appendingPathComponent("notes.sqlite").path
        let other = try DatabaseQueue(path: path)
        try other.write { db in
            try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
            try db.execute(sql: "INSERT INTO note (text) VALUES ('买菜'), ('开会')")
        }
        try other.close()
        try Self.refusedUntouched(path, saying: "not a jiedui database")
    }

    @Test(.fileOnly("what is not a town is a file's matter; the server's in DistrictStoreTests")) func aTextFileIsStatusThreeAndUntouched() throws {
        let path = Harness.temporaryFolder().appendingPathComponent("jiedui.db").path
        try Data("name,idno\n王小花,x\n".utf8).write(to: URL(fileURLWithPath: path))
        try Self.refusedUntouched(path, saying: "not a jiedui database")
    }

    @Test(.fileOnly("what is not a town is a file's matter; the server's in DistrictStoreTests")) func aDatabaseOfANewerJieduiIsStatusThreeAndUntouched() throws {
        let path = Harness.temporaryFolder().appendingPathComponent("town.db").path
        #expect(Harness.run(["--db", path, "-c", "village add name=金宝村"]).status == 0)
        // A later jiedui would have applied a migration this one does not know.
        let newer = try DatabaseQueue(path: path)
        try newer.write { db in
            let known = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            #expect(!known.isEmpty)
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [known.joined() + "-later"])
        }
        try newer.close()
        try Self.refusedUntouched(path, saying: "newer jiedui")
    }

    @Test(.fileOnly("what is not a town is a file's matter; the server's in DistrictStoreTests")) func aFolderIsStatusThree() {
        let folder = Harness.temporaryFolder()
        let result = Harness.run(["--db", folder.path, "-c", "village list"])
        #expect(result.status == 3, "\(result.err)")
        #expect(Self.listing(folder) == [])
    }
}

/// A server's URL that cannot be used (district.md): what is wrong with the invocation is exit 2
/// before anything is connected, and a server that cannot be reached is exit 3 in one line.
@Suite struct ServerURLExitStatusTests {
    @Test(arguments: [
        (["--db", "postgresql://li:secret@db.example/district?town=jinbao", "-c", "village list"], Message.serverURLPassword),
        (["--db", "postgresql://li@db.example/district?town=jinbao&password=secret", "-c", "village list"], Message.serverURLPassword),
        (["--db", "postgresql://li@db.example/district?town=1jinbao", "-c", "village list"], Message.badTownName("1jinbao")),
        (["--db", "postgresql:///district?town=jinbao&colour=red", "-c", "village list"], Message.serverURLUnknownParameter("colour", choices: [])),
        (["--db", "postgresql:///district?town=jinbao", "--user", "wangli", "-c", "village list"], Message.userWithServer),
        (["--db", "POSTGRES:///district?town=jinbao", "--demo"], Message.demoWithServer),
    ])
    func aURLThatCannotBeUsedIsABadInvocation(_ arguments: [String], _ message: Message) {
        let result = Harness.run(["--lang", "en"] + arguments)
        #expect(result.status == 2, "\(result.err)")
        let words = message.text(.en)
        #expect(result.err.contains(words.prefix { $0 != ";" && $0 != ":" }), "\(result.err)")
        #expect(!result.err.contains("secret"), "the password is repeated")
    }

    @Test func aServerThatIsNotThereIsStatusThreeInOneLine() {
        let folder = Harness.temporaryFolder()
        let environment = ["JIEDUI_DB": "postgresql://li@/district?host=\(folder.path)&town=jinbao", "PGPASSWORD": ""]
        let result = Harness.run(["--lang", "en", "-c", "village list"], environment: environment)
        #expect(result.status == 3, "\(result.err)")
        #expect(result.err == "jiedui: " + Message.serverNotRunning(server: folder.path + "/.s.PGSQL.5432").text(.en) + "\n", "\(result.err)")
    }
}
