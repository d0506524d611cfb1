import Foundation
import Testing
#if District
import JieduiPostgres
#endif

/// Every end-to-end test on both stores (district.md: "the same output on both"): while a test
/// server is configured (`JIEDUI_TEST_PG`), each run of jiedui on a file is run again on a town
/// of the server that stands for that file (`town=` made from the file's path, so each test's
/// database is a fresh town), and the two runs must give the same standard output, standard
/// error and exit status. Compared after setting aside what differs by nature: the audit log's
/// clock times (and the chain's latest hash, computed over them), and the database's own name
/// in messages. The clerk is the same on both: the file's runs get the server's login as
/// `USER`.
///
/// Runs that are about files themselves (a folder or a text file as `--db`, permissions, locks)
/// are kept to the file with `TwinStores.$fileOnly`; `--user` and `--demo` with a URL are
/// refused by design (exit 2), so such runs are the file's alone. Whatever changes a file
/// outside a twinned run (those runs, a test's own processes, a file written directly) is
/// brought to its town before the next twinned run: the town is made anew and the file copied
/// into it with `migrate to=`, which so runs on every kind of town the tests make.
struct TwinStores {
    /// The test server's URL, nil when none is configured.
    static let server: String? = ProcessInfo.processInfo.environment["JIEDUI_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["JIEDUI_REQUIRE_PG"] == "1"

    /// Whether the runs of the current test stay on files.
    @TaskLocal static var fileOnly = false

    /// The server's login, which the audit log names on the server.
    static let login: String = {
        guard let server, let start = server.range(of: "://")?.upperBound else { return "postgres" }
        let authority = server[start...].prefix { $0 != "/" }
        if let at = authority.lastIndex(of: "@") { return String(authority[..<at]) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }()

    let arguments: [String]
    let environment: [String: String]
    let fileEnvironment: [String: String]
    /// The file and the town that stands for it.
    let file: String
    let url: String
    /// The file's absolute path.
    let path: String

    /// The runs on the server that stand for a run with these arguments, or nil when the run
    /// stays on the file.
    static func twin(of arguments: [String], environment: [String: String], in folder: URL?) -> TwinStores? {
        if required && server == nil { Issue.record("JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server") }
        guard let server, !fileOnly else { return nil }
        if arguments.contains(where: { $0 == "--user" || $0.hasPrefix("--user=") || $0 == "--demo" }) { return nil }
        var serverArguments = arguments
        var serverEnvironment = environment
        var file: String?
        if let index = arguments.firstIndex(of: "--db"), index + 1 < arguments.count {
            file = arguments[index + 1]
            serverArguments[index + 1] = town(for: arguments[index + 1], in: folder, on: server)
        } else if let given = arguments.first(where: { $0.hasPrefix("--db=") }) {
            file = String(given.dropFirst("--db=".count))
            serverArguments[arguments.firstIndex(of: given)!] = "--db=" + town(for: file!, in: folder, on: server)
        } else if let db = environment["JIEDUI_DB"] {
            file = db
            serverEnvironment["JIEDUI_DB"] = town(for: db, in: folder, on: server)
        }
        guard let file, !file.hasPrefix("postgres") else { return nil }
        let path = (folder.map { URL(fileURLWithPath: file, relativeTo: $0) } ?? URL(fileURLWithPath: file)).standardizedFileURL.path
        var fileEnvironment = environment
        fileEnvironment["USER"] = login
        serverEnvironment["USER"] = login
        return TwinStores(arguments: serverArguments, environment: serverEnvironment, fileEnvironment: fileEnvironment,
                          file: file, url: town(for: file, in: folder, on: server), path: path)
    }

    /// The server's URL as another login, made on the server (with leave to make towns) if it
    /// is not there: a test whose clerk has a name of its own.
    static func login(_ user: String, on server: String) throws -> String {
        #if District
        let connection = try ServerConnection.open(server, environment: ProcessInfo.processInfo.environment)
        defer { connection.close() }
        if try connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [.text(user)]).isEmpty {
            _ = try? connection.execute("CREATE ROLE \(user) LOGIN")
        }
        try connection.execute("GRANT CREATE ON DATABASE \(connection.url.database) TO \(user)")
        guard let start = server.range(of: "://")?.upperBound else { return server }
        let rest = server[start...]
        let authority = rest.prefix { $0 != "/" }
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return server[..<start] + user + "@" + host + rest.dropFirst(authority.count)
        #else
        return server
        #endif
    }

    /// The town that stands for a file: `t_` and a hash of its absolute path.
    static func town(for file: String, in folder: URL?, on server: String) -> String {
        let path = (folder.map { URL(fileURLWithPath: file, relativeTo: $0) } ?? URL(fileURLWithPath: file)).standardizedFileURL.path
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let name = "t_" + String(hash, radix: 16)
        return server + (server.contains("?") ? "&" : "?") + "town=" + name
    }

    func compare(file onFile: Harness.Result, server onServer: Harness.Result, arguments: [String]) {
        let a = (normalised(onFile.out, database: file), normalised(onFile.err, database: file))
        let b = (normalised(onServer.out, database: url), normalised(onServer.err, database: url))
        if onFile.status == onServer.status && a == b { return }
        Issue.record("""
        the file and the server differ for jiedui \(arguments.joined(separator: " "))
        --- file (status \(onFile.status)):
        \(Self.shown(a.0))\(a.1.isEmpty ? "" : "\n[stderr] " + Self.shown(a.1))
        --- server (status \(onServer.status)):
        \(Self.shown(b.0))\(b.1.isEmpty ? "" : "\n[stderr] " + Self.shown(b.1))
        """)
    }

    private static func shown(_ text: String) -> String {
        text.count > 4000 ? String(text.prefix(4000)) + "…" : text
    }

    static var time: Regex<AnyRegexOutput> { try! Regex(#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"#) }
    static var head: Regex<AnyRegexOutput> { try! Regex(#"(head|校验值|latest hash)([^0-9a-f\n]{0,8})[0-9a-f]{64}"#) }

    private func normalised(_ text: String, database: String) -> String {
        Self.normalised(text, database: database)
    }

    /// Text with what differs by nature set aside: the database's name, the audit's times and
    /// the chain's latest hash.
    static func normalised(_ text: String, database: String) -> String {
        (database.isEmpty ? text : text.replacingOccurrences(of: database, with: "DATABASE"))
            .replacing(Self.time, with: "TIME")
            .replacing(Self.head) { match in "\(match.output[1].substring ?? "")\(match.output[2].substring ?? "")HASH" }
    }
}

/// What each file was when its town last matched it, so that a change made to the file alone is
/// seen and copied to the town.
final class Mirror: @unchecked Sendable {
    static let shared = Mirror()
    private let lock = NSLock()
    private var known: [String: String] = [:]

    /// The file's size and time of change, with its write-ahead log's; "" when there is none.
    private static func fingerprint(_ path: String) -> String {
        ["", "-wal"].map { suffix -> String in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix) else { return "-" }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size)@\(time)"
        }.joined(separator: " ")
    }

    private var pathLocks: [String: NSLock] = [:]

    /// Runs `body` while no other twinned run uses the file at `path`.
    func alone<T>(_ path: String, _ body: () -> T) -> T {
        let pathLock = lock.withLock {
            if let known = pathLocks[path] { return known }
            let made = NSLock()
            pathLocks[path] = made
            return made
        }
        return pathLock.withLock(body)
    }

    /// Makes the town what the file is, unless it already is (called inside `alone`).
    func bringUp(_ path: String, to url: String) {
        let now = Self.fingerprint(path)
        let before = lock.withLock { known[path] }
        if before == now { return }
        if before == nil, !FileManager.default.fileExists(atPath: path) {
            // A new file (in a new folder) and a new town: both are made by the run.
            return
        }
        Self.dropTown(url)
        guard FileManager.default.fileExists(atPath: path) else { return }
        let copied = Harness.runOnce(["--db", path, "-c", "migrate to=\"\(url)\""], environment: ["USER": TwinStores.login])
        if copied.status != 0 {
            Issue.record("the file could not be copied to its town: \(copied.err)")
        }
        remember(path)
    }

    func remember(_ path: String) {
        let now = Self.fingerprint(path)
        lock.withLock { known[path] = now }
    }

    /// Removes the town that stands for a file, if there is one.
    static func dropTown(_ url: String) {
        #if District
        do {
            let connection = try ServerConnection.open(url, environment: ProcessInfo.processInfo.environment)
            defer { connection.close() }
            try connection.execute("DROP SCHEMA IF EXISTS \(connection.url.town.name) CASCADE")
        } catch {
            Issue.record("cannot remove the test town: \(error)")
        }
        #else
        Issue.record("this build cannot reach a server (the District trait is off)")
        #endif
    }
}

/// A test (or suite) whose runs stay on files: it is about files themselves, or about what only
/// SQLite's SQL says; the reason names the server's own test where there is one.
struct FileOnly: TestTrait, SuiteTrait, TestScoping {
    let reason: String
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await TwinStores.$fileOnly.withValue(true) { try await function() }
    }
}

extension Trait where Self == FileOnly {
    /// The runs stay on files, for `reason`.
    static func fileOnly(_ reason: String) -> Self { FileOnly(reason: reason) }
}
