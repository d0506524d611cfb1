import Foundation
import JieduiCore
import Testing
@testable import JieduiPostgres

/// The connection on a live server: statements, typed values, what the server's errors mean,
/// and cancelling a running statement from another thread.
@Suite(.enabled(if: TestServer.enabled, "JIEDUI_TEST_PG names no server"), .serialized)
final class ServerConnectionTests {
    let town = TestServer.freshTown()
    let connection: ServerConnection

    init() throws {
        connection = try TestServer.connect(town: town)
        try connection.execute(statements: [
            "CREATE SCHEMA \(town.name)",
            "CREATE TABLE \(town.name).village (name text PRIMARY KEY)",
            """
            CREATE TABLE \(town.name).child (
                id text PRIMARY KEY,
                name text NOT NULL,
                born date,
                village text REFERENCES \(town.name).village (name),
                visits integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
                active boolean NOT NULL DEFAULT true,
                note text
            )
            """,
        ])
    }

    deinit {
        _ = try? connection.execute("DROP SCHEMA IF EXISTS \(town.name) CASCADE")
        connection.close()
    }

    private func expectFailure(_ kind: ServerError.Kind, _ body: () throws -> Void) throws -> ServerError {
        let error = try #require(throws: ServerError.self, performing: body)
        #expect(error.kind == kind)
        return error
    }

    @Test func roundTripsChineseTextDatesAndNulls() throws {
        let t = town.name
        #expect(try connection.execute("INSERT INTO \(t).village (name) VALUES ($1)", [.text("测试村")]) == 1)
        let born = Day(year: 2016, month: 2, day: 29)!
        let inserted = try connection.execute(
            "INSERT INTO \(t).child (id, name, born, village, visits, active, note) VALUES ($1, $2, $3, $4, $5, $6, $7), ($8, $9, $10, NULL, DEFAULT, DEFAULT, $11)",
            [.text("C0001"), .text("测试儿童甲"), .date(born), .text("测试村"), .int(6), .bool(false), .null,
             .text("C0002"), .text("测试儿童乙"), .null, .text("备注：“引号”、换行\n和 emoji 👧")])
        #expect(inserted == 2)

        let rows = try connection.query("SELECT id, name, born, village, visits, active, note FROM \(t).child WHERE id = ANY($1::text[]) ORDER BY id", [.text("{C0001,C0002}")])
        try #require(rows.count == 2)
        #expect(rows[0].columns == ["id", "name", "born", "village", "visits", "active", "note"])
        #expect(rows[0]["name"] == .text("测试儿童甲"))
        #expect(rows[0]["born"] == .date(born))
        #expect(rows[0]["born"].dayValue == born)
        #expect(rows[0]["village"].textValue == "测试村")
        #expect(rows[0]["visits"] == .int(6))
        #expect(rows[0]["active"] == .bool(false))
        #expect(rows[0]["note"].isNull)
        #expect(rows[1]["born"] == .null)
        #expect(rows[1]["village"] == .null)
        #expect(rows[1]["visits"].intValue == 0)
        #expect(rows[1]["active"].boolValue == true)
        #expect(rows[1]["note"] == .text("备注：“引号”、换行\n和 emoji 👧"))

        // A date argument compared with a date column, and Chinese text as a parameter.
        let found = try connection.query("SELECT count(*) AS n FROM \(t).child WHERE born = $1 AND name LIKE $2", [.date(born), .text("测试%")])
        #expect(found.first?["n"] == .int(1))
        #expect(try connection.execute("UPDATE \(t).child SET visits = visits + $1", [.int(1)]) == 2)
        #expect(try connection.execute("DELETE FROM \(t).child WHERE id = $1", [.text("nobody")]) == 0)
    }

