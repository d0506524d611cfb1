import Foundation

/// Where `CommandStream` takes its lines from: each line with its line break, nil at the end.
public protocol LineSource: AnyObject {
    func nextLine() -> String?
}

/// A script held in memory (`-c`, standard input, tests), given out line by line.
public final class TextLines: LineSource {
    private let text: String
    private var position: String.Index

    public init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    public func nextLine() -> String? {
        let utf8 = text.utf8
        guard position < utf8.endIndex else { return nil }
        let start = position
        if let newline = utf8[position...].firstIndex(of: UInt8(ascii: "\n")) {
            position = utf8.index(after: newline)
        } else {
            position = utf8.endIndex
        }
        return String(text[start..<position])
    }
}

/// A script file read a block at a time, so that its size does not set the program's memory
/// (a province's script is half a gigabyte). It is first read through once to check that it is
/// UTF-8 throughout, so that a bad byte is refused, naming its line, before anything runs; that
/// pass also counts the lines for the progress bar.
///
/// The file is opened once. A regular file is then read again from its start; anything that can
/// be read only once (a pipe, `/dev/stdin`, a shell's `<(…)`) is copied during the check into a
/// private temporary file, unlinked at once, which is then read instead — so such a script still
/// runs exactly once, after the same check.
public final class ScriptFile: LineSource {
    public enum Problem: Error, Equatable {
        case cannotRead(errno: Int32)
        case invalidUTF8(line: Int)
    }

    /// The number of lines, the last one counted even without a line break.
    public let lineCount: Int
    private let descriptor: Int32
    private let blockSize: Int
    private var buffer: [UInt8] = []
    /// What each `read` fills, made on first use.
    private var block: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var first = true

    /// `blockSize` is how much is read at a time (small in tests, to cross block edges often).
    public convenience init(path: String, blockSize: Int = 1 << 20) throws(Problem) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotRead(errno: errno) }
        try self.init(descriptor: descriptor, blockSize: blockSize)
    }

    /// Reads a script from an open descriptor, which it then owns (and closes).
    public init(descriptor source: Int32, blockSize: Int = 1 << 20) throws(Problem) {
        var info = stat()
        let isRegular = fstat(source, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        // A small file is read in one block of its own size (and one more byte, to see its end).
        self.blockSize = max(1, isRegular ? min(blockSize, Int(info.st_size) + 1) : blockSize)
        do throws(Problem) {
            if isRegular {
                lineCount = try Self.check(source, copyTo: nil, blockSize: self.blockSize)
                guard lseek(source, 0, SEEK_SET) == 0 else { throw Problem.cannotRead(errno: errno) }
                descriptor = source
            } else {
                let spool = try Self.privateSpool()
                do throws(Problem) {
                    lineCount = try Self.check(source, copyTo: spool, blockSize: self.blockSize)
                    guard lseek(spool, 0, SEEK_SET) == 0 else { throw Problem.cannotRead(errno: errno) }
                } catch {
                    close(spool)
                    throw error
                }
                close(source)
                descriptor = spool
            }
        } catch {
            close(source)
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    /// An empty file only this process can reach: made with mode 0600 in the temporary folder
    /// and unlinked at once, so it vanishes with the descriptor however the program ends.
    private static func privateSpool() throws(Problem) -> Int32 {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/jiedui-script-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotRead(errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    public func nextLine() -> String? {
        while true {
            let available = buffer.count - start
            if available > 0 {
                let newline = buffer.withUnsafeBufferPointer { bytes -> Int? in
                    guard let found = memchr(bytes.baseAddress! + start, 0x0A, available) else { return nil }
                    return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
                }
                if let newline {
                    return take(upTo: newline + 1)
                }
                if atEnd { return take(upTo: buffer.count) }
            } else if atEnd {
                return nil
            }
            readBlock()
        }
    }

    /// The bytes from `start` to `end` as text (checked to be UTF-8 already), a leading BOM dropped.
    private func take(upTo end: Int) -> String {
        var from = start
        if first {
            first = false
            if end - from >= 3, buffer[from] == 0xEF, buffer[from + 1] == 0xBB, buffer[from + 2] == 0xBF { from += 3 }
        }
        let line = String(decoding: buffer[from..<end], as: UTF8.self)
        start = end
        return line
    }

    /// Drops what has been given out and appends the next block.
    private func readBlock() {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        if block.isEmpty { block = [UInt8](repeating: 0, count: blockSize) }
        var got: Int
        repeat {
            got = block.withUnsafeMutableBufferPointer { read(descriptor, $0.baseAddress!, blockSize) }
        } while got < 0 && errno == EINTR
        guard got > 0 else {
            atEnd = true
            return
        }
        block.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<got])) }
    }

    /// Reads the whole input once: every line must be UTF-8. Returns the number of lines.
    /// With `copy`, every byte read is written there too.
    private static func check(_ descriptor: Int32, copyTo copy: Int32?, blockSize: Int) throws(Problem) -> Int {
        var pending: [UInt8] = []  // the bytes after the last line break read so far
        var lines = 0              // complete lines before `pending`
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let got = block.withUnsafeMutableBufferPointer { read(descriptor, $0.baseAddress!, blockSize) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(errno: errno)
            }
            if got == 0 { break }
            if let copy { try write(block[0..<got], to: copy) }
            let bytes = block[0..<got]
            guard let lastBreak = bytes.lastIndex(of: 0x0A) else {
                pending.append(contentsOf: bytes)
                continue
            }
            // A line break never falls inside a UTF-8 sequence, so the lines up to the last
            // break are checked together; the rest waits for the next block.
            pending.append(contentsOf: bytes[...lastBreak])
            try checkLines(pending, firstLine: lines + 1)
            lines += pending.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            pending = Array(bytes[(lastBreak + 1)...])
        }
        if !pending.isEmpty {
            try checkLines(pending, firstLine: lines + 1)
            lines += 1
        }
        return lines
    }

    /// Writes all of `bytes` (a full disk is an error, not a shorter script).
    private static func write(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) throws(Problem) {
        var offset = 0
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let wrote = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += wrote
            }
            return nil
        }
        if let failure { throw .cannotRead(errno: failure) }
    }

    private static func checkLines(_ bytes: [UInt8], firstLine: Int) throws(Problem) {
        if let line = firstInvalidLine(in: bytes, firstLine: firstLine) { throw .invalidUTF8(line: line) }
    }

    /// The number of the first line of `bytes` that is not UTF-8, counting from `firstLine`;
    /// nil when every line is.
    public static func firstInvalidLine(in bytes: [UInt8], firstLine: Int = 1) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = firstLine
        var lineStart = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A || i == bytes.count - 1 {
            if String(validating: bytes[lineStart...i], as: UTF8.self) == nil { break }
            line += 1
            lineStart = i + 1
        }
        return line
    }
}
