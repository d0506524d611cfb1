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

    /// `export book` with no child to give a sheet (an empty village, a year before the children
    /// child) is a clear error that writes nothing, not a crash; with a child it writes the book.
    @Test func aBookOfNoChildIsAnErrorNotACrash() throws {
        let town = ScenarioTests.Town()
        #expect(town.run("village add name=空村").status == 0)
        let folder = town.folder.path
        for command in ["export book to=\(folder)/空村.xlsx village=空村", "export book to=\(folder)/2010.xlsx year=2010"] {
            let result = town.run(command)
            #expect(result.status == 1, "\(command): \(result.status) \(result.err)")
            #expect(result.err.contains("no book to export"), "\(command): \(result.err)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("空村") || $0.contains("2010") }
        #expect(left.isEmpty, "\(left)")
        #expect(town.run("export book to=\(folder)/all.xlsx").status == 0)
    }

    /// Short names and long chains are inputs too: a file named by one character is written or
    /// read like any other, and a chain of `run`s deeper than any set of scripts is an error,
    /// not a crash. A byte-order mark inside a script (files joined) is a space.
    @Test func oneCharacterNamesAndDeepRunsAreNoCrash() throws {
        let town = ScenarioTests.Town()
        let folder = town.folder
        for (command, status) in [("backup to=z", 0), ("export roster to=g", 0), ("export ledger to=村", 0), ("import child q", 1), ("run r", 1), ("import child \"\"", 1)] {
            let result = Harness.run(["--db", town.db, "--lang", "en", "-c", command], in: folder)
            #expect(result.status == status, "\(command): \(result.status) \(result.err)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("z").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("村").path))

        let depth = 70
        for i in 1...depth {
            try (i < depth ? "run d\(i + 1).jd\n" : "village add name=深村\n").write(to: folder.appendingPathComponent("d\(i).jd"), atomically: true, encoding: .utf8)
        }
        let deep = Harness.run(["--db", town.db, "--lang", "en", "-f", folder.appendingPathComponent("d1.jd").path])
        #expect(deep.status == 1 && deep.err.contains("nested more than 64"), "\(deep.status) \(deep.err.prefix(300))")
        #expect(!town.run("village list").out.contains("深村"))
        let shallow = Harness.run(["--db", town.db, "-f", folder.appendingPathComponent("d\(depth - 60).jd").path])
        #expect(shallow.status == 0, "\(shallow.err.prefix(300))")

        let joined = folder.appendingPathComponent("joined.jd")
        try "village count\n\u{FEFF}village count\n".write(to: joined, atomically: true, encoding: .utf8)
        #expect(Harness.run(["--db", town.db, "-f", joined.path]).status == 0)
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

    @Test(.fileOnly("a file's integrity; the server's in DistrictReliabilityTests")) func aKilledScriptLeavesAllOrNothing() throws {
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
            let integrity = Harness.run(["--db", db, "--format", "csv", "-c", "sql SELECT * FROM pragma_integrity_check"])
            #expect(integrity.status == 0 && integrity.lines == ["integrity_check", "ok"], "after a kill at \(delay) s: \(integrity.out) \(integrity.err)")
            if count == 20_001 { break }
            survived += 1
        }
        #expect(survived >= 1)
        #expect(Harness.run(["--db", db, "-c", "log verify"]).status == 0)
    }

    /// Four clerks at once, each running ten scripts of eight `family add` one after another
    /// and reading between them, and two more reading: every script and read succeeds (a busy file is waited for, never taken
    /// for a foreign one), nothing is lost, ids are gapless and the audit chain is whole.
    @Test(.fileOnly("a file's locks; the server's in DistrictReliabilityTests")) func fourClerksAtOnceLoseNothingAndAreNeverTurnedAway() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("t.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=金宝村"]).status == 0)
        let clerks = 4, scripts = 10, families = 8
        var processes: [Process] = []
        // Two more only look, as a supervisor would: many short reads, each an open and a close.
        for clerk in 0..<(clerks + 2) {
            var steps: [String] = []
            if clerk >= clerks {
                steps = Array(repeating: "run \"$bin\" --db \"$db\" --format json -c \"family count\"", count: 60)
            }
            for script in 0..<(clerk < clerks ? scripts : 0) {
                let path = folder.appendingPathComponent("c\(clerk)s\(script).jd").path
                try (0..<families).map { "family add village=金宝村 guardian=监护人\(clerk)-\(script)-\($0)" }
                    .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                // Each script is one transaction; a read follows it, as a clerk checks her work.
                steps.append("run \"$bin\" --db \"$db\" -f \"\(path)\"")
                steps.append("run \"$bin\" --db \"$db\" -c \"family count where village = 金宝村\"")
                steps.append("run \"$bin\" --db \"$db\" --format json -c \"village list\"")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            // Every failure is written down with its status and what the program said.
            process.arguments = ["-c", """
                run() { out=$("$@" 2>&1 >/dev/null); s=$?; [ $s -eq 0 ] || echo "status $s: $out"; }
                \(steps.joined(separator: "\n"))
                """]
            process.environment = ["bin": Harness.binary.path, "db": db, "LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            processes.append(process)
        }
        var failures: [String] = []
        for process in processes {
            let pipe = process.standardOutput as! Pipe
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            failures += text.split(separator: "\n").map(String.init)
        }
        #expect(failures.isEmpty, "\(failures)")
        let count = Harness.run(["--db", db, "--format", "json", "-c", "family count"])
        #expect(count.out == "\(clerks * scripts * families)\n", "\(count.out) \(count.err)")
        // Gapless: the highest id is the count.
        let last = Harness.run(["--db", db, "--format", "csv", "-c", "family list sort id desc limit 1 show id"])
        #expect(last.lines.last == String(format: "F%04d", clerks * scripts * families), "\(last.out)")
        #expect(Harness.run(["--db", db, "-c", "log verify"]).status == 0)
    }

    /// Several writers, each command its own transaction, interleaving.
    @Test(.fileOnly("a file's locks; the server's in DistrictReliabilityTests")) func twoWritersAtOnceLoseNothing() throws {
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

    /// Readers take no write lock: a query answers at once while another program holds it.
    @Test(.fileOnly("a file's locks; the server's in DistrictReliabilityTests")) func aReaderDoesNotWaitForAWriter() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("r.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=起点村"]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO setting(key, value) VALUES ('held', 'x')\"); print('locked', flush=True); time.sleep(9)", db]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.availableData  // wait until the lock is held
        defer { holder.terminate(); holder.waitUntilExit() }
        let start = Date()
        // A backup and an export read too: a copy is taken while the town is in use.
        let copies = ["backup to=\(folder.path)/copy.db", "export roster to=\(folder.path)/roster.csv"]
        for command in ["village list", "village count", "check", "log limit 1", "sql SELECT count(*) FROM village"] + copies {
            let result = Harness.run(["--db", db, "--format", "json", "-c", command])
            #expect(result.status == 0, "\(command): \(result.err)")
        }
        #expect(Date().timeIntervalSince(start) < 4, "the reads waited for the writer")
        let write = Harness.run(["--db", db, "-c", "village add name=等待村"])
        #expect(write.status == 1, "a write waits and then fails while the lock is held: \(write.err)")
    }

    /// A town file in a folder the clerk cannot write opens for reading; a write says plainly
    /// that the file or folder is read-only (exit 1), never that it is not a jiedui database.
    @Test(.fileOnly("a file's permissions; the server's grants in DistrictStoreTests")) func aReadOnlyTownOpensForReading() throws {
        let folder = Harness.temporaryFolder()
        let db = folder.appendingPathComponent("ro.db").path
        #expect(Harness.run(["--db", db, "-c", "village add name=金宝村", "-c", "unit add name=区统计局 villages=金宝村"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        // Root may write anywhere; the clerk is then played by `nobody`.
        let asClerk: [String] = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        chmod(db, 0o644)
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }
        func run(_ arguments: [String]) -> Harness.Result {
            asClerk.isEmpty ? Harness.run(arguments) : Harness.run(Array(asClerk.dropFirst()) + [Harness.binary.path] + arguments, executable: asClerk[0])
        }
        let list = run(["--db", db, "--format", "csv", "-c", "village list show name"])
        #expect(list.status == 0 && list.lines == ["name", "金宝村"], "\(list.out) \(list.err)")
        let check = run(["--db", db, "--format", "json", "-c", "check"])
        #expect(check.status == 0, "\(check.err)")
        for write in ["village add name=新村", "set town 金宝镇", "village set 金宝村 director=王主任"] {
            let result = run(["--db", db, "-c", write])
            #expect(result.status == 1, "\(write): \(result.status) \(result.err)")
            #expect(result.err.contains("read-only") && !result.err.contains("not a jiedui database"), "\(write): \(result.err)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(FileManager.default.fileExists(atPath: db + "-wal") == false)
    }

    @Test(.fileOnly("a file's locks; the server's in DistrictReliabilityTests")) func aLockHeldTooLongIsAClearErrorNotAHang() throws {
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

    /// `backup` and `export` aimed at the open database, by any name or link, are refused and
    /// change nothing; a backup that fails half-way (a file-size limit standing in for a full
    /// disk) leaves the earlier file of that name as it was and no other file behind.
    @Test(.fileOnly("a file's own name; a server's town has none")) func outputsNeverWriteOverTheTownOrAnEarlierFile() throws {
        let town = ScenarioTests.Town()
        let folder = town.folder
        let name = URL(fileURLWithPath: town.db).lastPathComponent
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.db").path, withDestinationPath: town.db)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let before = try DatabaseSnapshot.read(town.db)
        for line in ["backup to=\(name)", "backup to=\(town.db)", "backup to=./sub/../\(name)", "backup to=link.db",
                     "backup to=\(name)-wal", "export roster to=\(name) format=csv", "export ledger to=link.db"] {
            let result = Harness.runOnce(["--db", name, "--lang", "en", "-c", line], in: folder)
            #expect(result.status == 1, "\(line) was not refused")
            #expect(result.err.contains("own database file"), "\(line): \(result.err)")
        }
        #expect(try DatabaseSnapshot.read(town.db).difference(from: before) == [])
        #expect(town.run("log verify").status == 0)
        // Nor a pipe or a folder, which the rename onto the name would replace with a file.
        #expect(mkfifo(folder.appendingPathComponent("pipe").path, 0o600) == 0)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.db"), withIntermediateDirectories: true)
        for line in ["backup to=pipe", "export roster to=pipe format=csv", "backup to=dir.db"] {
            let result = Harness.runOnce(["--db", name, "--lang", "en", "-c", line], in: folder)
            #expect(result.status == 1 && result.err.contains("not a plain file"), "\(line): \(result.err)")
        }
        var info = stat()
        #expect(lstat(folder.appendingPathComponent("pipe").path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)

        let size = try FileManager.default.attributesOfItem(atPath: town.db)[.size] as? Int ?? 0
        try #require(size > 150_000, "the town (\(size) bytes) must outgrow the limit below")
        let earlier = folder.appendingPathComponent("earlier.db")
        try "an earlier backup".write(to: earlier, atomically: true, encoding: .utf8)
        let listing = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        for target in ["earlier.db", "new.db"] {
            // A shell that ignores SIGXFSZ and limits files to 100 KiB (less than the town), then runs jiedui.
            let failed = Harness.runOnce(["-c", "trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\"", Harness.binary.path,
                                          "--db", name, "--lang", "en", "-c", "backup to=\(target)"], in: folder, executable: "/bin/bash")
            #expect(failed.status == 1 && failed.err.contains("input/output"), "backup to=\(target) did not fail in writing: \(failed.out)\(failed.err)")
        }
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "an earlier backup")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == listing)
    }
}
