import JieduiCore
import Testing

/// A path split as the shell splits it, whatever its length: no name is too short to split.
@Suite struct FilePathTests {
    @Test(arguments: [
        ("台账/2024.xlsx", "台账", "2024.xlsx"), ("z", "", "z"), ("/z", "/", "z"), ("a/b/", "a", "b"),
        ("", "", ""), ("/", "/", "/"), ("./g", ".", "g"), ("a//b", "a/", "b"),
    ])
    func splitsAtTheLastSlash(path: String, folder: String, name: String) {
        #expect(FilePath.folder(of: path) == folder, "\(path)")
        #expect(FilePath.name(of: path) == name, "\(path)")
    }

    @Test func dropsOnlyTheNamesExtension() {
        #expect(FilePath.withoutExtension("村/摸排.xlsx") == "村/摸排")
        #expect(FilePath.withoutExtension("v1.2/摸排") == "v1.2/摸排")
        #expect(FilePath.withoutExtension(".jd") == ".jd")
        #expect(FilePath.joined("", "a.jd") == "a.jd" && FilePath.joined("/", "a.jd") == "/a.jd" && FilePath.joined("x", "a.jd") == "x/a.jd")
    }
}
