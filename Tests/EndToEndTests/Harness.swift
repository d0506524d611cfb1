import Foundation

/// Runs the built `jiedui` binary as a user would and captures what it prints.
enum Harness {
    /// The project's root folder (this file is Tests/EndToEndTests/Harness.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `$JIEDUI_BIN`, else the one built beside the test bundle.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["JIEDUI_BIN"] { return URL(fileURLWithPath: path) }
        let beside = Bundle.main.bundleURL.appendingPathComponent("jiedui")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for dir in [".build/debug", ".build/release"] {
            let url = root.appendingPathComponent(dir).appendingPathComponent("jiedui")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        preconditionFailure("jiedui binary not found; build it first (swift build)")
    }()

    struct Result {
        let status: Int32
        let out: String
        let err: String
        var lines: [String] { out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    }

    /// A new empty folder for one test's files.
    /// A new folder of its own. Its name never holds a run of digits that masking would take
    /// for a phone (a UUID may: `…-01331172942C`), since tests compare paths that jiedui prints.
    static func temporaryFolder() -> URL {
        let hex = Array(UUID().uuidString.replacingOccurrences(of: "-", with: ""))
        let name = stride(from: 0, to: hex.count, by: 4).map { String(hex[$0..<min($0 + 4, hex.count)]) }.joined(separator: "k")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-e2e-\(name)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs jiedui with arguments, optional standard input and extra environment (or, with
    /// `executable`, another program that runs jiedui, such as one that changes the user).
    ///
    /// With a test server (`TwinStores`), jiedui runs twice: on the file `--db` (or `JIEDUI_DB`)
    /// names, and on a town of the server that stands for that file; the two must print the
    /// same and exit alike, or the test fails. What the file gave is returned.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in folder: URL? = nil, executable: String? = nil) -> Result {
        guard executable == nil, let twin = TwinStores.twin(of: arguments, environment: environment, in: folder) else {
            return runOnce(arguments, stdin: stdin, environment: environment, in: folder, executable: executable)
        }
        // Test cases running at once may share a file: one twinned run at a time per file, so
        // that no case's server run reads a town another case is making anew.
        let (onFile, onServer) = Mirror.shared.alone(twin.path) {
            Mirror.shared.bringUp(twin.path, to: twin.url)
            let onFile = runOnce(arguments, stdin: stdin, environment: twin.fileEnvironment, in: folder, executable: nil)
            let onServer = runOnce(twin.arguments, stdin: stdin, environment: twin.environment, in: folder, executable: nil)
            Mirror.shared.remember(twin.path)
            return (onFile, onServer)
        }
        twin.compare(file: onFile, server: onServer, arguments: arguments)
        return onFile
    }

    /// Runs jiedui (or `executable`) once.
    static func runOnce(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in folder: URL? = nil, executable: String? = nil) -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        // English unless a test asks otherwise (Chinese is the default for any other locale).
        env["LANG"] = "en_US.UTF-8"
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_MESSAGES")
        env.removeValue(forKey: "JIEDUI_DB")
        env.removeValue(forKey: "JIEDUI_TODAY")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let folder { process.currentDirectoryURL = folder }
        // Standard error goes to a file, so that reading both streams cannot deadlock.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try! FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let outPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errHandle
        process.standardInput = inPipe
        try! process.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try? inPipe.fileHandleForWriting.close()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    /// Whether `actual` matches `expected` as language.md's examples define it: the same JSON
    /// value, except that an expected object lists only the keys that must match.
    static func jsonMatches(_ expected: Any, _ actual: Any) -> Bool {
        switch (expected, actual) {
        case let (e as [String: Any], a as [String: Any]):
            return e.allSatisfy { key, value in a[key].map { jsonMatches(value, $0) } ?? false }
        case let (e as [Any], a as [Any]):
            return e.count == a.count && zip(e, a).allSatisfy { jsonMatches($0, $1) }
        case let (e as String, a as String):
            return e == a
        case let (e as NSNumber, a as NSNumber):
            return e == a
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }

    static func json(_ line: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    }
}
