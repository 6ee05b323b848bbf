// `ipreg figure add|list|remove|history`, `import figures`, `export figures` and `report run
// reconcile`, run as a user runs them: every refusal of docs/commands.md is one `error:` line per
// problem, status 65, and nothing written.
import Foundation
import Testing

@Suite struct FigureCommandTests {
    private static let tiscs = [
        "figure", "add", "--code", "TISC-2022", "--metric", "centers", "--region", "110000",
        "--region", "120000", "--region", "130000", "--kind", "tisc", "--period", "2022-12",
        "--value", "19", "--source", "CNIPA press conference, 2023-12-14 (China Daily)",
    ]

    @Test func addThenListShowsTheFigureAsPublished() throws {
        let registry = try TestRegistry()
        let added = try registry.run(Self.tiscs + ["--notes", "by the end of 2022"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr == "added figure TISC-2022\n")
        let figures = try #require(try registry.json(["figure", "list"]) as? [[String: Any]])
        #expect(figures.count == 1)
        let figure = try #require(figures.first)
        #expect(figure["regions"] as? [String] == ["110000", "120000", "130000"])
        #expect(figure["kinds"] as? [String] == ["tisc"])
        #expect(figure["value"] as? Int == 19)
        #expect(figure["bound"] as? String == "exact")
        #expect(figure["period"] as? String == "2022-12")
        #expect(figure["notes"] as? String == "by the end of 2022")
        let table = try registry.run(["figure", "list"])
        #expect(table.stdout.contains("TISC-2022") && !table.stdout.contains("CNIPA"))
    }

    @Test func listFiltersByRegionContainmentAndMetric() throws {
        let registry = try TestRegistry()
        try registry.run(Self.tiscs)
        try registry.run([
            "figure", "add", "--code", "BZ", "--metric", "centers-set-up", "--region", "131081", "--period", "2021",
            "--value", "1", "--source", "s",
        ])
        func codes(_ arguments: [String]) throws -> [String] {
            (try registry.json(["figure", "list"] + arguments) as? [[String: Any]])?.compactMap {
                $0["code"] as? String
            } ?? []
        }
        #expect(try codes([]) == ["BZ", "TISC-2022"])
        #expect(try codes(["--region", "130000"]) == ["BZ", "TISC-2022"])
        #expect(try codes(["--region", "131000"]) == ["BZ"])
        #expect(try codes(["--metric", "centers"]) == ["TISC-2022"])
        let refused = try registry.run(["figure", "list", "--metric", "center"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("(did you mean centers?)"))
    }

    /// Runs a refused `figure add` and checks: status 65, the one error line, and the registry unchanged.
    private func expectRefusal(
        _ replacing: [String: String], removing: [String] = [], adding: [String] = [],
        message: String
    ) throws {
        let registry = try TestRegistry()
        let before = try registry.fingerprint()
        var arguments: [String] = []
        var index = 0
        while index < Self.tiscs.count {
            let argument = Self.tiscs[index]
            if argument.hasPrefix("--"), index + 1 < Self.tiscs.count {
                if removing.contains(argument) {
                    index += 2
                    continue
                }
                if let value = replacing[argument] {
                    arguments += [argument, value]
                    index += 2
                    continue
                }
            }
            arguments.append(argument)
            index += 1
        }
        let result = try registry.run(arguments + adding)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.errorLines.map(String.init) == ["error: " + message])
        #expect(try registry.fingerprint() == before)
        #expect(try registry.run(["figure", "list", "--format", "csv"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func anUnknownRegionIsRefusedWithTheCodeOfAMatchingName() throws {
        try expectRefusal(["--region": "990000"], message: "--region 990000: no such division")
        let registry = try TestRegistry()
        let named = try registry.run([
            "figure", "add", "--code", "X", "--metric", "centers", "--region", "河北省", "--period", "2023",
            "--value", "1", "--source", "s",
        ])
        #expect(named.status == 65)
        #expect(
            named.errorLines.map(String.init) == [
                "error: --region 河北省: must be a six-digit division code (GB/T 2260) (did you mean 130000?)"
            ])
    }

