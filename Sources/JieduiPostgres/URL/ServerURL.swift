import Foundation
import JieduiCore

/// A `--db` value naming a town on a district's PostgreSQL server (district.md, "Opening a town
/// on the server"): libpq's URL form `postgresql://[user@][host][:port]/database?param=value&…`,
/// read the way libpq reads it, with three differences that keep a clerk safe: a password is
/// refused wherever it is written, an unknown parameter is an error rather than ignored, and
/// several hosts (`host1,host2`) are not supported.
public struct ServerURL: Sendable, Hashable {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable {
        /// A unix socket in this folder (libpq's `host=/path`); the socket file in it is
        /// `.s.PGSQL.<port>`.
        case socket(folder: String)
        /// A host name or address, over TCP.
        case tcp(host: String)
    }

    /// libpq's `sslmode`, for TCP only (a unix socket never uses TLS, as in libpq).
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS always, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority, for any host name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host name.
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var port: Int
    /// The login; the OS login name (`$USER`) when the URL names none.
    public var user: String
    /// The database; the login's name when the URL names none, as in libpq.
    public var database: String
    /// The town's schema; `main` when the URL names none.
    public var town: TownSchema
    public var tlsMode: TLSMode
    /// `sslrootcert`: a PEM file of the authorities trusted for `verify-ca` and `verify-full`
    /// instead of the system's.
    public var rootCertificate: String?
    /// `connect_timeout`, in seconds.
    public var connectTimeout: Int
    /// `application_name`, which the server shows in `pg_stat_activity`.
    public var applicationName: String

    public static let defaultPort = 5432
    /// Where Debian's and libpq's default build put the server's socket.
    public static let defaultSocketFolder = "/var/run/postgresql"
    public static let defaultConnectTimeout = 10
    public static let defaultApplicationName = "jiedui"
    /// The query parameters a URL may hold (`password` is refused with its own message).
    public static let parameters = ["host", "port", "user", "dbname", "town", "sslmode", "sslrootcert", "connect_timeout", "application_name"]
    private static let schemes = ["postgresql://", "postgres://"]

    /// Whether `--db`'s value names a server rather than a file: it starts with `postgres://` or
    /// `postgresql://` in any case.
    public static func isServerURL(_ text: String) -> Bool {
        schemeLength(text) != nil
    }

