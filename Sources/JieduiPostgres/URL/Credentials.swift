import Foundation

/// The password a login uses, found where libpq finds it: `PGPASSWORD`, else the password file
/// (`PGPASSFILE`, else `~/.pgpass`). Never from the URL, which refuses one. Its description never
/// shows the password.
public struct Credentials: Sendable, CustomStringConvertible {
    public var password: String?
    /// A password file that was skipped because others may read it, so that "the server asks a
    /// password" can say why the one in it was not used.
    public var ignoredFile: String?

    public init(password: String? = nil, ignoredFile: String? = nil) {
        self.password = password
        self.ignoredFile = ignoredFile
    }

    /// The password for `url`'s login. An empty `PGPASSWORD` counts as unset and an empty
    /// password in the file as none, as in libpq.
    public static func lookUp(for url: ServerURL, environment: [String: String]) -> Credentials {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return Credentials(password: password) }
        let path: String
        if let file = environment["PGPASSFILE"], !file.isEmpty {
            path = file
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = (home as NSString).appendingPathComponent(".pgpass")
        }
        let file: PasswordFile
        do {
            file = try PasswordFile(path: path)
        } catch .notPrivate {
            return Credentials(ignoredFile: path)
        } catch {
            return Credentials()
        }
        // A unix socket matches `localhost` as well as its folder (libpq only matches
        // `localhost` for its default folder; a district's socket folder varies).
        let hosts = url.socketPath == nil ? [url.passwordFileHost] : [url.passwordFileHost, "localhost"]
        let password = file.password(hosts: hosts, port: url.port, database: url.database, user: url.user)
        return Credentials(password: password.flatMap { $0.isEmpty ? nil : $0 })
    }

    public var description: String {
        "Credentials(password: \(password == nil ? "none" : "hidden"), ignoredFile: \(ignoredFile ?? "none"))"
    }
}
