// Writes a one-sheet Excel workbook (.xlsx) as it goes: every text is an inline text cell, so
// codes keep their leading digits, partial dates stay `2021-04` and a text such as `=1+1` is never
// a formula, exactly as the CSV export shows them. Control characters XML cannot hold (and CR,
// which XML readers turn into LF) are written as Excel writes them, `_xHHHH_`, so nothing is lost.
// A number given as a number (`writeRow(cells:)`, the web view's downloads) is a number cell.
//
// The worksheet's `<dimension>`, frozen bold header row and column widths come before its rows in
// the XML but are known only after the last row. So the rows are deflated in chunks into an
// unlinked temporary file as they come, and at the end the sheet's head is deflated (ending on a
// byte boundary, not as the last block) and the rows' deflate stream copied after it: two raw
// deflate streams in a row are one valid stream, and their CRCs combine. Each zip entry ends with a
// data descriptor (its CRC and sizes known only then), so nothing is held whole in memory.
import CZlib

#if canImport(Glibc)
import Glibc
#endif

public final class WorkbookWriter {
    private let output: OutputStream
    private var offset = 0
    private var directory: [UInt8] = []
    private var entryCount = 0
    private var xml: [UInt8] = []
    private var rowNumber = 0
    private let sheetName: String
    // The worksheet entry being written.
    private var stream = z_stream()
    private var streamOpen = false
    private var entryName = ""
    private var entryOffset = 0
    private var crc: UInt = 0
    private var expanded = 0
    private var compressed = 0
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    /// The unlinked file the rows are deflated into until `finish`; -1 once closed.
    private var spool: Int32 = -1
    /// Whether deflated bytes go to `spool` (the rows) rather than the output.
    private var spooling = false
    /// Per column (0-based), the widest text seen, in display columns (CJK characters count two).
    private var widths: [Int] = []
    /// The last column with a value in any row (1-based), for the dimension.
    private var lastColumn = 0

    /// Column widths stay within these, in characters; a long text wraps its column at the maximum.
    package static let minimumWidth = 8
    package static let maximumWidth = 60

