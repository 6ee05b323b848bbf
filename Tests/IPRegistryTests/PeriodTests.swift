import Testing

// Statistics periods: the four written forms, their first and last days, and overlaps.
@testable import IPRegistry

@Suite struct PeriodTests {
    @Test(arguments: [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-Q1", "2023-01-01", "2023-03-31"),
        ("2023-Q2", "2023-04-01", "2023-06-30"),
        ("2023-Q4", "2023-10-01", "2023-12-31"),
        ("2023-05", "2023-05-01", "2023-05-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2000-02", "2000-02-01", "2000-02-29"),
        ("2023-01..2023-10", "2023-01-01", "2023-10-31"),
        ("2022-11..2023-02", "2022-11-01", "2023-02-28"),
        ("2023-05..2023-05", "2023-05-01", "2023-05-31"),
    ])
    func aPeriodIsKeptAsWrittenAndAsItsFirstAndLastDay(_ text: String, _ first: String, _ last: String) throws {
        let period = try #require(Period(text))
        #expect(period.text == text)
        #expect(period.firstDay == first)
        #expect(period.lastDay == last)
    }

    @Test func surroundingSpaceIsTrimmed() throws {
        #expect(Period(" 2023-Q3 ")?.text == "2023-Q3")
    }

    @Test(arguments: [
        "", " ", "23", "20234", "2023-", "2023-1", "2023-13", "2023-00", "2023-Q0", "2023-Q5", "2023-q1", "2023-Q",
        "2023-05-01", "2023-10..2023-01", "2023..2024", "2023-01..", "..2023-01", "2023-01...2023-02",
        "2023-01..2023-02-01", "1899", "1899-12", "２０２３", "2023 Q1", "Q1-2023",
    ])
    func aMalformedPeriodIsRefused(_ text: String) {
        #expect(Period(text) == nil)
    }

    @Test func periodsOverlapWhenTheyShareADay() throws {
        func period(_ text: String) throws -> Period { try #require(Period(text)) }
        #expect(try period("2023").overlaps(period("2023-05")))
        #expect(try period("2023-05").overlaps(period("2023")))
        #expect(try period("2023-Q2").overlaps(period("2023-06..2023-08")))
        #expect(try period("2022-12..2023-01").overlaps(period("2023")))
        #expect(try !period("2023-Q1").overlaps(period("2023-04")))
        #expect(try !period("2022").overlaps(period("2023-01..2023-10")))
    }
}