    @Test func anUnknownKindIndustryOrMetricIsRefusedWithASuggestion() throws {
        try expectRefusal(
            ["--kind": "tsic"],
            message: "--kind tsic: must be one of protection, rapid-protection, operation, tisc (did you mean tisc?)")
        try expectRefusal(
            [:], adding: ["--industry", "photovoltaic"],
            message: "--industry photovoltaic: no such industry (did you mean photovoltaics?)")
        try expectRefusal(
            ["--metric": "center"],
            message:
                "--metric center: must be one of centers, centers-set-up, pretrial-cases, protection-cases (did you mean centers?)"
        )
        try expectRefusal(
            [:], adding: ["--bound", "atleast"],
            message: "--bound atleast: must be one of exact, at-least, about (did you mean at-least?)")
    }

    @Test func aBadPeriodANegativeValueAndAMissingSourceAreRefused() throws {
        try expectRefusal(
            ["--period": "2023-13"],
            message: "--period 2023-13: must be a period: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM..YYYY-MM")
        try expectRefusal(
            ["--value": "-19"], message: "--value -19: must not be negative: a whole number, zero or more")
        try expectRefusal(
            ["--value": "19,000"],
            message: "--value 19,000: must be a whole number, zero or more (digits only, as published: 32900)")
        try expectRefusal(["--source": " "], message: "--source '': is required")
    }

    @Test func aValuePastFifteenDigitsIsRefusedNamingTheLimit() throws {
        try expectRefusal(
            ["--value": "1000000000000000"],
            message: "--value 1000000000000000: must be at most 999999999999999 (15 digits)")
        let registry = try TestRegistry()
        var largest = Self.tiscs
        largest[largest.firstIndex(of: "--value").map { $0 + 1 } ?? 0] = "999999999999999"
        let added = try registry.run(largest)
        #expect(added.status == 0, "\(added.stderr)")
        let figures = try #require(try registry.json(["figure", "list"]) as? [[String: Any]])
        #expect(figures.first?["value"] as? Int == 999_999_999_999_999)
    }

