import Foundation
import JieduiCore
import Testing

/// The promises of district.md on a real server, through the binary: many clerks writing two
/// towns at once, a clerk killed in the middle of a script, a clerk holding a town too long.
@Suite(.enabled(if: DistrictServer.enabled, "JIEDUI_TEST_PG names no server"), .serialized)
struct DistrictReliabilityTests {
    static let today = "2024-12-31"

    /// What every clerk's town holds before they start: a village, a unit, helpers (women, so
    /// that any child may pair with any of them), a helper that takes one family only, a child
    /// everyone will try to pair, and one family for each script to add its children to.
    static func setUp(_ url: String, families: Int) -> String {
        var lines = ["set town 测试镇", "village add name=金宝村", "unit add name=区统计局 villages=金宝村"]
        for helper in 0..<24 { lines.append("helper add name=帮扶人\(helper) sex=女 unit=区统计局 phone=139\(String(format: "%08d", helper)) capacity=10") }
        lines.append("helper add name=热门帮扶人 sex=女 unit=区统计局 phone=13911112222 capacity=1")
        for _ in 0..<(families + 1) { lines.append("family add village=金宝村") }
        lines.append("child add name=共享儿童 idno=\(FakeIdentityNumber.girl(born: "2013-06-01")) family=F\(String(format: "%04d", families + 1)) category=留守儿童")
        return lines.joined(separator: "\n")
    }

    /// The ten commands of script `script` of clerk `clerk`: two children of its own family,
    /// their pair, visits, a need, a review; a tenth command that fails in one script of ten.
    /// Script 1 of every clerk asks for the helper who takes one family, and script 2 pairs the
    /// child everyone pairs: of those, the first to commit wins and the others fail whole.
    static func script(clerk: Int, script: Int, scripts: Int) -> (text: String, failsOnPurpose: Bool, children: [String]) {
        let family = String(format: "F%04d", clerk * scripts + script + 1)
        let born = String(format: "2014-%02d-%02d", 1 + script / 28, 1 + script % 28)
        let names = ["童\(clerk)_\(script)_a", "童\(clerk)_\(script)_b"]
        let idnos = [FakeIdentityNumber.girl(born: born, clerk + 1), FakeIdentityNumber.boy(born: born, clerk + 1)]
        let helper = script == 1 ? "热门帮扶人" : "帮扶人\((clerk * 7 + script) % 24)"
        let pair = script == 2 ? "pair add child=共享儿童 helper=\(helper) since=2024-03-01" : "pair add family=\(family) helper=\(helper) since=2024-03-01"
        let failsOnPurpose = script % 10 == 9
        let lines = [
            "child add name=\(names[0]) idno=\(idnos[0]) family=\(family) category=留守儿童",
            "child add name=\(names[1]) idno=\(idnos[1]) family=\(family) category=留守儿童",
            pair,
            "visit add child=\(script == 2 ? "共享儿童" : names[0]) date=2024-03-05",
            "need add child=\(names[0]) date=2024-03-07 kind=教育缺位",
            "child review \(names[0]) date=2024-03-08",
            "family set \(family) guardian=监护人\(clerk)_\(script)",
            "need add child=\(names[1]) date=2024-04-01 kind=亲情缺失",
            "child review \(names[1]) date=2024-04-02",
            failsOnPurpose ? "village add name=" : "child count",
        ]
        return (lines.joined(separator: "\n") + "\n", failsOnPurpose, names)
    }

