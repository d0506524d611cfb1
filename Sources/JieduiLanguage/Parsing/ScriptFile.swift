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
public final class ScriptFile: LineSource {
    public enum Problem: Error, Equatable {
        case cannotRead(reason: String)
        case invalidUTF8(line: Int)
    }

    /// The number of lines, the last one counted even without a line break.
    public let lineCount: Int
    private let descriptor: Int32
    private let blockSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var first = true

    /// `blockSize` is how much is read at a time (small in tests, to cross block edges often).
    public init(path: String, blockSize: Int = 1 << 20) throws(Problem) {
        self.blockSize = max(1, blockSize)
        lineCount = try Self.check(path: path, blockSize: self.blockSize)
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .cannotRead(reason: String(cString: strerror(errno))) }
    }

    deinit {
        close(descriptor)
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
        let count = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: blockSize))
        let got = buffer.withUnsafeMutableBufferPointer { bytes in read(descriptor, bytes.baseAddress! + count, blockSize) }
        buffer.removeLast(blockSize - max(0, got))
        if got <= 0 { atEnd = true }
    }

    /// Reads the whole file once: every line must be UTF-8. Returns the number of lines.
    private static func check(path: String, blockSize: Int) throws(Problem) -> Int {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .cannotRead(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var pending: [UInt8] = []  // the bytes after the last line break read so far
        var lines = 0              // complete lines before `pending`
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let got = block.withUnsafeMutableBufferPointer { read(descriptor, $0.baseAddress!, blockSize) }
            if got < 0 { throw .cannotRead(reason: String(cString: strerror(errno))) }
            if got == 0 { break }
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
