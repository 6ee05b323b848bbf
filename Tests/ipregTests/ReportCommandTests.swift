// `ipreg report` end to end: list, run (every format and the chart), show, save, remove.
import Foundation
import IPRegistry
import Testing

@Suite struct ReportCommandTests {
    @Test func everyBuiltInReportRunsWithItsColumnsAsJSONKeys() throws {
        let registry = try TestRegistry.withCenters()
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
        ]
        for (name, columns) in expected {
            let csv = try registry.run(["report", "run", name, "--format", "csv"])
            #expect(csv.status == 0, "\(name): \(csv.stderr)")
            #expect(csv.stdout.split(separator: "\n").first.map(String.init) == columns.joined(separator: ","))
            let rows = try registry.json(["report", "run", name]) as? [[String: Any]] ?? []
            #expect(!rows.isEmpty, "\(name)")
            #expect(rows.allSatisfy { Set($0.keys) == Set(columns) }, "\(name)")
        }
        let byKind = try registry.json(["report", "run", "centers-by-kind"]) as? [[String: Any]]
        #expect(byKind?.map { $0["centers"] as? Int } == [1, 0, 1, 0])  // the closed operation center left out
        let totals =
            try registry.json(["report", "run", "case-totals", "--param", "region=130000"]) as? [[String: Any]]
        #expect(totals?.first?["protection_cases"] as? Int == 50)  // the closed center's statistics count
        let top =
            try registry.json(["report", "run", "top-centers", "--param", "by=pretrial", "--param", "limit=1"])
            as? [[String: Any]]
        #expect(top?.map { $0["code"] as? String } == ["PC-BJ"])
    }

    @Test func reportParametersAreCheckedWithTheRightStatus() throws {
        let registry = try TestRegistry()
        #expect(try registry.run(["report", "run", "no-such-report"]).status == 1)
        #expect(try registry.run(["report", "run", "centers-by-kind", "--param", "from=2023"]).status == 64)
        let shown = try registry.run(["report", "show", "centers-by-kind", "--param", "from=2023"])
        #expect(shown.status == 64)
        #expect(shown.stdout.isEmpty)
        #expect(shown.errorLines.count == 1 && shown.errorLines.first?.hasPrefix("error: ") == true, "\(shown.stderr)")
        #expect(try registry.run(["report", "run", "centers-by-kind", "--param", "region=990000"]).status == 65)
        let badRegion = try registry.run(["report", "run", "centers-by-kind", "--param", "region=Hebei"])
        #expect(badRegion.status == 65)
        #expect(badRegion.stderr == "error: region Hebei: must be a six-digit division code (GB/T 2260)\n")
        #expect(try registry.run(["report", "run", "case-totals", "--param", "from=2023-Q5"]).status == 65)
        #expect(try registry.run(["report", "run", "top-centers", "--param", "by=total"]).status == 65)
        #expect(try registry.run(["report", "run", "centers-by-kind", "--bar", "centers"]).status == 64)
    }

    @Test func theChartHasALegendAndOneBarPerRowWithinTheWidth() throws {
        let registry = try TestRegistry.withCenters()
        let result = try registry.run(["report", "run", "centers-by-kind", "--format", "chart"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasSuffix("█ centers"))
        #expect(lines[1].hasPrefix("protection       █") && lines[1].hasSuffix(" 1"))
        #expect(lines[2] == "rapid-protection 0")
        #expect(lines.allSatisfy { $0.displayWidth < 80 })
        let several = try registry.run([
            "report", "run", "centers-by-region", "--format", "chart", "--bar", "protection", "--bar", "operation",
        ])
        let severalLines = several.stdout.split(separator: "\n").map(String.init)
        #expect(severalLines[0].hasSuffix("█ protection  ▓ operation"))
        #expect(severalLines.count == 1 + 2 * 2)
    }

    @Test func savedReportsAreListedRunShownAndRemoved() throws {
        let registry = try TestRegistry.withCenters()
        let file = try registry.folder.write(
            "kind.sql", "SELECT code, name FROM centers WHERE kind = :kind ORDER BY code\n")
        let saved = try registry.run([
            "report", "save", "by-kind", "--file", file, "--description", "Centers of one kind",
        ])
        #expect(saved.status == 0, "\(saved.stderr)")
        let list = try registry.json(["report", "list"]) as? [[String: Any]] ?? []
        #expect(list.count == 7)  // six built-in, one saved
        #expect(list.last?["name"] as? String == "by-kind")
        #expect(list.last?["type"] as? String == "saved")
        #expect(list.last?["parameters"] as? [String] == ["kind"])
        #expect(list.last?["description"] as? String == "Centers of one kind")
        #expect(list.first?["parameters"] as? [String] == ["region"])
        let run = try registry.run(["report", "run", "by-kind", "--param", "kind=operation", "--format", "csv"])
        #expect(run.stdout == "code,name\nOC-OLD,旧运营中心\nOC-SJZ,石家庄运营中心\n")
        #expect(try registry.run(["report", "run", "by-kind"]).status == 64)
        #expect(
            try registry.run(["report", "show", "by-kind", "--param", "kind=tisc"]).stdout
                == "-- :kind = 'tisc'\nSELECT code, name FROM centers WHERE kind = :kind ORDER BY code\n")
        #expect(try registry.run(["report", "remove", "by-kind"]).status == 0)
        #expect(try registry.run(["report", "remove", "by-kind"]).status == 1)
        #expect(try registry.run(["report", "remove", "top-centers"]).status == 65)
        #expect(try registry.run(["report", "run", "by-kind"]).status == 1)
    }

    @Test func aSavedReportMayStartWithAComment() throws {
        let registry = try TestRegistry.withCenters()
        let saved = try registry.run([
            "report", "save", "tiscs", "--sql", "-- the TISCs\nSELECT code FROM centers WHERE kind = 'tisc'",
        ])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try registry.run(["report", "run", "tiscs", "--format", "csv"]).stdout.hasPrefix("code\n"))
        let equals = try registry.run(["report", "save", "one", "--sql=-- one\nSELECT 1 AS one"])
        #expect(equals.status == 0, "\(equals.stderr)")
        #expect(try registry.run(["report", "save", "x", "--help"]).status == 0)
    }

    @Test func runsHelpListsEveryBuiltInReportWithEachOfItsParameters() throws {
        let help = try CLI.run(["report", "run", "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        // The help is wrapped to the terminal's width: compare words, not lines.
        let words = " " + help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ") + " "
        for report in BuiltInReport.allCases {
            #expect(words.contains(" \(report.name) "), "\(report.name) missing from:\n\(help.stdout)")
            for parameter in report.parameters {
                #expect(words.contains(" \(parameter.name) \(parameter.help) "), "\(report.name) \(parameter.name)")
            }
        }
    }

    @Test func reportSaveRefusesWritesWithStatus65AndTheFileUnchanged() throws {
        let registry = try TestRegistry.withCenters()
        let before = try registry.fingerprint()
        for sql in SQLCommandTests.writeAttempts + ["SELEC 1", ""] {
            let result = try registry.run(["report", "save", "attack", "--sql", sql])
            #expect(result.status == 65, "\(sql): \(result.stderr)")
            #expect(result.errorLines.count == 1, "\(sql): \(result.stderr)")
            #expect(try registry.fingerprint() == before, "\(sql) changed the file")
        }
        #expect(try registry.run(["report", "save", "Bad Name", "--sql", "SELECT 1"]).status == 65)
        #expect(try registry.run(["report", "save", "case-totals", "--sql", "SELECT 1"]).status == 65)
        #expect(try registry.run(["report", "save", "x", "--sql", "SELECT 1", "--file", "y"]).status == 64)
        #expect(try registry.fingerprint() == before)
    }
}