    /// Eight clerks at once, four on each of two towns, each running 50 scripts of ten commands
    /// one after another: what each script did is there exactly when it exited 0, ids are
    /// gapless, the audit chains are whole, nobody deadlocked or was turned away, and the rules
    /// that hold across clerks (a helper's capacity, one active pair per child) held.
    @Test func eightClerksOverTwoTownsLoseNothingAndKeepNothingOfAFailure() throws {
        let clerksPerTown = 4, scripts = 50
        let towns = [DistrictServer.freshTown(), DistrictServer.freshTown()]
        for town in towns {
            let made = DistrictServer.run(town, ["-f", "-"], stdin: Self.setUp(town, families: clerksPerTown * scripts))
            try #require(made.status == 0, "\(made.err)")
        }
        let folder = Harness.temporaryFolder()
        var processes: [(town: Int, clerk: Int, process: Process, pipe: Pipe)] = []
        var plans: [[Int: [(text: String, failsOnPurpose: Bool, children: [String])]]] = [[:], [:]]
        for (t, town) in towns.enumerated() {
            for clerk in 0..<clerksPerTown {
                var steps: [String] = []
                var plan: [(String, Bool, [String])] = []
                for s in 0..<scripts {
                    let script = Self.script(clerk: clerk, script: s, scripts: scripts)
                    plan.append(script)
                    let path = folder.appendingPathComponent("t\(t)c\(clerk)s\(s).jd").path
                    try script.text.write(toFile: path, atomically: true, encoding: .utf8)
                    steps.append("run \(s) \"\(path)\"")
                }
                plans[t][clerk] = plan
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/bash")
                process.arguments = ["-c", """
                    run() { out=$("$bin" --db "$db" -f "$2" 2>&1 >/dev/null); echo "$1 $? ${out//$'\\n'/ }"; }
                    \(steps.joined(separator: "\n"))
                    """]
                process.environment = ["bin": Harness.binary.path, "db": town, "LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin",
                                       "JIEDUI_TODAY": Self.today, "HOME": folder.path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                processes.append((t, clerk, process, pipe))
            }
        }
        var committed: [Set<String>] = [[], []]
        var failed: [Set<String>] = [[], []]
        var failures = 0
        for (t, clerk, process, pipe) in processes {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count >= 2, let s = Int(parts[0]), let status = Int(parts[1]), let script = plans[t][clerk]?[s] else {
                    Issue.record("a clerk said \(line)")
                    continue
                }
                let said = parts.count > 2 ? parts[2] : ""
                #expect(!said.contains(Message.databaseBusy.text(.en)) && !said.contains(Message.serverConflict.text(.en)),
                        "town \(t) clerk \(clerk) script \(s) was turned away: \(said)")
                if status == 0 {
                    #expect(!script.failsOnPurpose, "a script that fails on purpose succeeded")
                    committed[t].formUnion(script.children)
                } else {
                    #expect(status == 1, "script \(s): status \(status): \(said)")
                    failed[t].formUnion(script.children)
                    failures += 1
                }
            }
        }
        // One in ten failed on purpose, and the contested helper and child turned more away.
        #expect(failures >= 2 * clerksPerTown * scripts / 10)
        for (t, town) in towns.enumerated() {
            let names = DistrictServer.run(town, ["--format", "csv", "-c", "child list show name"]).lines.dropFirst()
            let children = Set(names).subtracting(["共享儿童"])
            #expect(children == committed[t], "town \(t): kept what failed: \(children.subtracting(committed[t]).sorted().prefix(5)), lost: \(committed[t].subtracting(children).sorted().prefix(5))")
            #expect(children.isDisjoint(with: failed[t]))
            // Gapless: the highest id of every noun written is the count.
            for (noun, prefix) in [("child", "C"), ("pair", "P"), ("visit", "V"), ("need", "N")] {
                let count = DistrictServer.run(town, ["--format", "json", "-c", "\(noun) count"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
                let last = DistrictServer.run(town, ["--format", "csv", "-c", "\(noun) list sort id desc limit 1 show id"]).lines.last ?? ""
                #expect(last == prefix + String(format: "%04d", Int(count) ?? -1), "town \(t): \(noun) count \(count), last \(last)")
            }
            let verify = DistrictServer.run(town, ["-c", "log verify"])
            #expect(verify.status == 0, "\(verify.err)")
            // The rules that concern several clerks' work: capacity, one active pair a child.
            let findings = DistrictServer.run(town, ["--format", "csv", "-c", "check"]).out
            #expect(!findings.contains("over-capacity"), "\(findings)")
            let activePairs = DistrictServer.run(town, ["--format", "csv", "-c", "pair count where ended is empty by child"]).lines.dropFirst()
            #expect(activePairs.allSatisfy { $0.hasSuffix(",1") }, "\(activePairs.filter { !$0.hasSuffix(",1") })")
            let popular = DistrictServer.run(town, ["--format", "json", "-c", "pair count where helper = 热门帮扶人"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Int(popular) ?? 99 <= 2, "the helper who takes one family has \(popular) pairs")
        }
    }

    /// `kill -9` in the middle of a long script: all of it or none of it is there afterwards,
    /// the chain is whole, the ids gapless, and the town is not left locked.
    /// district.md: a server lost mid-run is exit 3 with a one-line reason, at once, and the
    /// run leaves nothing; the process never stays waiting on the dead connection. The server
    /// ends the run's connection (as a restart would) while the script is writing.
    @Test func aConnectionLostMidScriptEndsTheRunAtOnce() throws {
        let town = DistrictServer.freshTown()
        #expect(DistrictServer.run(town, ["-c", "village add name=金宝村"]).status == 0)
        let script = Harness.temporaryFolder().appendingPathComponent("long.jd")
        try (0..<10000).map { "family add village=金宝村 guardian=监护人\($0)" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        let name = "lost_" + UUID().uuidString.prefix(8).lowercased()
        let process = Process()
        process.executableURL = Harness.binary
        process.arguments = ["--db", town + "&application_name=" + name, "-f", script.path]
        process.environment = ["JIEDUI_TODAY": "2024-12-31"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        #expect(process.isRunning, "the script was over before its connection could be ended")
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [TwinStores.server ?? "", "-Atc", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '\(name)'"]
        psql.standardOutput = FileHandle.nullDevice
        try psql.run()
        psql.waitUntilExit()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!process.isRunning, "the run still waits on its lost connection")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 3, "\(said)")
        #expect(said.split(separator: "\n").count == 1, "\(said)")
        #expect(DistrictServer.run(town, ["--format", "json", "-c", "family count"]).out == "0\n")
        #expect(DistrictServer.run(town, ["-c", "log verify"]).status == 0)
    }

    @Test func aKilledScriptLeavesAllOrNothing() throws {
        let town = DistrictServer.freshTown()
        #expect(DistrictServer.run(town, ["-c", "village add name=金宝村"]).status == 0)
        let folder = Harness.temporaryFolder()
        let script = folder.appendingPathComponent("long.jd")
        try (0..<3000).map { "family add village=金宝村 guardian=监护人\($0)" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        for delay in [0.3, 1.0] {
            let before = Int(DistrictServer.run(town, ["--format", "json", "-c", "family count"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let process = Process()
            process.executableURL = Harness.binary
            process.arguments = ["--db", town, "-f", script.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            #expect(process.isRunning, "the script was over before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let after = Int(DistrictServer.run(town, ["--format", "json", "-c", "family count"]).out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(after == before || after == before + 3000, "killed after \(delay) s: \(before) families before, \(after) after")
            let last = DistrictServer.run(town, ["--format", "csv", "-c", "family list sort id desc limit 1 show id"]).lines.last
            #expect(after == 0 ? last == "id" : last == String(format: "F%04d", after))
            #expect(DistrictServer.run(town, ["-c", "log verify"]).status == 0)
        }
        // The next clerk is not kept waiting by the dead one.
        let next = DistrictServer.run(town, ["-c", "village add name=石门村"])
        #expect(next.status == 0, "\(next.err)")
    }

    /// A clerk holding the town longer than 5 s (a script whose query sleeps): another clerk's
    /// write fails with exit 1 and "database busy" and writes nothing; a reader does not wait;
    /// a clerk of another town is not blocked at all.
    @Test func aClerkHoldingATownTooLongTurnsTheNextWriterAwayAndNobodyElse() throws {
        let town = DistrictServer.freshTown(), other = DistrictServer.freshTown()
        #expect(DistrictServer.run(town, ["-c", "village add name=金宝村"]).status == 0)
        #expect(DistrictServer.run(other, ["-c", "village add name=金宝村"]).status == 0)
        let holder = Process()
        holder.executableURL = Harness.binary
        holder.arguments = ["--db", town, "--reveal", "-f", "-"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("village add name=石门村\nsql SELECT pg_sleep(8)\n".utf8))
        try input.fileHandleForWriting.close()
        Thread.sleep(forTimeInterval: 1)

        let start = Date()
        let turnedAway = DistrictServer.run(town, ["-c", "village add name=乙村"])
        let waited = Date().timeIntervalSince(start)
        #expect(turnedAway.status == 1, "\(turnedAway.err)")
        #expect(turnedAway.err.contains(Message.databaseBusy.text(.en)), "the same words as a locked file: \(turnedAway.err)")
        #expect(waited >= 4.5 && waited < 7.5, "waited \(waited) s")

        let readStart = Date()
        let read = DistrictServer.run(town, ["--format", "json", "-c", "village count"])
        #expect(read.out == "1\n", "the reader sees the committed town: \(read.out)")
        #expect(Date().timeIntervalSince(readStart) < 2, "a reader waited")
        let otherStart = Date()
        #expect(DistrictServer.run(other, ["-c", "village add name=乙村"]).status == 0)
        #expect(Date().timeIntervalSince(otherStart) < 2, "another town waited")

        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        let villages = DistrictServer.run(town, ["--format", "csv", "-c", "village list show name"]).lines.dropFirst()
        #expect(Array(villages) == ["金宝村", "石门村"], "the turned-away clerk wrote nothing")
        #expect(DistrictServer.run(town, ["-c", "log verify"]).status == 0)
    }
}