    @Test func anInvisibleSourceIsRefusedAsAnInvisibleNameIs() throws {
        let rule = "must show at least one visible character (it has only spaces, zero-width or format characters)"
        try expectRefusal(["--source": "\u{200B}"], message: "--source '\\u{200b}': " + rule)
        try expectRefusal(["--source": "\u{2060}\u{3164}"], message: "--source '\\u{2060}\\u{3164}': " + rule)
        let registry = try TestRegistry()
        let file = try registry.folder.write(
            "figures.csv",
            "code,metric,regions,period,value,source\nA,centers,130000,2022-12,19,\u{200B}\u{FEFF}\n")
        let before = try registry.fingerprint()
        let result = try registry.run(["import", "figures", file])
        #expect(result.status == 65)
        #expect(
            result.errorLines.map(String.init) == [
                "\(file):2:6: error: source '\\u{200b}\\u{feff}': " + rule,
                "error: \(file): 1 invalid row; nothing was imported",
            ])
        #expect(try registry.fingerprint() == before)
    }

    @Test func everyProblemOfOneFigureIsItsOwnLine() throws {
        let registry = try TestRegistry()
        let result = try registry.run([
            "figure", "add", "--code", "X", "--metric", "center", "--region", "990000", "--period", "2023",
            "--value", "-1", "--source", "",
        ])
        #expect(result.status == 65)
        #expect(result.errorLines.count == 4)
        #expect(result.errorLines.first?.hasPrefix("error: --metric center") == true)
        #expect(result.errorLines.last == "error: --source '': is required")
    }

    @Test func aTakenCodeIsRefusedWhateverItsCase() throws {
        let registry = try TestRegistry()
        try registry.run(Self.tiscs)
        var again = Self.tiscs
        again[3] = "tisc-2022"
        let result = try registry.run(again)
        #expect(result.status == 65)
        #expect(result.errorLines.map(String.init) == ["error: --code tisc-2022: already exists (as TISC-2022)"])
    }

    @Test func removeDeletesTheFigureAndHistoryKeepsEveryChange() throws {
        let registry = try TestRegistry()
        try registry.run(Self.tiscs)
        let removed = try registry.run(["figure", "remove", "tisc-2022"])
        #expect(removed.status == 0)
        #expect(removed.stderr == "removed figure TISC-2022\n")
        #expect(try registry.run(["figure", "remove", "TISC-2022"]).status == 1)
        let history = try #require(try registry.json(["figure", "history", "TISC-2022"]) as? [[String: Any]])
        #expect(history.map { $0["change"] as? String } == ["remove", "add"])
        #expect(
            history.last?["fields"] as? [String] == [
                "code", "metric", "regions", "kinds", "period", "value", "bound", "source",
            ])
        #expect(try registry.run(["figure", "history", "NONE"]).status == 1)
    }

    @Test func importRefusesAFileWithAnInvalidRowAndWritesNothing() throws {
        let registry = try TestRegistry()
        let file = try registry.folder.write(
            "figures.csv",
            """
            code,metric,regions,kinds,industries,period,value,bound,source,notes
            A,centers,130000,tisc,,2022-12,19,,s,
            B,centers,130000,tisx,,2022-12,19,,s,
            C,pretrial-cases,130000,,,2023-01..2023-10,-5,,,

            """)
        let before = try registry.fingerprint()
        let result = try registry.run(["import", "figures", file])
        #expect(result.status == 65)
        #expect(
            result.errorLines.map(String.init).contains(
                "\(file):3:4: error: kinds tisx: must be one of protection, rapid-protection, operation, tisc (did you mean tisc?)"
            ))
        #expect(
            result.errorLines.map(String.init).contains(
                "\(file):4:7: error: value -5: must not be negative: a whole number, zero or more; source '': is required"
            ))
        #expect(try registry.fingerprint() == before)
    }

    @Test func importSkipsOrUpdatesAnExistingFigureAsAsked() throws {
        let registry = try TestRegistry()
        try registry.run(Self.tiscs)
        let file = try registry.folder.write(
            "figures.csv",
            """
            code,metric,regions,period,value,bound,source
            TISC-2022,centers,110000;120000;130000,2022-12,20,at-least,changed

            """)
        #expect(try registry.run(["import", "figures", file]).status == 65)
        #expect(
            try registry.run(["import", "figures", file, "--on-conflict", "skip"]).stderr.hasPrefix(
                "read 1, inserted 0, updated 0, unchanged 0, skipped 1"))
        #expect(
            try registry.run(["import", "figures", file, "--on-conflict", "update"]).stderr.hasPrefix(
                "read 1, inserted 0, updated 1"))
        let figure = try #require((try registry.json(["figure", "list"]) as? [[String: Any]])?.first)
        #expect(figure["value"] as? Int == 20)
        #expect(figure["kinds"] as? [String] == [])
        let history = try #require(try registry.json(["figure", "history", "TISC-2022"]) as? [[String: Any]])
        #expect(history.first?["change"] as? String == "import")
        #expect(history.first?["fields"] as? [String] == ["kinds", "value", "bound", "source"])
    }

    @Test func exportImportIntoAnEmptyRegistryAndExportAgainGivesTheSameBytes() throws {
        let first = try TestRegistry()
        try first.run(Self.tiscs + ["--notes", "\"by the end of 2022\", China Daily; line two\nend"])
        try first.run([
            "figure", "add", "--code", "PRE", "--metric", "pretrial-cases", "--region", "130000", "--region", "110000",
            "--industry", "photovoltaics", "--period", "2023-01..2023-10", "--value", "32900", "--bound", "about",
            "--source", "Xinhua, 2023-12-15",
        ])
        for format in ["csv", "json", "ndjson"] {
            let exported = try first.run(["export", "figures", "--format", format])
            #expect(exported.status == 0)
            let csv = try first.run(["export", "figures"]).stdout
            let second = try TestRegistry()
            let file = try second.folder.write("figures.csv", csv)
            #expect(try second.run(["import", "figures", file]).status == 0)
            #expect(try second.run(["export", "figures", "--format", format]).stdout == exported.stdout, "\(format)")
        }
        let header = try first.run(["export", "figures"]).stdout.split(separator: "\n").first
        #expect(header == "code,metric,regions,kinds,industries,period,value,bound,source,notes")
    }

    @Test func onTheExampleDataReconcileSetsEachPublishedFigureBesideTheRegistrysValue() throws {
        let registry = try TestRegistry()
        for (kind, file) in [("centers", "centers.csv"), ("stats", "stats.csv"), ("figures", "figures.csv")] {
            let result = try registry.run(["import", kind, ImportSupport.examples.appendingPathComponent(file).path])
            #expect(result.status == 0, "\(file): \(result.stderr)")
        }
        let rows = try #require(try registry.json(["report", "run", "reconcile"]) as? [[String: Any]])
        func row(_ code: String) -> [String: Any] { rows.first { $0["code"] as? String == code } ?? [:] }
        #expect(rows.count == 5)
        // The five centers of the seven that the registry has (PC-HE without a date); Baigou opened in 2025.
        #expect(row("BTH-PROTECTION-CENTERS-2023")["published"] as? Int == 7)
        #expect(row("BTH-PROTECTION-CENTERS-2023")["registry"] as? Int == 5)
        #expect(row("BTH-PROTECTION-CENTERS-2023")["undated"] as? Int == 1)
        // No per-center figures for 2023 are public; PC-BJ's cumulative row lies before the period.
        #expect(row("BTH-PRETRIAL-2023-JAN-OCT")["published"] as? Int == 32900)
        #expect(row("BTH-PRETRIAL-2023-JAN-OCT")["registry"] as? Int == 0)
        #expect(row("BTH-PRETRIAL-2023-JAN-OCT")["partial"] as? Int == 0)
        #expect(row("BTH-PROTECTION-2023-JAN-OCT")["registry"] as? Int == 0)
        // No operation center and none of the 19 TISCs is named by a source (the one TISC is of 2024).
        #expect(row("BTH-OPERATION-SET-UP-2023")["registry"] as? Int == 0)
        #expect(
            row("BTH-OPERATION-SET-UP-2023")["missing_industries"] as? String
                == "cybersecurity;energy-internet;modern-chemicals;nuclear-energy;photovoltaics;satellite-internet")
        #expect(row("BTH-TISC-END-2022")["registry"] as? Int == 0)
        #expect(rows.allSatisfy { $0["status"] as? String == "short" })
    }

    @Test func reconcileRunsAsAChartAndNarrowsByRegion() throws {
        let registry = try TestRegistry()
        try registry.run(Self.tiscs)
        try registry.run([
            "center", "add", "--code", "T1", "--name", "天津TISC", "--kind", "tisc", "--region", "120116", "--approved",
            "2020",
        ])
        let rows = try #require(try registry.json(["report", "run", "reconcile"]) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["registry"] as? Int == 1)
        #expect(rows.first?["difference"] as? Int == -18)
        #expect(rows.first?["status"] as? String == "short")
        #expect(rows.first?["undated"] as? Int == 0)
        let chart = try registry.run(["report", "run", "reconcile", "--format", "chart"])
        #expect(chart.status == 0, "\(chart.stderr)")
        #expect(chart.stdout.contains("TISC-2022"))
        let elsewhere = try #require(
            try registry.json(["report", "run", "reconcile", "--param", "region=440000"]) as? [[String: Any]])
        #expect(elsewhere.isEmpty)
    }
}
