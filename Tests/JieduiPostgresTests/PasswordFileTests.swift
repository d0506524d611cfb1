import Foundation
import Testing
@testable import JieduiPostgres

/// `~/.pgpass` as libpq reads it, and where a login's password comes from.
@Suite struct PasswordFileTests {
    struct Lookup: Sendable, CustomTestStringConvertible {
        let file: String
        let hosts: [String]
        let port: Int
        let database: String
        let user: String
        let password: String?
        let note: String
        var testDescription: String { note }
    }

    static let lookups: [Lookup] = [
        Lookup(file: "db.example.cn:5432:district:li:pw1\n", hosts: ["db.example.cn"], port: 5432, database: "district", user: "li", password: "pw1", note: "exact"),
        Lookup(file: "db.example.cn:5432:district:li:pw1\n", hosts: ["db.example.cn"], port: 5433, database: "district", user: "li", password: nil, note: "other port"),
        Lookup(file: "db.example.cn:5432:district:li:pw1\n", hosts: ["other"], port: 5432, database: "district", user: "li", password: nil, note: "other host"),
        Lookup(file: "db.example.cn:5432:district:li:pw1\n", hosts: ["db.example.cn"], port: 5432, database: "town", user: "li", password: nil, note: "other database"),
        Lookup(file: "db.example.cn:5432:district:li:pw1\n", hosts: ["db.example.cn"], port: 5432, database: "district", user: "wang", password: nil, note: "other user"),
        Lookup(file: "*:*:*:*:any\n", hosts: ["h"], port: 1, database: "d", user: "u", password: "any", note: "wildcards"),
        Lookup(file: "h:*:*:li:first\n*:*:*:*:second\n", hosts: ["h"], port: 5432, database: "d", user: "li", password: "first", note: "first match wins"),
        Lookup(file: "h:*:*:wang:first\n*:*:*:*:second\n", hosts: ["h"], port: 5432, database: "d", user: "li", password: "second", note: "falls through"),
        Lookup(file: "# a comment:*:*:*:no\nh:*:*:*:yes\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: "yes", note: "comments"),
        Lookup(file: "#*:*:*:*:no\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: nil, note: "a commented wildcard"),
        Lookup(file: "h:*:*:*:crlf\r\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: "crlf", note: "CRLF"),
        Lookup(file: "h:*:*:*:a\\:b\\\\c:ignored\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: "a:b\\c", note: "escapes in the password"),
        Lookup(file: "a\\:b:*:*:*:colon\n", hosts: ["a:b"], port: 5432, database: "d", user: "u", password: "colon", note: "escaped colon in a field"),
        Lookup(file: "\\*:*:*:*:star\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: nil, note: "an escaped star is a star"),
        Lookup(file: "\\*:*:*:*:star\n", hosts: ["*"], port: 5432, database: "d", user: "u", password: "star", note: "matching a literal star"),
        Lookup(file: "h*:*:*:*:prefix\n", hosts: ["hx"], port: 5432, database: "d", user: "u", password: nil, note: "no globbing"),
        Lookup(file: "h:*:*:u\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: nil, note: "no password field"),
        Lookup(file: "\n\nh:*:*:u:after blank lines\n", hosts: ["h"], port: 5432, database: "d", user: "u", password: "after blank lines", note: "blank lines"),
        Lookup(file: "/run/pg:5432:d:u:socket\n", hosts: ["/run/pg", "localhost"], port: 5432, database: "d", user: "u", password: "socket", note: "socket folder"),
        Lookup(file: "localhost:5432:d:u:local\n", hosts: ["/run/pg", "localhost"], port: 5432, database: "d", user: "u", password: "local", note: "socket as localhost"),
        Lookup(file: "h:*:镇:*:中文\n", hosts: ["h"], port: 5432, database: "镇", user: "u", password: "中文", note: "UTF-8"),
    ]

    @Test(arguments: lookups)
    func matches(_ lookup: Lookup) {
        let file = PasswordFile(text: lookup.file)
        #expect(file.password(hosts: lookup.hosts, port: lookup.port, database: lookup.database, user: lookup.user) == lookup.password)
    }

    /// A home folder of its own, with `.pgpass` written in the given mode.
    private func home(pgpass: String?, mode: mode_t = 0o600) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-pgpass-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let pgpass {
            let path = folder + "/.pgpass"
            try Data(pgpass.utf8).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, mode) == 0)
        }
        return folder
    }

    private func url(_ text: String) throws -> ServerURL {
        try ServerURL(parsing: text, environment: ["USER": "li"])
    }

    @Test(arguments: [(mode_t(0o600), true), (0o400, true), (0o640, false), (0o604, false), (0o660, false), (0o644, false)])
    func readsOnlyPrivateFiles(_ mode: mode_t, _ used: Bool) throws {
        let home = try home(pgpass: "*:*:*:*:secret\n", mode: mode)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let found = Credentials.lookUp(for: try url("postgresql://h/d"), environment: ["HOME": home])
        #expect(found.password == (used ? "secret" : nil))
        #expect(found.ignoredFile == (used ? nil : home + "/.pgpass"))
    }

    @Test func aFolderIsNoPasswordFile() throws {
        let home = try home(pgpass: nil)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.pgpass", withIntermediateDirectories: false)
        #expect(chmod(home + "/.pgpass", 0o700) == 0)
        let found = Credentials.lookUp(for: try url("postgresql://h/d"), environment: ["HOME": home])
        #expect(found.password == nil)
        #expect(found.ignoredFile == home + "/.pgpass")
    }

    @Test func noFileNoPassword() throws {
        let home = try home(pgpass: nil)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let found = Credentials.lookUp(for: try url("postgresql://h/d"), environment: ["HOME": home])
        #expect(found.password == nil)
        #expect(found.ignoredFile == nil)
    }

    @Test func pgpasswordComesFirst() throws {
        let home = try home(pgpass: "*:*:*:*:from-file\n")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let url = try url("postgresql://h/d")
        #expect(Credentials.lookUp(for: url, environment: ["HOME": home, "PGPASSWORD": "from-env"]).password == "from-env")
        // An empty PGPASSWORD is no password, as in libpq.
        #expect(Credentials.lookUp(for: url, environment: ["HOME": home, "PGPASSWORD": ""]).password == "from-file")
    }

    @Test func pgpassfileNamesAnotherFile() throws {
        let home = try home(pgpass: "*:*:*:*:from-home\n")
        let other = try self.home(pgpass: "*:*:*:*:from-pgpassfile\n")
        defer {
            try? FileManager.default.removeItem(atPath: home)
            try? FileManager.default.removeItem(atPath: other)
        }
        let found = Credentials.lookUp(for: try url("postgresql://h/d"), environment: ["HOME": home, "PGPASSFILE": other + "/.pgpass"])
        #expect(found.password == "from-pgpassfile")
    }

    /// The fields a URL gives are those matched: host (or socket folder, or localhost), port,
    /// database, and the login, defaulted as the URL defaults them.
    @Test(arguments: [
        ("postgresql://db.example.cn:6000/district?town=jinbao", "db.example.cn:6000:district:li:tcp", "tcp"),
        ("postgresql://db.example.cn/district", "db.example.cn:6000:district:li:wrong-port", nil),
        ("postgresql:///district?host=/run/pg", "/run/pg:5432:district:li:folder", "folder"),
        ("postgresql:///district?host=/run/pg", "localhost:5432:district:li:localhost", "localhost"),
        ("postgresql://localhost/district", "localhost:5432:district:li:tcp-localhost", "tcp-localhost"),
        ("postgresql://localhost/district", "/var/run/postgresql:5432:district:li:folder", nil),
        ("postgresql://wang@h/district", "h:5432:district:wang:wang", "wang"),
        ("postgresql://h", "h:5432:li:li:default-database", "default-database"),
        ("postgresql://", "localhost:5432:li:li:all-defaults", "all-defaults"),
    ] as [(String, String, String?)])
    func matchesWhatTheURLSays(_ text: String, _ line: String, _ password: String?) throws {
        let home = try home(pgpass: line + "\n")
        defer { try? FileManager.default.removeItem(atPath: home) }
        #expect(Credentials.lookUp(for: try url(text), environment: ["HOME": home]).password == password)
    }

    @Test func neverShowsThePassword() {
        let credentials = Credentials(password: "secret")
        #expect(!String(describing: credentials).contains("secret"))
        #expect(!String(reflecting: credentials).contains("secret"))
    }
}
