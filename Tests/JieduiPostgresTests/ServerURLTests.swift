import JieduiCore
import Testing
@testable import JieduiPostgres

/// Reading `--db` URLs: libpq's form, the defaults, and every way a URL is refused with exit 2.
@Suite struct ServerURLTests {
    private let environment = ["USER": "clerk"]

    struct Good: Sendable, CustomTestStringConvertible {
        let url: String
        let endpoint: ServerURL.Endpoint
        let port: Int
        let user: String
        let database: String
        let town: String
        var testDescription: String { url }
    }

    static let good: [Good] = [
        Good(url: "postgresql:///district?host=/run/postgresql", endpoint: .socket(folder: "/run/postgresql"), port: 5432, user: "clerk", database: "district", town: "main"),
        Good(url: "POSTGRES://li@db.example.cn:6543/district?town=jinbao", endpoint: .tcp(host: "db.example.cn"), port: 6543, user: "li", database: "district", town: "jinbao"),
        Good(url: "PostgreSQL://li@db.example.cn/district?", endpoint: .tcp(host: "db.example.cn"), port: 5432, user: "li", database: "district", town: "main"),
        Good(url: "postgresql://", endpoint: .socket(folder: "/var/run/postgresql"), port: 5432, user: "clerk", database: "clerk", town: "main"),
        Good(url: "postgresql://localhost", endpoint: .tcp(host: "localhost"), port: 5432, user: "clerk", database: "clerk", town: "main"),
        Good(url: "postgresql://h:/d", endpoint: .tcp(host: "h"), port: 5432, user: "clerk", database: "d", town: "main"),
        Good(url: "postgresql://[::1]:5433/d", endpoint: .tcp(host: "::1"), port: 5433, user: "clerk", database: "d", town: "main"),
        Good(url: "postgresql://%2Fvar%2Flib%2Fpg/d", endpoint: .socket(folder: "/var/lib/pg"), port: 5432, user: "clerk", database: "d", town: "main"),
        Good(url: "postgresql:///d?host=%2Ftmp%2Fx&port=5433&town=Jin_Bao2", endpoint: .socket(folder: "/tmp/x"), port: 5433, user: "clerk", database: "d", town: "jin_bao2"),
        Good(url: "postgresql://a%40b@h/d%20x", endpoint: .tcp(host: "h"), port: 5432, user: "a@b", database: "d x", town: "main"),
        Good(url: "postgresql://li@h/d?user=wang&dbname=other&host=h2&port=7000", endpoint: .tcp(host: "h2"), port: 7000, user: "wang", database: "other", town: "main"),
        Good(url: "postgresql://h/d+e", endpoint: .tcp(host: "h"), port: 5432, user: "clerk", database: "d+e", town: "main"),
    ]

    @Test(arguments: good)
    func reads(_ good: Good) throws {
        let url = try ServerURL(parsing: good.url, environment: environment)
        #expect(url.endpoint == good.endpoint)
        #expect(url.port == good.port)
        #expect(url.user == good.user)
        #expect(url.database == good.database)
        #expect(url.town.name == good.town)
    }

    @Test func optionalParameters() throws {
        let url = try ServerURL(parsing: "postgresql://h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3&application_name=zhen", environment: environment)
        #expect(url.tlsMode == .verifyFull)
        #expect(url.rootCertificate == "/etc/ca.pem")
        #expect(url.connectTimeout == 3)
        #expect(url.applicationName == "zhen")
        let plain = try ServerURL(parsing: "postgresql://h/d", environment: environment)
        #expect(plain.tlsMode == .prefer)
        #expect(plain.rootCertificate == nil)
        #expect(plain.connectTimeout == ServerURL.defaultConnectTimeout)
        #expect(plain.applicationName == "jiedui")
    }

    @Test func serverAsMessagesNameIt() throws {
        #expect(try ServerURL(parsing: "postgresql:///d?host=/run/pg/", environment: environment).server == "/run/pg/.s.PGSQL.5432")
        #expect(try ServerURL(parsing: "postgresql:///d?host=/run/pg&port=6000", environment: environment).socketPath == "/run/pg/.s.PGSQL.6000")
        #expect(try ServerURL(parsing: "postgresql://db.example.cn/d", environment: environment).server == "db.example.cn:5432")
        #expect(try ServerURL(parsing: "postgresql://[fe80::1]:6/d", environment: environment).server == "[fe80::1]:6")
        #expect(try ServerURL(parsing: "postgresql://h/d", environment: environment).socketPath == nil)
    }

    @Test func theLoginDefaultsToTheOSLogin() throws {
        #expect(try ServerURL(parsing: "postgresql:///d", environment: ["USER": "zhang"]).user == "zhang")
        // Without $USER, the password database's name for this process.
        #expect(try !ServerURL(parsing: "postgresql:///d", environment: [:]).user.isEmpty)
    }

