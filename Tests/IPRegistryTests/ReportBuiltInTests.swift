// Every built-in report gives the known answer on the fixture: columns, region containment,
// period ranges, closed centers left out where docs/reports.md says.
import IPRegistry
import SQLiteDB
import Testing

@Suite struct ReportBuiltInTests {
    @Test func everyBuiltInReportHasExactlyTheColumnsOfTheSpec() throws {
        let fixture = try ReportFixture()
        let expected: [String: [String]] = [
            "centers-by-region": [
                "region_code", "region_name", "protection", "rapid_protection", "operation", "tisc", "total",
            ],
            "centers-by-kind": ["kind", "centers"],
            "industry-coverage": [
                "industry_code", "industry_name", "protection", "rapid_protection", "operation", "tisc", "total",
            ],
            "case-totals": ["year", "centers", "pretrial_cases", "protection_cases"],
            "top-centers": ["code", "name", "kind", "region_name", "pretrial_cases", "protection_cases"],
            "reconcile": [
                "code", "metric", "regions", "kinds", "period", "published", "bound", "registry", "difference",
                "status",
                "partial", "undated", "missing_industries",
            ],
        ]
        #expect(BuiltInReport.allCases.map(\.name).sorted() == expected.keys.sorted())
        for (name, columns) in expected {
            #expect(try fixture.run(name).columns == columns, "\(name)")
            #expect(try fixture.run(name, ["region": "130000"]).columns == columns, "\(name) with a region")
        }
    }