    public init(output: OutputStream, sheetName: String) throws(FileWriteError) {
        self.output = output
        self.sheetName = sheetName
        try writeEntry("[Content_Types].xml", Self.contentTypes)
        try writeEntry("_rels/.rels", Self.packageRelationships)
        try writeEntry(
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(Self.escaped(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try writeEntry("xl/_rels/workbook.xml.rels", Self.workbookRelationships)
        try writeEntry("xl/styles.xml", Self.styles)
        spool = try Self.temporaryFile()
        spooling = true
        try startStream("xl/worksheets/sheet1.xml")
    }

    deinit {
        if streamOpen { deflateEnd(&stream) }
        if spool >= 0 { close(spool) }
    }

    /// A cell of `writeRow(cells:)`: text is an inline text cell as `writeRow(_:)` writes it, a
    /// number a number cell (a sum in Excel adds it up).
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case real(Double)
    }

    /// One row; nil and empty values leave their cell out. The first row is the header: bold.
    public func writeRow(_ values: [String?]) throws(FileWriteError) {
        try writeRow(cells: values.map { $0.map(Value.text) })
    }

    /// One row of typed cells; nil and empty texts leave their cell out. A number that is not
    /// finite has no number cell in a workbook: it is written as its text.
    public func writeRow(cells values: [Value?]) throws(FileWriteError) {
        rowNumber += 1
        append("<row r=\"\(rowNumber)\">")
        let style = rowNumber == 1 ? " s=\"1\"" : ""
        if widths.count < values.count { widths += Array(repeating: 0, count: values.count - widths.count) }
        for (index, cell) in values.enumerated() {
            let reference = "\(WorksheetReader.columnName(index + 1))\(rowNumber)"
            let value: String
            var isNumber = false
            switch cell {
            case nil: continue
            case .integer(let number)?: (value, isNumber) = (String(number), true)
            case .real(let number)?: (value, isNumber) = ("\(number)", number.isFinite)
            case .text(let text)?: value = text
            }
            guard !value.isEmpty else { continue }
            if isNumber {
                append("<c r=\"\(reference)\"\(style)><v>\(value)</v></c>")
            } else {
                append("<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                append(Self.escaped(value))
                append("</t></is></c>")
            }
            lastColumn = max(lastColumn, index + 1)
            // A text is never wider than its UTF-8 bytes: most values need no measuring.
            if value.utf8.count > widths[index], widths[index] < Self.maximumWidth {
                widths[index] = max(widths[index], Self.width(of: value))
            }
        }
        append("</row>")
        if xml.count >= 64 * 1024 { try deflate(flush: Z_NO_FLUSH) }
    }

    /// Ends the worksheet and writes the zip's directory.
    public func finish() throws(FileWriteError) {
        append("</sheetData></worksheet>")
        try deflate(flush: Z_FINISH)
        deflateEnd(&stream)
        streamOpen = false
        spooling = false
        let rows = (crc: crc, expanded: expanded, compressed: compressed)

        // The sheet's head, then the rows' stream copied after it.
        emitLocalHeader("xl/worksheets/sheet1.xml")
        try startStream("xl/worksheets/sheet1.xml")
        append(sheetHead())
        try deflate(flush: Z_FULL_FLUSH)
        deflateEnd(&stream)
        streamOpen = false
        try copySpool(count: rows.compressed)
        crc = crc32_combine(crc, rows.crc, off_t(rows.expanded))
        expanded += rows.expanded
        compressed += rows.compressed
        try endEntry()
        var end: [UInt8] = []
        Self.put32(&end, 0x0605_4B50)
        Self.put16(&end, 0)
        Self.put16(&end, 0)
        Self.put16(&end, UInt16(entryCount))
        Self.put16(&end, UInt16(entryCount))
        Self.put32(&end, UInt32(directory.count))
        Self.put32(&end, UInt32(offset))
        Self.put16(&end, 0)
        emit(directory)
        emit(end)
    }

    // MARK: Entries

    private func writeEntry(_ name: String, _ text: String) throws(FileWriteError) {
        emitLocalHeader(name)
        try startStream(name)
        append(text)
        try deflate(flush: Z_FINISH)
        deflateEnd(&stream)
        streamOpen = false
        try endEntry()
    }

    private func startStream(_ name: String) throws(FileWriteError) {
        guard czlib_deflate_init_raw(&stream, 6) == Z_OK else { throw .invalid("cannot start deflating \(name)") }
        streamOpen = true
        crc = crc32(0, nil, 0)
        expanded = 0
        compressed = 0
    }

    private func emitLocalHeader(_ name: String) {
        entryName = name
        entryOffset = offset
        var header: [UInt8] = []
        Self.put32(&header, 0x0403_4B50)
        Self.put16(&header, 20)
        Self.put16(&header, 0x0808)  // sizes in a data descriptor; UTF-8 names
        Self.put16(&header, 8)
        Self.put16(&header, 0)
        Self.put16(&header, 0x21)  // 1980-01-01: the output does not depend on the clock
        Self.put32(&header, 0)
        Self.put32(&header, 0)
        Self.put32(&header, 0)
        Self.put16(&header, UInt16(name.utf8.count))
        Self.put16(&header, 0)
        header.append(contentsOf: Array(name.utf8))
        emit(header)
    }

    private func endEntry() throws(FileWriteError) {
        guard expanded < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
            throw .invalid("the workbook would pass 4 GiB, past what ipreg writes")
        }
        var descriptor: [UInt8] = []
        Self.put32(&descriptor, 0x0807_4B50)
        Self.put32(&descriptor, UInt32(truncatingIfNeeded: crc))
        Self.put32(&descriptor, UInt32(compressed))
        Self.put32(&descriptor, UInt32(expanded))
        emit(descriptor)
        Self.put32(&directory, 0x0201_4B50)
        Self.put16(&directory, 20)
        Self.put16(&directory, 20)
        Self.put16(&directory, 0x0808)
        Self.put16(&directory, 8)
        Self.put16(&directory, 0)
        Self.put16(&directory, 0x21)
        Self.put32(&directory, UInt32(truncatingIfNeeded: crc))
        Self.put32(&directory, UInt32(compressed))
        Self.put32(&directory, UInt32(expanded))
        Self.put16(&directory, UInt16(entryName.utf8.count))
        for _ in 0..<4 { Self.put16(&directory, 0) }  // extra, comment, disk, internal attributes
        Self.put32(&directory, 0)
        Self.put32(&directory, UInt32(entryOffset))
        directory.append(contentsOf: Array(entryName.utf8))
        entryCount += 1
    }

    private func append(_ text: String) { xml.append(contentsOf: text.utf8) }

    /// Deflates the pending XML into the output.
    private func deflate(flush: Int32) throws(FileWriteError) {
        let count = xml.count
        crc = xml.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, UInt32(count)) }
        expanded += count
        let status: Int32 = xml.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(count)
            var status = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let result = CZlib.deflate(&stream, flush)
                    let produced = out.count - Int(stream.avail_out)
                    let bytes = UnsafeBufferPointer(rebasing: out[0..<produced])
                    if spooling {
                        if !Self.writeAll(spool, bytes) { return Z_ERRNO }
                    } else {
                        output.write(bytes: bytes)
                        offset += produced
                    }
                    compressed += produced
                    return result
                }
            } while status == Z_OK && (stream.avail_out == 0 || flush == Z_FINISH)
            return status
        }
        xml.removeAll(keepingCapacity: true)
        if status == Z_ERRNO {
            throw .unwritable(
                path: "the workbook's temporary file", reason: "cannot write: " + String(cString: strerror(errno)))
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw .invalid("deflate failed (\(status))")
        }
    }

    // MARK: The spooled rows

    /// An unlinked file in $TMPDIR (else /tmp): it goes away with the process, whatever happens.
    private static func temporaryFile() throws(FileWriteError) -> Int32 {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/ipreg-xlsx-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw .unwritable(
                path: folder,
                reason: "cannot make a temporary file for the workbook: " + String(cString: strerror(errno)))
        }
        unlink(template)
        return descriptor
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var done = 0
        while done < bytes.count {
            let count = write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }

    /// Copies the spooled rows' deflated bytes to the output.
    private func copySpool(count: Int) throws(FileWriteError) {
        var position = 0
        while position < count {
            let got = chunk.withUnsafeMutableBytes {
                pread(spool, $0.baseAddress, min($0.count, count - position), off_t(position))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                throw .unwritable(
                    path: "the workbook's temporary file",
                    reason: "cannot read it back: " + String(cString: strerror(errno)))
            }
            chunk.withUnsafeBufferPointer { output.write(bytes: UnsafeBufferPointer(rebasing: $0[0..<got])) }
            offset += got
            position += got
        }
        close(spool)
        spool = -1
    }

    /// What comes before the rows: the used range, the header row frozen, the column widths.
    private func sheetHead() -> String {
        let dimension = lastColumn == 0 ? "A1" : "A1:\(WorksheetReader.columnName(lastColumn))\(max(rowNumber, 1))"
        var head = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <dimension ref="\(dimension)"/>\
            <sheetViews><sheetView workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """
        if lastColumn > 0 {
            head += "<cols>"
            for (index, width) in widths.prefix(lastColumn).enumerated() {
                let characters = min(max(width + 2, Self.minimumWidth), Self.maximumWidth)
                head += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(characters)\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        return head + "<sheetData>"
    }

    /// How wide a text shows, in characters of the default font: its longest line, East Asian wide
    /// characters counting two.
    package static func width(of text: String) -> Int {
        var widest = 0
        var line = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                widest = max(widest, line)
                line = 0
            } else {
                let value = scalar.value
                line += value < 0x300 ? 1 : (0x4E00...0x9FFF).contains(value) ? 2 : scalar.displayWidth
                if line >= maximumWidth { return maximumWidth }
            }
        }
        return max(widest, line)
    }

    private func emit(_ bytes: [UInt8]) {
        output.write(bytes: bytes)
        offset += bytes.count
    }

    // MARK: Text

    /// XML text with `&`, `<`, `>` and `"` escaped. What XML cannot hold (control characters,
    /// U+FFFE, U+FFFF) and CR (which XML readers turn into LF) are written as Excel writes them,
    /// `_x000D_`; and an `_` that starts such an escape in the text itself as `_x005F_`, so that
    /// Excel and ipreg read back exactly the text written.
    package static func escaped(_ text: String) -> String {
        // Most values need nothing: one pass over the bytes, no copy.
        let plain = text.utf8.allSatisfy { byte in
            switch byte {
            case 0x09, 0x0A: return true
            // 0xEF leads U+FFFE and U+FFFF (and much else, which the slow path keeps as it is).
            case 0..<0x20, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""),
                UInt8(ascii: "_"), 0xEF:
                return false
            default: return true
            }
        }
        if plain { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "_" where looksLikeEscape(scalars, at: index): result += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Whether `_xHHHH_` (four hex digits) starts at `index`.
    private static func looksLikeEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 7 <= scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    package static func put16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    package static func put32(_ bytes: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """
    private static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """
    private static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
