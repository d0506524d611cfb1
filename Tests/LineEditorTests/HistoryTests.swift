import Foundation
import Testing
@testable import LineEditor

/// The history file: size limit, duplicates, masking, atomic saving.
@Suite struct HistoryTests {
    private func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-history-\(UUID().uuidString)/history").path
    }

    @Test func keepsAtMostCapacityLinesAndDropsConsecutiveDuplicates() {
        let file = path()
        let history = History(path: file, capacity: 3, sanitize: { $0 })
        for line in ["a", "a", "b", "c", "c", "d"] { history.add(line) }
        #expect(history.lines == ["b", "c", "d"])
        let reloaded = History(path: file, capacity: 3, sanitize: { $0 })
        #expect(reloaded.lines == ["b", "c", "d"])
    }

    @Test func linesAreSanitisedBeforeTheyAreKeptOrSaved() throws {
        let file = path()
        let history = History(path: file, sanitize: { $0.replacingOccurrences(of: "13800001111", with: "138****1111") })
        history.add("family add guardian_phone=13800001111")
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!saved.contains("13800001111"))
        #expect(saved.contains("138****1111"))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func searchFindsChineseBackwards() {
        let history = History(path: nil, sanitize: { $0 })
        for line in ["child show 王小花", "village list", "child show 北山村"] { history.add(line) }
        #expect(history.search("北", before: 3) == 2)
        #expect(history.search("child", before: 2) == 0)
        #expect(history.search("无", before: 3) == nil)
    }

    @Test func commonPrefixNeverSplitsACharacter() {
        #expect(EditLineReader.commonPrefix(["金宝村", "金宝社区"]) == "金宝")
        #expect(EditLineReader.commonPrefix(["child", "check"]) == "ch")
    }
}
