// CenterFilter.parsing, the one reader of filter values typed as text that `center list` and the
// web view share: every value checked by its field's rule, every refusal reported in order.
import Testing

@testable import IPRegistry

@Suite struct CenterFilterParsingTests {
    let validator = CenterValidator(
        codes: CenterValidatorTests.codes, today: PartialDate(year: 2024, month: 6, day: 15))

    @Test func valuesFillTheirSelectionsInTheOrderGiven() throws {
        let filter = try CenterFilter.parsing(
            [
                (.kind, "tisc"), (.region, "130000"), (.kind, "protection"), (.status, "operating"),
                (.industry, "photovoltaics"), (.service, "rights-protection"),
            ], validator: validator, naming: .column)
        #expect(filter.kinds == [.tisc, .protection])
        #expect(filter.regions == ["130000"])
        #expect(filter.statuses == [.operating])
        #expect(filter.industries == ["photovoltaics"])
        #expect(filter.services == ["rights-protection"])
    }

    @Test func everyRefusedValueIsReportedNamedByColumnOrBySelection() {
        let values: [(CenterFilter.Selection, String)] = [
            (.region, "999999"), (.kind, "tisc"), (.industry, "a;b"), (.status, " "),
        ]
        let byColumn = #expect(throws: ValidationFailures.self) {
            try CenterFilter.parsing(values, validator: validator, naming: .column)
        }
        #expect(byColumn?.all.map(\.field) == ["region_code", "industries", "status"])
        #expect(byColumn?.all.map(\.value) == ["999999", "a;b", " "])
        #expect(byColumn?.all.dropFirst().map(\.rule) == ["must be one value", "must be one value"])
        let bySelection = #expect(throws: ValidationFailures.self) {
            try CenterFilter.parsing(values, validator: validator, naming: .selection)
        }
        #expect(bySelection?.all.map(\.field) == ["region", "industry", "status"])
        #expect(bySelection?.all.map(\.rule) == byColumn?.all.map(\.rule))
    }
}
