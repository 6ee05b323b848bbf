import IPRegistry
import Testing

// Which option sets which field is said once, in Sources/ipreg, and the commands declare their
// options by those names: every field's option is one the command takes, and gives that field.
@testable import ipreg

@Suite struct FieldOptionTests {
    @Test(arguments: CenterField.allCases)
    func everyCenterFieldIsSetByItsOption(_ field: CenterField) throws {
        let options = try CenterFieldOptions.parse([field.option, "value"])
        #expect(options.raw(field) == "value")
        #expect(options.givenFields == [field])
    }

    @Test(arguments: CenterField.allCases)
    func aCenterFieldIsNamedByItsColumnOrItsOption(_ field: CenterField) {
        #expect(CenterField.named(field.column) == field)
        #expect(CenterField.named(field.optionName) == field)
        #expect(CenterField.named(field.option) == field)
    }

    @Test func theShortenedCenterOptionsAreTheDocumentedOnes() {
        #expect(CenterField.nameEnglish.option == "--name-en")
        #expect(CenterField.regionCode.option == "--region")
        #expect(CenterField.industries.option == "--industry")
        #expect(CenterField.approvalDocument.option == "--approval-doc")
        #expect(CenterField.latitude.option == "--lat")
        #expect(CenterField.longitude.option == "--lon")
        #expect(CenterField.named("lat") == .latitude)
        #expect(CenterField.named("latitude") == .latitude)
        #expect(CenterField.named("no-such-field") == nil)
    }

    @Test func figureAddTakesEveryFiguresFieldByItsOption() throws {
        let values: [FigureField: String] = [
            .code: "F-1", .metric: "centers", .regions: "130000", .kinds: "tisc", .industries: "photovoltaics",
            .period: "2023", .value: "5", .bound: "about", .source: "report", .notes: "note",
        ]
        let add = try IPReg.FigureCommand.Add.parse(FigureField.allCases.flatMap { [$0.option, values[$0] ?? ""] })
        #expect(
            [add.code, add.metric, add.period, add.value, add.source] == ["F-1", "centers", "2023", "5", "report"])
        #expect([add.region, add.kind, add.industry] == [["130000"], ["tisc"], ["photovoltaics"]])
        #expect(add.bound == "about" && add.notes == "note")
        #expect(FigureField.regions.option == "--region")
    }

    @Test func statsAddTakesEveryStatisticsFieldByItsOption() throws {
        let values: [StatisticField: String] = [
            .centerCode: "PC-1", .period: "2023", .pretrialCases: "1", .protectionCases: "2", .source: "s",
        ]
        let add = try IPReg.Stats.Add.parse(StatisticField.allCases.flatMap { [$0.option, values[$0] ?? ""] })
        #expect([add.center, add.period, add.pretrial, add.protection, add.source] == ["PC-1", "2023", "1", "2", "s"])
        #expect(StatisticField.pretrialCases.option == "--pretrial")
    }
}
