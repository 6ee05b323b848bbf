// The bar chart's shape: aligned labels, bars scaled to the width, values at the ends, a legend.
import IPRegistry
import RegistryOutput
import TabularFiles
import Testing

@Suite struct ReportChartTests {
    @Test func oneNumericColumnDrawsOneBarPerRowScaledToTheWidth() throws {
        let chart = try BarChart(
            columns: ["kind", "centers"], rows: [["protection", 4], ["tisc", 2], ["operation", 0]])
        let lines = chart.render(width: 40).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 4)
        #expect(lines[0] == "           █ centers")
        // label width 10, a space, a 26-column bar for the largest value, a space, the value.
        #expect(lines[1] == "protection " + String(repeating: "█", count: 26) + " 4")
        #expect(lines[2] == "tisc       " + String(repeating: "█", count: 13) + " 2")
        #expect(lines[3] == "operation  0")
        #expect(lines.allSatisfy { $0.displayWidth < 40 })
    }

    @Test func labelsAlignByDisplayWidthAndTakeTheNameColumn() throws {
        let chart = try BarChart(
            columns: ["code", "name", "kind", "cases"],
            rows: [["A", "北京中心", "tisc", 10], ["B", "Tianjin", "tisc", 5]])
        let lines = chart.render(width: 60).split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("A 北京中心 █"))
        #expect(lines[2].hasPrefix("B Tianjin  █"))
        let barStart = { (line: String) in line.prefix { $0 != "█" }.displayWidth }
        #expect(barStart(lines[1]) == barStart(lines[2]))
        #expect(lines.allSatisfy { $0.displayWidth < 60 })
    }

    @Test func theLastNumericColumnIsDrawnByDefaultAndSeveralCanBeChosen() throws {
        let rows: [[Cell]] = [["2022", 1, 100, 10], ["2023", 3, 57, 115]]
        let columns = ["year", "centers", "pretrial_cases", "protection_cases"]
        #expect(try BarChart(columns: columns, rows: rows).series.map(\.name) == ["protection_cases"])
        let chart = try BarChart(columns: columns, rows: rows, barColumns: ["pretrial_cases", "protection_cases"])
        let lines = chart.render(width: 50).split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 2 * 2)
        #expect(lines[0].hasSuffix("█ pretrial_cases  ▓ protection_cases"))
        #expect(lines[1].hasPrefix("2022 █") && lines[1].hasSuffix(" 100"))
        #expect(lines[2].hasPrefix("     ▓") && lines[2].hasSuffix(" 10"))
        #expect(lines[4].hasPrefix("     ▓") && lines[4].hasSuffix(" 115"))
        // The largest value of every bar column fills the bar width.
        // width 50 - label 4 - value 3 - 3 separating and spare columns
        #expect(lines[4].filter { $0 == "▓" }.count == 40)
    }

    @Test func aFractionalBarEndsInAPartialBlock() throws {
        let chart = try BarChart(columns: ["k", "v"], rows: [["a", 100], ["b", 1]])
        let lines = chart.render(width: 100).split(separator: "\n").map(String.init)
        #expect(lines[2].contains("▊") || lines[2].contains("▉") || lines[2].contains("▋"))
    }

    @Test func chartsRefuseColumnsThatCannotBeDrawn() {
        #expect(throws: RegistryError.self) { try BarChart(columns: ["a", "b"], rows: [["x", "y"]]) }
        #expect(throws: RegistryError.self) { try BarChart(columns: ["a", "b"], rows: [["x", 1]], barColumns: ["c"]) }
        #expect(throws: RegistryError.self) {
            try BarChart(columns: ["a", "b"], rows: [["x", "y"]], barColumns: ["b"])
        }
        #expect((try? BarChart(columns: ["a", "b"], rows: []))?.render(width: 80) == "")
    }
}
