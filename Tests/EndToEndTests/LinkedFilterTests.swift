import Foundation
import Testing

/// Filters on a field that is another record's column (a child's village is its family's, a
/// pair's family its child's, a visit's child its pair's) are answered through the link; they
/// must select exactly the records whose shown value matches.
@Suite struct LinkedFilterTests {
    static let folder = Harness.temporaryFolder()
    static let db: String = {
        let path = folder.appendingPathComponent("demo.db").path
        let made = Harness.run(["--demo", "--db", path, "-c", "village count"], environment: ["JIEDUI_TODAY": "2024-12-31"])
        precondition(made.status == 0, made.err)
        return path
    }()

    private func csv(_ command: String) -> [[String]] {
        let result = Harness.run(["--db", Self.db, "--format", "csv", "-c", command], environment: ["JIEDUI_TODAY": "2024-12-31"])
        #expect(result.status == 0, "\(command): \(result.err)")
        return result.lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(arguments: [("child", "village"), ("pair", "family"), ("visit", "child")])
    func equalityAndInSelectExactlyTheMatchingRecords(noun: String, field: String) throws {
        let all = csv("\(noun) list show id,\(field)")
        let values = Array(Set(all.map { $0[1] })).sorted()
        try #require(values.count >= 2, "the demo town has several \(field) values for \(noun)")
        for value in values.prefix(6) {
            let expected = all.filter { $0[1] == value }.map { $0[0] }
            #expect(csv("\(noun) list where \(field) = \(value) show id").map { $0[0] } == expected, "\(field) = \(value)")
            #expect(csv("\(noun) list where not \(field) = \(value) show id").map { $0[0] } == all.filter { $0[1] != value }.map { $0[0] })
        }
        let two = Array(values.prefix(2))
        let expected = all.filter { two.contains($0[1]) }.map { $0[0] }
        #expect(csv("\(noun) list where \(field) in (\(two.joined(separator: ", "))) show id").map { $0[0] } == expected)
        // A value that names no record is a reference that matches nothing: an error, not an empty list.
        let none = Harness.run(["--db", Self.db, "--format", "csv", "--lang", "en", "-c", "\(noun) list where \(field) = 无此值 show id"],
                               environment: ["JIEDUI_TODAY": "2024-12-31"])
        #expect(none.status == 1 && none.out.isEmpty && none.err.contains("no \(field) 无此值"), "\(none.out)\(none.err)")
    }
}
