// What the web view serves as content (issue 19): CSV a spreadsheet cannot run as formulas,
// `/centers.csv` as `export centers` writes it (so a download imports back), a form with a field
// per parameter where a report or query lacks a value (worded for the web, never `--param`),
// infinity in JSON, the routing edges `/.csv` and `?=x`, and the policy headers. Most run the
// server's application in the test's process (HummingbirdTesting's router, no socket) over the
// registry the command line wrote.
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPRegistry
import Testing
import WebPages
import WebServer

@Suite struct WebContentTests {
    /// The web view over `registry`, as the dashboard reads it: one registry, one reader.
    static func app(_ registry: TestRegistry) throws -> WebData {
        WebData(registry: try Registry.open(path: registry.path))
    }

    /// GET `target` from the server's application over `data`, in process.
    static func get(_ data: WebData, _ target: String) async -> (status: Int, type: String, body: String) {
        var configuration = WebServerConfiguration()
        configuration.sqlTimeLimitMilliseconds = 5000
        configuration.readerThreads = 1
        // The router's test client names its server `localhost` (port 80) and has no socket.
        configuration.allowedHosts = ["localhost:80"]
        let app = buildApplication(configuration, data: data)
        let response = try? await app.test(.router) { client in
            // In English unless the query chooses: the pages speak Chinese first, these tests read English.
            try await client.execute(uri: target, method: .get, headers: [.acceptLanguage: "en"])
        }
        guard let response else { return (0, "", "") }
        return (
            response.status.code, response.headers[.contentType] ?? "", String(buffer: response.body)
        )
    }

    static let hostileNames = ["=cmd|' /C calc'!A0", "+HYPERLINK(\"http://x\",\"y\")", "-2+3", "@SUM(1+1)"]

    /// `center add` of a TISC in Shijiazhuang; values as `--option=VALUE`, since some start with `-`.
    static func add(
        _ registry: TestRegistry, _ options: [String], sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let added = try registry.run(["center", "add", "--kind=tisc", "--region=130100"] + options)
        #expect(added.status == 0, "\(added.stderr)", sourceLocation: sourceLocation)
    }

    /// The example centers plus one for each formula start, and one with negative coordinates.
    static func hostileRegistry() throws -> TestRegistry {
        let registry = try CenterSupport.registry()
        for (index, name) in hostileNames.enumerated() {
            try add(registry, ["--code=F-\(index + 1)", "--name=\(name)", "--address=\(name)"])
        }
        try add(registry, ["--code=S-1", "--name=South, \"quoted\"", "--lat=-33.5", "--lon=-70.25"])
        return registry
    }

    // MARK: /centers.csv is the export's CSV

