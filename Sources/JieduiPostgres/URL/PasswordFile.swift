import Foundation

/// libpq's password file (`~/.pgpass`, or the file `PGPASSFILE` names), read as libpq reads it:
/// lines `host:port:database:user:password`, the first line that matches wins, a field of just
/// `*` matches anything, `\` escapes the next character (`\:` a colon, `\\` a backslash), lines
/// starting with `#` are comments. The file is ignored unless it is a regular file that only its
/// owner may read or write (mode 0600 or stricter), because a password others can read is not one.
public struct PasswordFile: Sendable {
    /// The file's lines, as read.
    let text: String

    /// Why a file gave no password.
    public enum Unusable: Error, Sendable, Equatable {
        /// There is no such file (or it cannot be read).
        case missing
        /// Group or others may read or write it, or it is not a regular file: libpq ignores it
        /// with a warning, and so does jiedui.
        case notPrivate
    }

    /// A password file's contents, as if read from a private file.
    public init(text: String) {
        self.text = text
    }

    /// Reads the file at `path`, after checking its mode as libpq does.
    public init(path: String) throws(Unusable) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missing }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_mode & (S_IRWXG | S_IRWXO) == 0 else { throw .notPrivate }
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// The password of the first line that matches; `hosts` are the names the host field may
    /// match (for a unix socket both its folder and `localhost`).
    public func password(hosts: [String], port: Int, database: String, user: String) -> String? {
        // Lines split at LF bytes, trailing CRs dropped, as libpq does (Swift's Characters would
        // keep a CRLF whole).
        for var bytes in text.utf8.split(separator: UInt8(ascii: "\n")) {
            while bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            let line = Substring(bytes)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = Self.fields(line)
            // Four fields and a password after them: a line that stops after the user names none.
            guard fields.count >= 5 else { continue }
            guard hosts.contains(where: { Self.matches(fields[0], $0) }),
                  Self.matches(fields[1], String(port)),
                  Self.matches(fields[2], database),
                  Self.matches(fields[3], user)
            else { continue }
            return fields[4].text
        }
        return nil
    }

    /// One field as written: its unescaped text, and whether it was a bare `*`.
    private struct Field {
        var text = ""
        var isWildcard = false
    }

    /// Splits a line at unescaped colons, dropping the escaping backslashes.
    private static func fields(_ line: Substring) -> [Field] {
        var fields: [Field] = []
        var current = Field()
        var raw = ""
        var escaped = false
        for character in line {
            if escaped {
                current.text.append(character)
                raw.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                raw.append(character)
            } else if character == ":" {
                current.isWildcard = raw == "*"
                fields.append(current)
                current = Field()
                raw = ""
            } else {
                current.text.append(character)
                raw.append(character)
            }
        }
        current.isWildcard = raw == "*"
        fields.append(current)
        return fields
    }

    private static func matches(_ field: Field, _ value: String) -> Bool {
        field.isWildcard || field.text == value
    }
}
