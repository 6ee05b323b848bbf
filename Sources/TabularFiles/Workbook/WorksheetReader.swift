// Streams one worksheet's rows: each row's non-empty cells as the spreadsheet displays them
// (shared and inline strings as written, Excel's `_xHHHH_` escapes decoded, whole numbers without
// `.0`, date cells as YYYY-MM-DD, booleans as TRUE/FALSE, error cells and formulas that were never
// calculated marked), in one reused byte buffer. The `<dimension>` a writer puts before the data is
// only a hint and is not read: the rows are counted as they come.
#if canImport(Glibc)
import Glibc
#endif

package final class WorksheetReader {
    package static let maxColumn = 16_384
    package static let maxRow = 1_048_576

    package struct SheetCell {
        /// 1-based (A is 1).
        package let column: Int
        package let start: Int
        package let end: Int
        /// An error value such as `#N/A`.
        package let isError: Bool
        /// A formula with no saved result (written by a program that does not calculate).
        package var isUncalculatedFormula = false
    }

    package let sheetName: String
    private let workbook: Workbook
    private let entry: ZipEntryReader
    private let tokens: XMLTokenizer
    /// 1-based row number of the current row.
    package private(set) var rowNumber = 0
    package private(set) var cells: [SheetCell] = []
    /// The current row's cell values.
    package private(set) var bytes: [UInt8] = []
    private var inSheetData = false
    private var finished = false
    /// The column of the cell being read, and whether a row is, to place an error found inside it.
    private var currentColumn = 0
    private var inRow = false

    package var compressedBytesRead: Int { entry.compressedBytesRead }
    /// The worksheet part's expanded size, as its zip entry declares it.
    package let expandedSize: Int

    package init(workbook: Workbook, sheet: String?) throws(WorkbookError) {
        let (name, part) = try workbook.sheet(named: sheet)
        guard let zipEntry = workbook.archive.entry(part) else {
            throw WorkbookError("damaged workbook: sheet \(name) has no \(part) (a missing part)")
        }
        sheetName = name
        expandedSize = zipEntry.uncompressedSize
        self.workbook = workbook
        let entry = try workbook.archive.open(zipEntry)
        self.entry = entry
        tokens = XMLTokenizer(part: part, bufferSize: 256 * 1024) { buffer throws(WorkbookError) in
            try entry.read(into: buffer)
        }
    }

    /// `SHEET!CELL` for messages.
    package func cellName(column: Int, row: Int) -> String { "\(sheetName)!\(Self.columnName(column))\(row)" }

    package static func columnName(_ column: Int) -> String {
        var name: [UInt8] = []
        var rest = column
        while rest > 0 {
            name.insert(UInt8(ascii: "A") + UInt8((rest - 1) % 26), at: 0)
            rest = (rest - 1) / 26
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// Reads the next row that has a non-empty cell; false after the last.
    package func nextRow() throws(WorkbookError) -> Bool {
        while !finished {
            let more: Bool
            do {
                more = try readRow()
            } catch var error {
                // An error from the XML inside a row is placed at the cell being read.
                if error.cell == nil, inRow {
                    error.cell = cellName(column: max(currentColumn, 1), row: rowNumber)
                }
                throw error
            }
            guard more else {
                finished = true
                return false
            }
            if !cells.isEmpty { return true }
        }
        return false
    }

    /// Reads the rest of the part after its data, so that XML broken there (an element left
    /// open, an end tag that closes nothing) is refused too.
    private func readToEnd() throws(WorkbookError) {
        while try tokens.next() != .endOfDocument {}
    }

    private func readRow() throws(WorkbookError) -> Bool {
        cells.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        // State of the cell being read.
        var column = 0
        var type: UInt8 = 0
        var style = 0
        var inValue = false
        var inInlineText = false
        var phonetic = 0
        var inCell = false
        var valueStart = 0
        var rowOpen = false
        var hasFormula = false
        var hasValue = false
        while true {
            switch try tokens.next() {
            case .endOfDocument:
                if rowOpen || inSheetData {
                    throw WorkbookError.damaged("\(tokens.part) ends inside its data (truncated)")
                }
                return false
            case .start:
                if !inSheetData {
                    if tokens.nameIs("sheetData") {
                        if tokens.isSelfClosing {
                            try readToEnd()
                            return false
                        }
                        inSheetData = true
                    }
                    continue
                }
                if tokens.nameIs("row") {
                    currentColumn = 0
                    let number =
                        try tokens.rawAttribute("r").map { raw throws(WorkbookError) in
                            guard let number = Self.integer(raw), number > rowNumber, number <= Self.maxRow else {
                                var error = WorkbookError.damaged(
                                    "a row numbered '\(String(decoding: raw.prefix(20), as: UTF8.self))' after row "
                                        + "\(rowNumber): out of order or past \(Self.maxRow)")
                                error.cell = cellName(column: 1, row: min(rowNumber + 1, Self.maxRow))
                                throw error
                            }
                            return number
                        } ?? rowNumber + 1
                    guard number <= Self.maxRow else {
                        var error = WorkbookError.damaged("sheet \(sheetName) has more than \(Self.maxRow) rows")
                        error.cell = cellName(column: 1, row: Self.maxRow)
                        throw error
                    }
                    rowNumber = number
                    if tokens.isSelfClosing { return true }
                    rowOpen = true
                    inRow = true
                } else if tokens.nameIs("c") {
                    guard rowOpen else {
                        var error = WorkbookError.damaged("a cell outside a row")
                        error.cell = cellName(column: 1, row: min(rowNumber + 1, Self.maxRow))
                        throw error
                    }
                    let previous = cells.last?.column ?? 0
                    if let raw = tokens.rawAttribute("r") {
                        guard let (cellColumn, cellRow) = Self.reference(raw), cellRow == rowNumber,
                            cellColumn > previous
                        else {
                            throw WorkbookError(
                                "damaged workbook: cell \(String(decoding: raw, as: UTF8.self)) is out of place or past XFD1048576",
                                cell: "\(sheetName)!\(String(decoding: raw.prefix(20), as: UTF8.self))")
                        }
                        column = cellColumn
                    } else {
                        column = previous + 1
                    }
                    guard column <= Self.maxColumn else {
                        var error = WorkbookError.damaged("a cell past column XFD")
                        error.cell = cellName(column: Self.maxColumn, row: rowNumber)
                        throw error
                    }
                    currentColumn = column
                    type = tokens.rawAttribute("t")?.first ?? UInt8(ascii: "n")
                    // inlineStr as I, str as S: one byte each.
                    if type == UInt8(ascii: "i") { type = UInt8(ascii: "I") }
                    if type == UInt8(ascii: "s"), tokens.rawAttribute("t")?.count == 3 { type = UInt8(ascii: "S") }
                    style = tokens.rawAttribute("s").flatMap(Self.integer) ?? 0
                    valueStart = bytes.count
                    inCell = !tokens.isSelfClosing
                    phonetic = 0
                    hasFormula = false
                    hasValue = false
                } else if inCell, tokens.nameIs("v") {
                    inValue = !tokens.isSelfClosing
                    hasValue = true
                } else if inCell, tokens.nameIs("is") {
                    hasValue = true
                } else if inCell, tokens.nameIs("f") {
                    hasFormula = true
                } else if inCell, tokens.nameIs("rPh") {
                    phonetic += tokens.isSelfClosing ? 0 : 1
                } else if inCell, tokens.nameIs("t") {
                    inInlineText = type == UInt8(ascii: "I") && phonetic == 0 && !tokens.isSelfClosing
                }
            case .end:
                guard inSheetData else { continue }
                if tokens.nameIs("v") {
                    inValue = false
                } else if tokens.nameIs("t") {
                    inInlineText = false
                } else if tokens.nameIs("rPh") {
                    phonetic -= 1
                } else if tokens.nameIs("c") {
                    inCell = false
                    if hasFormula && !hasValue {
                        cells.append(
                            SheetCell(
                                column: column, start: valueStart, end: valueStart, isError: false,
                                isUncalculatedFormula: true))
                    } else {
                        try finishCell(column: column, type: type, style: style, valueStart: valueStart)
                    }
                } else if tokens.nameIs("row") {
                    inRow = false
                    return true
                } else if tokens.nameIs("sheetData") {
                    inSheetData = false
                    try readToEnd()
                    return false
                }
            case .text:
                if inValue || inInlineText {
                    try tokens.appendText(to: &bytes)
                    guard bytes.count - valueStart <= XMLLimits.maxToken else {
                        throw WorkbookError(
                            "a cell holds more than 8 MiB", cell: cellName(column: column, row: rowNumber))
                    }
                }
            }
        }
    }

    /// Turns the raw value bytes [valueStart, end) into what the cell displays.
    private func finishCell(column: Int, type: UInt8, style: Int, valueStart: Int) throws(WorkbookError) {
        var isError = false
        switch type {
        case UInt8(ascii: "s"):
            guard let index = Self.integer(bytes[valueStart...]) else {
                if bytes.count == valueStart { return }
                throw WorkbookError(
                    "damaged workbook: a shared string index that is not a number",
                    cell: cellName(column: column, row: rowNumber))
            }
            bytes.removeSubrange(valueStart...)
            let found: Void? = workbook.withSharedString(index) { bytes.append(contentsOf: $0) }
            guard found != nil else {
                throw WorkbookError(
                    "damaged workbook: shared string \(index) does not exist (the workbook has \(workbook.sharedStringCount))",
                    cell: cellName(column: column, row: rowNumber))
            }
        case UInt8(ascii: "b"):
            let value = bytes.count > valueStart && bytes[valueStart] == UInt8(ascii: "1")
            bytes.removeSubrange(valueStart...)
            bytes.append(contentsOf: Array((value ? "TRUE" : "FALSE").utf8))
        case UInt8(ascii: "e"):
            isError = true
        case UInt8(ascii: "d"):
            // An ISO 8601 date-time: the date part.
            if bytes.count - valueStart > 10 { bytes.removeSubrange((valueStart + 10)...) }
        case UInt8(ascii: "n"):
            guard bytes.count > valueStart else { return }
            let text = String(decoding: bytes[valueStart...], as: UTF8.self)
            // Decimal only: Swift's Double(String) also reads `0x1FC34`, `inf` and `nan`, which no
            // spreadsheet writes in a number cell.
            guard Self.isDecimalNumber(bytes[valueStart...]), let number = Double(text), number.isFinite else {
                throw WorkbookError(
                    "damaged workbook: the number cell holds '\(text.prefix(40))', which is not a decimal number",
                    cell: cellName(column: column, row: rowNumber))
            }
            bytes.removeSubrange(valueStart...)
            let display =
                workbook.isDateStyle(style)
                ? (Self.date(serial: number, uses1904: workbook.uses1904Dates) ?? Self.display(number))
                : Self.display(number)
            bytes.append(contentsOf: Array(display.utf8))
        case UInt8(ascii: "I"):
            Workbook.decodeEscapes(&bytes, from: valueStart)
        default:
            break  // str: the text as written
        }
        if bytes.count > valueStart || isError {
            cells.append(SheetCell(column: column, start: valueStart, end: bytes.count, isError: isError))
        }
    }

    // MARK: Values

    /// A number as Excel's General format shows it: whole numbers without `.0`, at most 15
    /// significant digits (so 0.1 + 0.2 shows 0.3).
    package static func display(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        var buffer = [CChar](repeating: 0, count: 40)
        _ = withVaList([number]) { arguments in vsnprintf(&buffer, 40, "%.15g", arguments) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A serial date as YYYY-MM-DD (the time of day dropped). In the 1900 system serial 60 is
    /// 1900-02-29, a day that never was, kept from Lotus 1-2-3; the 1904 system counts from 1904-01-01.
    package static func date(serial: Double, uses1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        if uses1904 {
            days += 1462
        } else {
            if days == 60 { return "1900-02-29" }
            if days < 60 { days += 1 }
        }
        // Days since 1899-12-30 to a civil date (Howard Hinnant's days_from_civil, inverted).
        let z = days - 25_569 + 719_468  // 1899-12-30 is 25569 days before 1970-01-01
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// A number as SpreadsheetML writes one (xsd:double in decimal): optional sign, digits with
    /// an optional fraction, optional exponent. Not hexadecimal, `inf` or `nan`.
    package static func isDecimalNumber<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index != bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        func skip(_ byte: UInt8, or other: UInt8? = nil) -> Bool {
            guard index != bytes.endIndex, bytes[index] == byte || bytes[index] == other else { return false }
            index = bytes.index(after: index)
            return true
        }
        _ = skip(UInt8(ascii: "-"), or: UInt8(ascii: "+"))
        var mantissa = digits()
        if skip(UInt8(ascii: ".")) { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if skip(UInt8(ascii: "e"), or: UInt8(ascii: "E")) {
            _ = skip(UInt8(ascii: "-"), or: UInt8(ascii: "+"))
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }

    package static func integer<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `B12` as (2, 12), or nil when malformed or past XFD1048576.
    package static func reference(_ bytes: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int)? {
        var index = 0
        var column = 0
        while index < bytes.count, index < 4 {
            var byte = bytes[index]
            if byte == UInt8(ascii: "$") {
                index += 1
                continue
            }
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { byte -= 32 }
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
            index += 1
        }
        while index < bytes.count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        guard column >= 1, column <= maxColumn, let row = integer(bytes[index...]), row >= 1, row <= maxRow else {
            return nil
        }
        return (column, row)
    }
}
