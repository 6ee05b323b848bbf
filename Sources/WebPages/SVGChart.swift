// Charts drawn by the server as inline SVG: no script, no font or image from anywhere else.
// Charts are `HTML` (HTML.swift), so every label is escaped; sizes are in SVG units and the
// picture scales with the page.
import IPRegistry

public enum SVGChart {
    static let palette = ["#2f6db5", "#e0892b", "#3a9a5b", "#b5443b", "#7d5ab5", "#5b7380"]

    /// What an empty chart says.
    static let noData = Words(zh: "暂无数据", en: "No data")

    /// Horizontal bars, one per label, with the value written at the end of each bar. No label is
    /// cut: the label area is as wide as the longest one (by ChartParts.width's estimate), and a
    /// label wider than `widestLabel` wraps onto more lines, its row taller. Its words are in
    /// `language`, the page's (by default the request's).
    public static func bars(
        title: String, labels: [String], values: [Double], language: Language = Layout.requestLanguage ?? .zh
    ) -> HTML {
        let fontSize = 12.0
        let lineHeight = 15.0
        let lines = labels.map { wrapped($0, width: widestLabel, fontSize: fontSize) }
        let longest = lines.joined().map { ChartParts.width($0, fontSize: fontSize) }.max() ?? 0
        let labelWidth = max(190.0, (longest + 12).rounded(.up))
        let barWidth = 330.0
        let shown = labels.indices.map { grouped($0 < values.count ? values[$0] : 0) }
        let valueWidth = max(80.0, (shown.map { ChartParts.width($0, fontSize: fontSize) }.max() ?? 0) + 12)
        let width = labelWidth + barWidth + valueWidth
        let rowHeights = lines.map { max(22.0, Double($0.count) * lineHeight + 7) }
        let top = 8.0
        let height = top + max(rowHeights.reduce(0, +), 22) + 8
        let largest = max(values.max() ?? 0, 1)
        var svg: HTML =
            "<svg class=\"chart\" viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" aria-label=\"\(title)\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title>\(title)</title>"
        if labels.isEmpty {
            svg += "<text x=\"10\" y=\"20\" class=\"empty\">\(noData(language))</text>"
        }
        var y = top
        for (index, label) in lines.enumerated() {
            let value = index < values.count ? values[index] : 0
            let length = max(value / largest * barWidth, value > 0 ? 1 : 0)
            let x = format(labelWidth - 6)
            if label.count == 1 {
                svg += "<text x=\"\(x)\" y=\"\(format(y + 15))\" text-anchor=\"end\">\(labels[index])</text>"
            } else {
                svg += "<text x=\"\(x)\" y=\"\(format(y + 15))\" text-anchor=\"end\">"
                for (number, line) in label.enumerated() {
                    svg += "<tspan x=\"\(x)\" dy=\"\(number == 0 ? "0" : format(lineHeight))\">\(line)</tspan>"
                }
                svg += "</text>"
            }
            svg +=
                "<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(format(length))\" height=\"16\" fill=\"\(palette[0])\"/>"
            svg += "<text x=\"\(format(labelWidth + length + 5))\" y=\"\(format(y + 15))\">\(shown[index])</text>"
            y += rowHeights[index]
        }
        return svg + "</svg>"
    }

    /// How wide a bar's label may be before it wraps (SVG units, at the chart's 12 px).
    static let widestLabel = 320.0

    /// `text` in lines no wider than `width` by ChartParts.width's estimate: broken after a space,
    /// beside a CJK character, or inside a word too long for a line of its own.
    static func wrapped(_ text: String, width: Double, fontSize: Double) -> [String] {
        guard ChartParts.width(text, fontSize: fontSize) > width else { return [text] }
        var pieces: [String] = []
        var word = ""
        for character in text {
            if character.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) {
                if !word.isEmpty { pieces.append(word) }
                word = ""
                pieces.append(String(character))
            } else {
                word.append(character)
                if character == " " {
                    pieces.append(word)
                    word = ""
                }
            }
        }
        if !word.isEmpty { pieces.append(word) }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0.0
        func add(_ piece: String, _ pieceWidth: Double) {
            if lineWidth + pieceWidth > width && !line.isEmpty {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            line += piece
            lineWidth += pieceWidth
        }
        for piece in pieces {
            let pieceWidth = ChartParts.width(piece, fontSize: fontSize)
            if pieceWidth <= width {
                add(piece, pieceWidth)
            } else {
                for character in piece {
                    add(String(character), ChartParts.width(String(character), fontSize: fontSize))
                }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// A value as the charts write it: its digits grouped by thousands (Formatting.number), a
    /// fraction after them as it is.
    static func grouped(_ value: Double) -> String {
        let plain = NumberText.plain(value)
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? plain.dropFirst() : Substring(plain)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]) else { return plain }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + Formatting.number(whole) + fraction
    }

    /// Grouped columns: one group per label (a year), one column per series, with a legend; its
    /// words in `language`, as `bars`' are.
    public static func columns(
        title: String, labels: [String], series: [(name: String, values: [Double])],
        language: Language = Layout.requestLanguage ?? .zh
    ) -> HTML {
        let bottom = 230.0
        let plotHeight = 200.0
        let width = 600.0
        let largest = max(series.flatMap(\.values).max() ?? 0, 1)
        // Room left of the axis for its largest number, grouped (1,234,567).
        let left = max(60.0, (ChartParts.width(grouped(largest), fontSize: 12) + 10).rounded(.up))
        var svg: HTML =
            "<svg class=\"chart\" viewBox=\"0 0 600 280\" role=\"img\" aria-label=\"\(title)\""
            + " xmlns=\"http://www.w3.org/2000/svg\"><title>\(title)</title>"
        svg +=
            "<line x1=\"\(format(left))\" y1=\"\(format(bottom))\" x2=\"\(format(width - 10))\" y2=\"\(format(bottom))\" stroke=\"#888\"/>"
        svg +=
            "<text x=\"\(format(left - 6))\" y=\"\(format(bottom - plotHeight + 4))\" text-anchor=\"end\">\(grouped(largest))</text>"
        svg += "<text x=\"\(format(left - 6))\" y=\"\(format(bottom))\" text-anchor=\"end\">0</text>"
        if labels.isEmpty {
            svg += "<text x=\"\(format(left + 10))\" y=\"\(format(bottom - 20))\" class=\"empty\">"
            svg += "\(noData(language))</text>"
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
                    + "\(label) \(entry.name): \(grouped(value))</title></rect>"
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
