import Foundation

/// Writes a zip archive (PKWARE's APPNOTE, the subset an .xlsx needs) whose entries arrive
/// already deflated, with their CRC-32 and sizes known: local header, data, and at the end the
/// central directory. Every field that could vary is fixed (the date 1980-01-01 00:00, version
/// 2.0, no extra fields, Unix permissions 0644), so the same entries give the same bytes. The
/// file is hashed as it is written.
final class ZIPWriter {
    private let file: BufferedFileWriter
    private var central: [UInt8] = []
    private var entries = 0
    private var offset: Int64 = 0

    /// A piece of an entry's deflated data: bytes in memory, or a file of compressed bytes.
    enum Piece {
        case bytes([UInt8])
        case file(path: String, size: Int64)

        var size: Int64 {
            switch self {
            case .bytes(let bytes): Int64(bytes.count)
            case .file(_, let size): size
            }
        }
    }

    init(path: String) throws {
        let descriptor = try OutputFiles.createPrivateFile(at: path)
        file = BufferedFileWriter(descriptor: descriptor, path: path, hashing: true)
    }

    /// Adds an entry whose deflated data is `pieces`, in order.
    func addEntry(_ name: String, pieces: [Piece], crc: UInt, uncompressedSize: Int64) throws {
        let compressedSize = pieces.reduce(Int64(0)) { $0 + $1.size }
        guard compressedSize < 0xFFFF_FFFF, uncompressedSize < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
            throw SpreadsheetError(.io, "\(name) is too large for a zip entry without ZIP64")
        }
        let nameBytes = Array(name.utf8)
        var local: [UInt8] = []
        local.le32(0x0403_4B50)
        local.le16(20)           // version needed: deflate
        local.le16(0x0800)       // the name is UTF-8
        local.le16(8)            // deflate
        local.le16(0)            // 00:00
        local.le16(0x0021)       // 1980-01-01
        local.le32(UInt32(crc))
        local.le32(UInt32(compressedSize))
        local.le32(UInt32(uncompressedSize))
        local.le16(UInt16(nameBytes.count))
        local.le16(0)            // no extra field
        local += nameBytes

        central.le32(0x0201_4B50)
        central.le16(0x0314)     // made by: Unix, 2.0
        central += local[4..<30]
        central.le16(0)          // no comment
        central.le16(0)          // disk 0
        central.le16(0)          // no internal attributes
        central.le32(0o100644 << 16)  // a regular file, rw-r--r--
        central.le32(UInt32(offset))
        central += nameBytes

        try file.write(bytes: local)
        for piece in pieces {
            switch piece {
            case .bytes(let bytes): try file.write(bytes: bytes)
            case .file(let path, let size): try copy(path, size)
            }
        }
        offset += Int64(local.count) + compressedSize
        entries += 1
    }

    /// Writes the central directory and its end record, closes the file, and returns its SHA-256.
    func finish() throws -> String {
        var end: [UInt8] = []
        end.le32(0x0605_4B50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(entries))
        end.le16(UInt16(entries))
        end.le32(UInt32(central.count))
        end.le32(UInt32(offset))
        end.le16(0)              // no comment
        try file.write(bytes: central)
        try file.write(bytes: end)
        guard let digest = try file.close() else { preconditionFailure("the zip file is hashed as written") }
        return digest
    }

    private func copy(_ path: String, _ size: Int64) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputFiles.ioError("cannot read back", path) }
        defer { _ = closeDescriptor(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = size
        while left > 0 {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, Int(min(Int64($0.count), left))) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw SpreadsheetError(.io, "\(path) is shorter than written") }
            try file.write(bytes: Array(buffer[0..<got]))
            left -= Int64(got)
        }
    }
}

private extension Array where Element == UInt8 {
    mutating func le16(_ value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
