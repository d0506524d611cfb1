import Foundation

/// The shell's history: at most `capacity` lines, consecutive duplicates dropped, each line
/// passed through a sanitiser (which masks personal numbers) before it is kept, and saved by
/// writing a temporary file and renaming it, so that a crash never leaves an empty file.
public final class History {
    public let path: String?
    public let capacity: Int
    private let sanitize: (String) -> String
    public private(set) var lines: [String] = []

    public init(path: String?, capacity: Int = 2000, sanitize: @escaping (String) -> String) {
        self.path = path
        self.capacity = capacity
        self.sanitize = sanitize
        load()
    }

    private func load() {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            append(String(line))
        }
    }

    /// Adds a line; returns what was kept (sanitised), or nil when it was dropped.
    @discardableResult
    public func add(_ line: String) -> String? {
        let kept = append(line)
        if kept != nil { save() }
        return kept
    }

    @discardableResult
    private func append(_ line: String) -> String? {
        let clean = sanitize(line.replacingOccurrences(of: "\n", with: " ")).trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty, clean != lines.last else { return nil }
        lines.append(clean)
        if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        return clean
    }

    /// Writes the history to a temporary file beside it, then renames it into place.
    public func save() {
        guard let path else { return }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        let text = lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// The most recent line before `index` containing `query`, searching backwards.
    public func search(_ query: String, before index: Int) -> Int? {
        guard !query.isEmpty else { return nil }
        var i = min(index, lines.count) - 1
        while i >= 0 {
            if lines[i].contains(query) { return i }
            i -= 1
        }
        return nil
    }
}