    @Test func centersCSVIsTheExportAndImportsBackToTheSameExport() async throws {
        let registry = try CenterSupport.registry()
        try Self.add(
            registry, ["--code=S-1", "--name=South, \"quoted\"", "--lat=-33.5", "--lon=-70.25", "--notes=two\nlines"])
        let exported = try ImportSupport.export(registry)
        let download = await Self.get(try Self.app(registry), "/centers.csv?limit=1000")
        #expect(download.status == 200)
        #expect(download.type == "text/csv; charset=utf-8")
        // The same header and fields as the export, records ending CRLF (RFC 4180) instead of LF.
        #expect(CenterSupport.csvRecords(download.body) == CenterSupport.csvRecords(exported))
        #expect(download.body.hasPrefix(ImportSupport.centerHeader.joined(separator: ",") + "\r\n"))

        let copy = try TestRegistry()
        let file = try copy.folder.write("download.csv", download.body)
        let imported = try copy.run(["import", "centers", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try ImportSupport.export(copy) == exported)
    }

    @Test func oneCentersCSVImportsBackToThatCenter() async throws {
        let registry = try CenterSupport.registry()
        let download = await Self.get(try Self.app(registry), "/centers/PC-BJ.csv")
        #expect(download.status == 200)
        let copy = try TestRegistry()
        let file = try copy.folder.write("pc-bj.csv", download.body)
        let imported = try copy.run(["import", "centers", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let original = CenterSupport.csvRows(try ImportSupport.export(registry)).filter { $0["code"] == "PC-BJ" }
        #expect(original.count == 1)
        #expect(CenterSupport.csvRows(try ImportSupport.export(copy)) == original)
    }

    // MARK: Formula injection

    @Test func everyWebCSVNeutralisesFormulasAndKeepsNumbers() async throws {
        let registry = try Self.hostileRegistry()
        let saved = try registry.run([
            "report", "save", "names", "--sql", "SELECT code, name FROM centers WHERE code LIKE 'F-%' ORDER BY code",
        ])
        #expect(saved.status == 0, "\(saved.stderr)")
        let figure = try registry.run([
            "figure", "add", "--code=-F1", "--metric", "centers", "--region", "130000", "--period", "2023",
            "--value", "1000", "--source", "=HYPERLINK(1)",
        ])
        #expect(figure.status == 0, "\(figure.stderr)")
        let app = try Self.app(registry)
        let neutralised = Self.hostileNames.map { "'" + $0 }

        let list = CenterSupport.csvRows(await Self.get(app, "/centers.csv?limit=1000").body)
        let hostile = list.filter { $0["code"]?.hasPrefix("F-") == true }
        #expect(hostile.map { $0["name"] ?? "" } == neutralised)
        #expect(hostile.map { $0["address"] ?? "" } == neutralised)
        let south = try #require(list.first { $0["code"] == "S-1" })
        #expect(south["latitude"] == "-33.5" && south["longitude"] == "-70.25", "a negative number is data")
        #expect(south["name"] == "South, \"quoted\"")

        let one = CenterSupport.csvRows(await Self.get(app, "/centers/F-1.csv").body)
        #expect(one.first?["name"] == "'=cmd|' /C calc'!A0")

        let report = CenterSupport.csvRows(await Self.get(app, "/reports/names.csv").body)
        #expect(report.map { $0["name"] ?? "" } == neutralised)

        let figures = await Self.get(app, "/figures.csv")
        #expect(figures.status == 200)
        let reconcile = CenterSupport.csvRows(figures.body)
        #expect(reconcile.first?["code"] == "'-F1")
        #expect(reconcile.first?["difference"]?.hasPrefix("-") == true, "an integer difference stays a number")

        // Cells a spreadsheet would run, text that looks like a sum, numbers, and the header too.
        let sql =
            "SELECT -5 AS n, -1.5 AS r, '-2+3' AS t, char(9) || 'x' AS tab, char(13) || 'y' AS cr, "
            + "'=1' AS \"=h\", 1e999 AS big, 'plain' AS p"
        let answer = await Self.get(app, "/sql.csv?sql=" + Query.encode(sql))
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body == "n,r,t,tab,cr,'=h,big,p\r\n-5,-1.5,'-2+3,'\tx,\"'\ry\",'=1,inf,plain\r\n")
    }

    @Test func theNearestCentersCSVNeutralisesFormulasAndKeepsNumbers() async throws {
        let registry = try Self.hostileRegistry()
        for (index, name) in Self.hostileNames.enumerated() {
            try Self.add(registry, ["--code=N-\(index + 1)", "--name=\(name)", "--lat=38.0\(index)", "--lon=114.5"])
        }
        let download = await Self.get(try Self.app(registry), "/centers/nearest.csv?lat=38&lon=114.5&limit=4")
        #expect(download.status == 200, "\(download.body)")
        #expect(download.type == "text/csv; charset=utf-8")
        let rows = CenterSupport.csvRows(download.body)
        #expect(rows.map { $0["code"] ?? "" } == ["N-1", "N-2", "N-3", "N-4"])
        #expect(rows.map { $0["name"] ?? "" } == Self.hostileNames.map { "'" + $0 })
        #expect(rows.first.flatMap { $0["distance_km"] }.flatMap { Double($0) } == 0, "a distance stays a number")
        #expect(rows.last.flatMap { $0["distance_km"] }.flatMap { Double($0) } == 3.336)
    }

    // MARK: Parameters in the browser

    @Test func aSavedReportWithoutItsParameterIsAFormWithAFieldForIt() async throws {
        let registry = try CenterSupport.registry()
        let saved = try registry.run([
            "report", "save", "by-kind", "--sql", "SELECT code FROM centers WHERE kind = :kind ORDER BY code",
        ])
        #expect(saved.status == 0, "\(saved.stderr)")
        let app = try Self.app(registry)

        let page = await Self.get(app, "/reports/by-kind")
        #expect(page.status == 400)
        #expect(page.body.contains("<form method=\"get\" action=\"/reports/by-kind\">"))
        #expect(page.body.contains("<input name=\"kind\" value=\"\">"))
        #expect(page.body.contains("give a value for kind"))
        #expect(!page.body.contains("--param"))

        let filled = await Self.get(app, "/reports/by-kind?kind=tisc")
        #expect(filled.status == 200)
        #expect(filled.body.contains("<input name=\"kind\" value=\"tisc\">"))
        #expect(filled.body.contains(">TISC-TJU<"))

        let json = await Self.get(app, "/reports/by-kind.json")
        #expect(json.status == 400)
        #expect(json.body == "{\"error\":\"give a value for kind\"}\n")
        #expect(await Self.get(app, "/reports/by-kind.csv").body == "error: give a value for kind\n")

        let unused = await Self.get(app, "/reports/by-kind.json?kind=tisc&other=1")
        #expect(unused.body == "{\"error\":\"other: the query has no parameter :other (it has :kind)\"}\n")

        // A built-in report's unknown item keeps its form, with web words.
        let builtIn = await Self.get(app, "/reports/centers-by-kind?bogus=1")
        #expect(builtIn.status == 400)
        #expect(builtIn.body.contains("unknown query item bogus: report centers-by-kind takes region"))
        #expect(builtIn.body.contains("<input name=\"region\" value=\"\">"))
        #expect(!builtIn.body.contains("--param"))
    }

    @Test func theSQLFormHasAFieldPerParameterAndFillsItBackIn() async throws {
        let registry = try CenterSupport.registry()
        let app = try Self.app(registry)
        let sql = Query.encode("SELECT code FROM centers WHERE kind = :kind AND code > @after ORDER BY code")

        let missing = await Self.get(app, "/sql?sql=" + sql)
        #expect(missing.status == 400)
        #expect(missing.body.contains("<input name=\"kind\" value=\"\">"))
        #expect(missing.body.contains("<input name=\"after\" value=\"\">"))
        #expect(missing.body.contains("give a value for kind"))
        #expect(!missing.body.contains("--param"))

        let half = await Self.get(app, "/sql?sql=\(sql)&kind=protection")
        #expect(half.status == 400)
        #expect(half.body.contains("<input name=\"kind\" value=\"protection\">"))
        #expect(half.body.contains("<input name=\"after\" value=\"\">"))
        #expect(half.body.contains("give a value for after"))

        let whole = await Self.get(app, "/sql?sql=\(sql)&kind=protection&after=A")
        #expect(whole.status == 200)
        #expect(whole.body.contains("<input name=\"kind\" value=\"protection\">"))
        #expect(whole.body.contains("<input name=\"after\" value=\"A\">"))
        #expect(whole.body.contains(">PC-TJ<"))

        #expect(await Self.get(app, "/sql.json?sql=SELECT+%3Akind").body == "{\"error\":\"give a value for kind\"}\n")
    }

    @Test func aPositionalParameterIsRefusedInTheWebsWords() async throws {
        let app = try Self.app(try TestRegistry())
        for target in ["/sql?sql=SELECT+%3F", "/sql.json?sql=SELECT+%3F"] {
            let reply = await Self.get(app, target)
            #expect(reply.status == 400, "\(target)")
            #expect(reply.body.contains("name it (:name) and give its value as a field of the form"), "\(reply.body)")
            #expect(!reply.body.contains("--param"))
        }
        // The command line keeps its own words.
        let result = try TestRegistry().run(["sql", "SELECT ?"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("give --param name=VALUE"))
    }

    // MARK: Routing edges

    @Test func theOverviewHasNoCSVForm() async throws {
        let app = try Self.app(try TestRegistry())
        let csv = await Self.get(app, "/.csv")
        #expect(csv.status == 404)
        #expect(csv.body == "error: no such page\n")
        #expect(await Self.get(app, "/.json").status == 200)
        #expect(await Self.get(app, "/index.csv").status == 404)
    }

    @Test func aMalformedQueryStringSaysWhatIsWrong() async throws {
        let app = try Self.app(try TestRegistry())
        let cases = [
            ("/centers.json?=x", "a query item with no name"),
            ("/centers.json?=", "a query item with no name"),
            ("/centers.json?kind=%zz", "a % escape that is not two hex digits"),
            ("/centers.json?kind=%4", "a % escape that is not two hex digits"),
            ("/centers.json?kind=%FF", "text that is not UTF-8"),
            ("/centers.json?kind=%00", "a NUL (%00)"),
        ]
        for (target, problem) in cases {
            let answer = await Self.get(app, target)
            #expect(answer.status == 400, "\(target)")
            #expect(answer.body == "{\"error\":\"malformed query string: \(problem)\"}\n", "\(target)")
        }
    }

    // MARK: JSON

    @Test func infinityIsAStringInTheWebViewsJSONAndNullStaysNull() async throws {
        let app = try Self.app(try TestRegistry())
        let answer = await Self.get(
            app, "/sql.json?sql=" + Query.encode("SELECT 1e999 AS big, -1e999 AS small, NULL AS n"))
        #expect(answer.status == 200)
        #expect(answer.body == "[{\"big\":\"Infinity\",\"small\":\"-Infinity\",\"n\":null}]\n")
    }

    // MARK: Headers

    @Test func theMetaPolicyLeavesOutFrameAncestorsAndTheHeaderKeepsIt() throws {
        let registry = try TestRegistry()
        let dashboard = try registry.run(["dashboard"])
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        let meta = try #require(
            dashboard.stdout.firstRange(of: "<meta http-equiv=\"Content-Security-Policy\" content=\"").map {
                dashboard.stdout[$0.upperBound...].prefix { $0 != "\"" }
            })
        #expect(meta.contains("default-src &#39;none&#39;") || meta.contains("default-src 'none'"), "\(meta)")
        #expect(!meta.contains("frame-ancestors"))

        let server = try WebServer(registry: registry.path)
        for target in ["/", "/centers.json", "/centers.csv", "/nowhere", "/sql.json?sql=SELECT+1"] {
            let reply = try server.get(target)
            #expect(reply.header("cross-origin-resource-policy") == "same-origin", "\(target)")
            #expect(reply.header("content-security-policy")?.contains("frame-ancestors 'none'") == true, "\(target)")
        }
        #expect(try server.get("/", method: "POST").header("cross-origin-resource-policy") == "same-origin")
    }
}