    @Test func centersByRegionCountsOpenCentersPerProvince() throws {
        let rows = try ReportFixture().rows("centers-by-region")
        #expect(
            rows == [
                ["110000", "北京市", 2, 0, 0, 0, 2],
                ["120000", "天津市", 0, 0, 0, 1, 1],
                ["130000", "河北省", 0, 1, 2, 1, 4],
            ])
    }

    @Test func centersByRegionInsideAProvinceHasEachChildAndTheProvinceItself() throws {
        let rows = try ReportFixture().rows("centers-by-region", ["region": "130000"])
        #expect(rows.count == 12)  // Hebei itself (a center sits at 130000) and its 11 prefecture-level cities
        #expect(rows[0] == ["130000", "河北省", 0, 0, 0, 1, 1])
        #expect(rows[1] == ["130100", "河北省 / 石家庄市", 0, 1, 1, 0, 2])
        #expect(rows[2] == ["130200", "河北省 / 唐山市", 0, 0, 1, 0, 1])
        #expect(rows.dropFirst(3).allSatisfy { $0.last == 0 })
    }

    @Test func centersByRegionOfAMunicipalityListsItsDistricts() throws {
        let rows = try ReportFixture().rows("centers-by-region", ["region": "110000"])
        #expect(rows.count == 17)
        #expect(rows.first == ["110000", "北京市", 1, 0, 0, 0, 1])
        #expect(rows.first { $0[0] == "110108" } == ["110108", "北京市 / 海淀区", 1, 0, 0, 0, 1])
    }

    @Test func centersByRegionOfACountyIsOneRowWithoutTheClosedCenter() throws {
        let rows = try ReportFixture().rows("centers-by-region", ["region": "130102"])
        #expect(rows == [["130102", "河北省 / 石家庄市 / 长安区", 0, 0, 1, 0, 1]])
    }

    @Test func centersByKindListsEveryKindAndLeavesClosedCentersOut() throws {
        let fixture = try ReportFixture()
        #expect(
            try fixture.rows("centers-by-kind") == [
                ["protection", 2], ["rapid-protection", 1], ["operation", 2], ["tisc", 2],
            ])
        #expect(
            try fixture.rows("centers-by-kind", ["region": "130000"]) == [
                ["protection", 0], ["rapid-protection", 1], ["operation", 2], ["tisc", 1],
            ])
        #expect(
            try fixture.rows("centers-by-kind", ["region": "130100"]) == [
                ["protection", 0], ["rapid-protection", 1], ["operation", 1], ["tisc", 0],
            ])
    }

    @Test func industryCoverageCountsOpenCentersPerIndustryAndKind() throws {
        let fixture = try ReportFixture()
        let rows = try fixture.rows("industry-coverage")
        #expect(rows[0] == ["cybersecurity", "网络安全", 0, 0, 1, 1, 2])
        #expect(rows[1] == ["photovoltaics", "光伏", 0, 0, 2, 0, 2])
        #expect(rows.count == 17)  // every industry, the uncovered ones with zeros
        #expect(rows.dropFirst(2).allSatisfy { $0.last == 0 })
        let hebei = try fixture.rows("industry-coverage", ["region": "130000"])
        #expect(hebei[0] == ["photovoltaics", "光伏", 0, 0, 2, 0, 2])
        #expect(hebei[1] == ["cybersecurity", "网络安全", 0, 0, 1, 0, 1])
    }

    @Test func caseTotalsSumsPerYearOfThePeriodStartWhateverTheStatus() throws {
        let rows = try ReportFixture().rows("case-totals")
        #expect(
            rows == [
                [2021, 1, 1, 2],
                [2022, 1, 100, 10],
                [2023, 3, 57, 115],  // PB's two quarters, closed OX, and OH's January-October
                [2024, 1, 3, 4],
            ])
    }

    @Test func caseTotalsGivesAPeriodThatSpansYearsItsOwnRowAndNeverPutsItUnderOneYear() throws {
        let fixture = try ReportFixture()
        try fixture.registry.outsideConnection().execute(
            """
            INSERT INTO case_statistics (center_id, period, period_start, period_end, pretrial_cases, protection_cases) VALUES
                (2, '2019-04..2022-12', '2019-04-01', '2022-12-31', 29000, NULL),
                (3, '2022-03', '2022-03-01', '2022-03-31', 1, NULL),
                (3, '2022-11..2023-02', '2022-11-01', '2023-02-28', 5, 6)
            """)
        #expect(
            try fixture.rows("case-totals") == [
                ["2019-04..2022-12", 1, 29000, nil],
                [2021, 1, 1, 2],
                // PB's 2022 and RH's March: neither PD's cumulative figure nor RH's winter is 2022's
                [2022, 2, 101, 10],
                ["2022-11..2023-02", 1, 5, 6],
                [2023, 3, 57, 115],
                [2024, 1, 3, 4],
            ])
        // RH's March gave no protection figure: 2022 has none in Hebei, though RH's winter has 6.
        #expect(
            try fixture.rows("case-totals", ["region": "130000"]) == [
                [2022, 1, 1, nil], ["2022-11..2023-02", 1, 5, 6], [2023, 2, 7, 110], [2024, 1, 3, 4],
            ])
        #expect(
            try fixture.rows("case-totals", ["from": "2022"]) == [
                [2022, 2, 101, 10], ["2022-11..2023-02", 1, 5, 6], [2023, 3, 57, 115], [2024, 1, 3, 4],
            ])
        #expect(try fixture.rows("case-totals", ["from": "2022-06", "to": "2022"]) == [["2022-11..2023-02", 1, 5, 6]])
    }

    @Test func caseTotalsTakesAPeriodRangeByPeriodStart() throws {
        let fixture = try ReportFixture()
        // Only PB's 2023-Q2 starts inside 2023-04-01 .. 2023-12-31; it has no protection figure.
        #expect(try fixture.rows("case-totals", ["from": "2023-Q2", "to": "2023"]) == [[2023, 1, 20, nil]])
        #expect(
            try fixture.rows("case-totals", ["from": "2022-12", "to": "2023-01..2023-03"]) == [[2023, 3, 37, 115]])
        #expect(try fixture.rows("case-totals", ["to": "2021-12"]) == [[2021, 1, 1, 2]])
        #expect(try fixture.rows("case-totals", ["from": "2025"]) == [])
    }

    @Test func caseTotalsOfARegionCountsItsCentersOnly() throws {
        let rows = try ReportFixture().rows("case-totals", ["region": "130000"])
        #expect(rows == [[2023, 2, 7, 110], [2024, 1, 3, 4]])
    }

    @Test func topCentersRanksByProtectionCasesByDefault() throws {
        let rows = try ReportFixture().rows("top-centers")
        #expect(
            rows == [
                ["OX", "长安旧运营中心", "operation", "河北省 / 石家庄市 / 长安区", 7, 70],
                ["OH", "长安运营中心", "operation", "河北省 / 石家庄市 / 长安区", 3, 44],
                ["PB", "北京保护中心", "protection", "北京市", 150, 15],
                ["TT", "滨海TISC", "tisc", "天津市 / 滨海新区", 1, 2],
            ])
    }

    @Test func topCentersRanksByPretrialWithALimitARegionAndAPeriod() throws {
        let fixture = try ReportFixture()
        #expect(try fixture.rows("top-centers", ["by": "pretrial", "limit": "2"]).map { $0[0] } == ["PB", "OX"])
        #expect(
            try fixture.rows("top-centers", ["region": "130000", "from": "2024"]) == [
                ["OH", "长安运营中心", "operation", "河北省 / 石家庄市 / 长安区", 3, 4]
            ])
        // Ranked by pretrial, OH's 2023 row (no pretrial figure) leaves it out of 2023.
        #expect(
            try fixture.rows("top-centers", ["by": "pretrial", "from": "2023", "to": "2023"]).map { $0[0] } == [
                "PB", "OX",
            ])
    }

    @Test func badReportParametersAreRefused() throws {
        let fixture = try ReportFixture()
        #expect(throws: ParameterError.self) { try fixture.run("centers-by-kind", ["from": "2023"]) }
        #expect(throws: ValidationFailure.self) { try fixture.run("centers-by-kind", ["region": "13"]) }
        #expect(throws: ValidationFailure(field: "region", value: "990000", rule: "no such division")) {
            try fixture.run("centers-by-kind", ["region": "990000"])
        }
        #expect(throws: ValidationFailure.self) { try fixture.run("case-totals", ["from": "2023-13"]) }
        #expect(throws: ValidationFailure.self) { try fixture.run("case-totals", ["from": "2024", "to": "2023"]) }
        #expect(throws: ValidationFailure.self) { try fixture.run("top-centers", ["by": "cases"]) }
        #expect(throws: ValidationFailure.self) { try fixture.run("top-centers", ["limit": "0"]) }
        #expect(throws: ValidationFailure.self) { try fixture.run("top-centers", ["limit": "ten"]) }
        #expect(throws: RegistryError.self) { try fixture.run("no-such-report") }
    }

    @Test func reportParameterValuesAreBoundNotSplicedIntoTheSQL() throws {
        let fixture = try ReportFixture()
        let report = try fixture.registry.read { db in
            try ReportCatalog.prepare("top-centers", arguments: ["region": "130000", "from": "2023"], in: db)
        }
        #expect(!report.sql.contains("130000"))
        #expect(!report.sql.contains("2023"))
        #expect(report.annotatedSQL.hasPrefix("-- :region_lowest = '130000'\n"))
    }
}
