import Foundation
import JieduiCore
import Testing
@testable import JieduiPostgres

/// Opening a URL where no real server is needed: a password is refused before anything is
/// connected, and a server that is not there is exit 3 with one line naming it.
@Suite struct ConnectingTests {
    /// A unix socket that listens where a server would and only counts who knocks.
    final class Listener {
        let folder: String
        private let descriptor: Int32

        init(port: Int = 5432) throws {
            folder = "/tmp/jd-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = Array("\(folder)/.s.PGSQL.\(port)".utf8CString)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                buffer.copyBytes(from: path.map { UInt8(bitPattern: $0) })
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0, listen(descriptor, 8) == 0, fcntl(descriptor, F_SETFL, O_NONBLOCK) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }

        deinit {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// Plays a server that asks the next connection for a password, in clear text
        /// (AuthenticationCleartextPassword) or as MD5 (AuthenticationMD5Password), and refuses
        /// whatever comes (SQLSTATE 28P01), on a thread of its own; returns at once.
        func askPasswordOnce(md5: Bool = false) {
            let descriptor = self.descriptor
            Thread {
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 5000) == 1 else { return }
                let client = accept(descriptor, nil, nil)
                guard client >= 0 else { return }
                defer { close(client) }
                _ = fcntl(client, F_SETFL, 0)
                guard let length = Self.readInt32(client), Self.read(client, count: Int(length) - 4) != nil else { return }
                Self.write(client, [UInt8(ascii: "R")] + (md5 ? Self.int32(12) + Self.int32(5) + [1, 2, 3, 4] : Self.int32(8) + Self.int32(3)))
                // A password message: 'p', its length, the password.
                guard Self.read(client, count: 1) != nil, let passwordLength = Self.readInt32(client),
                      Self.read(client, count: Int(passwordLength) - 4) != nil else { return }
                var fields: [UInt8] = []
                for (code, text) in [("S", "FATAL"), ("V", "FATAL"), ("C", "28P01"), ("M", "password authentication failed")] {
                    fields += [UInt8(ascii: Unicode.Scalar(code)!)] + Array(text.utf8) + [0]
                }
                fields.append(0)
                Self.write(client, [UInt8(ascii: "E")] + Self.int32(Int32(fields.count + 4)) + fields)
            }.start()
        }

        private static func int32(_ value: Int32) -> [UInt8] {
            withUnsafeBytes(of: value.bigEndian) { Array($0) }
        }