    @Test func readsTheTypesItNames() throws {
        let row = try #require(try connection.query("""
            SELECT 1::int2 AS a, 2::int4 AS b, 9007199254740993::int8 AS c, 'pg_class'::regclass::oid AS d,
                   true AS e, 'x'::varchar(3) AS f, 'y'::char(2) AS g, 'z'::name AS h, '{"k": 1}'::jsonb AS i,
                   1.50::numeric AS j, 0.25::float8 AS k, DATE '0001-01-01' AS l, DATE '9999-12-31' AS m,
                   'infinity'::date AS n, '-infinity'::date AS o, NULL::date AS p, NULL AS q
            """).first)
        #expect(row["a"] == .int(1))
        #expect(row["b"] == .int(2))
        #expect(row["c"] == .int(9_007_199_254_740_993))
        #expect(row["d"].intValue == 1259)
        #expect(row["e"] == .bool(true))
        #expect(row["f"] == .text("x"))
        #expect(row["g"] == .text("y "))
        #expect(row["h"] == .text("z"))
        #expect(row["i"] == .text("{\"k\": 1}"))
        #expect(row["j"] == .text("1.5"))
        #expect(row["k"] == .text("0.25"))
        #expect(row["l"] == .date(Day(dayNumber: -719_162)))
        #expect(row["m"].dayValue?.iso == "9999-12-31")
        #expect(row["n"] == .text("infinity"))
        #expect(row["o"] == .text("-infinity"))
        #expect(row["p"] == .null)
        #expect(row["q"] == .null)
        #expect(row[0] == .int(1))
    }

    @Test func aTypeItDoesNotReadSaysHowToCastIt() throws {
        let error = try expectFailure(.unsupportedType) { _ = try connection.query("SELECT now() AS stamp") }
        #expect(error.message == .serverColumnType(column: "stamp", type: "timestamptz"))
        #expect(error.outcome == .commandFailed)
        // The connection goes on.
        #expect(try connection.query("SELECT now()::text AS stamp").count == 1)
    }

    @Test func constraintsNameTheirRulesAndNeverTheValues() throws {
        let t = town.name
        try connection.execute("INSERT INTO \(t).child (id, name) VALUES ($1, $2)", [.text("C0001"), .text("测试儿童甲")])
        let duplicate = try expectFailure(.uniqueViolation) {
            try connection.execute("INSERT INTO \(t).child (id, name) VALUES ($1, $2)", [.text("C0001"), .text("测试儿童乙")])
        }
        #expect(duplicate.sqlState == "23505")
        #expect(duplicate.table == "child")
        #expect(duplicate.constraint == "child_pkey")
        #expect(duplicate.message == .serverDuplicate(table: "child", constraint: "child_pkey"))
        for lang in Lang.allCases { #expect(!duplicate.message.text(lang).contains("C0001")) }

        let missing = try expectFailure(.notNullViolation) {
            try connection.execute("INSERT INTO \(t).child (id, name) VALUES ($1, $2)", [.text("C0002"), .null])
        }
        #expect(missing.message == .serverMissingValue(table: "child", column: "name"))

        let rule = try expectFailure(.checkViolation) {
            try connection.execute("UPDATE \(t).child SET visits = $1", [.int(-1)])
        }
        #expect(rule.message == .serverBrokenRule(table: "child", constraint: "child_visits_check"))

        let reference = try expectFailure(.foreignKeyViolation) {
            try connection.execute("UPDATE \(t).child SET village = $1", [.text("不存在的村")])
        }
        #expect(reference.message == .serverBrokenReference(table: "child", constraint: "child_village_fkey"))
        for lang in Lang.allCases { #expect(!reference.message.text(lang).contains("不存在的村")) }
        for error in [duplicate, missing, rule, reference] { #expect(error.outcome == .commandFailed) }
    }

    /// A data exception quotes the value it could not read: only its SQLSTATE is shown.
    @Test func serverTextsThatMayHoldArgumentsStayOut() throws {
        let error = try expectFailure(.other) { _ = try connection.query("SELECT $1::int AS n", [.text("5113x")]) }
        #expect(error.sqlState == "22P02")
        #expect(error.message == .databaseError(.detail("SQLSTATE 22P02")))
        for lang in Lang.allCases { #expect(!error.message.text(lang).contains("5113")) }
        // A syntax error names the statement's own text, which holds no arguments.
        let syntax = try expectFailure(.other) { _ = try connection.query("SELEC 1") }
        #expect(syntax.sqlState == "42601")
        #expect(syntax.message.text(.en).contains("SELEC"))
    }

    @Test func aReadOnlyTransactionRefusesWrites() throws {
        try connection.execute("BEGIN READ ONLY")
        let error = try expectFailure(.readOnly) {
            try connection.execute("INSERT INTO \(town.name).village (name) VALUES ($1)", [.text("测试村")])
        }
        try connection.execute("ROLLBACK")
        #expect(error.message == .serverReadOnly)
    }

    @Test func aLockNotGrantedInTimeIsBusy() throws {
        let other = try TestServer.connect(town: town)
        defer { other.close() }
        try connection.execute("BEGIN")
        try connection.execute("LOCK TABLE \(town.name).child IN ACCESS EXCLUSIVE MODE")
        defer { _ = try? connection.execute("ROLLBACK") }
        try other.execute("SET lock_timeout = '200ms'")
        let started = ContinuousClock.now
        let error = try #require(throws: ServerError.self) { _ = try other.query("SELECT count(*) FROM \(town.name).child") }
        #expect(error.kind == .busy)
        #expect(error.sqlState == "55P03")
        #expect(error.message == .databaseBusy)
        #expect(error.outcome == .commandFailed)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aDeadlockIsAConflict() throws {
        let t = town.name
        try connection.execute("INSERT INTO \(t).village (name) VALUES ('甲'), ('乙')")
        let other = try TestServer.connect(town: town)
        defer { other.close() }
        try connection.execute("BEGIN")
        try other.execute("BEGIN")
        try connection.execute("UPDATE \(t).village SET name = name WHERE name = '甲'")
        try other.execute("UPDATE \(t).village SET name = name WHERE name = '乙'")
        // The other connection waits for 甲 on a thread of its own while this one asks for 乙:
        // the server's deadlock check (1 s) fails one of the two.
        let otherResult = ResultBox()
        let otherDone = DispatchSemaphore(value: 0)
        let box = SendableConnection(other)
        Thread {
            do { try box.connection.execute("UPDATE \(t).village SET name = name WHERE name = '甲'") } catch { otherResult.error = error as? ServerError }
            otherDone.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        var mine: ServerError?
        do { try connection.execute("UPDATE \(t).village SET name = name WHERE name = '乙'") } catch { mine = error as? ServerError }
        _ = try? connection.execute("ROLLBACK")
        otherDone.wait()
        _ = try? other.execute("ROLLBACK")
        let failed = [mine, otherResult.error].compactMap { $0 }
        #expect(failed.count == 1)
        #expect(failed.first?.kind == .conflict)
        #expect(failed.first?.sqlState == "40P01")
        #expect(failed.first?.message == .serverConflict)
    }

    @Test func aStatementTimeoutIsNotAnInterrupt() throws {
        try connection.execute("SET statement_timeout = '100ms'")
        defer { _ = try? connection.execute("RESET statement_timeout") }
        let error = try expectFailure(.statementTimeout) { _ = try connection.query("SELECT pg_sleep(5)") }
        #expect(error.sqlState == "57014")
        #expect(error.message == .serverStatementTimeout)
    }

    @Test func interruptCancelsARunningStatementWithinASecond() throws {
        let interrupter = connection.interrupter
        let firstCall = FirstCall()
        // As the shell's watcher does: call interrupt() every 50 ms once Ctrl-C was pressed.
        let watcher = DispatchSource.makeTimerSource(queue: .global())
        watcher.schedule(deadline: .now() + .milliseconds(300), repeating: .milliseconds(50))
        watcher.setEventHandler {
            firstCall.mark()
            interrupter.interrupt()
        }
        watcher.resume()
        defer { watcher.cancel() }
        let error = try expectFailure(.cancelled) { _ = try connection.query("SELECT pg_sleep(10)") }
        let ended = ContinuousClock.now
        let interrupted = try #require(firstCall.instant)
        #expect(ended - interrupted < .seconds(1), "cancelled \(ended - interrupted) after interrupt()")
        #expect(error.sqlState == "57014")
        #expect(error.message == .interrupted)
        #expect(error.outcome == .commandFailed)
        watcher.cancel()
        // The connection is still there for the rollback and the next command.
        #expect(try connection.query("SELECT 1 AS one").first?["one"] == .int(1))
    }

    @Test func interruptCancelsTheStatementNotTheTransaction() throws {
        try connection.execute("BEGIN")
        try connection.execute("INSERT INTO \(town.name).village (name) VALUES ('甲')")
        try connection.execute("SAVEPOINT command")
        let interrupter = connection.interrupter
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) { interrupter.interrupt() }
        _ = try expectFailure(.cancelled) { _ = try connection.query("SELECT pg_sleep(10)") }
        try connection.execute("ROLLBACK TO SAVEPOINT command")
        try connection.execute("COMMIT")
        #expect(try connection.query("SELECT name FROM \(town.name).village").map { $0["name"] } == [.text("甲")])
    }

    @Test func interruptWhileIdleDoesNothing() throws {
        for _ in 0..<3 { connection.interrupter.interrupt() }
        Thread.sleep(forTimeInterval: 0.2)
        let row = try connection.query("SELECT pg_sleep(0.3) AS slept, 2 AS two").first
        #expect(row?["slept"] == .null)
        #expect(row?["two"] == .int(2))
    }

    @Test func aLoginWithoutGrantsHasNoAccessToTheTown() throws {
        let role = "jiedui_clerk_" + UUID().uuidString.prefix(8).lowercased()
        try connection.execute("CREATE ROLE \(role) LOGIN")
        defer { _ = try? connection.execute("DROP ROLE IF EXISTS \(role)") }
        let clerk = try TestServer.connect(town: town, user: role)
        let error = try #require(throws: ServerError.self) { _ = try clerk.query("SELECT count(*) FROM \(town.name).child") }
        clerk.close()
        #expect(error.kind == .noAccess)
        #expect(error.sqlState == "42501")
        #expect(error.message == .noAccessToTown(town.name))
        #expect(error.message.text(.en) == "no access to town \(town.name)")
        #expect(error.outcome == .unusableDatabase)
    }

    /// A login the database does not let connect is refused as a login, not as a town.
    @Test func aDatabaseWithoutConnectRefusesTheLogin() throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let role = "jiedui_clerk_" + suffix
        let database = "jiedui_closed_" + suffix
        try connection.execute("CREATE ROLE \(role) LOGIN")
        defer { _ = try? connection.execute("DROP ROLE IF EXISTS \(role)") }
        try connection.execute("CREATE DATABASE \(database)")
        defer { _ = try? connection.execute("DROP DATABASE IF EXISTS \(database)") }
        try connection.execute("REVOKE CONNECT ON DATABASE \(database) FROM PUBLIC")
        var url = try TestServer.url(town: town)
        url.user = role
        url.database = database
        let error = try #require(throws: ServerError.self) { _ = try ServerConnection(url: url, credentials: Credentials()) }
        #expect(error.kind == .loginRefused)
        #expect(error.sqlState == "42501")
        #expect(error.message == .loginNotAllowed(user: role, database: database, server: url.server))
    }

    @Test func anUnknownDatabaseOrLoginIsRefused() throws {
        var url = try TestServer.url(town: town)
        url.database = "jiedui_no_such_database"
        let database = try #require(throws: ServerError.self) { _ = try ServerConnection(url: url, credentials: Credentials()) }
        #expect(database.kind == .loginRefused)
        #expect(database.message == .serverNoDatabase(database: "jiedui_no_such_database", server: url.server))
        #expect(database.outcome == .unusableDatabase)

        url = try TestServer.url(town: town)
        url.user = "jiedui_no_such_login"
        let login = try #require(throws: ServerError.self) { _ = try ServerConnection(url: url, credentials: Credentials()) }
        #expect(login.kind == .loginRefused)
        #expect(login.message == .loginNotAllowed(user: "jiedui_no_such_login", database: url.database, server: url.server))
    }

    @Test func closingTwiceIsHarmless() throws {
        let other = try TestServer.connect(town: town)
        #expect(other.backendPID != connection.backendPID)
        other.close()
        other.close()
        other.interrupter.interrupt()
    }

    /// A connection let go without `close()` still ends its server process.
    @Test func aDroppedConnectionEndsItsBackend() throws {
        var pid: Int32 = 0
        do {
            let dropped = try TestServer.connect(town: town)
            pid = dropped.backendPID
        }
        let deadline = ContinuousClock.now + .seconds(5)
        var alive = 1
        while alive > 0, ContinuousClock.now < deadline {
            alive = try connection.query("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1", [.int(Int(pid))]).first?["n"].intValue ?? 0
            if alive > 0 { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(alive == 0)
    }
}

/// When a timer first fired.
private final class FirstCall: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var first: ContinuousClock.Instant?

    func mark() {
        lock.withLock { if first == nil { first = .now } }
    }

    var instant: ContinuousClock.Instant? { lock.withLock { first } }
}

/// What a thread of a test reports back.
private final class ResultBox: @unchecked Sendable {
    var error: ServerError?
}

/// A connection handed to one other thread, which alone uses it until the test waits for it.
private struct SendableConnection: @unchecked Sendable {
    let connection: ServerConnection
    init(_ connection: ServerConnection) { self.connection = connection }
}
