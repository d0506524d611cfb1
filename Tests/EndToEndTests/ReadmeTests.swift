import Foundation
import Testing

/// README's tour runs as printed: every command of its shell block, in order, on a new town,
/// with the binary on PATH as the tour says.
@Suite struct ReadmeTests {
    /// The first ```sh block after `heading` in README.md.
    private func shellBlock(after heading: String) throws -> String {
        let readme = try String(contentsOf: Harness.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: heading))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func theTourRunsAsPrinted() throws {
        let block = try shellBlock(after: "## A short tour")
        let commands = block.split(separator: "\n").filter { $0.hasPrefix("jiedui ") }
        #expect(commands.count >= 10, "the tour lost its commands")
        let folder = Harness.temporaryFolder()
        // The tour's first line puts $PWD/.build/debug on PATH; the test's binary stands in for it.
        let script = """
            set -e
            mkdir -p .build && ln -s "\(Harness.binary.deletingLastPathComponent().path)" .build/debug
            \(block)
            """
        let result = Harness.run(["-c", script], environment: ["LANG": "C.UTF-8", "HOME": folder.path], in: folder, executable: "/bin/bash")
        #expect(result.status == 0, "the tour stopped: \(result.err)")
        // What the tour says it shows: the visit counted this year (when the visit fell in it),
        // the overdue visit named as such, and the alert reported on the day it was found.
        #expect(result.out.contains("王小花"), "\(result.out)")
        #expect(result.out.contains("已逾期"), "due shows the overdue visit: \(result.out)")
        #expect(!result.out.contains("alert-late"), "\(result.out)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("town.db").path))
    }
}
