import Foundation
import Testing

/// Scripts as language.md describes them: `quit` ends one early and keeps what it did; `run`
/// includes another script in the same transaction, finds it from the including script's
/// folder, refuses a script that runs itself, and an error inside names the included file.
@Suite struct ScriptTests {
    /// A folder with files written from (relative path, text) pairs, and a database in it.
    struct Folder {
        let url = Harness.temporaryFolder()
        var db: String { url.appendingPathComponent("town.db").path }

        init(_ files: [String: String]) {
            for (path, text) in files { write(path, text) }
            let made = Harness.run(["--db", db, "-c", "village add name=金宝村"])
            precondition(made.status == 0, made.err)
        }

        func write(_ path: String, _ text: String) {
            let file = url.appendingPathComponent(path)
            try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try! text.write(to: file, atomically: true, encoding: .utf8)
        }

        func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

        /// Runs jiedui on this folder's database from `directory` (relative to the folder).
        func jiedui(_ arguments: [String], from directory: String = ".", stdin: String? = nil) -> Harness.Result {
            let cwd = url.appendingPathComponent(directory)
            try! FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            return Harness.run(["--db", db, "--format", "json"] + arguments, stdin: stdin, in: cwd)
        }

        var villages: [String] {
            let rows = Harness.json(jiedui(["-c", "village list show name"]).lines.last ?? "[]") as? [[String: Any]] ?? []
            return rows.compactMap { $0["name"] as? String }
        }
    }

    // MARK: quit

    /// language.md: `quit`/`exit` "ends a script early (keeping what it did)".
    @Test(arguments: ["quit", "exit"])
    func quitEndsAScriptAndKeepsWhatItDid(_ word: String) throws {
        let script = ["village add name=甲村", "village add name=乙村", word, "village add name=丙村", "no such command"]
        let folder = Folder(["q.jd": script.joined(separator: "\n") + "\n"])
        let before = folder.villages
        let text = try String(contentsOfFile: folder.path("q.jd"), encoding: .utf8)
        for (arguments, stdin) in [(["-f", "q.jd"], nil), (["-f", "-"], text)] {
            let run = folder.jiedui(arguments, stdin: stdin)
            #expect(run.status == 0, "\(run.err)")
            #expect(run.err.isEmpty, "the lines after \(word) are not run: \(run.err)")
            // What was printed, and what is kept, is the commands before `quit`.
            let printed = run.lines.compactMap { (Harness.json($0) as? [String: Any])?["name"] as? String }
            #expect(printed == ["甲村", "乙村"])
            #expect(folder.villages == before + ["甲村", "乙村"])
            #expect(folder.jiedui(["-c", "village remove 甲村", "-c", "village remove 乙村"]).status == 0)
        }
        // On a -c line too.
        let line = folder.jiedui(["-c", "village add name=丁村; \(word); village add name=戊村"])
        #expect(line.status == 0 && line.lines == [#"{"name":"丁村"}"#], "\(line.out)\(line.err)")
        #expect(folder.villages == before + ["丁村"])
    }

    /// A `quit` ends its own script only: the next `-f` and `-c` run, and so does the rest of
    /// the script that ran it with `run`.
    @Test func quitEndsOnlyItsOwnScript() {
        let folder = Folder(["a.jd": "village add name=甲村\nquit\nvillage add name=错村\n",
                             "b.jd": "village add name=乙村\n",
                             "c.jd": "village add name=戊村\nexit\nvillage add name=错村二\n",
                             "outer.jd": "run c.jd\nvillage add name=丙村\n"])
        let run = folder.jiedui(["-f", "a.jd", "-f", "b.jd", "-c", "village add name=丁村", "-f", "outer.jd"])
        #expect(run.status == 0, "\(run.err)")
        #expect(folder.villages == ["金宝村", "甲村", "乙村", "丁村", "戊村", "丙村"], "\(run.err)")
    }

    /// `--keep-going` treats `run FILE` as one command: a file that fails counts once, as one
    /// failed command, in the summary and in a dry run's.
    @Test func aRunCountsAsOneCommandUnderKeepGoing() {
        let folder = Folder(["o.jd": "village add name=外村\nrun sub/bad.jd\nvillage add name=后村\n",
                             "sub/bad.jd": "village add name=坏村\nvillage add name=坏村二 kind=火星\n"])
        let dry = folder.jiedui(["--lang", "en", "--keep-going", "--dry-run", "-f", "o.jd"])
        #expect(dry.err.contains("2 commands ran, 1 failed"), "\(dry.err)")
        let kept = folder.jiedui(["--lang", "en", "--keep-going", "-f", "o.jd"])
        #expect(kept.status == 1)
        #expect(kept.err.contains("1 of 3 commands failed"), "\(kept.err)")
        #expect(folder.villages == ["金宝村", "外村", "后村"])
    }

