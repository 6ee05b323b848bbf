// `center list`: each filter alone and combined, region containment, search in any script,
// sort and limit, and every output format parsed back.
import Foundation
import IPRegistry
import Testing

@Suite struct CenterListTests {
    let registry: TestRegistry

    init() throws { registry = try CenterSupport.registry() }

    func codes(_ arguments: String...) throws -> [String] { try CenterSupport.listedCodes(registry, arguments) }

    // MARK: Filters

    @Test func withoutFiltersEveryCenterOfEveryStatusIsListedByCode() throws {
        #expect(try codes() == CenterSupport.allCodes)
    }

    @Test func kindSelectsThatKindAndRepeatedKindsAreOred() throws {
        #expect(try codes("--kind", "protection") == ["PC-BJ", "PC-TJ"])
        #expect(try codes("--kind", "tisc", "--kind", "rapid-protection") == ["RPC-BAZHOU", "TISC-TJU"])
    }

    @Test func regionIncludesEveryDivisionInsideIt() throws {
        // 130102 (Chang'an), 130100 (Shijiazhuang) and 131081 (Bazhou) are all inside Hebei.
        #expect(try codes("--region", "130000") == ["OC-HB-PV", "OC-SJZ-CYBER", "RPC-BAZHOU"])
        #expect(try codes("--region", "130100") == ["OC-HB-PV", "OC-SJZ-CYBER"])
        #expect(try codes("--region", "130102") == ["OC-HB-PV"])
        // A municipality's districts sit directly inside it.
        #expect(try codes("--region", "120000") == ["PC-TJ", "TISC-TJU"])
    }

    @Test func repeatedRegionsAreOred() throws {
        #expect(try codes("--region", "110000", "--region", "130100") == ["OC-HB-PV", "OC-SJZ-CYBER", "PC-BJ"])
    }

    @Test func industryAndServiceMatchAnyOfTheirValues() throws {
        #expect(try codes("--industry", "new-generation-it") == ["PC-BJ", "PC-TJ"])
        #expect(try codes("--industry", "new-materials", "--industry", "photovoltaics") == ["OC-HB-PV", "PC-TJ"])
        #expect(try codes("--service", "rights-protection") == ["PC-BJ", "RPC-BAZHOU"])
        #expect(try codes("--service", "operation", "--service", "information-services") == ["OC-HB-PV", "TISC-TJU"])
    }

    @Test func statusSelectsThatStatus() throws {
        #expect(try codes("--status", "closed") == ["OC-SJZ-CYBER"])
        #expect(try codes("--status", "preparing", "--status", "suspended") == ["OC-HB-PV", "TISC-TJU"])
    }

