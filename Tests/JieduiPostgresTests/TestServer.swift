import Foundation
import Testing
@testable import JieduiPostgres

/// The PostgreSQL server the tests that need one use (district.md, "How tests reach a server"):
/// `JIEDUI_TEST_PG` names it. Without it those tests are skipped, unless `JIEDUI_REQUIRE_PG=1`
/// says they must run, when they fail instead, so that CI cannot pass by skipping them.
enum TestServer {
    static let urlText: String? = ProcessInfo.processInfo.environment["JIEDUI_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["JIEDUI_REQUIRE_PG"] == "1"
    /// Whether the tests that need a server run.
    static let enabled = urlText != nil || required

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server" }
    }

    /// The server's URL, with `town` when one is given.
    static func url(town: TownSchema? = nil) throws -> ServerURL {
        guard let urlText else { throw NotConfigured() }
        var url = try ServerURL(parsing: urlText, environment: ProcessInfo.processInfo.environment)
        if let town { url.town = town }
        return url
    }

    /// A connection as the URL's login, or as `user` on the same server.
    static func connect(town: TownSchema? = nil, user: String? = nil) throws -> ServerConnection {
        var url = try url(town: town)
        if let user { url.user = user }
        return try ServerConnection(url: url, credentials: .lookUp(for: url, environment: ProcessInfo.processInfo.environment))
    }

    /// A schema no other test or run uses, so that runs on one server do not meet.
    static func freshTown() -> TownSchema {
        TownSchema("t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))!
    }
}
