import CJieduiZlib
import Foundation

/// Raw deflate (RFC 1951) as a zip entry holds it, on zlib, with the CRC-32 and length of what
/// went in.
///
/// A worksheet is compressed while its rows are written, before its head (the column widths,
/// which depend on every row) is known; the entry is then the head compressed on its own, the
/// rows, and the tail, one after another. That is one valid deflate stream because each part but
/// the last ends with a sync flush (byte-aligned, not final) and none refers back before its own
/// start; their CRC-32s combine as zlib's `crc32_combine` says.
final class Deflater {
    /// zlib's fastest level: a ledger's XML compresses almost as well as at the default (about
    /// a tenth more bytes) in a third of the time.
    static let level: Int32 = 1

    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private let sink: ([UInt8]) throws -> Void
    private var isOpen = true
    /// The CRC-32 and length of everything appended.
    private(set) var crc: UInt = 0
    private(set) var count: Int64 = 0

    /// `sink` receives the compressed bytes as they come.
    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        crc = CJieduiZlib.crc32(0, nil, 0)
        guard jd_deflate_init_raw(&stream, Self.level) == Z_OK else { preconditionFailure("zlib cannot start a deflate stream") }
    }

    deinit {
        if isOpen { deflateEnd(&stream) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        crc = CJieduiZlib.crc32(crc, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        count += Int64(bytes.count)
        try run(bytes, flush: Z_NO_FLUSH)
    }

    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Ends this part: `final` ends the whole stream, else a sync flush leaves it byte-aligned
    /// and open for the part that follows.
    func end(final: Bool) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: final ? Z_FINISH : Z_SYNC_FLUSH)
        deflateEnd(&stream)
        isOpen = false
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
        precondition(isOpen, "a deflate stream used after its end")
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        let capacity = output.count
        while true {
            let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(capacity)
                return deflate(&stream, flush)
            }
            let produced = capacity - Int(stream.avail_out)
            if produced > 0 { try sink(Array(output[0..<produced])) }
            if status == Z_STREAM_END { return }
            guard status == Z_OK || status == Z_BUF_ERROR else { preconditionFailure("zlib deflate failed (\(status))") }
            // Done when zlib took all input and had room to spare (or, finishing, said so).
            if stream.avail_in == 0 && stream.avail_out > 0 && flush != Z_FINISH { return }
        }
    }

    /// A whole part compressed at once: its bytes, CRC-32 and length.
    static func compress(_ bytes: [UInt8], final: Bool) throws -> (data: [UInt8], crc: UInt, count: Int64) {
        var data: [UInt8] = []
        let deflater = Deflater { data += $0 }
        try deflater.append(bytes)
        try deflater.end(final: final)
        return (data, deflater.crc, deflater.count)
    }

    /// The CRC-32 of two parts one after the other.
    static func combine(_ first: UInt, _ second: UInt, secondCount: Int64) -> UInt {
        CJieduiZlib.crc32_combine(first, second, off_t(secondCount))
    }
}

/// A worksheet's rows, deflated into a private file as they are written, on a second thread:
/// composing the XML and compressing it take about as long as each other, and a clerk's machine
/// has two cores. The text is handed over in blocks of 256 KiB, at most four at a time, so
/// memory stays bounded; the blocks are fixed in size and order, so the bytes are the same on
/// every run.
final class DeflatingFileWriter: @unchecked Sendable {
    // Touched only by the worker's thread, after `init`, until `close` has drained it.
    private let file: BufferedFileWriter
    private let deflater: Deflater
    // Touched only by the writing thread.
    private var block: [UInt8] = []
    private let worker = OrderedWorker(label: "jiedui.deflate", ahead: 4)
    static let blockSize = 1 << 18

    init(descriptor: Int32, path: String) {
        let file = BufferedFileWriter(descriptor: descriptor, path: path)
        self.file = file
        deflater = Deflater { try file.write(bytes: $0) }
        block.reserveCapacity(Self.blockSize)
    }

    func write(_ text: String) throws {
        block.append(contentsOf: text.utf8)
        if block.count >= Self.blockSize { try handOver() }
    }

    /// Lets `compose` append UTF-8 straight to the block being filled.
    func write(_ compose: (inout [UInt8]) -> Void) throws {
        compose(&block)
        if block.count >= Self.blockSize { try handOver() }
    }

    /// Sends the current block to the compressing thread.
    private func handOver() throws {
        let full = block
        block = []
        block.reserveCapacity(Self.blockSize)
        try worker.submit { [self] in try deflater.append(full) }
    }

    /// Compresses what is left, ends the part with a sync flush (the sheet's tail follows it in
    /// the entry), and closes the file. Returns the CRC-32 and length of the text written, and
    /// the size of the file.
    func close() throws -> (crc: UInt, count: Int64, compressedSize: Int64) {
        if !block.isEmpty { try handOver() }
        try worker.finish()
        try deflater.end(final: false)
        try file.close()
        return (deflater.crc, deflater.count, file.bytesWritten)
    }
}
