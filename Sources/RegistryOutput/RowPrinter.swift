// Prints rows in every output format. `center list`, `sql`, `report run` and the
// reference lists all print through this one component.
import IPRegistry
import TabularFiles

public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, ndjson, markdown
}

public final class RowPrinter {
    public let format: OutputFormat
    public let columns: [String]
    private let output: OutputStream
    /// Set only when printing a table to a terminal: cells are cut to fit it.
    private let terminalWidth: Int?
    private var bufferedRows: [[String]] = []
    private var rightAligned: [Bool]
    private var rowCount = 0
    /// The `.csv` format's field separator: a tab writes the TSV of `export`, quoted as CSV is.
    private let delimiter: UInt8
    /// Set when the output is a terminal: control characters in values are shown escaped, never sent raw.
    private let escapesControls: Bool
    /// CSV and TSV for a spreadsheet: text it would run as a formula gets a `'` first (SpreadsheetSafety).
    private let spreadsheetSafe: Bool

    public init(
        format: OutputFormat, columns: [String], output: OutputStream, terminalWidth: Int? = nil,
        delimiter: UInt8 = CSVEncoding.comma, spreadsheetSafe: Bool = false
    ) {
        self.format = format
        self.delimiter = delimiter
        self.spreadsheetSafe = spreadsheetSafe
        self.columns = columns
        self.output = output
        self.terminalWidth = terminalWidth
        self.rightAligned = Array(repeating: false, count: columns.count)
        escapesControls = output.isTerminal
        writeHeader()
    }

    private func writeHeader() {
        switch format {
        case .csv:
            let shown = columns.map { self.shown(safe($0), keeping: ControlCharacters.isTabOrLineFeed) }
            output.withBuffer { [delimiter] in CSVEncoding.appendRow(shown, delimiter: delimiter, to: &$0) }
        case .tsv:
            output.write(columns.map { shown(Self.tsvEscaped(safe($0))) }.joined(separator: "\t") + "\n")
        case .markdown:
            output.write("| " + columns.map { shown(Self.markdownEscaped($0)) }.joined(separator: " | ") + " |\n")
            output.write("|" + columns.map { _ in " --- |" }.joined() + "\n")
        case .json:
            output.write("[")
        case .table, .ndjson:
            break
        }
    }

    public func write(_ row: [Cell]) {
        defer { rowCount += 1 }
        switch format {
        case .csv:
            output.withBuffer { buffer in
                for (index, cell) in row.enumerated() {
                    if index > 0 { buffer.append(delimiter) }
                    if case .null = cell { continue }
                    CSVEncoding.appendField(
                        shown(safe(cell.plainText()), keeping: ControlCharacters.isTabOrLineFeed),
                        delimiter: delimiter, to: &buffer)
                }
                buffer.append(0x0A)
            }
        case .tsv:
            output.write(row.map { shown(Self.tsvEscaped(safe($0.plainText()))) }.joined(separator: "\t") + "\n")
        case .markdown:
            output.write(
                "| "
                    + row.map { shown(Self.markdownEscaped($0.plainText(listSeparator: ", "))) }.joined(
                        separator: " | ") + " |\n")
        case .json:
            output.withBuffer { buffer in
                buffer.append(contentsOf: rowCount == 0 ? "\n".utf8 : ",\n".utf8)
                JSONText.appendObject(keys: columns, values: row, to: &buffer, forTerminal: escapesControls)
            }
        case .ndjson:
            output.withBuffer { buffer in
                JSONText.appendObject(keys: columns, values: row, to: &buffer, forTerminal: escapesControls)
                buffer.append(0x0A)
            }
        case .table:
            for (index, cell) in row.enumerated() where index < rightAligned.count && cell.isNumeric {
                rightAligned[index] = true
            }
            bufferedRows.append(row.map { tableText($0) })
        }
    }

    public func finish() {
        switch format {
        case .json:
            output.write(rowCount == 0 ? "]\n" : "\n]\n")
        case .table:
            writeTable()
        default:
            break
        }
        output.flush()
    }

    private func safe(_ text: String) -> String {
        spreadsheetSafe ? SpreadsheetSafety.neutralised(text) : text
    }

    // MARK: Table

    /// `text`, with its control characters escaped when printing to a terminal (except those `keep` allows).
    private func shown(_ text: String, keeping keep: (UInt8) -> Bool = { _ in false }) -> String {
        escapesControls ? ControlCharacters.escaped(text, keeping: keep) : text
    }

    private func tableText(_ cell: Cell) -> String {
        // One row a line: line breaks and tabs inside values would break the alignment.
        var text = shown(cell.plainText(listSeparator: ", "), keeping: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        if text.utf8.contains(where: { $0 < 0x20 }) {
            text = String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        }
        return text
    }

    private func writeTable() {
        guard !columns.isEmpty else { return }
        var widths = columns.map(\.displayWidth)
        for row in bufferedRows {
            for (index, text) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], text.displayWidth)
            }
        }
        if let terminalWidth {
            widths = Self.fit(widths, headerWidths: columns.map(\.displayWidth), into: terminalWidth)
        }
        func line(_ cells: [String], alignRight: [Bool]) -> String {
            var text = ""
            for (index, width) in widths.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let shown = cell.displayWidth > width ? cell.truncated(toDisplayWidth: width) : cell
                if index > 0 { text += "  " }
                // The last column, left-aligned, is not padded: no trailing blanks, and no string
                // as wide as its widest value built for every row.
                if !alignRight[index] && index == widths.count - 1 {
                    text += shown
                    continue
                }
                let padding = String(repeating: " ", count: max(0, width - shown.displayWidth))
                text += alignRight[index] ? padding + shown : shown + padding
            }
            return text + "\n"
        }
        output.write(line(columns, alignRight: rightAligned))
        output.write(line(widths.map { String(repeating: "-", count: $0) }, alignRight: rightAligned))
        for row in bufferedRows { output.write(line(row, alignRight: rightAligned)) }
        bufferedRows.removeAll()
    }

    /// Narrows the widest columns until the table fits the terminal, never below a column's header.
    static func fit(_ widths: [Int], headerWidths: [Int], into total: Int) -> [Int] {
        var widths = widths
        let separators = 2 * (widths.count - 1)
        while widths.reduce(0, +) + separators > total {
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
                widths[widest] > max(headerWidths[widest], 8)
            else { break }
            widths[widest] -= 1
        }
        return widths
    }

    private static func tsvEscaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else { return text }
        return text.replacingAll(["\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\r\n": "\\r\\n"])
    }

    private static func markdownEscaped(_ text: String) -> String {
        text.replacingAll(["|": "\\|", "\n": " ", "\r": "", "\r\n": " "])
    }
}
