import Foundation
import Testing

/// The scripts of ../shared/examples, run as their README says: each on a new database with
/// `--format json --lang en -f NAME.jd`, its status, output lines and error lines compared.
@Suite struct ExamplesTests {
    static let folder = Harness.root.deletingLastPathComponent().appendingPathComponent("shared/examples")

    /// Examples that need commands of a later part of the programme, with the reason.
    static let pending: [String: String] = [:]

    static var all: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".jd") }.map { String($0.dropLast(3)) }.sorted()
    }

    static var runnable: [String] { all.filter { pending[$0] == nil } }

    @Test func examplesAreThere() {
        #expect(Self.all.contains("01-basics"), "expected ../shared/examples beside the project")
        #expect(Self.all.contains("02-atomic"))
    }

    @Test(arguments: runnable)
    func example(_ name: String) throws {
        let folder = Harness.temporaryFolder()
        let script = Self.folder.appendingPathComponent("\(name).jd")
        let result = Harness.run(["--db", folder.appendingPathComponent("new.db").path, "--format", "json", "--lang", "en", "-f", script.path])
        let statusText = try? String(contentsOf: Self.folder.appendingPathComponent("\(name).status"), encoding: .utf8)
        let expectedStatus = Int32(statusText?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
        #expect(result.status == expectedStatus, "stderr: \(result.err)")
        // The rules of practice.md are in: an example with output for them is compared with it.
        let practice = Self.folder.appendingPathComponent("\(name).practice.out")
        let output = FileManager.default.fileExists(atPath: practice.path) ? practice : Self.folder.appendingPathComponent("\(name).out")
        let expected = try String(contentsOf: output, encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(result.lines.count == expected.count, "output:\n\(result.out)")
        for (index, (want, got)) in zip(expected, result.lines).enumerated() {
            let e = try #require(Harness.json(want), "expected line \(index + 1) is not JSON")
            let a = Harness.json(got)
            #expect(a.map { Harness.jsonMatches(e, $0) } ?? false, "line \(index + 1): expected \(want), got \(got)")
        }
        if let errors = try? String(contentsOf: Self.folder.appendingPathComponent("\(name).err"), encoding: .utf8) {
            for line in errors.split(separator: "\n") where !line.isEmpty {
                #expect(result.err.contains(line), "stderr lacks \(line): \(result.err)")
            }
        }
    }
}