        private static func read(_ descriptor: Int32, count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + done, count - done, 0) }
                guard n > 0 else { return nil }
                done += n
            }
            return bytes
        }

        private static func readInt32(_ descriptor: Int32) -> Int32? {
            read(descriptor, count: 4).map { $0.reduce(0) { $0 << 8 | Int32($1) } }
        }

        private static func write(_ descriptor: Int32, _ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        }

        /// How many connections arrived (and are dropped here).
        func connections() -> Int {
            var count = 0
            while true {
                let client = accept(descriptor, nil, nil)
                guard client >= 0 else { return count }
                close(client)
                count += 1
            }
        }
    }

    @Test(arguments: ["postgresql://clerk:secret@/district?host=FOLDER", "postgresql:///district?host=FOLDER&password=secret"])
    func aPasswordIsRefusedBeforeAnyConnection(_ template: String) throws {
        let listener = try Listener()
        let text = template.replacingOccurrences(of: "FOLDER", with: listener.folder)
        let error = try #require(throws: ServerError.self) { _ = try ServerConnection.open(text, environment: ["USER": "clerk"]) }
        #expect(error.kind == .passwordInURL)
        #expect(error.outcome == .badInvocation)
        #expect(listener.connections() == 0)
    }

    /// The listener does see a connection when there is no password, so the test above can fail.
    @Test func theListenerSeesAnOrdinaryConnection() throws {
        let listener = try Listener()
        let error = try #require(throws: ServerError.self) {
            _ = try ServerConnection.open("postgresql:///district?host=\(listener.folder)&connect_timeout=1", environment: ["USER": "clerk"])
        }
        #expect(error.outcome == .unusableDatabase)
        #expect(listener.connections() == 1)
    }

    /// A server that asks a password gets none: the message says where to put it, and names a
    /// `.pgpass` that was skipped because others may read it.
    @Test(arguments: [true, false], [true, false])
    func aPasswordAskedAndNoneFound(_ pgpassReadableByOthers: Bool, _ md5: Bool) throws {
        let listener = try Listener()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("jd-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: home) }
        if pgpassReadableByOthers {
            try Data("*:*:*:*:secret\n".utf8).write(to: URL(fileURLWithPath: home + "/.pgpass"))
            #expect(chmod(home + "/.pgpass", 0o644) == 0)
        }
        listener.askPasswordOnce(md5: md5)
        let error = try #require(throws: ServerError.self) {
            _ = try ServerConnection.open("postgresql:///district?host=\(listener.folder)", environment: ["USER": "li", "HOME": home])
        }
        #expect(error.kind == .loginRefused)
        #expect(error.outcome == .unusableDatabase)
        #expect(error.message == .loginNeedsPassword(user: "li", ignoredFile: pgpassReadableByOthers ? home + "/.pgpass" : ""))
    }

    /// A password the server refuses: one line naming the login, not the server's text.
    @Test(arguments: [true, false])
    func aWrongPasswordIsRefused(_ md5: Bool) throws {
        let listener = try Listener()
        listener.askPasswordOnce(md5: md5)
        let error = try #require(throws: ServerError.self) {
            _ = try ServerConnection.open("postgresql:///district?host=\(listener.folder)", environment: ["USER": "li", "PGPASSWORD": "wrong"])
        }
        #expect(error.kind == .loginRefused)
        #expect(error.sqlState == "28P01")
        #expect(error.message == .loginRefused(user: "li", server: "\(listener.folder)/.s.PGSQL.5432"))
    }

    @Test func noServerAtTheSocketIsNotRunning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jd-none-\(UUID().uuidString)").path
        let url = try ServerURL(parsing: "postgresql:///district?host=\(folder)&town=jinbao", environment: ["USER": "clerk"])
        let started = ContinuousClock.now
        let error = try #require(throws: ServerError.self) { _ = try ServerConnection(url: url, credentials: Credentials()) }
        #expect(error.kind == .unreachable)
        #expect(error.outcome == .unusableDatabase)
        #expect(error.message == .serverNotRunning(server: "\(folder)/.s.PGSQL.5432"))
        #expect(ContinuousClock.now - started < .seconds(5))
        for lang in Lang.allCases { #expect(!error.message.text(lang).contains("\n")) }
    }

    /// Port 1 on the loopback address: nothing listens there.
    @Test func noServerAtTheAddressIsNotRunning() throws {
        let url = try ServerURL(parsing: "postgresql://127.0.0.1:1/district?sslmode=disable", environment: ["USER": "clerk"])
        let error = try #require(throws: ServerError.self) { _ = try ServerConnection(url: url, credentials: Credentials()) }
        #expect(error.kind == .unreachable)
        #expect(error.message == .serverNotRunning(server: "127.0.0.1:1"))
    }

    @Test(arguments: [
        (ServerError.Kind.badURL, ServerError.Outcome.badInvocation), (.passwordInURL, .badInvocation), (.badTownName, .badInvocation),
        (.unreachable, .unusableDatabase), (.loginRefused, .unusableDatabase), (.noAccess, .unusableDatabase),
        (.busy, .commandFailed), (.conflict, .commandFailed), (.uniqueViolation, .commandFailed), (.checkViolation, .commandFailed),
        (.notNullViolation, .commandFailed), (.foreignKeyViolation, .commandFailed), (.readOnly, .commandFailed),
        (.cancelled, .commandFailed), (.statementTimeout, .commandFailed), (.unsupportedType, .commandFailed), (.other, .commandFailed),
    ])
    func eachKindHasItsExitMeaning(_ kind: ServerError.Kind, _ outcome: ServerError.Outcome) {
        #expect(ServerError(kind, .databaseBusy).outcome == outcome)
    }

    /// Every message of the district server is worded in both languages, on one line.
    @Test(arguments: [
        Message.serverURLMalformed("x"), .serverURLUnknownParameter("x", choices: ["a"]), .serverURLRepeated("x"), .serverURLPassword,
        .badTownName("x"), .serverNotRunning(server: "s"), .serverTimedOut(server: "s", seconds: 1), .serverUnknownHost("h"),
        .serverUnreachable(server: "s", reason: .system(errno: EHOSTUNREACH)), .serverConnectionLost(server: "s"),
        .serverNotAccepting(server: "s"), .serverTLSFailed(server: "s", reason: .detail("d")), .loginRefused(user: "u", server: "s"),
        .loginNotAllowed(user: "u", database: "d", server: "s"), .loginNeedsPassword(user: "u", ignoredFile: ""),
        .loginNeedsPassword(user: "u", ignoredFile: "/home/u/.pgpass"), .serverNoDatabase(database: "d", server: "s"),
        .noAccessToTown("t"), .serverConflict, .serverDuplicate(table: "t", constraint: "c"), .serverMissingValue(table: "t", column: "c"),
        .serverBrokenRule(table: "t", constraint: "c"), .serverBrokenReference(table: "t", constraint: "c"), .serverReadOnly,
        .serverStatementTimeout, .serverColumnType(column: "c", type: "t"),
    ])
    func messagesAreWorded(_ message: Message) {
        let zh = message.text(.zh)
        let en = message.text(.en)
        #expect(zh != en)
        #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(!en.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(!zh.contains("\n") && !en.contains("\n"))
    }
}
