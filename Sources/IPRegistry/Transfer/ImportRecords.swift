// Where an import's records come from: a CSV file, or one worksheet of an Excel workbook. Either
// way each record is handed to the row handlers in a `CSVReader`, so that validation, the
// transaction and the rejects file are the same whatever the format, and the CSV path keeps its
// reader untouched.
import TabularFiles

enum RecordOutcome {
    case record
    /// A record that cannot be imported as read; it stays readable in `reader` for the rejects file.
    case rejected(message: String, column: Int?)
    case end
}

protocol ImportRecords: AnyObject {
    var reader: CSVReader { get }
    /// The header's fields; nil when the input is empty.
    func readHeader() throws -> [String]?
    /// Reads the next record into `reader`.
    func next() throws -> RecordOutcome
    /// Names the current record, and its field `column` (1-based, in header order) when given:
    /// `FILE:LINE:COLUMN:` or `FILE:SHEET!CELL:`.
    func location(column: Int?) -> String
    /// How far through the input, comparable with the input's size.
    var bytesConsumed: Int { get }
    /// About how large the rows would be as CSV, when known: the centers import guesses its row
    /// count from it.
    var csvSizeEstimate: Int? { get }
}

/// Opens the right kind of records for `input`: a workbook when its content is a zip, GeoJSON
/// when it is named `.geojson` or starts with `{` (GeoJSONRecords).
func openRecords(_ input: InputFile, kind: ImportKind, options: ImportOptions) throws -> any ImportRecords {
    let sheet = options.sheet
    if GeoJSONRecords.recognises(input) {
        guard kind == .centers else {
            throw RegistryError.invalidInput(
                "\(input.displayName): a GeoJSON file holds centers: import it with 'ipreg import centers'")
        }
        if let encoding = options.encoding {
            throw RegistryError.invalidInput(
                "\(input.displayName): --encoding \(encoding.rawValue): the file is GeoJSON, which is always UTF-8: "
                    + "leave --encoding out")
        }
        if let sheet {
            throw RegistryError.invalidInput(
                "\(input.displayName): --sheet \(sheet): the file is GeoJSON, not a workbook")
        }
        return try GeoJSONRecords(input: input)
    }
    if input.size != nil {
        switch Workbook.kind(ofFileDescriptor: input.fileDescriptor) {
        case .zip:
            if let encoding = options.encoding {
                throw RegistryError.invalidInput(
                    "\(input.displayName): --encoding \(encoding.rawValue): the file is an Excel workbook, "
                        + "whose text is always Unicode: leave --encoding out")
            }
            return try WorksheetRecords(input: input, sheet: sheet)
        case .ole:
            throw RegistryError.invalidInput(
                "\(input.displayName): an old binary Excel file (.xls) or an encrypted workbook; "
                    + "ipreg reads .xlsx: save it as an Excel workbook (.xlsx) without a password, or as CSV")
        case .other:
            break
        }
    }
    if let sheet {
        throw RegistryError.invalidInput("\(input.displayName): --sheet \(sheet): the file is not an Excel workbook")
    }
    return CSVRecords(input: input, encoding: options.encoding)
}

final class CSVRecords: ImportRecords {
    let reader: CSVReader
    let displayName: String
    private let input: InputFile
    private let encoding: TextEncoding?

    init(input: InputFile, encoding: TextEncoding?) {
        // docs/files.md: a `.tsv` file is TSV; otherwise a header with a tab and no comma says so.
        let isTSV = input.displayName.lowercased().hasSuffix(".tsv")
        reader = CSVReader(
            fileDescriptor: input.fileDescriptor, closeWhenDone: false,
            encoding: encoding, delimiter: isTSV ? .tab : .detect)
        displayName = input.displayName
        csvSizeEstimate = input.size
        self.input = input
        self.encoding = encoding
    }

    var bytesConsumed: Int { reader.bytesConsumed }
    let csvSizeEstimate: Int?

    func readHeader() throws -> [String]? {
        let hasHeader: Bool
        do {
            hasHeader = try reader.readRecord()
        } catch {
            throw fileError(error)
        }
        guard hasHeader else { return nil }
        let header = reader.record()
        reader.expectedFieldCount = header.count
        return header
    }

    /// A record with the wrong number of fields is rejected; any other problem ends the import.
    func next() throws -> RecordOutcome {
        do {
            return try reader.readRecord() ? .record : .end
        } catch {
            guard case .fieldCountMismatch = error.reason else {
                // The file's structure is broken: nothing after this point can be read reliably.
                throw fileError(error)
            }
            return .rejected(message: error.description, column: nil)
        }
    }

    func location(column: Int?) -> String {
        "\(displayName):\(reader.recordLine):" + (column.map { "\($0):" } ?? "")
    }

