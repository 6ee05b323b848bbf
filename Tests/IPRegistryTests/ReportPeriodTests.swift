// Periods as report parameters: their first and last days.
import IPRegistry
import Testing

@Suite struct ReportPeriodTests {
    @Test(arguments: [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-Q1", "2023-01-01", "2023-03-31"),
        ("2023-Q4", "2023-10-01", "2023-12-31"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("2023-01..2023-10", "2023-01-01", "2023-10-31"),
        ("2022-11..2023-02", "2022-11-01", "2023-02-28"),
        ("2023-04..2023-04", "2023-04-01", "2023-04-30"),
    ])
    func aPeriodIsItsFirstAndLastDay(_ text: String, _ first: String, _ last: String) throws {
        let period = try ReportPeriod(text)
        #expect(period.firstDay == first)
        #expect(period.lastDay == last)
    }

    @Test(arguments: ["", "23", "2023-13", "2023-00", "2023-Q5", "2023-Q0", "2023-q1", "2023-1", "2023-01-05",
                      "2023-05..2023-01", "2023..2024", "2023-01..", "..2023-01", "2023-01...2023-02", "０２０２", "2023 "])
    func malformedPeriodsAreRefused(_ text: String) {
        #expect(throws: ValidationFailure.self) { try ReportPeriod(text, field: "from") }
    }
}
