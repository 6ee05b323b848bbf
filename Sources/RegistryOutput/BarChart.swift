// A horizontal bar chart of rows for the terminal (`report run NAME --format chart`): one
// line per row and bar column, labels aligned by display width, bars scaled so that the
// largest value fills the width, the value printed at the end of each bar.
import IPRegistry
import TabularFiles

public struct BarChart {
    public struct Series: Equatable {
        public let name: String
        public let values: [Double?]
        public let texts: [String]
    }

    public let labels: [String]
    public let series: [Series]

    /// Glyphs of the bars, one per series; a single series is drawn in eighths of a column.
    static let glyphs: [Character] = ["█", "▓", "▒", "░", "▞", "▚"]
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public init(labels: [String], series: [Series]) {
        self.labels = labels
        self.series = series
    }

    /// A chart of query rows. The label is the first column, followed by a column called
    /// `name` or ending in `_name` when there is one; the bars are `barColumns`, or by default
    /// the last numeric column. A numeric column holds only numbers and NULLs.
    public init(columns: [String], rows: [[Cell]], barColumns: [String] = []) throws(RegistryError) {
        func isNumeric(_ index: Int) -> Bool {
            rows.allSatisfy { index < $0.count && ($0[index].isNumeric || $0[index] == .null) }
                && rows.contains { index < $0.count && $0[index].isNumeric }
        }
        var barIndexes: [Int] = []
        for name in barColumns {
            guard let index = columns.firstIndex(of: name) else {
                throw .invalidInput(
                    "--bar \(name): no such column (the columns are \(columns.joined(separator: ", ")))")
            }
            guard rows.isEmpty || isNumeric(index) else {
                throw .invalidInput("--bar \(name): the column is not numeric")
            }
            barIndexes.append(index)
        }
        if barIndexes.isEmpty {
            guard let last = columns.indices.dropFirst().last(where: isNumeric) else {
                if rows.isEmpty {
                    self.init(labels: [], series: [])
                    return
                }
                throw .invalidInput(
                    "nothing to chart: no numeric column after the first (the columns are \(columns.joined(separator: ", ")))"
                )
            }
            barIndexes = [last]
        }
        let nameIndex = columns.indices.dropFirst().first { columns[$0] == "name" || columns[$0].hasSuffix("_name") }
        let labels = rows.map { row -> String in
            let first = row.first.map(Self.labelText) ?? ""
            guard let nameIndex, nameIndex < row.count, row[nameIndex] != .null else { return first }
            return first + " " + Self.labelText(row[nameIndex])
        }
        let series = barIndexes.map { index in
            Series(
                name: columns[index],
                values: rows.map { index < $0.count ? $0[index].numericValue : nil },
                texts: rows.map { index < $0.count ? $0[index].plainText() : "" })
        }
        self.init(labels: labels, series: series)
    }

    private static func labelText(_ cell: Cell) -> String {
        String(cell.plainText(listSeparator: ", ").unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }

    /// The chart in `width` terminal columns (at least 40 are used).
    public func render(width: Int) -> String {
        guard !labels.isEmpty, !series.isEmpty else { return "" }
        let width = max(width, 40)
        let labelWidth = min(labels.map(\.displayWidth).max() ?? 0, width / 3)
        let valueWidth = series.flatMap(\.texts).map(\.displayWidth).max() ?? 0
        // label, a space, the bar, a space, the value; one column spare so the terminal never wraps.
        let barWidth = max(10, width - labelWidth - valueWidth - 3)
        let largest = series.flatMap(\.values).compactMap { $0 }.filter(\.isFinite).max() ?? 0
        let inEighths = series.count == 1

        var text = ""
        // The legend: which glyph is which column.
        text += String(repeating: " ", count: labelWidth) + " "
        text += series.enumerated().map { "\(Self.glyphs[$0.offset % Self.glyphs.count]) \($0.element.name)" }.joined(
            separator: "  ")
        text += "\n"
        for (row, label) in labels.enumerated() {
            for (index, series) in series.enumerated() {
                let shown = index == 0 ? label.truncated(toDisplayWidth: labelWidth) : ""
                text += shown + String(repeating: " ", count: labelWidth - shown.displayWidth) + " "
                let value = series.values[row] ?? 0
                // An infinite value (1e999 in SQL) gets no bar rather than an impossible one.
                let fraction = largest > 0 && value > 0 && value.isFinite ? min(1, value / largest) : 0
                let glyph = Self.glyphs[index % Self.glyphs.count]
                if inEighths {
                    let units = Int((fraction * Double(barWidth * 8)).rounded())
                    text += String(repeating: glyph, count: units / 8)
                    if units % 8 > 0 { text.append(Self.eighths[units % 8 - 1]) }
                } else {
                    text += String(repeating: glyph, count: Int((fraction * Double(barWidth)).rounded()))
                }
                let valueText = series.texts[row]
                if !valueText.isEmpty { text += (fraction > 0 ? " " : "") + valueText }
                text += "\n"
            }
        }
        return text
    }
}
