// An Excel workbook (.xlsx) opened for reading: its zip, the list of its sheets, the shared
// strings, which cell styles show dates, and whether its dates count from 1904.
//
// Parts are found the way the format says: the package relationships name the workbook, the
// workbook's relationships name its sheets (worksheets, and chart sheets, which hold no cells),
// shared strings and styles. Only the worksheet being imported streams; the shared strings are
// held (capped), as every cell may point at any of them, with Excel's `_xHHHH_` escapes decoded.
#if canImport(Glibc)
import Glibc
#endif

public final class Workbook {
    public enum FileKind { case zip, ole, other }

    /// What the first bytes of a regular file say it is; standard input is never a workbook.
    public static func kind(ofFileDescriptor descriptor: Int32) -> FileKind {
        var magic = [UInt8](repeating: 0, count: 8)
        let count = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 8, 0) }
        guard count >= 4 else { return .other }
        if magic[0] == 0x50, magic[1] == 0x4B, magic[2] == 3 || magic[2] == 5, magic[3] == 4 || magic[3] == 6 {
            return .zip
        }
        if count == 8, magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] { return .ole }
        return .other
    }

    package static let maxSharedStringBytes = 64 << 20
    package static let maxSharedStrings = 4 << 20
    package static let maxSmallPart = 16 << 20

    package let archive: ZipArchive
    /// Sheet names in workbook order, with their part names; only worksheets hold cells.
    package let sheets: [(name: String, part: String, isWorksheet: Bool)]
    package let uses1904Dates: Bool
    /// Shared string i is bytes [offsets[i], offsets[i + 1]) of `stringBytes`.
    private(set) var stringBytes: [UInt8] = []
    private(set) var stringOffsets: [Int] = [0]
    /// For each cell style (`s` attribute), whether its number format shows a date.
    private(set) var dateStyles: [Bool] = []

    package var sharedStringCount: Int { stringOffsets.count - 1 }

    public init(fileDescriptor: Int32, size: Int) throws(WorkbookError) {
        archive = try ZipArchive(fileDescriptor: fileDescriptor, size: size)
        let rootRelationships = try Self.relationships(in: archive, part: "_rels/.rels", base: "")
        let workbookPart = rootRelationships.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookEntry = archive.entry(workbookPart) else {
            throw WorkbookError("not an Excel workbook: the zip has no \(workbookPart) (a missing part)")
        }
        let folder = workbookPart.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
            separator: "/")
        let relationshipsPart =
            (folder.isEmpty ? "" : folder + "/") + "_rels/"
            + (workbookPart.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let relationships = try Self.relationships(in: archive, part: relationshipsPart, base: folder)
        var targets: [String: Relationship] = [:]
        for relationship in relationships { targets[relationship.id] = relationship }

        let tokens = XMLTokenizer(
            part: workbookPart, bytes: try archive.contents(of: workbookEntry, limit: Self.maxSmallPart))
        var sheets: [(name: String, part: String, isWorksheet: Bool)] = []
        var uses1904Dates = false
        while true {
            let token = try tokens.next()
            if token == .endOfDocument { break }
            guard token == .start else { continue }
            if tokens.nameIs("workbookPr"), let value = try tokens.attribute("date1904") {
                uses1904Dates = value == "1" || value == "true"
            } else if tokens.nameIs("sheet") {
                guard let name = try tokens.attribute("name"), let id = try tokens.attribute("id") else {
                    throw WorkbookError.damaged("\(workbookPart) has a sheet without a name or relationship")
                }
                guard let target = targets[id] else {
                    throw WorkbookError(
                        "damaged workbook: sheet \(name) has no part (a missing part in \(relationshipsPart))")
                }
                // A chart sheet (or an old dialog or macro sheet) is listed among the sheets but
                // holds no cells; a relationship without a type is taken for a worksheet.
                let type = target.type.lowercased()
                let isWorksheet =
                    !type.hasSuffix("/chartsheet") && !type.hasSuffix("/dialogsheet")
                    && !type.hasSuffix("macrosheet")
                sheets.append((name, target.target, isWorksheet))
            }
        }
        guard !sheets.isEmpty else { throw WorkbookError("not an Excel workbook: \(workbookPart) lists no sheets") }
        self.sheets = sheets
        self.uses1904Dates = uses1904Dates
        if let part = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            guard let entry = archive.entry(part) else {
                throw WorkbookError("damaged workbook: no \(part) (a missing part)")
            }
            try readSharedStrings(entry)
        }
        if let part = relationships.first(where: { $0.type.hasSuffix("/styles") })?.target,
            let entry = archive.entry(part)
        {
            try readStyles(entry)
        }
    }

    /// The worksheet named `name`, or the first worksheet (a chart sheet before it is passed by).
    package func sheet(named name: String?) throws(WorkbookError) -> (name: String, part: String) {
        guard let name else {
            guard let sheet = sheets.first(where: \.isWorksheet) else {
                throw WorkbookError(
                    "the workbook has no worksheet, only chart sheets (\(sheetList)); save the data on a worksheet")
            }
            return (sheet.name, sheet.part)
        }
        guard let sheet = sheets.first(where: { $0.name == name }) else {
            throw WorkbookError("no sheet named '\(name)'; the workbook has: \(sheetList)")
        }
        guard sheet.isWorksheet else {
            throw WorkbookError(
                "sheet '\(name)' is a chart sheet, which holds no cells; the workbook has: \(sheetList)")
        }
        return (sheet.name, sheet.part)
    }

    /// The sheets for messages, chart sheets marked: `centers, Chart1 (a chart sheet)`.
    private var sheetList: String {
        sheets.map { $0.isWorksheet ? $0.name : "\($0.name) (a chart sheet)" }.joined(separator: ", ")
    }

    package func withSharedString<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard index >= 0, index < sharedStringCount else { return nil }
        return stringBytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[stringOffsets[index]..<stringOffsets[index + 1]]))
        }
    }

    package func isDateStyle(_ style: Int) -> Bool { style >= 0 && style < dateStyles.count && dateStyles[style] }

    // MARK: Parts

    private struct Relationship { let id: String, type: String, target: String }

    /// The relationships in `part` (absent: none), targets resolved against the folder `base`.
    private static func relationships(
        in archive: ZipArchive, part: String, base: String
    ) throws(WorkbookError) -> [Relationship] {
        guard let entry = archive.entry(part) else { return [] }
        let tokens = XMLTokenizer(part: part, bytes: try archive.contents(of: entry, limit: maxSmallPart))
        var result: [Relationship] = []
        while true {
            let token = try tokens.next()
            if token == .endOfDocument { break }
            guard token == .start, tokens.nameIs("Relationship") else { continue }
            guard let id = try tokens.attribute("Id"), let target = try tokens.attribute("Target") else { continue }
            result.append(
                Relationship(id: id, type: try tokens.attribute("Type") ?? "", target: resolve(target, base: base)))
        }
        return result
    }

    private static func resolve(_ target: String, base: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = base.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    private func readSharedStrings(_ entry: ZipEntry) throws(WorkbookError) {
        let reader = try archive.open(entry)
        let tokens = XMLTokenizer(part: entry.name) { buffer throws(WorkbookError) in try reader.read(into: buffer) }
        var depthInPhonetic = 0
        var inText = false
        var inItem = false
        var itemStart = 0
        while true {
            switch try tokens.next() {
            case .endOfDocument:
                return
            case .start:
                if tokens.isSelfClosing { continue }
                if tokens.nameIs("si") {
                    inItem = true
                    itemStart = stringBytes.count
                } else if tokens.nameIs("rPh") {
                    depthInPhonetic += 1
                } else if tokens.nameIs("t") {
                    inText = inItem && depthInPhonetic == 0
                }
            case .end:
                if tokens.nameIs("si") {
                    guard stringOffsets.count <= Self.maxSharedStrings else {
                        throw WorkbookError.damaged("\(entry.name) holds more than \(Self.maxSharedStrings) strings")
                    }
                    Self.decodeEscapes(&stringBytes, from: itemStart)
                    stringOffsets.append(stringBytes.count)
                    inItem = false
                } else if tokens.nameIs("rPh") {
                    depthInPhonetic -= 1
                } else if tokens.nameIs("t") {
                    inText = false
                }
            case .text:
                if inText {
                    try tokens.appendText(to: &stringBytes)
                    guard stringBytes.count <= Self.maxSharedStringBytes else {
                        throw WorkbookError.damaged(
                            "\(entry.name) holds more than \(Self.maxSharedStringBytes >> 20) MiB of text")
                    }
                }
            }
        }
    }

    /// Decodes Excel's escapes in the text bytes[from...], in place, as Excel reads them: `_xHHHH_`
    /// (four hex digits) is the UTF-16 unit HHHH, so CR is written `_x000D_`, and `_x005F_` is `_`,
    /// so `_x005F_x000D_` is the text `_x000D_` itself. A surrogate pair is two escapes in a row; a
    /// lone surrogate is left as written. The result is never longer than the escape.
    package static func decodeEscapes(_ bytes: inout [UInt8], from start: Int) {
        let underscore = UInt8(ascii: "_")
        guard bytes.count - start >= 7 else { return }
        // Most text has no escape: one scan, nothing moved.
        var first = start
        while first + 7 <= bytes.count, !(bytes[first] == underscore && bytes[first + 1] == UInt8(ascii: "x")) {
            first += 1
        }
        guard first + 7 <= bytes.count else { return }
        func unit(at index: Int) -> UInt32? {
            guard index + 7 <= bytes.count, bytes[index] == underscore, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == underscore
            else { return nil }
            var value: UInt32 = 0
            for byte in bytes[(index + 2)..<(index + 6)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        var read = first
        var write = first
        while read < bytes.count {
            if bytes[read] == underscore, let value = unit(at: read) {
                var scalar = Unicode.Scalar(value)
                var length = 7
                if (0xD800...0xDBFF).contains(value), let low = unit(at: read + 7), (0xDC00...0xDFFF).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + ((value - 0xD800) << 10 | (low - 0xDC00)))
                    length = 14
                }
                if let scalar {
                    for byte in scalar.utf8 {
                        bytes[write] = byte
                        write += 1
                    }
                    read += length
                    continue
                }
            }
            bytes[write] = bytes[read]
            write += 1
            read += 1
        }
        bytes.removeSubrange(write...)
    }

    private func readStyles(_ entry: ZipEntry) throws(WorkbookError) {
        let tokens = XMLTokenizer(part: entry.name, bytes: try archive.contents(of: entry, limit: Self.maxSmallPart))
        var customDateFormats = Set<Int>()
        var inCellFormats = false
        while true {
            let token = try tokens.next()
            if token == .endOfDocument { return }
            if token == .end, tokens.nameIs("cellXfs") { inCellFormats = false }
            guard token == .start else { continue }
            if tokens.nameIs("numFmt"), let id = try tokens.attribute("numFmtId").flatMap({ Int($0) }),
                let code = try tokens.attribute("formatCode"), Self.isDateFormat(code)
            {
                customDateFormats.insert(id)
            } else if tokens.nameIs("cellXfs") {
                inCellFormats = !tokens.isSelfClosing
            } else if inCellFormats, tokens.nameIs("xf") {
                guard dateStyles.count < 65_536 else {
                    throw WorkbookError.damaged("\(entry.name) has more than 65536 cell styles")
                }
                let id = try tokens.attribute("numFmtId").flatMap { Int($0) } ?? 0
                dateStyles.append(Self.isBuiltInDateFormat(id) || customDateFormats.contains(id))
            }
        }
    }

    /// Excel's built-in date formats: 14-22 everywhere, and the Chinese, Japanese and Korean
    /// date formats 27-31, 36, 50-54, 57 and 58 (32-35 and 55-56 show times).
    package static func isBuiltInDateFormat(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...31).contains(id) || id == 36 || (50...54).contains(id) || id == 57 || id == 58
    }

    /// Whether a custom number format shows a date: it has a year or day part, or a month part
    /// without hours or seconds (where `m` means minutes). Quoted text, `\x` escapes and `[...]`
    /// sections (colours, locales, elapsed time) are not format parts.
    package static func isDateFormat(_ code: String) -> Bool {
        var letters = Set<Character>()
        var inQuote = false
        var inBracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" { inBracket = false }
                continue
            }
            switch character {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true
            default: letters.insert(character)
            }
        }
        if letters.contains("y") || letters.contains("d") || letters.contains("e") && letters.contains("m") {
            return true
        }
        return letters.contains("m") && !letters.contains("h") && !letters.contains("s")
    }
}
