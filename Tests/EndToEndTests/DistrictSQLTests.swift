import Foundation
import JieduiCore
import Testing
#if District
import JieduiPostgres
#endif

/// `sql` on a server (district.md): read-only inside the script's transaction, masked as on a
/// file, and leaving nothing behind; what cannot be masked is refused.
@Suite(.enabled(if: DistrictServer.enabled, "JIEDUI_TEST_PG names no server"))
struct DistrictSQLTests {
    /// A town on the server with records of every kind that holds personal numbers, and the same
    /// town in a file (copied there with `backup`).
    struct Town {
        let url: String
        let file: String

        init() {
            url = DistrictServer.freshTown()
            let made = DistrictServer.run(url, ["-f", "-"], stdin: PrivacyTests.town)
            precondition(made.status == 0, "town script failed: \(made.err)")
            file = Harness.temporaryFolder().appendingPathComponent("copy.db").path
            let copied = DistrictServer.run(url, ["-c", "backup to=\(file)"])
            precondition(copied.status == 0, copied.err)
        }

        func run(_ commands: String..., extra: [String] = [], format: String = "csv", on database: String? = nil) -> Harness.Result {
            Harness.runOnce(["--db", database ?? url, "--format", format, "--lang", "en"] + extra + commands.flatMap { ["-c", $0] },
                            environment: ["JIEDUI_TODAY": "2024-12-31"])
        }
    }