    /// Reads a URL; `environment` gives the default login (`USER`). Throws a `ServerError`
    /// (exit 2) for a malformed URL, a password in it, or a bad town name; nothing is connected.
    public init(parsing text: String, environment: [String: String]) throws {
        guard let schemeLength = Self.schemeLength(text) else { throw Self.malformed(text) }
        let rest = text.dropFirst(schemeLength)
        let beforeQuery = rest.prefix { $0 != "?" }
        let query = rest.dropFirst(beforeQuery.count + 1)
        // Any ':' before the last '@' is a password, even where libpq would read the text
        // otherwise (a '/' in the password ends its host part early): refuse it before the
        // URL is echoed in any other message.
        if let at = beforeQuery.lastIndex(of: "@"), beforeQuery[..<at].contains(":") {
            throw ServerError(.passwordInURL, .serverURLPassword)
        }
        let authority = beforeQuery.prefix { $0 != "/" }
        let path = beforeQuery.dropFirst(authority.count + 1)

        var userName: String?
        var hostPort = Substring(authority)
        if let at = authority.firstIndex(of: "@") {
            userName = try Self.decode(authority[..<at], in: text)
            hostPort = authority[authority.index(after: at)...]
        }
        var hostName: String?
        var portText: String?
        if hostPort.hasPrefix("[") {
            // An IPv6 address in brackets, as RFC 3986 writes it.
            guard let close = hostPort.firstIndex(of: "]") else { throw Self.malformed(text) }
            hostName = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Self.malformed(text) }
                portText = String(after.dropFirst())
            }
        } else {
            guard !hostPort.contains(",") else { throw Self.malformed(text) }
            let host = hostPort.prefix { $0 != ":" }
            hostName = try Self.decode(host, in: text)
            if host.count < hostPort.count { portText = String(hostPort.dropFirst(host.count + 1)) }
        }
        var databaseName = path.isEmpty ? nil : try Self.decode(path, in: text)

        var given: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else { throw Self.malformed(text) }
            let key = try Self.decode(pair[..<equals], in: text)
            let value = try Self.decode(pair[pair.index(after: equals)...], in: text)
            guard key != "password" else { throw ServerError(.passwordInURL, .serverURLPassword) }
            guard Self.parameters.contains(key) else { throw ServerError(.badURL, .serverURLUnknownParameter(key, choices: Self.parameters)) }
            guard given[key] == nil else { throw ServerError(.badURL, .serverURLRepeated(key)) }
            given[key] = value
        }
        // Parameters in the query win over the same thing written before it, as in libpq.
        if let host = given["host"] { hostName = host }
        if let port = given["port"] { portText = port }
        if let user = given["user"] { userName = user }
        if let database = given["dbname"] { databaseName = database }

        if let hostName, !hostName.isEmpty {
            endpoint = hostName.hasPrefix("/") ? .socket(folder: hostName) : .tcp(host: hostName)
        } else {
            endpoint = .socket(folder: Self.defaultSocketFolder)
        }
        port = try Self.integer(portText.flatMap { $0.isEmpty ? nil : $0 }, field: "port", in: 1...65535, otherwise: Self.defaultPort)
        user = userName.flatMap { $0.isEmpty ? nil : $0 } ?? Self.loginName(environment)
        database = databaseName.flatMap { $0.isEmpty ? nil : $0 } ?? user
        if let name = given["town"] {
            guard let schema = TownSchema(name) else { throw ServerError(.badTownName, .badTownName(name)) }
            town = schema
        } else {
            town = .main
        }
        if let mode = given["sslmode"] {
            guard let value = TLSMode(rawValue: mode) else {
                throw ServerError(.badURL, .badOptionValue(option: "sslmode", value: mode, choices: TLSMode.allCases.map(\.rawValue)))
            }
            tlsMode = value
        } else {
            tlsMode = .prefer
        }
        rootCertificate = given["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        connectTimeout = try Self.integer(given["connect_timeout"], field: "connect_timeout", in: 1...3600, otherwise: Self.defaultConnectTimeout)
        applicationName = given["application_name"] ?? Self.defaultApplicationName
    }

    /// A whole number of decimal digits in `range`, or `otherwise` where the URL gives none.
    private static func integer(_ text: String?, field: String, in range: ClosedRange<Int>, otherwise: Int) throws -> Int {
        guard let text else { return otherwise }
        guard text.allSatisfy(\.isASCIIDigit), let number = Int(text), range.contains(number) else {
            throw ServerError(.badURL, .badInteger(field: FieldName(field), value: text, range: "\(range.lowerBound)–\(range.upperBound)"))
        }
        return number
    }

    /// The server as messages name it: the socket file, or `host:port`.
    public var server: String {
        switch endpoint {
        case .socket: socketPath ?? ""
        case .tcp(let host): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// The socket file for a socket endpoint (libpq's naming), nil over TCP.
    public var socketPath: String? {
        guard case .socket(let folder) = endpoint else { return nil }
        return (folder.hasSuffix("/") ? folder : folder + "/") + ".s.PGSQL.\(port)"
    }

    /// The host as `.pgpass` matches it: the host name, or for a socket its folder.
    var passwordFileHost: String {
        switch endpoint {
        case .socket(let folder): folder
        case .tcp(let host): host
        }
    }

    private static func schemeLength(_ text: String) -> Int? {
        let head = text.prefix(schemes[0].count).lowercased()
        return schemes.first { head.hasPrefix($0) }?.count
    }

    private static func malformed(_ text: String) -> ServerError {
        ServerError(.badURL, .serverURLMalformed(text))
    }

    /// libpq's decoding: `%XX` escapes only (a `+` stays a `+`); the result must be UTF-8 without
    /// NUL.
    private static func decode(_ part: Substring, in text: String) throws -> String {
        guard part.contains("%") else { return String(part) }
        var bytes: [UInt8] = []
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue), high << 4 | low != 0 else {
                throw malformed(text)
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(bytes: bytes, encoding: .utf8) else { throw malformed(text) }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The OS login name: `$USER`, else the password database's entry for this process.
    private static func loginName(_ environment: [String: String]) -> String {
        if let user = environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return NSUserName()
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