    /// A dry run says every record its commands would add or change: an import's three, not
    /// only the first.
    @Test func aDryRunCountsEveryRecordACommandWouldTouch() throws {
        let folder = Folder(["h.csv": "name,sex,unit,phone\n甲,男,区统计局,13911110001\n乙,男,区统计局,13911110002\n丙,女,区统计局,13911110003\n"])
        let dry = folder.jiedui(["--lang", "en", "--dry-run", "-c", "unit add name=区统计局 villages=金宝村", "-c", "import helper h.csv"])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.err.contains("would make 4 changes (区统计局, H0001, H0002, H0003)"), "\(dry.err)")
    }

    /// language.md --dry-run "rolls back at the end": a file a command would write outside the
    /// town (an export, a backup) is not written, nor one already there overwritten; each says so.
    @Test func aDryRunWritesNoFileAndCopiesNothing() throws {
        let folder = Folder(["old.csv": "kept\n"])
        let dry = Harness.run(["--db", folder.db, "--lang", "en", "--dry-run", "-c", "backup to=b.db", "-c", "export ledger to=old.csv",
                               "-c", "export quarter 2024Q1 to=q.xlsx"], in: folder.url)
        #expect(dry.status == 0, "\(dry.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(names == ["old.csv", "town.db"], "\(names)")
        #expect(try String(contentsOfFile: folder.path("old.csv"), encoding: .utf8) == "kept\n")
        #expect(dry.lines.prefix(2) == ["dry run: b.db not written", "dry run: old.csv not written (it would hold 0 rows)"], "\(dry.out)")
        // Without --dry-run the same commands write.
        let real = folder.jiedui(["-c", "backup to=b.db", "-c", "export ledger to=old.csv"])
        #expect(real.status == 0, "\(real.err)")
        #expect(FileManager.default.fileExists(atPath: folder.path("b.db")))
        #expect(try String(contentsOfFile: folder.path("old.csv"), encoding: .utf8) != "kept\n")
    }

    /// A dry run copies nothing onto a server: `migrate to=` (run on a file) is refused.
    @Test(.fileOnly("migrate to= is run on a file")) func aDryRunMigratesNothing() {
        let folder = Folder([:])
        let migrate = folder.jiedui(["--lang", "en", "--dry-run", "-c", #"migrate to="postgresql:///nowhere?town=abc""#])
        #expect(migrate.status == 1 && migrate.err.contains("a dry run cannot undo a copy onto the server"), "\(migrate.err)")
    }

    // MARK: run

    @Test func runTakesRelativePathsFromTheIncludingScriptsFolder() {
        // Each file adds the village it is named after; the decoys sit where a path taken
        // from the current folder, or from the outermost script's, would find them.
        let folder = Folder([
            "scripts/monthly.jd": "village add name=甲村\nrun sub/visits.jd\nvillage add name=丁村\n",
            "scripts/sub/visits.jd": "village add name=乙村\nrun more.jd\n",
            "scripts/sub/more.jd": "village add name=丙村\n",
            "scripts/more.jd": "village add name=错村一\n",
            "cwd/sub/visits.jd": "village add name=错村二\n",
            "cwd/more.jd": "village add name=错村三\n",
        ])
        let result = folder.jiedui(["-f", "../scripts/monthly.jd"], from: "cwd")
        #expect(result.status == 0, "\(result.err)")
        #expect(folder.villages == ["金宝村", "甲村", "乙村", "丙村", "丁村"])
        // From a -c line, a relative path is the current folder's.
        let fromLine = folder.jiedui(["-c", "run more.jd"], from: "cwd")
        #expect(fromLine.status == 0, "\(fromLine.err)")
        #expect(folder.villages.last == "错村三")
    }

    @Test func aScriptMayRunAnotherTwiceButNeverItself() throws {
        let folder = Folder([
            "twice.jd": "run add.jd\nrun add.jd\n",
            "add.jd": "family add village=金宝村\n",
            "self.jd": "village add name=甲村\nrun self.jd\n",
            "a.jd": "village add name=乙村\nrun b.jd\n",
            "b.jd": "village add name=丙村\nrun ./a.jd\n",
        ])
        let twice = folder.jiedui(["-f", "twice.jd"])
        #expect(twice.status == 0 && twice.lines.count == 2, "\(twice.out)\(twice.err)")
        let before = try DatabaseSnapshot.read(folder.db)
        for (script, failing) in [("self.jd", "self.jd:2:5:"), ("a.jd", "b.jd:2:5:")] {
            let result = folder.jiedui(["-f", script])
            #expect(result.status == 1)
            // Refused at the first `run` that would go round: no command runs a second time.
            #expect(result.err.hasPrefix(failing) && result.err.contains("runs itself"), "\(script): \(result.err)")
            #expect(result.err.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(result.err)")
            #expect(Set(result.lines).count == result.lines.count, "a command ran twice: \(result.out)")
            let after = try DatabaseSnapshot.read(folder.db)
            #expect(after.difference(from: before) == [])
        }
    }

    @Test func anErrorInAnIncludedFileNamesItAndRollsBackTheWholeScript() throws {
        let inner = "village add name=乙村\nfamily add village=无此村\nvillage add name=丙村\n"
        let folder = Folder([
            "outer.jd": "village add name=甲村\nrun sub/inner.jd\nvillage add name=丁村\n",
            "sub/inner.jd": inner,
        ])
        let before = try DatabaseSnapshot.read(folder.db)
        let result = folder.jiedui(["-f", "outer.jd"])
        #expect(result.status == 1)
        // The message names the included file, the line and the column of the bad value.
        let badLine = inner.components(separatedBy: "\n")[1]
        let column = badLine.unicodeScalars.distance(from: badLine.unicodeScalars.startIndex, to: badLine.range(of: "无此村")!.lowerBound.samePosition(in: badLine.unicodeScalars)!) + 1
        let message = result.err.components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(message.count == 1, "\(result.err)")
        let location = try #require(message.first?.components(separatedBy: ": error: ").first)
        let parts = location.components(separatedBy: ":")
        #expect(parts.count == 3 && parts[1] == "2" && parts[2] == String(column), "\(location)")
        #expect(folder.url.appendingPathComponent(parts[0]).standardizedFileURL.path == URL(fileURLWithPath: folder.path("sub/inner.jd")).standardizedFileURL.path, "\(parts[0])")
        // What ran before the error was printed; none of it is kept, and nothing after it ran.
        #expect(result.lines == [#"{"name":"甲村"}"#, #"{"name":"乙村"}"#])
        let after = try DatabaseSnapshot.read(folder.db)
        #expect(after.difference(from: before) == [])
    }
}