    @Test func differentOptionsCombineWithAnd() throws {
        #expect(try codes("--kind", "operation", "--status", "preparing") == ["OC-HB-PV"])
        #expect(try codes("--region", "120000", "--kind", "tisc") == ["TISC-TJU"])
        #expect(
            try codes("--region", "130000", "--industry", "cybersecurity", "--status", "closed") == ["OC-SJZ-CYBER"])
        #expect(
            try codes("--kind", "protection", "--service", "rights-protection", "--industry", "new-generation-it") == [
                "PC-BJ"
            ])
        #expect(try codes("--kind", "protection", "--region", "130000") == [])
    }

    @Test func anEmptySelectionIsAnEmptyArrayAndSuccess() throws {
        let result = try registry.run(["center", "list", "--kind", "tisc", "--status", "closed", "--format", "json"])
        #expect(result.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any]
        #expect(parsed?.isEmpty == true)
    }

    // MARK: Search

    @Test func searchFindsTwoAndFiveCharacterChineseSubstringsOfTheName() throws {
        #expect(try codes("--search", "北京") == ["PC-BJ"])
        #expect(try codes("--search", "知识产权保") == ["PC-BJ", "PC-TJ"])
        #expect(try codes("--search", "光伏产业知识") == ["OC-HB-PV"])
    }

    @Test func searchFindsAWordOfTheEnglishNameInAnotherCase() throws {
        #expect(try codes("--search", "BEIJING") == ["PC-BJ"])
        #expect(try codes("--search", "photovoltaics") == ["OC-HB-PV"])
        #expect(try codes("--search", "tisc") == ["TISC-TJU"])
    }

    @Test func searchLooksInHostAndAddress() throws {
        #expect(try codes("--search", "天津大学") == ["TISC-TJU"])
        #expect(try codes("--search", "霸州市") == ["RPC-BAZHOU"])
    }

    @Test func searchCombinesWithFiltersAndTreatsQuotesAsText() throws {
        #expect(try codes("--search", "天津", "--kind", "protection") == ["PC-TJ"])
        #expect(try codes("--search", "知识产权", "--region", "130000", "--status", "closed") == ["OC-SJZ-CYBER"])
        #expect(try codes("--search", "\"中心") == [])
        #expect(try codes("--search", "中") == CenterSupport.allCodes)
    }

    @Test func searchMatchesTheWholeTextNotJustItsTrigrams() throws {
        // Every trigram of "abcd" (abc, bcd) is in the name, but not the text itself.
        try add(["--code", "X-1", "--name", "abc xbcd", "--kind", "tisc", "--region", "110000"])
        #expect(try codes("--search", "abcd") == [])
        #expect(try codes("--search", "xbcd") == ["X-1"])
        #expect(try codes("--search", "(beijing) intel") == ["PC-BJ"])
    }

    @Test func searchDoesNotMatchAcrossTwoFields() throws {
        // abc, bcd, cde, def are all in the name and host, yet "abcdef" is in neither.
        try add(["--code", "X-2", "--name", "abcd", "--host", "cdef", "--kind", "tisc", "--region", "110000"])
        #expect(try codes("--search", "abcdef") == [])
        #expect(try codes("--search", "CDEF") == ["X-2"])
    }

    @Test func searchIgnoresCaseInEveryScript() throws {
        try add(["--code", "TISC-MUC", "--name", "Ärztliches Zentrum ΣΟΦΊΑ", "--kind", "tisc", "--region", "110000"])
        #expect(try codes("--search", "ärztliches") == ["TISC-MUC"])
        #expect(try codes("--search", "ÄRZTLICHES ZENTRUM") == ["TISC-MUC"])
        #expect(try codes("--search", "σοφία") == ["TISC-MUC"])
        // Shorter than a trigram: a scan, which folds Greek and accented letters too.
        #expect(try codes("--search", "σο") == ["TISC-MUC"])
        #expect(try codes("--search", "är") == ["TISC-MUC"])
    }

    private func add(_ arguments: [String]) throws {
        let result = try registry.run(["center", "add"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: Sort and limit

    @Test func sortOrdersByNameApprovedOrRegion() throws {
        #expect(
            try codes("--sort", "name") == ["PC-BJ", "PC-TJ", "TISC-TJU", "OC-HB-PV", "OC-SJZ-CYBER", "RPC-BAZHOU"])
        // Undated centers last.
        #expect(
            try codes("--sort", "approved") == ["TISC-TJU", "PC-TJ", "RPC-BAZHOU", "OC-HB-PV", "OC-SJZ-CYBER", "PC-BJ"])
        #expect(
            try codes("--sort", "region") == ["PC-BJ", "PC-TJ", "TISC-TJU", "OC-SJZ-CYBER", "OC-HB-PV", "RPC-BAZHOU"])
        #expect(try codes("--sort", "region", "--region", "130000") == ["OC-SJZ-CYBER", "OC-HB-PV", "RPC-BAZHOU"])
    }

    @Test func limitKeepsTheFirstCentersOfTheOrder() throws {
        #expect(try codes("--limit", "2") == ["OC-HB-PV", "OC-SJZ-CYBER"])
        #expect(try codes("--limit", "1", "--sort", "approved") == ["TISC-TJU"])
        #expect(try codes("--limit", "0") == [])
    }

    // MARK: Formats

    @Test func jsonIsAnArrayOfTheSection4ObjectsThatShowPrints() throws {
        let listed = try #require(try registry.json(["center", "list"]) as? [[String: Any]])
        #expect(listed.count == 6)
        for object in listed {
            #expect(Array(object.keys).sorted() == CenterSnapshot.keys.sorted())
            let code = try #require(object["code"] as? String)
            #expect(CenterSupport.same(object, try CenterSupport.shown(registry, code)), "\(code)")
        }
    }

    @Test func ndjsonIsOneSection4ObjectPerLine() throws {
        let result = try registry.run(["center", "list", "--format", "ndjson", "--kind", "protection"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["code"] as? String } == ["PC-BJ", "PC-TJ"])
        #expect(CenterSupport.same(objects[0], try CenterSupport.shown(registry, "PC-BJ")))
    }

    @Test func csvAndTSVCarryTheFullRecordWithListsJoinedBySemicolons() throws {
        for (format, separator) in [("csv", Character(",")), ("tsv", Character("\t"))] {
            let result = try registry.run(["center", "list", "--format", format])
            #expect(result.status == 0)
            let records = CenterSupport.csvRecords(result.stdout, separator: separator)
            #expect(records.first == CenterSnapshot.keys)
            let rows = CenterSupport.csvRows(result.stdout, separator: separator)
            #expect(rows.map { $0["code"] } == CenterSupport.allCodes)
            let beijing = try #require(rows.first { $0["code"] == "PC-BJ" })
            #expect(beijing["name"] == "中国（北京）知识产权保护中心")
            #expect(beijing["industries"] == "high-end-equipment;new-generation-it")
            #expect(beijing["services"] == "rapid-pre-examination;rights-confirmation;rights-protection")
            #expect(beijing["latitude"] == "39.98")
            #expect(beijing["region_name"] == "北京市 / 海淀区")
            #expect(beijing["address"] == "")
            let tianjin = try #require(rows.first { $0["code"] == "PC-TJ" })
            #expect(tianjin["approval_doc"] == "国知发保函字〔2020〕177号")
        }
    }

    @Test func markdownShowsTheSummary() throws {
        let result = try registry.run(["center", "list", "--format", "markdown", "--region", "130000"])
        #expect(result.status == 0)
        #expect(
            result.stdout.split(separator: "\n").first
                == "| code | name | kind | status | region_code | region_name | industries |")
        let rows = CenterSupport.markdownRows(result.stdout)
        #expect(rows.map { $0["code"] } == ["OC-HB-PV", "OC-SJZ-CYBER", "RPC-BAZHOU"])
        #expect(rows[0]["region_name"] == "河北省 / 石家庄市 / 长安区")
        #expect(rows[0]["industries"] == "photovoltaics")
    }

    @Test func tableShowsTheSummaryAlignedByDisplayWidth() throws {
        let result = try registry.run(["center", "list"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.first?.split(separator: " ") == [
                "code", "name", "kind", "status", "region_code", "region_name", "industries",
            ])
        // Every row's kind starts at the same terminal column, whatever the width of the Chinese names.
        let kindColumn = try #require(lines.first?.range(of: "kind")).lowerBound
        let headerOffset = lines[0][..<kindColumn].displayWidth
        for line in lines.dropFirst(2) {
            let kind = try #require(
                line.firstMatch(of: #/protection|rapid-protection|operation|tisc/#)?.range.lowerBound)
            #expect(line[..<kind].displayWidth == headerOffset, "\(line)")
        }
        let rows = CenterSupport.tableRows(result.stdout)
        let beijing = try #require(rows.first { $0["code"] == "PC-BJ" })
        #expect(beijing["name"] == "中国（北京）知识产权保护中心")
        #expect(beijing["region_name"] == "北京市 / 海淀区")
        #expect(beijing["industries"] == "high-end-equipment, new-generation-it")
        #expect(!result.stdout.contains("…"), "nothing is cut when standard output is not a terminal")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func tableCutsLongFieldsWithAnEllipsisOnANarrowTerminal() throws {
        let command = ([CLI.binary.path, "center", "list", "--db", registry.path]).map { "'\($0)'" }.joined(
            separator: " ")
        let result = try CLI.run(
            ["-qec", command, "/dev/null"], environment: ["COLUMNS": "90"],
            executable: URL(fileURLWithPath: "/usr/bin/script"))
        let text = result.stdout.replacingOccurrences(of: "\r", with: "")
        #expect(result.status == 0)
        #expect(text.contains("…"))
        for line in text.split(separator: "\n") { #expect(line.displayWidth <= 90, "\(line)") }
    }

    // MARK: Refusals

    @Test func unknownFilterValuesAreRefusedByTheirOption() throws {
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--kind", "museum"], status: 65,
            message: "--kind museum: must be one of protection, rapid-protection, operation, tisc")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--region", "990000"], status: 65,
            message: "--region 990000: no such division")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--industry", "cybersecurty"], status: 65,
            message: "--industry cybersecurty: no such industry (did you mean cybersecurity?)")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--service", "nope"], status: 65,
            message: "--service nope: no such service")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--status", "open"], status: 65,
            message: "--status open: must be one of preparing, operating, suspended, closed")
    }

    @Test func wrongUsageOfSortLimitAndSearchIsStatus64() throws {
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--sort", "size"], status: 64,
            message: "The value 'size' is invalid for '--sort <key>'")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--limit", "ten"], status: 64,
            message: "The value 'ten' is invalid for '--limit <n>'")
        try CenterSupport.expectRefusal(registry, ["center", "list", "--limit", "-1"], status: 64, message: "")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--search", " "], status: 64, message: "--search must not be empty")
        try CenterSupport.expectRefusal(
            registry, ["center", "list", "--colour"], status: 64, message: "Unknown option '--colour'")
    }
}
