import Foundation
import Testing

/// The test server for the district's own tests (district.md, "How tests reach a server"):
/// skipped without `JIEDUI_TEST_PG`, failing when `JIEDUI_REQUIRE_PG=1` says it must be there.
enum DistrictServer {
    static let enabled = TwinStores.server != nil || TwinStores.required

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server" }
    }

    /// The URL of a town no other test uses.
    static func freshTown() -> String {
        guard let server = TwinStores.server else { return "postgresql:///no-server" }
        return server + (server.contains("?") ? "&" : "?") + "town=t_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// jiedui on a town of the server, on the tests' day, run once.
    static func run(_ url: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) -> Harness.Result {
        if TwinStores.server == nil { Issue.record(NotConfigured()) }
        var env = environment
        env["JIEDUI_TODAY"] = env["JIEDUI_TODAY"] ?? "2024-12-31"
        return Harness.runOnce(["--db", url] + arguments, stdin: stdin, environment: env)
    }
}
