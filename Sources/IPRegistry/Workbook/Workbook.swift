// An Excel workbook (.xlsx) opened for reading: its zip, the list of its sheets, the shared
// strings, which cell styles show dates, and whether its dates count from 1904.
//
// Parts are found the way the format says: the package relationships name the workbook, the
// workbook's relationships name its sheets, shared strings and styles. Only the worksheet being
// imported streams; the shared strings are held (capped), as every cell may point at any of them.
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

    static let maxSharedStringBytes = 64 << 20
    static let maxSharedStrings = 4 << 20
    static let maxSmallPart = 16 << 20

    let archive: ZipArchive
    /// Sheet names in workbook order, with their part names.
    let sheets: [(name: String, part: String)]
    let uses1904Dates: Bool
    /// Shared string i is bytes [offsets[i], offsets[i + 1]) of `stringBytes`.
    private(set) var stringBytes: [UInt8] = []
    private(set) var stringOffsets: [Int] = [0]
    /// For each cell style (`s` attribute), whether its number format shows a date.
    private(set) var dateStyles: [Bool] = []

    var sharedStringCount: Int { stringOffsets.count - 1 }

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
        var targets: [String: String] = [:]
        for relationship in relationships { targets[relationship.id] = relationship.target }

        let tokens = XMLTokenizer(
            part: workbookPart, bytes: try archive.contents(of: workbookEntry, limit: Self.maxSmallPart))
        var sheets: [(name: String, part: String)] = []
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
                sheets.append((name, target))
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

    /// The sheet named `name`, or the first.
    func sheet(named name: String?) throws(WorkbookError) -> (name: String, part: String) {
        guard let name else { return sheets[0] }
        guard let sheet = sheets.first(where: { $0.name == name }) else {
            throw WorkbookError(
                "no sheet named '\(name)'; the workbook has: \(sheets.map(\.name).joined(separator: ", "))")
        }
        return sheet
    }

    func withSharedString<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard index >= 0, index < sharedStringCount else { return nil }
        return stringBytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[stringOffsets[index]..<stringOffsets[index + 1]]))
        }
    }

    func isDateStyle(_ style: Int) -> Bool { style >= 0 && style < dateStyles.count && dateStyles[style] }

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
        while true {
            switch try tokens.next() {
            case .endOfDocument:
                return
            case .start:
                if tokens.isSelfClosing { continue }
                if tokens.nameIs("si") {
                    inItem = true
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
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...31).contains(id) || id == 36 || (50...54).contains(id) || id == 57 || id == 58
    }

    /// Whether a custom number format shows a date: it has a year or day part, or a month part
    /// without hours or seconds (where `m` means minutes). Quoted text, `\x` escapes and `[...]`
    /// sections (colours, locales, elapsed time) are not format parts.
    static func isDateFormat(_ code: String) -> Bool {
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
