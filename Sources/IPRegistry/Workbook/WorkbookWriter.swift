// Writes a one-sheet Excel workbook (.xlsx) as it goes: every value is an inline text cell, so
// codes keep their leading digits and partial dates stay `2021-04`, exactly as the CSV export
// shows them. The worksheet is deflated in chunks straight to the output; each zip entry ends
// with a data descriptor (its CRC and sizes known only then), so nothing is held whole.
import CZlib

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

    public init(output: OutputStream, sheetName: String) throws(RegistryError) {
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
        try begin("xl/worksheets/sheet1.xml")
        append(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            """)
    }

    deinit { if streamOpen { deflateEnd(&stream) } }

    /// One row; nil and empty values leave their cell out.
    public func writeRow(_ values: [String?]) throws(RegistryError) {
        rowNumber += 1
        append("<row r=\"\(rowNumber)\">")
        for (index, value) in values.enumerated() {
            guard let value, !value.isEmpty else { continue }
            append(
                "<c r=\"\(WorksheetReader.columnName(index + 1))\(rowNumber)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
            )
            append(Self.escaped(value))
            append("</t></is></c>")
        }
        append("</row>")
        if xml.count >= 64 * 1024 { try deflate(flush: Z_NO_FLUSH) }
    }

    /// Ends the worksheet and writes the zip's directory.
    public func finish() throws(RegistryError) {
        append("</sheetData></worksheet>")
        try deflate(flush: Z_FINISH)
        deflateEnd(&stream)
        streamOpen = false
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

    private func writeEntry(_ name: String, _ text: String) throws(RegistryError) {
        try begin(name)
        append(text)
        try deflate(flush: Z_FINISH)
        deflateEnd(&stream)
        streamOpen = false
        try endEntry()
    }

    private func begin(_ name: String) throws(RegistryError) {
        guard czlib_deflate_init_raw(&stream, 6) == Z_OK else { throw .invalidInput("cannot start deflating \(name)") }
        streamOpen = true
        entryName = name
        entryOffset = offset
        crc = crc32(0, nil, 0)
        expanded = 0
        compressed = 0
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

    private func endEntry() throws(RegistryError) {
        guard expanded < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
            throw .invalidInput("the workbook would pass 4 GiB, past what ipreg writes")
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
    private func deflate(flush: Int32) throws(RegistryError) {
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
                    output.write(bytes: UnsafeBufferPointer(rebasing: out[0..<produced]))
                    compressed += produced
                    offset += produced
                    return result
                }
            } while status == Z_OK && (stream.avail_out == 0 || flush == Z_FINISH)
            return status
        }
        xml.removeAll(keepingCapacity: true)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw .invalidInput("deflate failed (\(status))")
        }
    }

    private func emit(_ bytes: [UInt8]) {
        output.write(bytes: bytes)
        offset += bytes.count
    }

    // MARK: Text

    /// XML text with `&`, `<`, `>` and `"` escaped; control characters XML cannot hold are left out.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func put16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    static func put32(_ bytes: inout [UInt8], _ value: UInt32) {
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
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
