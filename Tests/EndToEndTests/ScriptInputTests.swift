import Foundation
import Testing

/// Scripts that can be read only once — a pipe, `/dev/stdin`, a shell's `<(…)` — run exactly
/// once, after the same UTF-8 check as a file, and never "succeed" having done nothing.
@Suite struct ScriptInputTests {
    /// Runs a shell line with `$bin` and `$db` set, returning its status and output.
    private func shell(_ line: String, db: String) -> Harness.Result {
        Harness.run(["-c", line], environment: ["bin": Harness.binary.path, "db": db], executable: "/bin/bash")
    }

    private func villages(_ db: String) -> [String] {
        Harness.run(["--db", db, "--format", "csv", "-c", "village list show name"]).lines.dropFirst().map { $0 }
    }

    @Test(arguments: [
        "printf 'village add name=甲村\\nvillage add name=乙村\\n' | \"$bin\" --db \"$db\" -f /dev/stdin",
        "\"$bin\" --db \"$db\" -f <(printf 'village add name=甲村\\nvillage add name=乙村\\n')",
        "printf 'village add name=甲村\\nvillage add name=乙村\\n' | \"$bin\" --db \"$db\" -f -",
        "printf 'village add name=甲村\\nvillage add name=乙村\\n' | \"$bin\" --db \"$db\"",
    ])
    func aScriptThatCanBeReadOnlyOnceRunsOnce(line: String) {
        let db = Harness.temporaryFolder().appendingPathComponent("p.db").path
        let result = shell(line, db: db)
        #expect(result.status == 0, "\(result.err)")
        #expect(villages(db) == ["甲村", "乙村"])
    }

    /// A NUL inside a value would cut the stored text short: the value is refused, whole, with
    /// its line, and nothing of the script is kept.
    @Test func aValueHoldingANulIsRefusedNotCut() {
        let db = Harness.temporaryFolder().appendingPathComponent("n.db").path
        let result = shell("printf 'village add name=甲村\\nvillage add name=a\\000b\\n' | \"$bin\" --db \"$db\" --lang en", db: db)
        #expect(result.status == 1)
        #expect(result.err.contains("<stdin>:2:") && result.err.contains("NUL"), "\(result.err)")
        #expect(villages(db).isEmpty)
    }

    @Test func aPipedScriptIsOneTransactionAndItsErrorNamesTheLine() {
        let db = Harness.temporaryFolder().appendingPathComponent("p.db").path
        let result = shell("\"$bin\" --db \"$db\" --lang en -f <(printf 'village add name=甲村\\nvillage add name=甲村\\n')", db: db)
        #expect(result.status == 1)
        #expect(result.err.contains(":2:"), "\(result.err)")
        #expect(villages(db).isEmpty, "the first line was rolled back with the script")
    }

    @Test func aPipedScriptWithABadByteIsRefusedBeforeAnythingRuns() {
        let db = Harness.temporaryFolder().appendingPathComponent("p.db").path
        let result = shell("printf 'village add name=甲村\\nvillage add name=\\xff\\n' | \"$bin\" --db \"$db\" --lang en -f /dev/stdin", db: db)
        #expect(result.status == 1)
        #expect(result.err.contains("line 2 is not valid UTF-8"), "\(result.err)")
        #expect(villages(db).isEmpty)
    }

    /// A long script through a pipe (more than one block of the reader), every line run.
    @Test func aLongPipedScriptRunsEveryLine() {
        let db = Harness.temporaryFolder().appendingPathComponent("p.db").path
        let result = shell("for i in $(seq 1 3000); do echo \"village add name=村$i note=$(printf '%0200d' 0)\"; done | \"$bin\" --db \"$db\" --format json -f /dev/stdin >/dev/null; echo $?", db: db)
        // `note` is not a village field: every line fails the same way, and the first stops it.
        #expect(result.out == "1\n")
        let good = shell("for i in $(seq 1 3000); do echo \"village add name=村$i director=$(printf '%0200d' $i)\"; done | \"$bin\" --db \"$db\" --format json -f /dev/stdin >/dev/null; echo $?", db: db)
        #expect(good.out == "0\n", "\(good.err)")
        #expect(Harness.run(["--db", db, "--format", "json", "-c", "village count"]).out == "3000\n")
    }
}
