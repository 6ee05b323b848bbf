// The reconcile report (docs/commands.md) on the report fixture: each metric, region
// containment, kinds, the three bounds, partial rows, undated centers, missing industries, and
// every status word.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ReconcileReportTests {
    /// Adds a figure through the repository, as `figure add` does.
    private func add(
        _ fixture: ReportFixture, _ code: String, _ metric: FigureMetric, regions: [String], kinds: [CenterKind] = [],
        industries: [String] = [], period: String, value: Int, bound: FigureBound = .exact
    ) throws {
        let period = try #require(Period(period))
        let figure = Figure(
            code: code, metric: metric, regions: regions, kinds: kinds, industries: industries, period: period,
            value: value, bound: bound, source: "test")
        _ = try fixture.registry.write { db in try FigureRepository(db).insert(figure) }
    }

    /// The report's row of one figure, by column name.
    private func row(
        _ fixture: ReportFixture, _ code: String, _ arguments: [String: String] = [:]
    ) throws -> [String: Cell] {
        let (columns, rows) = try fixture.run("reconcile", arguments)
        let row = try #require(rows.first { $0.first == .text(code) }, "no row for \(code)")
        return Dictionary(uniqueKeysWithValues: zip(columns, row))
    }

    @Test func theReportHasExactlyTheColumnsOfTheSpec() throws {
        let fixture = try ReportFixture()
        #expect(
            try fixture.run("reconcile").columns == [
                "code", "metric", "regions", "kinds", "period", "published", "bound", "registry", "difference",
                "status",
                "partial", "undated", "missing_industries",
            ])
    }

    @Test func centersCountsTheFiguresKindsInsideItsRegionsButNotClosedOnes() throws {
        let fixture = try ReportFixture()
        // Operation centers in Hebei: OH and OS; OX is closed. TT (Tianjin) is outside.
        try add(fixture, "OPS", .centers, regions: ["130000"], kinds: [.operation], period: "2023", value: 2)
        // No kinds: every kind, in Beijing and Hebei: PB, PD, RH, OH, TH, OS.
        try add(fixture, "ALL", .centers, regions: ["110000", "130000"], period: "2023", value: 6)
        let ops = try row(fixture, "OPS")
        #expect(ops["registry"] == 2)
        #expect(ops["status"] == "matches")
        #expect(ops["kinds"] == "operation")
        #expect(try row(fixture, "ALL")["registry"] == 6)
        #expect(try row(fixture, "ALL")["kinds"] == Cell.null)  // none: every kind
    }

    @Test func aCenterInsideTwoOfTheFiguresRegionsCountsOnce() throws {
        let fixture = try ReportFixture()
        try add(
            fixture, "NESTED", .centers, regions: ["130000", "130100"], kinds: [.operation], period: "2023", value: 2)
        #expect(try row(fixture, "NESTED")["registry"] == 2)
        #expect(try row(fixture, "NESTED")["regions"] == "130000;130100")
    }

    @Test func centersCountsUndatedCentersAndReportsThem() throws {
        let fixture = try ReportFixture()
        try add(fixture, "OPS", .centers, regions: ["130000"], kinds: [.operation], period: "2023", value: 2)
        #expect(try row(fixture, "OPS")["undated"] == 2)
        try fixture.registry.outsideConnection().execute("UPDATE centers SET approved = '2023-05' WHERE code = 'OH'")
        #expect(try row(fixture, "OPS")["undated"] == 1)
        #expect(try row(fixture, "OPS")["registry"] == 2)
    }

    @Test func centersLeavesOutCentersDatedAfterThePeriodsLastDay() throws {
        let fixture = try ReportFixture()
        try fixture.registry.outsideConnection().execute(
            """
            UPDATE centers SET approved = '2023-05' WHERE code = 'OH';
            UPDATE centers SET approved = '2024' WHERE code = 'OS';
            """)
        try add(fixture, "END-2023", .centers, regions: ["130000"], kinds: [.operation], period: "2023", value: 1)
        #expect(try row(fixture, "END-2023")["registry"] == 1)
        // A year-only date counts only when all of it is on or before the last day: 2023 is not, as of 2023-10-31.
        try fixture.registry.outsideConnection().execute("UPDATE centers SET approved = '2023' WHERE code = 'OS'")
        try add(
            fixture, "OCT-2023", .centers, regions: ["130000"], kinds: [.operation], period: "2023-01..2023-10",
            value: 1)
        #expect(try row(fixture, "OCT-2023")["registry"] == 1)
        #expect(try row(fixture, "END-2023")["registry"] == 2)
    }

    @Test func theOpeningDateCountsWhenThereIsNoApprovalDate() throws {
        let fixture = try ReportFixture()
        try fixture.registry.outsideConnection().execute(
            "UPDATE centers SET opened = '2025-01-02' WHERE code IN ('OH', 'OS')")
        try add(fixture, "OPS", .centers, regions: ["130000"], kinds: [.operation], period: "2024", value: 0)
        #expect(try row(fixture, "OPS")["registry"] == 0)
        #expect(try row(fixture, "OPS")["status"] == "matches")
    }

    @Test func centersSetUpCountsCentersDatedWithinThePeriodAndNoUndatedOnes() throws {
        let fixture = try ReportFixture()
        try fixture.registry.outsideConnection().execute(
            """
            UPDATE centers SET approved = '2023-05-04' WHERE code = 'OH';
            UPDATE centers SET approved = '2022-12' WHERE code = 'OS';
            UPDATE centers SET approved = '2023' WHERE code = 'OX';
            """)
        try add(fixture, "SET-UP", .centersSetUp, regions: ["130000"], period: "2023", value: 1)
        let setUp = try row(fixture, "SET-UP")
        #expect(setUp["registry"] == 1)  // OH; OS is of 2022, OX closed, RH and TH undated
        #expect(setUp["undated"] == 0)
        #expect(setUp["status"] == "matches")
    }

    @Test func casesAddRowsWhollyWithinThePeriodWhateverTheCentersStatus() throws {
        let fixture = try ReportFixture()
        try add(fixture, "PRE-BJ", .pretrialCases, regions: ["110000"], period: "2023", value: 50)
        try add(fixture, "PRO-HE", .protectionCases, regions: ["130000"], period: "2023", value: 110)
        try add(fixture, "PRE-HE", .pretrialCases, regions: ["130000"], period: "2023", value: 7)
        #expect(try row(fixture, "PRE-BJ")["registry"] == 50)  // PB's two quarters
        #expect(try row(fixture, "PRO-HE")["registry"] == 110)  // closed OX's 70 and OH's January-October 40
        #expect(try row(fixture, "PRE-HE")["registry"] == 7)  // OH gave no pretrial figure: neither added nor partial
        #expect(try row(fixture, "PRE-HE")["partial"] == 0)
    }

    @Test func aRowThatOnlyOverlapsThePeriodIsCountedAsPartialAndNotAdded() throws {
        let fixture = try ReportFixture()
        // PB: 2022 (100) and 2023-Q1 (30) each overlap July 2022 - February 2023; neither lies within it.
        try add(fixture, "PRE-BJ", .pretrialCases, regions: ["110000"], period: "2022-07..2023-02", value: 65)
        let partial = try row(fixture, "PRE-BJ")
        #expect(partial["registry"] == 0)
        #expect(partial["partial"] == 2)
        #expect(partial["difference"] == -65)
        #expect(partial["status"] == "short")
    }

    @Test func exactMatchesOnlyAnEqualValue() throws {
        let fixture = try ReportFixture()
        try add(fixture, "EQUAL", .protectionCases, regions: ["130000"], period: "2023", value: 110)
        try add(fixture, "SHORT", .protectionCases, regions: ["130000"], period: "2023", value: 111)
        try add(fixture, "OVER", .protectionCases, regions: ["130000"], period: "2023", value: 109)
        #expect(try row(fixture, "EQUAL")["status"] == "matches")
        #expect(try row(fixture, "SHORT")["status"] == "short")
        #expect(try row(fixture, "SHORT")["difference"] == -1)
        #expect(try row(fixture, "OVER")["status"] == "over")
        #expect(try row(fixture, "OVER")["difference"] == 1)
    }

    @Test func atLeastMatchesAnyValueFromThePublishedOneUpAndIsNeverOver() throws {
        let fixture = try ReportFixture()
        try add(fixture, "BELOW", .protectionCases, regions: ["130000"], period: "2023", value: 100, bound: .atLeast)
        try add(fixture, "EQUAL", .protectionCases, regions: ["130000"], period: "2023", value: 110, bound: .atLeast)
        try add(fixture, "ABOVE", .protectionCases, regions: ["130000"], period: "2023", value: 111, bound: .atLeast)
        #expect(try row(fixture, "BELOW")["status"] == "matches")
        #expect(try row(fixture, "EQUAL")["status"] == "matches")
        #expect(try row(fixture, "ABOVE")["status"] == "short")
        #expect(try row(fixture, "BELOW")["bound"] == "at-least")
    }

    @Test func aboutMatchesWithinFivePercentOfThePublishedValue() throws {
        let fixture = try ReportFixture()
        // The registry has 110.
        try add(fixture, "NEAR-HIGH", .protectionCases, regions: ["130000"], period: "2023", value: 115, bound: .about)
        try add(fixture, "NEAR-LOW", .protectionCases, regions: ["130000"], period: "2023", value: 105, bound: .about)
        try add(fixture, "FAR-HIGH", .protectionCases, regions: ["130000"], period: "2023", value: 116, bound: .about)
        try add(fixture, "FAR-LOW", .protectionCases, regions: ["130000"], period: "2023", value: 104, bound: .about)
        #expect(try row(fixture, "NEAR-HIGH")["status"] == "matches")  // 5 of 115 is 4.3%
        #expect(try row(fixture, "NEAR-LOW")["status"] == "matches")  // 5 of 105 is 4.8%
        #expect(try row(fixture, "FAR-HIGH")["status"] == "short")  // 6 of 116 is 5.2%
        #expect(try row(fixture, "FAR-LOW")["status"] == "over")  // 6 of 104 is 5.8%
    }

    @Test func missingIndustriesAreTheFiguresIndustriesNoCountedCenterServes() throws {
        let fixture = try ReportFixture()
        try add(
            fixture, "OPS", .centers, regions: ["130000"], kinds: [.operation],
            industries: ["cybersecurity", "nuclear-energy", "photovoltaics", "satellite-internet"], period: "2023",
            value: 7)
        let ops = try row(fixture, "OPS")
        #expect(ops["missing_industries"] == "nuclear-energy;satellite-internet")
        // Only OS (photovoltaics) counted: OH's cybersecurity is then missing too.
        try fixture.registry.outsideConnection().execute("UPDATE centers SET approved = '2025' WHERE code = 'OH'")
        #expect(try row(fixture, "OPS")["missing_industries"] == "cybersecurity;nuclear-energy;satellite-internet")
        try add(fixture, "NONE", .centers, regions: ["130000"], period: "2023", value: 1)
        #expect(try row(fixture, "NONE")["missing_industries"] == Cell.null)
    }

    @Test func theRegionParameterKeepsFiguresAboutItOrADivisionInsideIt() throws {
        let fixture = try ReportFixture()
        try add(fixture, "BJ", .centers, regions: ["110000"], period: "2023", value: 2)
        try add(fixture, "HE", .centers, regions: ["130000"], period: "2023", value: 4)
        try add(fixture, "SJZ", .centers, regions: ["130100"], period: "2023", value: 2)
        #expect(try fixture.rows("reconcile").map { $0[0] } == ["BJ", "HE", "SJZ"])
        #expect(try fixture.rows("reconcile", ["region": "130000"]).map { $0[0] } == ["HE", "SJZ"])
        #expect(try fixture.rows("reconcile", ["region": "130100"]).map { $0[0] } == ["SJZ"])
        #expect(throws: ValidationFailure.self) { try fixture.rows("reconcile", ["region": "990000"]) }
    }

    @Test func aFigureIsNeverAddedIntoCaseTotals() throws {
        let fixture = try ReportFixture()
        let before = try fixture.rows("case-totals")
        try add(fixture, "PRE", .pretrialCases, regions: ["110000"], period: "2023", value: 32900)
        #expect(try fixture.rows("case-totals") == before)
    }
}
