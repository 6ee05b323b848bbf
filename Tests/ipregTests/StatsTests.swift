// `stats add` and `stats list`: the four period forms, replacement of the same period,
// refused overlaps, filters, and every invalid input refused with nothing changed.
import Foundation
import Testing

@Suite struct StatsTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    @discardableResult
    func add(_ arguments: String...) throws -> CommandResult {
        let result = try registry.run(["stats", "add"] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    func listed(_ arguments: String...) throws -> [[String: Any]] {
        try #require(try registry.json(["stats", "list"] + arguments) as? [[String: Any]])
    }

    @Test func everyPeriodFormIsAcceptedAndListedAsWritten() throws {
        try add(
            "--center", "PC-BJ", "--period", "2021", "--pretrial", "4000", "--protection", "150", "--source",
            "CNIPA annual report")
        try add("--center", "PC-BJ", "--period", "2022-Q1", "--pretrial", "1100")
        try add("--center", "PC-BJ", "--period", "2022-05", "--protection", "0")
        try add("--center", "pc-bj", "--period", "2023-01..2023-10", "--pretrial", "5000")
        let rows = try listed()
        #expect(rows.map { $0["period"] as? String } == ["2021", "2022-Q1", "2022-05", "2023-01..2023-10"])
        #expect(rows.allSatisfy { $0["center_code"] as? String == "PC-BJ" })
        #expect(rows[0]["pretrial_cases"] as? Int == 4000)
        #expect(rows[0]["protection_cases"] as? Int == 150)
        #expect(rows[0]["source"] as? String == "CNIPA annual report")
        #expect(rows[1]["protection_cases"] is NSNull)
        #expect(rows[2]["protection_cases"] as? Int == 0)
    }

    @Test func theSamePeriodAgainReplacesItsRow() throws {
        #expect(
            try add("--center", "PC-TJ", "--period", "2023", "--pretrial", "10").stderr
                == "added statistics of center PC-TJ for 2023\n")
        #expect(
            try add("--center", "PC-TJ", "--period", "2023", "--protection", "7").stderr
                == "replaced statistics of center PC-TJ for 2023\n")
        let rows = try listed("--center", "PC-TJ")
        #expect(rows.count == 1)
        #expect(rows[0]["pretrial_cases"] is NSNull)
        #expect(rows[0]["protection_cases"] as? Int == 7)
    }

    @Test func periodsOfOtherCentersMayOverlap() throws {
        try add("--center", "PC-TJ", "--period", "2023", "--pretrial", "10")
        try add("--center", "PC-BJ", "--period", "2023-05", "--pretrial", "10")
        #expect(try listed().count == 2)
    }

    @Test func listFiltersByCenterRegionAndPeriod() throws {
        try add("--center", "PC-BJ", "--period", "2022", "--pretrial", "1")
        try add("--center", "PC-BJ", "--period", "2023-Q2", "--pretrial", "2")
        try add("--center", "PC-TJ", "--period", "2023-03", "--pretrial", "3")
        try add("--center", "OC-HB-PV", "--period", "2024-01..2024-06", "--pretrial", "4")
        try add("--center", "RPC-BAZHOU", "--period", "2023", "--protection", "5")
        func keys(_ rows: [[String: Any]]) -> [String] {
            rows.map { "\($0["center_code"] as? String ?? "") \($0["period"] as? String ?? "")" }
        }
        #expect(keys(try listed("--center", "pc-tj")) == ["PC-TJ 2023-03"])
        #expect(keys(try listed("--region", "130000")) == ["OC-HB-PV 2024-01..2024-06", "RPC-BAZHOU 2023"])
        #expect(
            keys(try listed("--region", "110000", "--region", "131081")) == [
                "PC-BJ 2022", "PC-BJ 2023-Q2", "RPC-BAZHOU 2023",
            ])
        #expect(
            keys(try listed("--from", "2023")) == [
                "OC-HB-PV 2024-01..2024-06", "PC-BJ 2023-Q2", "PC-TJ 2023-03", "RPC-BAZHOU 2023",
            ])
        #expect(keys(try listed("--from", "2023-02", "--to", "2023-Q2")) == ["PC-BJ 2023-Q2", "PC-TJ 2023-03"])
        #expect(keys(try listed("--to", "2022-12")) == ["PC-BJ 2022"])
    }

    @Test func csvCarriesTheImportHeader() throws {
        try add(
            "--center", "PC-BJ", "--period", "2019-04..2022-12", "--pretrial", "29000", "--source",
            "Mondaq, citing CNIPA")
        let result = try registry.run(["stats", "list", "--format", "csv"])
        #expect(
            CenterSupport.csvRecords(result.stdout) == [
                ["center_code", "period", "pretrial_cases", "protection_cases", "source"],
                ["PC-BJ", "2019-04..2022-12", "29000", "", "Mondaq, citing CNIPA"],
            ])
    }

    @Test func invalidStatisticsAreRefusedByTheirOptionAndChangeNothing() throws {
        try add("--center", "PC-BJ", "--period", "2023", "--pretrial", "100")
        let cases: [([String], Int32, String)] = [
            (
                ["--period", "2023-Q5", "--pretrial", "1"], 65,
                "--period 2023-Q5: must be a period: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM"
            ),
            (["--period", "2024-13", "--pretrial", "1"], 65, "--period 2024-13: must be a period"),
            (["--period", "24", "--pretrial", "1"], 65, "--period 24: must be a period"),
            (["--period", "2024-03-01", "--pretrial", "1"], 65, "--period 2024-03-01: must be a period"),
            (["--period", "2024-10..2024-01", "--pretrial", "1"], 65, "--period 2024-10..2024-01: must be a period"),
            (["--period", "2024..2025", "--pretrial", "1"], 65, "--period 2024..2025: must be a period"),
            (
                ["--period", "2023-05", "--pretrial", "1"], 65,
                "--period 2023-05: overlaps the period 2023 of center PC-BJ"
            ),
            (
                ["--period", "2022-12..2023-01", "--pretrial", "1"], 65,
                "--period 2022-12..2023-01: overlaps the period 2023 of center PC-BJ"
            ),
            (
                ["--period", "2024", "--pretrial", "-5"], 65,
                "--pretrial -5: must be a whole number from 0 to 999999999999"
            ),
            (
                ["--period", "2024", "--protection", "1.5"], 65,
                "--protection 1.5: must be a whole number from 0 to 999999999999"
            ),
            (
                ["--period", "2024", "--protection", "9999999999999"], 65,
                "--protection 9999999999999: must be a whole number"
            ),
            (["--period", "2024", "--pretrial", "many"], 65, "--pretrial many: must be a whole number"),
            (["--period", "2024"], 64, "give --pretrial, --protection or both"),
            (
                ["--period", "2024", "--pretrial", "1", "--source", "a\u{1}b"], 65,
                "--source 'a\\u{1}b': must not contain control characters"
            ),
        ]
        for (arguments, status, message) in cases {
            try CenterSupport.expectRefusal(
                registry, ["stats", "add", "--center", "PC-BJ"] + arguments, status: status, message: message)
        }
        try CenterSupport.expectRefusal(
            registry, ["stats", "add", "--center", "PC-XX", "--period", "2024", "--pretrial", "1"],
            status: 65, message: "--center PC-XX: no such center")
        try CenterSupport.expectRefusal(
            registry, ["stats", "add", "--center", "PC-BJ", "--pretrial", "1"],
            status: 64, message: "Missing expected argument '--period <period>'")
        #expect(try listed().count == 1)
    }

    @Test func aCountPastTheLimitIsRefusedNamingTheLimit() throws {
        for option in ["--pretrial", "--protection"] {
            try CenterSupport.expectRefusal(
                registry, ["stats", "add", "--center", "PC-BJ", "--period", "2024", option, "1000000000000"],
                status: 65, message: "\(option) 1000000000000: must be a whole number from 0 to 999999999999")
        }
        try add("--center", "PC-BJ", "--period", "2024", "--pretrial", "999999999999")
        #expect(try listed().first?["pretrial_cases"] as? Int == 999_999_999_999)
    }

    @Test func invalidListFiltersAreRefused() throws {
        try CenterSupport.expectRefusal(
            registry, ["stats", "list", "--center", "PC-XX"], status: 1, message: "--center PC-XX: no such center")
        try CenterSupport.expectRefusal(
            registry, ["stats", "list", "--from", "2023-Q0"], status: 65, message: "--from 2023-Q0: must be a period")
        try CenterSupport.expectRefusal(
            registry, ["stats", "list", "--to", "last year"], status: 65, message: "--to last year: must be a period")
        try CenterSupport.expectRefusal(
            registry, ["stats", "list", "--region", "99"], status: 65,
            message: "--region 99: must be a six-digit division code")
    }
}
