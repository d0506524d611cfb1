import Foundation
import Testing

/// Nothing lost, nothing altered unseen: the audit chain, kills mid-script, two writers at once.
@Suite struct ReliabilityTests {
    /// Runs SQL on the database behind jiedui's back, as someone tampering with the file would.
    private func tamper(_ db: String, _ sql: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", db, sql]
        try! process.run()
        process.waitUntilExit()
    }

    @Test func logVerifyFindsAlteredRemovedAndInsertedEntries() {
        let town = ScenarioTests.Town()
        let whole = town.run("log verify")
        #expect(whole.status == 0)
        #expect(whole.out.contains("\"entries\":"))
        let copy = town.folder.appendingPathComponent("copy.db").path
        for (sql, problem) in [
            ("UPDATE audit SET command = 'village add name=假村' WHERE seq = 3", "entry 3"),
            ("DELETE FROM audit WHERE seq = 4", "before entry 5"),
            ("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)", "removed"),
        ] {
            try? FileManager.default.removeItem(atPath: copy)
            #expect(town.run("backup to=\(copy)").status == 0)
            tamper(copy, sql)
            let result = Harness.run(["--db", copy, "-c", "log verify"])
            #expect(result.status == 1, "\(sql)")
            #expect(result.err.contains(problem), "\(sql): \(result.err)")
        }
    }

    @Test func aKilledScriptLeavesAllOrNothing() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("k.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=起点村"]).status == 0)
        let script = folder.appendingPathComponent("long.jd")
        try (0..<20_000).map { "village add name=村\($0)" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        var survived = 0
        for delay in [0.05, 0.2, 0.5, 1.0] {
            let process = Process()
            process.executableURL = Harness.binary
            process.arguments = ["--db", db, "--format", "json", "-f", script.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let count = Int(Harness.run(["--db", db, "--format", "json", "-c", "village count"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(count == 1 || count == 20_001, "after a kill at \(delay) s: \(count) villages")
            let check = Harness.run(["--db", db, "--format", "json", "-c", "sql PRAGMA integrity_check"])
            _ = check
            if count == 20_001 { break }
            survived += 1
        }
        #expect(survived >= 1)
        let integrity = Harness.run(["--db", db, "--format", "csv", "-c", "sql SELECT * FROM pragma_integrity_check"])
        #expect(integrity.lines.last == "ok", "\(integrity.out) \(integrity.err)")
        #expect(Harness.run(["--db", db, "-c", "log verify"]).status == 0)
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("two.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=起点村"]).status == 0)
        var processes: [Process] = []
        for writer in 0..<2 {
            let script = folder.appendingPathComponent("w\(writer).jd")
            try (0..<300).map { "village add name=写\(writer)村\($0)" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
            // Each command in its own transaction, so the two interleave.
            let process = Process()
            process.executableURL = Harness.binary
            process.arguments = ["--db", db, "--format", "json", "--keep-going", "-f", script.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        #expect(Harness.run(["--db", db, "--format", "json", "-c", "village count"]).out == "601\n")
        #expect(Harness.run(["--db", db, "-c", "log verify"]).status == 0)
    }

    @Test func aLockHeldTooLongIsAClearErrorNotAHang() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("lock.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=起点村"]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(9)", db]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.availableData  // wait until the lock is held
        let start = Date()
        let result = Harness.run(["--db", db, "-c", "village add name=等待村"])
        let waited = Date().timeIntervalSince(start)
        holder.terminate()
        holder.waitUntilExit()
        #expect(result.status == 1)
        #expect(result.err.contains("in use"), "\(result.err)")
        #expect(waited < 8.5, "gave up after the busy timeout, not when the lock went")
    }
}