    /// Everything `sql` shows of the town's tables is what it shows of the same town in a file:
    /// the same columns, the same masked values (the audit log aside, whose clerk column is
    /// named otherwise on a server).
    @Test func maskedTablesReadAsOnAFile() {
        let town = Town()
        for table in ["village", "unit", "unit_village", "family", "child", "helper", "pair", "visit", "training", "training_attendee", "org", "need", "alert", "setting", "id_counter"] {
            let query = "sql SELECT * FROM \(table) ORDER BY 1, 2"
            let server = town.run(query), file = town.run(query, on: town.file)
            #expect(server.status == 0 && server.out == file.out, "\(table):\n\(server.out)\(server.err)\n--- on the file:\n\(file.out)")
            for number in PrivacyTests.numbers { #expect(!server.out.contains(number), "\(table) shows \(number)") }
        }
        let audit = town.run("sql SELECT seq, time, clerk, command, refs, old FROM audit")
        #expect(audit.status == 0)
        for number in PrivacyTests.numbers { #expect(!audit.out.contains(number), "the audit log shows \(number)") }
    }

    /// A query computes on masked values only, whatever it does with them.
    @Test func aMaskedQueryComputesOnMaskedValues() {
        let town = Town()
        let idno = PrivacyTests.numbers[0]
        for query in [
            "SELECT count(*) FROM child WHERE idno = '\(idno)'",
            "SELECT count(*) FROM child WHERE substr(idno, 7, 8) = '\(idno.dropFirst(6).prefix(8))'",
            "SELECT max(substr(idno, 7, 8)) FROM child",
            "WITH x AS (SELECT idno FROM child) SELECT count(*) FROM x WHERE idno LIKE '%\(idno.suffix(8))'",
            "SELECT count(*) FROM (SELECT * FROM family) f WHERE guardian_phone = '13800001111'",
        ] {
            let result = town.run("sql " + query)
            #expect(result.status == 0, "\(query): \(result.err)")
            #expect(!result.out.contains(String(idno.dropFirst(6).prefix(8))) && result.lines.last.map { $0 == "0" || $0.contains("*") } == true,
                    "\(query) saw a stored value: \(result.out)")
        }
    }

    /// What would read past the masking views is refused, with a message that says why.
    @Test(arguments: [
        ("SELECT idno FROM TOWN.child", "TOWN.child"),
        ("SELECT most_common_vals::text FROM pg_stats", "pg_catalog.pg_stats"),
        ("SELECT relname FROM pg_class", "pg_catalog.pg_class"),
        ("SELECT query_to_xml('SELECT idno FROM TOWN.child', true, true, '')", "query_to_xml"),
        ("SELECT table_to_xml('TOWN.child', true, true, '')", "table_to_xml"),
        ("SELECT set_config('transaction_read_only', 'off', false)", "set_config"),
        ("SELECT pg_read_file('/etc/passwd')", "pg_read_file"),
        ("SELECT ts_stat('SELECT 1')", "ts_stat"),
    ])
    func whatCannotBeMaskedIsRefused(_ query: String, _ named: String) throws {
        let town = Town()
        let schema = try #require(town.url.split(separator: "=").last.map(String.init))
        let result = town.run("sql " + query.replacingOccurrences(of: "TOWN", with: schema))
        #expect(result.status == 1, "\(query) ran: \(result.out)")
        let expected: Message = named.contains(".") ? .sqlServerRelation(named.replacingOccurrences(of: "TOWN", with: schema)) : .sqlServerFunction(named)
        #expect(result.err.contains(expected.text(.en)), "\(query): \(result.err)")
        for number in PrivacyTests.numbers { #expect(!result.out.contains(number) && !result.err.contains(number)) }
    }

    #if District
    /// Everything the town holds, and what the schema holds, read on a connection of its own.
    static func snapshot(_ url: String) throws -> [String] {
        let connection = try ServerConnection.open(url, environment: ProcessInfo.processInfo.environment)
        defer { connection.close() }
        let schema = connection.url.town.name
        var rows: [String] = []
        let objects = try connection.query("""
            SELECT c.relname || ' ' || c.relkind::text AS object FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) ORDER BY 1
            """, [.text(schema)])
        rows += objects.compactMap { $0["object"].textValue }
        for table in ["village", "family", "child", "helper", "pair", "visit", "id_counter", "audit", "audit_head", "setting"] {
            rows += try connection.query("SELECT t::text AS row FROM \(schema).\(table) t ORDER BY 1").compactMap { $0["row"].textValue }
        }
        rows += try connection.query("SELECT last_value::text AS v FROM \(schema).jiedui_test_sequence").compactMap { $0["v"].textValue }
        return rows
    }

    /// Unmasked too, `sql` cannot write, take a sequence's next value or make its transaction
    /// writable, alone or inside a script; and whatever it tries leaves the town and its schema
    /// as they were.
    @Test func sqlCannotWriteAndLeavesNoTrace() throws {
        let town = Town()
        do {
            let connection = try ServerConnection.open(town.url, environment: ProcessInfo.processInfo.environment)
            defer { connection.close() }
            try connection.execute("CREATE SEQUENCE \(connection.url.town.name).jiedui_test_sequence")
        }
        let before = try Self.snapshot(town.url)
        for query in [
            "WITH gone AS (DELETE FROM child RETURNING id) SELECT * FROM gone",
            "SELECT nextval('jiedui_test_sequence')",
            "SELECT set_config('transaction_read_only', 'off', false)",
            "SELECT set_config('transaction_read_only', 'off', true), nextval('jiedui_test_sequence')",
            "SELECT count(*) FROM child FOR UPDATE",
        ] {
            let result = town.run("sql " + query, extra: ["--reveal"])
            #expect(result.status == 1, "\(query) ran: \(result.out)")
            let inScript = DistrictServer.run(town.url, ["--reveal", "-f", "-"], stdin: "village add name=新村\nsql \(query)\n")
            #expect(inScript.status == 1, "\(query) ran in a script: \(inScript.out)")
        }
        #expect(try Self.snapshot(town.url) == before, "sql left something behind")
    }

    /// A query that changes the session's settings changes them for itself alone: the script's
    /// later commands find the town, may write, and the next query has its own timeout.
    @Test func sqlChangesNothingForTheCommandsAfterIt() {
        let town = Town()
        let script = """
            sql SELECT set_config('search_path', 'pg_catalog', false) AS a, set_config('statement_timeout', '1ms', false) AS b
            village add name=新村
            sql SELECT current_setting('statement_timeout') AS timeout, current_setting('transaction_read_only') AS ro
            village count

            """
        let result = DistrictServer.run(town.url, ["--reveal", "--format", "csv", "-f", "-"], stdin: script)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("timeout,ro\n30s,on\n"), "sql runs read-only with its own statement timeout: \(result.out)")
        #expect(result.lines.last == "2", "\(result.out)")
    }
    #endif
}