    /// A file that cannot be read any further: unreadable (status 66) when read(2) failed, else
    /// malformed (65). Invalid UTF-8 that reads as GB18030 from its record on says so and names
    /// the option (docs/files.md).
    private func fileError(_ error: CSVError) -> RegistryError {
        if case .unreadable(let reason) = error.reason {
            return .inputUnreadable(path: displayName, reason: "cannot read: \(reason)")
        }
        let location = "\(displayName):\(error.line):\(error.column):"
        if error.reason == .invalidUTF8, encoding != .gb18030, readsAsGB18030() {
            return .invalidInput(
                "\(location) invalid UTF-8, but the file reads as GB18030 (GBK), as spreadsheets on "
                    + "Chinese Windows save it: import it with --encoding gb18030")
        }
        return .invalidInput("\(location) \(error.description)")
    }

    /// Whether the input from the failed record's first byte on reads as GB18030: up to 1 MiB of
    /// the file, whatever the reader's buffer held; from a pipe, what the buffer holds.
    private func readsAsGB18030() -> Bool {
        let window = 1 << 20
        if let bytes = input.bytes(count: window, at: reader.recordOffset), !bytes.isEmpty {
            return bytes.withUnsafeBufferPointer { GB18030.reads($0, moreMayFollow: bytes.count == window) }
        }
        return reader.withBufferedRecordBytes { GB18030.reads($0, moreMayFollow: true) }
    }
}

final class WorksheetRecords: ImportRecords {
    let reader = CSVReader()
    let displayName: String
    private let workbook: Workbook
    private let sheet: WorksheetReader
    /// The header's first column (1-based) and its width: field i is column firstColumn + i.
    private var firstColumn = 1
    private var width = 0
    private var ranges: [(start: Int, end: Int)] = []

    init(input: InputFile, sheet: String?) throws {
        displayName = input.displayName
        do {
            workbook = try Workbook(fileDescriptor: input.fileDescriptor, size: input.size ?? 0)
            self.sheet = try WorksheetReader(workbook: workbook, sheet: sheet)
        } catch {
            throw RegistryError.invalidInput("\(input.displayName): \(error.message)")
        }
    }

    var bytesConsumed: Int { sheet.compressedBytesRead }
    /// A worksheet's XML is about three times the CSV of its rows (tags around every cell).
    var csvSizeEstimate: Int? { sheet.expandedSize / 3 }

    private func failure(_ error: WorkbookError) -> RegistryError {
        .invalidInput("\(displayName):" + (error.cell.map { "\($0):" } ?? "") + " \(error.message)")
    }

    func readHeader() throws -> [String]? {
        do {
            guard try sheet.nextRow() else { return nil }
        } catch {
            throw failure(error)
        }
        let cells = sheet.cells
        guard let first = cells.first, let last = cells.last else { return nil }
        if let formula = cells.first(where: \.isUncalculatedFormula) {
            throw RegistryError.invalidInput(
                "\(displayName):\(sheet.cellName(column: formula.column, row: sheet.rowNumber)): "
                    + Self.uncalculatedFormula)
        }
        firstColumn = first.column
        width = last.column - first.column + 1
        guard width <= reader.maxFields else {
            throw RegistryError.invalidInput(
                "\(displayName):\(sheet.sheetName)!\(WorksheetReader.columnName(last.column))\(sheet.rowNumber): "
                    + "more than \(reader.maxFields) header columns")
        }
        load()
        return reader.record()
    }

    func next() throws -> RecordOutcome {
        do {
            guard try sheet.nextRow() else { return .end }
        } catch {
            throw failure(error)
        }
        load()
        for cell in sheet.cells {
            let field = cell.column - firstColumn
            if field < 0 || field >= width {
                return .rejected(
                    message:
                        "cell \(WorksheetReader.columnName(cell.column))\(sheet.rowNumber) has a value outside the header's columns",
                    column: nil)
            }
            if cell.isError {
                let value = String(decoding: sheet.bytes[cell.start..<cell.end], as: UTF8.self)
                return .rejected(message: "the cell holds the error value \(value), not a value", column: field + 1)
            }
            if cell.isUncalculatedFormula { return .rejected(message: Self.uncalculatedFormula, column: field + 1) }
        }
        return .record
    }

    static let uncalculatedFormula =
        "an uncalculated formula (the workbook holds no value for it): open the workbook in a spreadsheet, "
        + "let it calculate and save it again"

    /// Puts the current row into `reader`: one field per header column, empty where no cell is.
    private func load() {
        ranges.removeAll(keepingCapacity: true)
        var cells = sheet.cells[...]
        for field in 0..<width {
            let column = firstColumn + field
            while let cell = cells.first, cell.column < column { cells = cells.dropFirst() }
            if let cell = cells.first, cell.column == column {
                ranges.append((cell.start, cell.end))
            } else {
                ranges.append((0, 0))
            }
        }
        sheet.bytes.withUnsafeBufferPointer { reader.load($0, ranges: ranges, line: sheet.rowNumber) }
    }

    func location(column: Int?) -> String {
        "\(displayName):\(sheet.sheetName)!\(WorksheetReader.columnName(firstColumn + (column ?? 1) - 1))\(sheet.rowNumber):"
    }
}
