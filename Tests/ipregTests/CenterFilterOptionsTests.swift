// `center list` and `center nearest` take their filters from one option group
// (Sources/ipreg/Options/CenterFilterOptions.swift): the same options, read alike and explained in
// the same words, and the nearest fast path leaves each of them to ArgumentParser.
import ArgumentParser
import IPRegistry
import Testing

@testable import ipreg

@Suite struct CenterFilterOptionsTests {
    static let filters = [
        "--status", "operating", "--kind", "tisc", "--service", "rights-protection", "--region", "130000",
        "--industry", "photovoltaics", "--kind", "protection",
    ]

    /// Each value with what it selects, in the order refusals are reported: by option, then as given.
    static let selected = [
        "kind tisc", "kind protection", "region 130000", "industry photovoltaics", "service rights-protection",
        "status operating",
    ]

    @Test func bothCommandsReadTheFiltersAlike() throws {
        let list = try IPReg.CenterCommand.List.parse(Self.filters)
        let nearest = try IPReg.CenterCommand.Nearest.parse(["--lat", "39.5", "--lon", "116.7"] + Self.filters)
        #expect(list.filterOptions.selected.map { "\($0.0.rawValue) \($0.1)" } == Self.selected)
        #expect(nearest.filterOptions.selected.map { "\($0.0.rawValue) \($0.1)" } == Self.selected)
    }

    @Test(arguments: CenterFilter.Selection.allCases)
    func theNearestFastPathLeavesEachFilterToArgumentParser(_ selection: CenterFilter.Selection) throws {
        let arguments = NearestFastPathTests.point + ["--\(selection.rawValue)", "value"]
        #expect(CenterNearestArguments(arguments) == nil)
        let command = try #require(try IPReg.parseAsRoot(arguments) as? IPReg.CenterCommand.Nearest)
        #expect(command.filterOptions.selected.map(\.0) == [selection])
    }

    @Test(arguments: CenterFilter.Selection.allCases)
    func bothCommandsExplainEachFilterInTheSameWords(_ selection: CenterFilter.Selection) {
        /// The option's lines of a command's help, their spacing aside.
        func help(_ command: any ParsableCommand.Type) -> String {
            let lines = IPReg.helpMessage(for: command, columns: 200).split(separator: "\n")
            let line = lines.first { $0.hasPrefix("  --\(selection.rawValue) <") } ?? ""
            return line.split(separator: " ").joined(separator: " ")
        }
        let list = help(IPReg.CenterCommand.List.self)
        #expect(list.hasPrefix("--\(selection.rawValue) <") && list.contains("Only centers"))
        #expect(help(IPReg.CenterCommand.Nearest.self) == list)
    }
}
