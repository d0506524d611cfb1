import Foundation
import JieduiCore
import Testing
import ZIPFoundation
@testable import JieduiExport

/// The zip writer and the deflate parts a worksheet is made of: an independent reader
/// (ZIPFoundation, which checks every entry's CRC-32) gets back exactly what went in, however
/// the entry was cut into parts.
@Suite struct ZIPWriterTests {
    private func text(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        // Row-like XML with Chinese text, so that it compresses as a sheet does.
        var bytes: [UInt8] = []
        while bytes.count < count {
            bytes += Array("<row r=\"\(random.next() % 100_000)\"><c t=\"inlineStr\"><is><t>王小花\(random.next() % 97)</t></is></c></row>".utf8)
        }
        return Array(bytes.prefix(count))
    }

    @Test(arguments: [(0, 0, 0), (10, 0, 5), (1, 1, 1), (300, 700_000, 40), (70_000, 1, 0)])
    func partsMakeOneEntryThatReadsBack(head: Int, rows: Int, tail: Int) throws {
        var random = SplitMix64(seed: UInt64(head * 31 + rows * 7 + tail))
        let parts = [text(head, &random), text(rows, &random), text(tail, &random)]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiedui-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // The rows go through the file writer on its thread, the others at once.
        let rowsPath = folder.appendingPathComponent("rows").path
        let writer = DeflatingFileWriter(descriptor: try OutputFiles.createPrivateFile(at: rowsPath), path: rowsPath)
        // Fed in pieces of any length that end on a character, as rows are.
        let rowsString = String(decoding: parts[1], as: UTF8.self)
        var rest = Substring(rowsString)
        while !rest.isEmpty {
            let step = min(rest.count, 1 + Int(random.next() % 5_000))
            try writer.write(String(rest.prefix(step)))
            rest = rest.dropFirst(step)
        }
        let rowsResult = try writer.close()
        let head = try Deflater.compress(parts[0], final: false)
        let tail = try Deflater.compress(parts[2], final: true)

        let path = folder.appendingPathComponent("t.zip").path
        let zip = try ZIPWriter(path: path)
        let small = try Deflater.compress(Array("<x/>".utf8), final: true)
        try zip.addEntry("a.xml", pieces: [.bytes(small.data)], crc: small.crc, uncompressedSize: small.count)
        let crc = Deflater.combine(Deflater.combine(head.crc, rowsResult.crc, secondCount: rowsResult.count), tail.crc, secondCount: tail.count)
        try zip.addEntry("xl/worksheets/sheet1.xml",
                         pieces: [.bytes(head.data), .file(path: rowsPath, size: rowsResult.compressedSize), .bytes(tail.data)],
                         crc: crc, uncompressedSize: head.count + rowsResult.count + tail.count)
        let digest = try zip.finish()

        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var contents: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            contents[entry.path] = data
        }
        #expect(contents["a.xml"] == Data("<x/>".utf8))
        let rowsText = Array(rowsString.utf8)
        #expect(contents["xl/worksheets/sheet1.xml"] == Data(parts[0] + rowsText + parts[2]))
        #expect(digest == (try OutputFiles.sha256Hex(ofFileAt: path)), "the digest is the file's")
    }
}
