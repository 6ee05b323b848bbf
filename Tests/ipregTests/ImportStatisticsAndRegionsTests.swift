// `import stats` and `import regions`: the same one-transaction rule as centers, with the
// rules of `stats add` (periods, replacement of the same period, no overlaps, known centers)
// and of `region add` (a division's parent follows from its code; a new prefecture takes in
// its counties), and the conflict policies.
import Foundation
import Testing

@Suite struct ImportStatisticsTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    typealias Summary = ImportSupport.Summary

    func file(_ records: [[String]]) throws -> String {
        try registry.folder.write("stats.csv", ImportSupport.csv([ImportSupport.statisticsHeader] + records))
    }

    func listed(_ arguments: String...) throws -> [[String: Any]] {
        try #require(try registry.json(["stats", "list"] + arguments) as? [[String: Any]])
    }

    @Test func everyPeriodFormIsImported() throws {
        let path = try file([
            ["PC-BJ", "2021", "4000", "150", "CNIPA annual report, 2022"],
            ["PC-BJ", "2022-Q1", "1100", "", ""],
            ["pc-bj", "2022-05", "", "0", ""],
            ["PC-BJ", "2023-01..2023-10", "5000", "", "\"press\" figures"],
            ["PC-TJ", "2023", "10", "", ""],
        ])
        try ImportSupport.expectImport(registry, ["stats", path], Summary(read: 5, inserted: 5))
        let rows = try listed("--center", "PC-BJ")
        #expect(rows.map { $0["period"] as? String } == ["2021", "2022-Q1", "2022-05", "2023-01..2023-10"])
        #expect(rows.allSatisfy { $0["center_code"] as? String == "PC-BJ" })
        #expect(rows[0]["protection_cases"] as? Int == 150)
        #expect(rows[1]["protection_cases"] is NSNull)
        #expect(rows[2]["protection_cases"] as? Int == 0)
        #expect(rows[3]["source"] as? String == "\"press\" figures")
    }

    @Test func reimportingAPeriodReplacesItsRow() throws {
        try ImportSupport.expectImport(
            registry, ["stats", try file([["PC-TJ", "2023", "10", "", ""], ["PC-TJ", "2024-Q1", "3", "", ""]])],
            Summary(read: 2, inserted: 2))
        try ImportSupport.expectImport(
            registry,
            [
                "stats",
                try file([
                    ["PC-TJ", "2023", "", "7", "revised"], ["PC-TJ", "2024-Q1", "3", "", ""],
                    ["PC-TJ", "2024-Q2", "4", "", ""],
                ]),
            ],
            Summary(read: 3, inserted: 1, updated: 1, unchanged: 1))
        let rows = try listed("--center", "PC-TJ")
        #expect(rows.map { $0["period"] as? String } == ["2023", "2024-Q1", "2024-Q2"])
        #expect(rows[0]["pretrial_cases"] is NSNull)
        #expect(rows[0]["protection_cases"] as? Int == 7)
        #expect(rows[0]["source"] as? String == "revised")
    }

    @Test func skipKeepsAnExistingPeriod() throws {
        try ImportSupport.expectImport(
            registry, ["stats", try file([["PC-TJ", "2023", "10", "", ""]])], Summary(read: 1, inserted: 1))
        try ImportSupport.expectImport(
            registry,
            [
                "stats", try file([["PC-TJ", "2023", "99", "", ""], ["PC-TJ", "2024", "1", "", ""]]),
                "--on-conflict", "skip",
            ], Summary(read: 2, inserted: 1, skipped: 1))
        #expect(try listed("--center", "PC-TJ").first?["pretrial_cases"] as? Int == 10)
    }

    @Test func anOverlappingPeriodIsRefusedWithItsLine() throws {
        try ImportSupport.expectImport(
            registry, ["stats", try file([["PC-TJ", "2023", "10", "", ""]])], Summary(read: 1, inserted: 1))
        let path = try file([["PC-BJ", "2023-05", "1", "", ""], ["PC-TJ", "2023-05", "1", "", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText == [
                "\(path):3:2: error: period 2023-05: overlaps the period 2023 of center PC-TJ",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
    }

    @Test func periodsOverlappingWithinOneFileAreRefused() throws {
        let path = try file([["PC-BJ", "2022-01..2022-06", "1", "", ""], ["PC-BJ", "2022-Q2", "1", "", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText.first
                == "\(path):3:2: error: period 2022-Q2: overlaps the period 2022-01..2022-06 of center PC-BJ")
    }

    @Test func theSamePeriodTwiceInOneFileIsRefused() throws {
        let path = try file([["PC-BJ", "2022", "1", "", ""], ["pc-bj", "2022-01..2022-12", "2", "", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText.first
                == "\(path):3:2: error: period 2022-01..2022-12 of center pc-bj: appears more than once in this file")
    }

    @Test func anUnknownCenterIsRefusedWithItsLine() throws {
        let path = try file([["PC-BJ", "2022", "1", "", ""], ["PC-XX", "2022", "1", "", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText == [
                "\(path):3:1: error: center_code PC-XX: no such center",
                "error: \(path): 1 invalid row; nothing was imported",
            ])
    }

    @Test func invalidNumbersAndPeriodsAreNamedByColumn() throws {
        let path = try file([
            ["PC-BJ", "2022", "-5", "", ""], ["PC-BJ", "2023-Q5", "1", "", ""], ["PC-BJ", "2024", "", "", ""],
        ])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText.map { $0.prefix { $0 != " " } } == [
                "\(path):2:3:", "\(path):3:2:", "\(path):4:3:", "error:",
            ])
    }

    @Test func aCountPastTheLimitIsRefusedNamingTheLimit() throws {
        let path = try file([["PC-BJ", "2022", "1000000000001", "", ""], ["PC-BJ", "2023", "", "1000000000001", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["stats", path])
        #expect(
            result.errorText.prefix(2) == [
                "\(path):2:3: error: pretrial_cases 1000000000001: must be a whole number from 0 to 999999999999",
                "\(path):3:4: error: protection_cases 1000000000001: must be a whole number from 0 to 999999999999",
            ])
    }

    @Test func importedStatisticsAreInTheCentersHistory() throws {
        try ImportSupport.expectImport(
            registry, ["stats", try file([["PC-TJ", "2023", "10", "", ""]])], Summary(read: 1, inserted: 1))
        let history = try #require(try registry.json(["center", "history", "PC-TJ"]) as? [[String: Any]])
        #expect(history.first?["change"] as? String == "import")
        #expect(history.first?["fields"] as? [String] == ["statistics"])
    }

    @Test func theExampleStatisticsImportAfterTheExampleCenters() throws {
        let empty = try TestRegistry()
        try ImportSupport.expectImport(
            empty, ["centers", ImportSupport.examples.appendingPathComponent("centers.csv").path],
            Summary(read: 7, inserted: 7))
        let stats = ImportSupport.examples.appendingPathComponent("stats.csv")
        let expected = CenterSupport.csvRecords(try String(contentsOf: stats, encoding: .utf8)).count - 1
        try ImportSupport.expectImport(empty, ["stats", stats.path], Summary(read: expected, inserted: expected))
    }
}

@Suite struct ImportRegionsTests {
    let registry: TestRegistry

    init() throws { registry = try TestRegistry() }

    typealias Summary = ImportSupport.Summary

    func file(_ records: [[String]], header: [String] = ["code", "name", "name_en"]) throws -> String {
        try registry.folder.write("regions.csv", ImportSupport.csv([header] + records))
    }

    func children(_ parent: String) throws -> [String] {
        let rows = try #require(try registry.json(["region", "list", "--parent", parent]) as? [[String: Any]])
        return rows.compactMap { $0["code"] as? String }
    }

    func division(_ code: String) throws -> [String: Any]? {
        let rows = try #require(try registry.json(["region", "list"]) as? [[String: Any]])
        return rows.first { $0["code"] as? String == code }
    }

    @Test func aNewCountyThenItsPrefectureWhichTakesItIn() throws {
        let path = try file([["139901", "测试县", "Test County"], ["139900", "测试市", ""]])
        try ImportSupport.expectImport(registry, ["regions", path], Summary(read: 2, inserted: 2))
        #expect(try children("139900") == ["139901"])
        let county = try #require(try division("139901"))
        #expect(county["parent_code"] as? String == "139900")
        #expect(county["level"] as? Int == 3)
        #expect(county["name_en"] as? String == "Test County")
        let prefecture = try #require(try division("139900"))
        #expect(prefecture["parent_code"] as? String == "130000")
        #expect(prefecture["name_en"] is NSNull)
    }

    @Test func aCountyAloneSitsInItsProvince() throws {
        try ImportSupport.expectImport(
            registry, ["regions", try file([["139801", "测试县", ""]], header: ["code", "name", "name_en"])],
            Summary(read: 1, inserted: 1))
        #expect(try division("139801")?["parent_code"] as? String == "130000")
        #expect(try children("130000").contains("139801"))
    }

    @Test func aNewDivisionCanBeUsedByCentersImportedAfterIt() throws {
        try ImportSupport.expectImport(
            registry, ["regions", try file([["139901", "测试县", ""]])], Summary(read: 1, inserted: 1))
        let centers = try registry.folder.write(
            "centers.csv",
            ImportSupport.csv([ImportSupport.minimalHeader, ImportSupport.minimal("NEW-1", region: "139901")]))
        try ImportSupport.expectImport(registry, ["centers", centers], Summary(read: 1, inserted: 1))
        #expect(try CenterSupport.listedCodes(registry, ["--region", "130000"]) == ["NEW-1"])
    }

    @Test func invalidDivisionsAreRefusedWithTheirLines() throws {
        let path = try file([["13990A", "x", ""], ["990101", "y", ""], ["139901", "", ""]])
        let result = try ImportSupport.expectRefusedImport(registry, ["regions", path])
        let lines = result.errorText
        #expect(lines.count == 4)
        #expect(lines.first == "\(path):2:1: error: code 13990A: must be a six-digit division code (GB/T 2260)")
        #expect(
            lines.dropFirst().first
                == "\(path):3:1: error: code 990101: its provincial-level division 990000 is not in the registry (add it first)"
        )
        #expect(lines.dropFirst(2).first?.hasPrefix("\(path):4:2: error: name") == true, "\(lines)")
        #expect(lines.last == "error: \(path): 3 invalid rows; nothing was imported")
    }

    @Test func anExistingDivisionFollowsThePolicy() throws {
        let path = try file([["130100", "石家庄（新名）", "Shijiazhuang"], ["139901", "测试县", ""]])
        let refused = try ImportSupport.expectRefusedImport(registry, ["regions", path])
        #expect(
            refused.errorText.first
                == "\(path):2:1: error: code 130100: already exists in the registry (--on-conflict skip or update)")

        try ImportSupport.expectImport(
            registry, ["regions", path, "--on-conflict", "skip"], Summary(read: 2, inserted: 1, skipped: 1))
        #expect(try division("130100")?["name"] as? String == "石家庄市")

        try ImportSupport.expectImport(
            registry, ["regions", path, "--on-conflict", "update"], Summary(read: 2, updated: 1, unchanged: 1))
        #expect(try division("130100")?["name"] as? String == "石家庄（新名）")
        #expect(try division("130100")?["parent_code"] as? String == "130000")

        try ImportSupport.expectImport(
            registry, ["regions", path, "--on-conflict", "update"], Summary(read: 2, unchanged: 2))
    }

    @Test func aCodeTwiceInOneFileIsRefused() throws {
        for policy in ["fail", "skip", "update"] {
            let path = try file([["139901", "测试县", ""], ["139901", "测试县", ""]])
            let result = try ImportSupport.expectRefusedImport(registry, ["regions", path, "--on-conflict", policy])
            #expect(
                result.errorText.first == "\(path):3:1: error: code 139901: appears more than once in this file",
                "\(policy)")
            let existing = try file([["130100", "石家庄市", ""], ["130100", "石家庄市", ""]])
            let again = try ImportSupport.expectRefusedImport(registry, ["regions", existing, "--on-conflict", policy])
            #expect(
                again.errorText.contains("\(existing):3:1: error: code 130100: appears more than once in this file"),
                "\(policy)")
        }
    }
}