    @Test(arguments: [
        ("postgres://h/d", true), ("POSTGRESQL://h", true), ("PostgreS://", true),
        ("postgresql:/h/d", false), ("town.db", false), ("/data/postgres://x", false), ("", false), ("postgre://h", false),
    ])
    func tellsURLsFromFiles(_ text: String, _ isURL: Bool) {
        #expect(ServerURL.isServerURL(text) == isURL)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let url: String
        let kind: ServerError.Kind
        let message: Message
        var testDescription: String { url }
    }

    static let bad: [Bad] = [
        Bad(url: "mysql://h/d", kind: .badURL, message: .serverURLMalformed("mysql://h/d")),
        Bad(url: "postgresql://h:abc/d", kind: .badURL, message: .badInteger(field: "port", value: "abc", range: "1–65535")),
        Bad(url: "postgresql://h:0/d", kind: .badURL, message: .badInteger(field: "port", value: "0", range: "1–65535")),
        Bad(url: "postgresql://h:65536/d", kind: .badURL, message: .badInteger(field: "port", value: "65536", range: "1–65535")),
        Bad(url: "postgresql:///d?port=-1", kind: .badURL, message: .badInteger(field: "port", value: "-1", range: "1–65535")),
        Bad(url: "postgresql://h1,h2/d", kind: .badURL, message: .serverURLMalformed("postgresql://h1,h2/d")),
        Bad(url: "postgresql://[::1/d", kind: .badURL, message: .serverURLMalformed("postgresql://[::1/d")),
        Bad(url: "postgresql://[::1]x/d", kind: .badURL, message: .serverURLMalformed("postgresql://[::1]x/d")),
        Bad(url: "postgresql:///d?town", kind: .badURL, message: .serverURLMalformed("postgresql:///d?town")),
        Bad(url: "postgresql:///d%zz", kind: .badURL, message: .serverURLMalformed("postgresql:///d%zz")),
        Bad(url: "postgresql:///d%2", kind: .badURL, message: .serverURLMalformed("postgresql:///d%2")),
        Bad(url: "postgresql:///d%00", kind: .badURL, message: .serverURLMalformed("postgresql:///d%00")),
        Bad(url: "postgresql:///d%E4", kind: .badURL, message: .serverURLMalformed("postgresql:///d%E4")),
        Bad(url: "postgresql:///d?foo=1", kind: .badURL, message: .serverURLUnknownParameter("foo", choices: ServerURL.parameters)),
        Bad(url: "postgresql:///d?town=a&town=b", kind: .badURL, message: .serverURLRepeated("town")),
        Bad(url: "postgresql:///d?sslmode=allow", kind: .badURL, message: .badOptionValue(option: "sslmode", value: "allow", choices: ["disable", "prefer", "require", "verify-ca", "verify-full"])),
        Bad(url: "postgresql:///d?connect_timeout=0", kind: .badURL, message: .badInteger(field: "connect_timeout", value: "0", range: "1–3600")),
        Bad(url: "postgresql:///d?town=2town", kind: .badTownName, message: .badTownName("2town")),
        Bad(url: "postgresql:///d?town=", kind: .badTownName, message: .badTownName("")),
        Bad(url: "postgresql:///d?town=%E9%87%91%E5%AE%9D", kind: .badTownName, message: .badTownName("金宝")),
    ]

    @Test(arguments: bad)
    func refuses(_ bad: Bad) {
        #expect {
            try ServerURL(parsing: bad.url, environment: environment)
        } throws: { error in
            guard let error = error as? ServerError else { return false }
            return error.kind == bad.kind && error.message == bad.message && error.outcome == .badInvocation
        }
    }

    /// However a password is written, it is refused, and the message repeats neither it nor the URL.
    @Test(arguments: [
        "postgresql://li:secret@h/d",
        "postgresql://li:@h/d",
        "postgresql://li:se/cret@h/d",
        "postgresql://li:se:cret@h:5432/d?town=jinbao",
        "postgres://li:p%40secret@h/d?town=2town",
        "postgresql:///d?password=secret",
        "postgresql:///d?town=jinbao&password=secret",
        "postgresql:///d?pass%77ord=secret",
    ])
    func refusesPasswords(_ text: String) throws {
        let error = try #require(throws: ServerError.self) { try ServerURL(parsing: text, environment: environment) }
        #expect(error.kind == .passwordInURL)
        #expect(error.message == .serverURLPassword)
        #expect(error.outcome == .badInvocation)
        for lang in Lang.allCases {
            #expect(!error.message.text(lang).contains("secret"))
        }
    }

    @Test(arguments: ["jinbao", "a", "Town_2", "main", "public", String(repeating: "x", count: 63)])
    func acceptsTownNames(_ name: String) throws {
        let town = try #require(TownSchema(name))
        #expect(town.name == name.lowercased())
    }

    @Test(arguments: ["", "2town", "_x", "金宝", "jin-bao", "jin bao", "jin.bao", "jin\"bao", "pg_catalog", "PG_town", "information_schema",
                      String(repeating: "x", count: 64), "jinbaó"])
    func refusesTownNames(_ name: String) {
        #expect(TownSchema(name) == nil)
    }
}
