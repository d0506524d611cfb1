/// A file path's folder and name, split at its last `/` as the shell splits them:
/// `台账/2024.xlsx` is `台账` and `2024.xlsx`, `z` is `` and `z`, `/z` is `/` and `z`. Foundation's
/// `NSString` path methods are not used for this: on Linux `deletingLastPathComponent` stops
/// the program on a one-character name.
public enum FilePath {
    /// The path without the slashes that end it, unless it is all slashes.
    private static func trimmed(_ path: String) -> Substring {
        guard !path.isEmpty else { return "" }
        var end = path.endIndex
        while end > path.index(after: path.startIndex), path[path.index(before: end)] == "/" { end = path.index(before: end) }
        return path[..<end]
    }

    /// The folder: empty for a bare name, `/` for a name in the root.
    public static func folder(of path: String) -> String {
        let path = trimmed(path)
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last part: the file's (or folder's) own name.
    public static func name(of path: String) -> String {
        let path = trimmed(path)
        guard let slash = path.lastIndex(of: "/") else { return String(path) }
        return path.index(after: slash) == path.endIndex ? String(path) : String(path[path.index(after: slash)...])
    }

    /// The path without its name's extension (`摸排.xlsx` → `摸排`); a name that starts with its
    /// only dot (`.jd`) has none.
    public static func withoutExtension(_ path: String) -> String {
        let name = name(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    /// The extension of the path's name, without its dot (`xlsx`); empty where it has none.
    public static func ending(of path: String) -> String {
        let name = name(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `name` in `folder`: the name alone for an empty folder.
    public static func joined(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
