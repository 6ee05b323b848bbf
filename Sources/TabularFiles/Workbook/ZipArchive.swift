// Reading a zip (the container of an .xlsx) from a file descriptor, one entry at a time.
//
// Only the central directory is read whole (it is small and capped); an entry's data is inflated
// in chunks as its reader asks for more, so a worksheet of any size streams through a fixed
// buffer. A workbook is untrusted input, so every size the archive declares is checked against the
// file before it is believed, and inflating stops with an error as soon as an entry expands past
// 100 times its compressed size (with 1 MiB allowed to any entry, as tiny parts compress very well)
// or past 1 GiB, or past the size its directory entry declares. Part names are compared without
// regard to case, as the packaging format (OPC) says, and two entries with one name are refused:
// which of them a reader takes would be a matter of chance.
import CZlib

#if canImport(Glibc)
import Glibc
#endif

package struct ZipEntry: Sendable {
    package let name: String
    package let method: UInt16
    package let flags: UInt16
    package let crc: UInt32
    package let compressedSize: Int
    package let uncompressedSize: Int
    package let localHeaderOffset: Int
}

package final class ZipArchive {
    package static let maxExpandedSize = 1 << 30
    package static let maxRatio = 100
    package static let ratioFloor = 1 << 20
    private static let maxDirectoryBytes = 16 << 20
    private static let maxEntries = 65_536

    package let fileDescriptor: Int32
    package let size: Int
    /// By name in lower case (ASCII letters folded).
    private(set) var entries: [String: ZipEntry] = [:]

    package init(fileDescriptor: Int32, size: Int) throws(WorkbookError) {
        self.fileDescriptor = fileDescriptor
        self.size = size
        try readDirectory()
    }

    package func entry(_ name: String) -> ZipEntry? { entries[Self.folded(name)] }

    /// A part name with ASCII letters in lower case: OPC compares names that way.
    package static func folded(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return name }
        return String(
            decoding: name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self
        )
    }

    /// Reads `count` bytes at `offset`, or fails as a truncated file.
    package func bytes(at offset: Int, count: Int) throws(WorkbookError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBufferPointer { buffer throws(WorkbookError) in
            guard let base = buffer.baseAddress else { return }
            try read(into: base, count: count, at: offset)
        }
        return result
    }

    package func read(into destination: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) throws(WorkbookError) {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .damaged("the file is truncated (a part lies past its end)")
        }
        var done = 0
        while done < count {
            let got = pread(fileDescriptor, destination + done, count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw .damaged("the file is truncated or unreadable") }
            done += got
        }
    }

    private func readDirectory() throws(WorkbookError) {
        // The end-of-central-directory record is in the last 22 bytes plus a comment of up to 64 KiB.
        let tailCount = min(size, 22 + 65_535)
        let tail = try bytes(at: size - tailCount, count: tailCount)
        var found: Int?
        var index = tail.count - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 5, tail[index + 3] == 6 {
                found = index
                break
            }
            index -= 1
        }
        guard let end = found else { throw .damaged("no zip directory (the file is truncated, or not a workbook)") }
        let entryCount = Int(Self.u16(tail, end + 10))
        let directorySize = Int(Self.u32(tail, end + 12))
        let directoryOffset = Int(Self.u32(tail, end + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw .damaged("a ZIP64 archive, larger than any workbook ipreg reads")
        }
        let endOffset = size - tailCount + end
        guard directoryOffset + directorySize <= endOffset else {
            throw .damaged("the zip directory lies past the end of the file (truncated)")
        }
        guard directorySize <= Self.maxDirectoryBytes, entryCount <= Self.maxEntries else {
            throw .damaged("the zip directory is larger than any workbook's")
        }
        let directory = try bytes(at: directoryOffset, count: directorySize)
        var offset = 0
        for _ in 0..<entryCount {
            guard offset + 46 <= directory.count, Self.u32(directory, offset) == 0x0201_4B50 else {
                throw .damaged("the zip directory is malformed")
            }
            let nameLength = Int(Self.u16(directory, offset + 28))
            let extraLength = Int(Self.u16(directory, offset + 30))
            let commentLength = Int(Self.u16(directory, offset + 32))
            guard offset + 46 + nameLength <= directory.count else { throw .damaged("the zip directory is malformed") }
            let name = String(decoding: directory[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            let entry = ZipEntry(
                name: name, method: Self.u16(directory, offset + 10), flags: Self.u16(directory, offset + 8),
                crc: Self.u32(directory, offset + 16), compressedSize: Int(Self.u32(directory, offset + 20)),
                uncompressedSize: Int(Self.u32(directory, offset + 24)),
                localHeaderOffset: Int(Self.u32(directory, offset + 42)))
            let key = Self.folded(name)
            guard entries[key] == nil else {
                throw .damaged("the zip holds two entries named \(String(name.prefix(100))) (only one may be read)")
            }
            entries[key] = entry
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// A streaming reader of one entry's expanded bytes.
    package func open(_ entry: ZipEntry) throws(WorkbookError) -> ZipEntryReader {
        if entry.flags & 1 != 0 {
            throw WorkbookError("encrypted workbook: \(entry.name) is encrypted; save the workbook without a password")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw .damaged("\(entry.name) is compressed with method \(entry.method), not deflate")
        }
        let header = try bytes(at: entry.localHeaderOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else {
            throw .damaged("\(entry.name): no local header where the directory says")
        }
        let dataOffset = entry.localHeaderOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard dataOffset <= size, entry.compressedSize <= size - dataOffset else {
            throw .damaged("\(entry.name) lies past the end of the file (truncated)")
        }
        return try ZipEntryReader(archive: self, entry: entry, dataOffset: dataOffset)
    }

    /// An entry's whole expanded content, for the small parts (workbook, relationships).
    package func contents(of entry: ZipEntry, limit: Int) throws(WorkbookError) -> [UInt8] {
        guard entry.uncompressedSize <= limit else { throw .damaged("\(entry.name) is larger than \(limit >> 20) MiB") }
        let reader = try open(entry)
        var result: [UInt8] = []
        result.reserveCapacity(entry.uncompressedSize)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBufferPointer { buffer throws(WorkbookError) in
                try reader.read(into: buffer)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    package static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    package static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

/// Inflates one entry chunk by chunk; checks the expansion caps and, at the end, the CRC.
package final class ZipEntryReader {
    private let archive: ZipArchive
    private let entry: ZipEntry
    private var inputOffset: Int
    private var inputLeft: Int
    private var input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 64 * 1024
    private var stream = z_stream()
    private var streamOpen = false
    private var finished = false
    private var produced = 0
    private var crc: UInt = 0
    private let limit: Int
    /// Compressed bytes consumed so far, for progress.
    package var compressedBytesRead: Int { entry.compressedSize - inputLeft - Int(stream.avail_in) }

    package init(archive: ZipArchive, entry: ZipEntry, dataOffset: Int) throws(WorkbookError) {
        self.archive = archive
        self.entry = entry
        inputOffset = dataOffset
        inputLeft = entry.compressedSize
        input = .allocate(capacity: inputCapacity)
        limit = min(ZipArchive.maxExpandedSize, max(ZipArchive.maxRatio * entry.compressedSize, ZipArchive.ratioFloor))
        crc = crc32(0, nil, 0)
        if entry.method == 8 {
            guard czlib_inflate_init_raw(&stream) == Z_OK else {
                throw WorkbookError("cannot start inflating \(entry.name)")
            }
            streamOpen = true
        }
    }

    deinit {
        if streamOpen { inflateEnd(&stream) }
        input.deallocate()
    }

    /// Fills `buffer` with the next expanded bytes; 0 at the end of the entry.
    package func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(WorkbookError) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var count = 0
        if entry.method == 0 {
            let want = min(buffer.count, inputLeft)
            if want > 0 {
                try archive.read(into: base, count: want, at: inputOffset)
                inputOffset += want
                inputLeft -= want
            }
            count = want
            if inputLeft == 0 { finished = true }
        } else {
            stream.next_out = base
            stream.avail_out = UInt32(buffer.count)
            while stream.avail_out > 0 {
                if stream.avail_in == 0 && inputLeft > 0 {
                    let want = min(inputCapacity, inputLeft)
                    try archive.read(into: input, count: want, at: inputOffset)
                    inputOffset += want
                    inputLeft -= want
                    stream.next_in = input
                    stream.avail_in = UInt32(want)
                }
                let status = inflate(&stream, Z_NO_FLUSH)
                if status == Z_STREAM_END {
                    finished = true
                    break
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 && inputLeft == 0 {
                    throw .damaged("\(entry.name) ends before its data does (truncated)")
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw .damaged("\(entry.name) does not inflate (corrupt data)")
                }
            }
            count = buffer.count - Int(stream.avail_out)
        }
        produced += count
        if produced > limit {
            throw WorkbookError(
                "refused: \(entry.name) expands past "
                    + (limit == ZipArchive.maxExpandedSize
                        ? "1 GiB" : "\(ZipArchive.maxRatio) times its compressed size") + " (a zip bomb?)")
        }
        if produced > entry.uncompressedSize {
            throw .damaged("\(entry.name) expands past the size its directory entry declares")
        }
        crc = crc32(crc, base, UInt32(count))
        if finished {
            guard produced == entry.uncompressedSize, UInt32(truncatingIfNeeded: crc) == entry.crc else {
                throw .damaged("\(entry.name) fails its checksum")
            }
        }
        return count
    }
}
