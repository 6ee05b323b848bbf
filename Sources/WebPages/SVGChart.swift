// Charts drawn by the server as inline SVG: no script, no font or image from anywhere else.
// Charts are `HTML` (HTML.swift), so every label is escaped; sizes are in SVG units and the
// picture scales with the page.
import IPRegistry

public enum SVGChart {
    static let palette = ["#2f6db5", "#e0892b", "#3a9a5b", "#b5443b", "#7d5ab5", "#5b7380"]

    /// Horizontal bars, one per label, with the value written at the end of each bar.
    public static func bars(title: String, labels: [String], values: [Double]) -> HTML {
        let rowHeight = 22.0
        let labelWidth = 190.0
        let barWidth = 330.0
        let top = 8.0
        let height = top + rowHeight * Double(max(labels.count, 1)) + 8
        let largest = max(values.max() ?? 0, 1)
        var svg: HTML =
            "<svg class=\"chart\" viewBox=\"0 0 600 \(format(height))\" role=\"img\" aria-label=\"\(title)\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title>\(title)</title>"
        if labels.isEmpty {
            svg += "<text x=\"10\" y=\"20\" class=\"empty\">no data</text>"
        }
        for (index, label) in labels.enumerated() {
            let value = index < values.count ? values[index] : 0
            let y = top + rowHeight * Double(index)
            let width = max(value / largest * barWidth, value > 0 ? 1 : 0)
            svg +=
                "<text x=\"\(format(labelWidth - 6))\" y=\"\(format(y + 15))\" text-anchor=\"end\">\(shortened(label, 28))</text>"
            svg +=
                "<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(format(width))\" height=\"16\" fill=\"\(palette[0])\"/>"
            svg +=
                "<text x=\"\(format(labelWidth + width + 5))\" y=\"\(format(y + 15))\">\(NumberText.plain(value))</text>"
        }
        return svg + "</svg>"
    }

    /// Grouped columns: one group per label (a year), one column per series, with a legend.
    public static func columns(title: String, labels: [String], series: [(name: String, values: [Double])]) -> HTML {
        let left = 60.0
        let bottom = 230.0
        let plotHeight = 200.0
        let width = 600.0
        let largest = max(series.flatMap(\.values).max() ?? 0, 1)
        var svg: HTML =
            "<svg class=\"chart\" viewBox=\"0 0 600 280\" role=\"img\" aria-label=\"\(title)\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title>\(title)</title>"
        svg +=
            "<line x1=\"\(format(left))\" y1=\"\(format(bottom))\" x2=\"\(format(width - 10))\" y2=\"\(format(bottom))\" stroke=\"#888\"/>"
        svg +=
            "<text x=\"\(format(left - 6))\" y=\"\(format(bottom - plotHeight + 4))\" text-anchor=\"end\">\(NumberText.plain(largest))</text>"
        svg += "<text x=\"\(format(left - 6))\" y=\"\(format(bottom))\" text-anchor=\"end\">0</text>"
        if labels.isEmpty {
            svg += "<text x=\"\(format(left + 10))\" y=\"\(format(bottom - 20))\" class=\"empty\">no data</text>"
        }
        let groupWidth = (width - 10 - left) / Double(max(labels.count, 1))
        let columnWidth = max(groupWidth * 0.8 / Double(max(series.count, 1)), 1)
        // As many characters as the group's width holds (about 7 units each at the chart's 12 px):
        // a period such as 2019-04..2022-12 whole when there is room, cut only when there is not.
        let labelLength = max(4, Int(groupWidth / 7))
        for (group, label) in labels.enumerated() {
            let x0 = left + groupWidth * Double(group) + groupWidth * 0.1
            for (index, entry) in series.enumerated() {
                let value = group < entry.values.count ? entry.values[group] : 0
                let height = value / largest * plotHeight
                svg +=
                    "<rect x=\"\(format(x0 + columnWidth * Double(index)))\" y=\"\(format(bottom - height))\" width=\"\(format(columnWidth))\""
                    + " height=\"\(format(height))\" fill=\"\(palette[index % palette.count])\"><title>"
                    + "\(label) \(entry.name): \(NumberText.plain(value))</title></rect>"
            }
            svg +=
                "<text x=\"\(format(x0 + groupWidth * 0.4))\" y=\"\(format(bottom + 16))\" text-anchor=\"middle\">\(shortened(label, labelLength))</text>"
        }
        for (index, entry) in series.enumerated() {
            let x = left + 180 * Double(index)
            svg +=
                "<rect x=\"\(format(x))\" y=\"258\" width=\"12\" height=\"12\" fill=\"\(palette[index % palette.count])\"/>"
            svg += "<text x=\"\(format(x + 16))\" y=\"269\">\(entry.name)</text>"
        }
        return svg + "</svg>"
    }

    /// A chart for any table: the first text column labels the bars, the last numeric column sizes them.
    /// Nil when the table has no numeric column.
    public static func forTable(_ table: Table, title: String) -> HTML? {
        guard !table.rows.isEmpty else { return nil }
        let numeric = table.columns.indices.filter { column in
            table.rows.allSatisfy { $0[column].isNumeric || $0[column] == .null }
        }
        guard let valueColumn = numeric.last else { return nil }
        let labelColumn = table.columns.indices.first { !numeric.contains($0) } ?? 0
        let rows = table.rows.prefix(60)
        return bars(
            title: title, labels: rows.map { $0[labelColumn].plainText() },
            values: rows.map { $0[valueColumn].numericValue ?? 0 })
    }

    static func shortened(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func format(_ number: Double) -> String {
        let rounded = (number * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
