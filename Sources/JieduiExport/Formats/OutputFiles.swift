import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system steps shared by the writers, so that every export file is created the same way:
/// under a temporary name beside its destination, private while it is being written, given its
/// final mode, and renamed into place only when complete — a failed or interrupted export never
/// leaves a half-written ledger under the name the official asked for.
enum OutputFiles {
    /// Creates a directory readable by the owner only, next to `path`, for the pieces of a
    /// file being built. Being in the same directory makes the final `rename` atomic.
    static func makeWorkDirectory(besides path: String) throws -> String {
        let (directory, base) = split(path)
        var template = Array("\(directory)/.\(base).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else {
            throw ioError("cannot create a temporary directory beside", path)
        }
        return string(fromCString: template)
    }

    /// Creates and opens a new file readable by the owner only, next to `path`.
    static func makeTemporaryFile(besides path: String) throws -> (descriptor: Int32, path: String) {
        let (directory, base) = split(path)
        var template = Array("\(directory)/.\(base).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ioError("cannot create a temporary file beside", path)
        }
        return (descriptor, string(fromCString: template))
    }

    /// Opens a new file for writing, readable by the owner only (used inside a work directory).
    static func createPrivateFile(at path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ioError("cannot create", path) }
        return descriptor
    }

    /// Gives a finished temporary file its mode and moves it onto its final name.
    ///
    /// `chmod` rather than the creation mode, because the umask would otherwise change it and
    /// because an existing file at the destination must not lend its (possibly wider) mode.
    static func install(_ temporary: String, at path: String, mode: mode_t) throws {
        guard chmod(temporary, mode) == 0 else { throw ioError("cannot set the mode of", path) }
        guard rename(temporary, path) == 0 else { throw ioError("cannot write", path) }
    }

    /// The SHA-256 of a file, read in chunks so that a large export is never loaded whole.
    static func sha256Hex(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ioError("cannot read back", path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// Lowercase hexadecimal, the form `sha256sum` prints, so a filed copy can be checked with it.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func ioError(_ what: String, _ path: String) -> SpreadsheetError {
        let code = errno
        return SpreadsheetError(.io, "\(what) \(path): \(String(cString: strerror(code)))", errno: code)
    }

    private static func string(fromCString bytes: [CChar]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func split(_ path: String) -> (directory: String, base: String) {
        let url = URL(fileURLWithPath: path)
        return (url.deletingLastPathComponent().path, url.lastPathComponent)
    }
}

/// Writes bytes to a file descriptor through a fixed-size buffer.
///
/// The buffer is what keeps the memory of an export constant: rows are appended as they come and
/// leave memory every 64 KiB, however long the ledger. It can also hash everything it writes,
/// which lets the CSV writer report the file's SHA-256 without reading the file back.
final class BufferedFileWriter {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var hasher: SHA256?
    private var isClosed = false
    private(set) var bytesWritten: Int64 = 0

    init(descriptor: Int32, path: String, hashing: Bool = false, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.path = path
        self.capacity = capacity
        self.hasher = hashing ? SHA256() : nil
        buffer.reserveCapacity(capacity)
    }

    deinit {
        if !isClosed { _ = closeDescriptor(descriptor) }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    func write(data: Data) throws {
        buffer.append(contentsOf: data)
        if buffer.count >= capacity { try flush() }
    }

    func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher?.update(data: buffer)
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = writeDescriptor(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputFiles.ioError("cannot write", path)
                }
                offset += written
            }
        }
        bytesWritten += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; returns the SHA-256 of all bytes written when hashing was asked for.
    @discardableResult
    func close() throws -> String? {
        try flush()
        isClosed = true
        guard closeDescriptor(descriptor) == 0 else { throw OutputFiles.ioError("cannot write", path) }
        return hasher.map { OutputFiles.hex($0.finalize()) }
    }
}

/// `close(2)`, named apart from `BufferedFileWriter.close()` which would otherwise shadow it.
func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(descriptor)
    #else
    return Darwin.close(descriptor)
    #endif
}

/// `write(2)`, named apart from `BufferedFileWriter.write(_:)` which would otherwise shadow it.
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}
