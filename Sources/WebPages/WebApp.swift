// The pages of docs/web.md, independent of any server: a route, its query string and a format
// in, a status, content type and body out. Which path is which route is the server's business
// (WebServer's Router); what a page says, and every refusal's words, are decided here.
import IPRegistry
import RegistryOutput
import TabularFiles

public struct WebResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [(String, String)] = []

    public init(status: Int, contentType: String, body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    static func html(_ page: HTML, status: Int = 200) -> WebResponse {
        WebResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(page.markup.utf8))
    }
}

/// What a request's path ends in: `.json`, `.csv` or `.xlsx` asks for the page's data in that
/// format (a workbook wherever there is a CSV); `.geojson`, centers as GeoJSON (the centers pages only).
public enum WebFormat: Sendable {
    case html, json, csv, xlsx, geojson

    /// `name` without a `.json`, `.csv` or `.xlsx` at its end, and the format that ending asks for.
    public static func split(_ name: Substring) -> (name: Substring, format: WebFormat) {
        if name.hasSuffix(".geojson") { return (name.dropLast(8), .geojson) }
        if name.hasSuffix(".json") { return (name.dropLast(5), .json) }
        if name.hasSuffix(".csv") { return (name.dropLast(4), .csv) }
        if name.hasSuffix(".xlsx") { return (name.dropLast(5), .xlsx) }
        return (name, .html)
    }
}

/// The pages there are. A center's code and a report's name are decoded (no `%` escapes).
public enum WebRoute: Sendable, Equatable {
    /// `/`, `/.json`, `/index.json`: the overview (no CSV: it is four tables, not rows).
    case overview
    case centers
    /// `/centers/nearest`: the centers nearest a point (a center coded `nearest` is not reached here).
    case nearest
    case center(code: String)
    case reports
    case report(name: String)
    case figures
    case trends
    /// `/coverage`: how far each county's seat is from its nearest protection center.
    case coverage
    case sql

    /// The path of the route's page (its HTML form).
    var path: String {
        switch self {
        case .overview: return "/"
        case .centers: return "/centers"
        case .nearest: return "/centers/nearest"
        case .center(let code): return "/centers/" + Query.encode(code)
        case .reports: return "/reports"
        case .report(let name): return "/reports/" + Query.encode(name)
        case .figures: return "/figures"
        case .trends: return "/trends"
        case .coverage: return "/coverage"
        case .sql: return "/sql"
        }
    }

    /// True for SQL that a user wrote: `/sql` and a saved report (a name that is no built-in
    /// report). The server lets those hold only part of its readers, so that pages never wait
    /// behind them.
    public var runsUserSQL: Bool {
        switch self {
        case .sql: return true
        case .report(let name): return BuiltInReport(rawValue: name) == nil
        default: return false
        }
    }
}

public struct WebApp: Sendable {
    public let data: WebData
    public let timeLimitMilliseconds: Int
    public let maxRows: Int
    /// About how many bytes of rows one response may carry (`--max-response-bytes`).
    public let maxResponseBytes: Int
    /// When the request being answered arrived (`QueryClock`), and whether its client has
    /// gone: set per request by `respond(to:query:format:arrival:clientGone:)`.
    private var arrival: UInt64?
    private var clientGone: @Sendable () -> Bool = { false }
    /// Who is signed in, for the header and a center's buttons (nil: the anonymous pages, byte
    /// for byte), and whether they may change a center of a division: set per request too.
    private var signedIn: SignedInUser?
    private var mayEdit: @Sendable (_ regionCode: String) -> Bool = { _ in false }
    /// The language the pages speak to this request (Language.swift): set per request too.
    var language: Language = .zh
    /// The time the print footer says a page was printed at (PrintStyle, Layout.printing): the registry's clock.
    public var clock: RegistryClock = .system
    /// The page's path and query items (without `lang`), for the language switch: set per request too.
    var address = PageAddress(path: "/")

    public static let defaultMaxResponseBytes = 16 << 20

    public init(
        data: WebData, timeLimitMilliseconds: Int, maxRows: Int, maxResponseBytes: Int = WebApp.defaultMaxResponseBytes
    ) {
        self.data = data
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.maxRows = maxRows
        self.maxResponseBytes = maxResponseBytes
    }

    /// What this request's rows may cost: the time limit counts from its arrival.
    var rowLimits: RowLimits {
        RowLimits(
            timeLimitMilliseconds: timeLimitMilliseconds, maxRows: maxRows, maxBytes: maxResponseBytes,
            arrival: arrival, clientGone: clientGone)
    }

    /// Answers one request for `route` that arrived at `arrival` (`QueryClock`): time spent
    /// waiting for a reader counts against the time limit, and a query stops once `clientGone`
    /// answers true. `query` is the request target's query string, as sent (without the `?`).
    /// `signedIn` puts the user in the pages' header, and the buttons on a center's page for a
    /// center `mayEdit` allows. The page's language comes from the query's `lang` item (which
    /// every page takes, and none sees among its own items), then `languageCookie` (the value of
    /// the `lang` cookie), then `acceptLanguage`; a valid `lang` item also sets the cookie.
    public func respond(
        to route: WebRoute, query: Substring, format: WebFormat, arrival: UInt64? = nil,
        clientGone: @escaping @Sendable () -> Bool = { false }, signedIn: SignedInUser? = nil,
        mayEdit: @escaping @Sendable (_ regionCode: String) -> Bool = { _ in false },
        languageCookie: String? = nil, acceptLanguage: String? = nil
    ) -> WebResponse {
        var app = self
        app.arrival = arrival
        app.clientGone = clientGone
        app.signedIn = signedIn
        app.mayEdit = mayEdit
        var items: [(String, String)]
        do throws(Query.Malformed) {
            items = try Query.parse(query)
        } catch {
            app.language = Language.negotiate(query: nil, cookie: languageCookie, acceptLanguage: acceptLanguage)
            return app.errorResponse(400, error.message, format)
        }
        let (language, chosen) = Language.of(
            queryItems: items, cookie: languageCookie, acceptLanguage: acceptLanguage)
        items.removeAll { $0.0 == Language.queryItem }
        app.language = language
        app.address = PageAddress(path: route.path, items: items)
        let printing = Layout.Printing(
            address: route.path + (query.isEmpty ? "" : "?" + String(query)), clock: clock)
        var response = PageAddress.$current.withValue(app.address) {
            Layout.$requestLanguage.withValue(app.language) {
                Layout.$printing.withValue(printing) { app.page(route, items, format) }
            }
        }
        if let chosen { response.headers.append(("Set-Cookie", Language.cookie(chosen))) }
        if format == .html { response.headers.append(("Vary", "Cookie, Accept-Language")) }
        return response
    }

    private func page(_ route: WebRoute, _ items: [(String, String)], _ format: WebFormat) -> WebResponse {
        let app = self
        do throws(WebError) {
            switch route {
            case .overview where format == .csv || format == .xlsx || format == .geojson:
                return errorResponse(404, "no such page", format)
            case .overview: return try app.overview(items, format)
            case .centers: return try app.centers(items, format)
            case .nearest: return try app.nearest(items, format)
            case .center(let code): return try app.center(code, items, format)
            case .reports: return try app.reports(items, format)
            case .report(let name): return try app.report(name, items, format)
            case .figures: return try app.figures(items, format)
            case .trends: return try app.trends(items, format)
            case .coverage: return try app.coverage(items, format)
            case .sql: return try app.sql(items, format)
            }
        } catch {
            switch error {
            case .badRequest(let message): return errorResponse(400, message, format)
            case .notFound(let message): return errorResponse(404, message, format)
            case .unavailable(let message): return errorResponse(503, message, format)
            case .failure(let message): return errorResponse(500, message, format)
            }
        }
    }

    /// The answer for a path that is no page: a 404 in the format its ending asks for, or a 400
    /// when its query string is malformed (checked first, as for every page). A page is in
    /// `language`, the request's (Language.of), as every refusal's is.
    public func notFound(query: Substring, format: WebFormat, language: Language = .zh) -> WebResponse {
        let app = speaking(language)
        do throws(Query.Malformed) {
            _ = try Query.parse(query)
        } catch {
            return app.refused(400, error.message, format)
        }
        return app.refused(404, "no such page", format)
    }

    /// The answer for a path that is refused before it is looked up (`..`, an encoded `/`).
    public func noSuchPage(language: Language = .zh) -> WebResponse {
        speaking(language).refused(404, "no such page", .html)
    }

    /// The answer to a method other than GET and HEAD, with the `Allow` header.
    public func methodNotAllowed(_ method: String, language: Language = .zh) -> WebResponse {
        var response = speaking(language).refused(
            405, "method \(method) is not allowed: the web view only reads (GET, HEAD)", .html)
        response.headers.append(("Allow", "GET, HEAD"))
        return response
    }

    /// This app answering in `language`.
    private func speaking(_ language: Language) -> WebApp {
        var app = self
        app.language = language
        return app
    }

    // MARK: Routes

    private func overview(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        try only(["region"], in: items)
        let region = items.first { $0.0 == "region" }?.1
        let overview = try data.overview(region: region?.isEmpty == true ? nil : region, limits: rowLimits)
        switch format {
        case .json: return json(OverviewPage.json(overview))
        default:
            return .html(OverviewPage.html(overview, signedIn: signedIn, language: language, address: address))
        }
    }

    private func centers(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        let (items, coords) = try Self.coordinates(items, format)
        // An empty field of the HTML form means "any".
        var list = try data.centers(items: items.filter { !$0.1.isEmpty }, forPage: format == .html)
        list.centers = list.centers.map { $0.expressingCoordinates(in: coords) }
        switch format {
        case .html: return .html(Pages.centerList(list, signedIn: signedIn, language: language, address: address))
        case .json: return json(Pages.centerListJSON(list))
        case .csv: return csv(DataFormats.csv(DataFormats.centerExportTable(list.centers)))
        case .xlsx:
            return try xlsx(
                DataFormats.centerWorkbookTable(list.centers), headings: centerHeadings, filename: "centers")
        case .geojson: return geojson(GeoJSONWriter.collection(list.centers))
        }
    }

    /// The `coords` item of a centers page's data (docs/geography.md), taken out of `items`: the
    /// system its coordinates are given in. The HTML page shows none and takes none.
    private static func coordinates(
        _ items: [(String, String)], _ format: WebFormat
    ) throws(WebError) -> ([(String, String)], CoordinateSystem) {
        let given = items.filter { $0.0 == "coords" }
        guard format != .html, let text = given.first?.1 else { return (items, .wgs84) }
        guard given.count == 1 else { throw .badRequest("coords is given twice") }
        guard let system = CoordinateSystem(rawValue: text) else {
            throw .badRequest(
                "coords \(text): expected one of " + CoordinateSystem.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return (items.filter { $0.0 != "coords" }, system)
    }

    /// The form and the centers nearest its point; a refused value is a 400 that shows the form
    /// again with the message (the data formats: the usual error).
    private func nearest(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        let given = items.filter { !$0.1.isEmpty }
        switch format {
        case .json, .geojson, .csv, .xlsx:
            guard let answer = try data.nearest(items: given).answer else {
                throw .badRequest("lat and lon are required")
            }
            switch format {
            case .json: return json(Pages.nearestJSON(answer))
            case .geojson: return geojson(Pages.nearestGeoJSON(answer))
            case .csv: return csv(DataFormats.csv(Pages.nearestTable(answer)))
            default:
                return try xlsx(
                    Pages.nearestTable(answer), headings: Pages.nearestHeadings(language), filename: "nearest")
            }
        case .html:
            do throws(WebError) {
                let list = try data.nearest(items: given)
                return .html(Pages.nearest(list, signedIn: signedIn, language: language, address: address))
            } catch {
                guard case .badRequest(let message) = error else { throw error }
                let list = NearestList(items: items, limit: 10, answer: nil, problem: message)
                return .html(
                    Pages.nearest(list, signedIn: signedIn, language: language, address: address), status: 400)
            }
        }
    }

    private func center(
        _ code: String, _ items: [(String, String)], _ format: WebFormat
    ) throws(WebError) -> WebResponse {
        let (items, coords) = try Self.coordinates(items, format)
        try only([], in: items)
        var detail = try data.center(code: code, forPage: format == .html)
        detail.stored = detail.stored.expressingCoordinates(in: coords)
        switch format {
        case .html:
            let actions = try centerActions(detail)
            return .html(
                Pages.center(detail, actions: actions, signedIn: signedIn, language: language, address: address))
        case .json: return json(Pages.centerJSON(detail))
        case .csv: return csv(DataFormats.csv(DataFormats.centerExportTable([detail.stored])))
        case .xlsx:
            return try xlsx(
                DataFormats.centerWorkbookTable([detail.stored]), headings: centerHeadings, filename: code)
        case .geojson: return geojson(GeoJSONWriter.collection([detail.stored]))
        }
    }

    /// A center page's buttons for a signed-in user, with the version its forms carry.
    private func centerActions(_ detail: CenterDetail) throws(WebError) -> CenterActions? {
        guard let signedIn else { return nil }
        let code = detail.stored.center.code
        let version = try data.read { try VersionedCenter.find(code: code, in: $0)?.version.text } ?? ""
        return CenterActions(
            code: code, version: version, csrf: signedIn.csrf, mayEdit: mayEdit(detail.stored.center.regionCode),
            language: language)
    }

    private func reports(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        try only([], in: items)
        let reports = try data.reports()
        switch format {
        case .html: return .html(Pages.reportIndex(reports, signedIn: signedIn, language: language))
        case .json: return json(Pages.reportIndexJSON(reports))
        case .csv, .xlsx, .geojson: return errorResponse(404, "no such page", format)
        }
    }

    private func report(
        _ name: String, _ items: [(String, String)], _ format: WebFormat, path: String? = nil,
        heading: String? = nil
    ) throws(WebError) -> WebResponse {
        var arguments: [String: String] = [:]
        for (key, value) in items where !value.isEmpty {
            guard arguments.updateValue(value, forKey: key) == nil else { throw .badRequest("\(key) is given twice") }
        }
        let path = path ?? "/reports/" + Query.encode(name)
        do throws(WebError) {
            let (result, truncated) = try data.report(name, arguments: arguments, limits: rowLimits)
            switch format {
            case .html:
                return .html(
                    Pages.report(
                        result.summary, arguments: result.arguments, table: result.table, truncated: truncated,
                        maxRows: maxRows, path: path, heading: heading, signedIn: signedIn, language: language))
            case .json: return rows(json(DataFormats.json(result.table)), truncated: truncated, table: result.table)
            case .csv: return rows(csv(DataFormats.csv(result.table)), truncated: truncated, table: result.table)
            case .xlsx:
                let headings = ReportWords.headings(result.table.columns, report: name, language)
                let filename = path == "/figures" ? "figures" : name
                return rows(
                    try xlsx(result.table, headings: headings, filename: filename), truncated: truncated,
                    table: result.table)
            case .geojson: throw .notFound("no such page")
            }
        } catch {
            // A missing or bad value: the page is the report's form again, with what to give, so
            // that a saved report with a parameter is no dead end in the browser.
            guard format == .html, case .badRequest(let message) = error,
                let summary = try? data.reports().first(where: { $0.name == name })
            else { throw error }
            return .html(
                Pages.report(
                    summary, arguments: arguments, table: nil, truncated: false, maxRows: maxRows, path: path,
                    heading: heading, error: message, signedIn: signedIn, language: language),
                status: 400)
        }
    }

    private func figures(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        guard format == .html else {
            return try report(
                BuiltInReport.reconcile.name, items, format, path: "/figures",
                heading: "Published figures against the registry")
        }
        var arguments: [String: String] = [:]
        do throws(WebError) {
            for (key, value) in items where !value.isEmpty {
                guard arguments.updateValue(value, forKey: key) == nil else {
                    throw .badRequest("\(key) is given twice")
                }
            }
            let (result, truncated) = try data.report(
                BuiltInReport.reconcile.name, arguments: arguments, limits: rowLimits)
            return .html(
                FiguresPage.html(
                    result.table, arguments: result.arguments, truncated: truncated, maxRows: maxRows,
                    signedIn: signedIn, language: language))
        } catch {
            // An unknown or malformed division: the page's own form again, saying what is wrong
            // above it, with the value as typed, to correct.
            guard case .badRequest(let message) = error else { throw error }
            return .html(
                FiguresPage.html(
                    Table(columns: [], rows: []), arguments: arguments, truncated: false, maxRows: maxRows,
                    signedIn: signedIn, language: language, error: message),
                status: 400)
        }
    }

    private func coverage(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        let coverage = try data.coverage(items: items)
        switch format {
        case .html:
            return .html(CoveragePage.html(coverage, signedIn: signedIn, language: language, address: address))
        case .json: return json(DataFormats.json(CoveragePage.table(coverage)))
        case .csv: return csv(DataFormats.csv(CoveragePage.table(coverage)))
        case .xlsx:
            let table = CoveragePage.table(coverage)
            return try xlsx(table, headings: table.columns, filename: "coverage")
        case .geojson: throw .notFound("no such page")
        }
    }

    private func trends(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        try only([], in: items)
        let trends = try data.trends()
        switch format {
        case .html: return .html(TrendsPage.html(trends, signedIn: signedIn, language: language))
        case .json: return json(DataFormats.json(TrendsPage.table(trends)))
        case .csv: return csv(DataFormats.csv(TrendsPage.table(trends)))
        case .xlsx:
            let table = TrendsPage.table(trends)
            return try xlsx(table, headings: table.columns, filename: "trends")
        case .geojson: throw .notFound("no such page")
        }
    }

    private func sql(_ items: [(String, String)], _ format: WebFormat) throws(WebError) -> WebResponse {
        var text: String?
        var parameters: [String: String] = [:]
        for (name, value) in items {
            if name == "sql" {
                guard text == nil else { throw .badRequest("sql is given twice") }
                text = value
            } else {
                let key = Self.parameterName(name)
                guard parameters.updateValue(value, forKey: key) == nil else {
                    throw .badRequest("parameter \(key) is given twice")
                }
            }
        }
        let shownParameters = items.filter { $0.0 != "sql" }
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            if format == .html {
                return .html(
                    Pages.sql(
                        text: "", parameters: shownParameters, result: nil, error: nil, maxRows: maxRows,
                        signedIn: signedIn, language: language))
            }
            throw .badRequest("give the query as sql=...")
        }
        do throws(WebError) {
            let result = try data.query(text, parameters: parameters, limits: rowLimits)
            switch format {
            case .html:
                return .html(
                    Pages.sql(
                        text: text, parameters: shownParameters, result: result, error: nil, maxRows: maxRows,
                        signedIn: signedIn, language: language))
            case .json:
                return rows(json(DataFormats.json(result.table)), truncated: result.truncated, table: result.table)
            case .csv:
                return rows(csv(DataFormats.csv(result.table)), truncated: result.truncated, table: result.table)
            case .xlsx:
                // A query's columns are named by its SQL: they stay as written.
                return rows(
                    try xlsx(result.table, headings: result.table.columns, filename: "sql"),
                    truncated: result.truncated, table: result.table)
            case .geojson: throw .notFound("no such page")
            }
        } catch {
            guard format == .html, case .badRequest(let message) = error else { throw error }
            // A field for each of the query's parameters, given or not, so that a missing one can be filled in.
            let given = Set(shownParameters.map { Self.parameterName($0.0) })
            let missing = data.parameterNames(of: text).filter { !given.contains($0) }.map { ($0, "") }
            return .html(
                Pages.sql(
                    text: text, parameters: shownParameters + missing, result: nil, error: message, maxRows: maxRows,
                    signedIn: signedIn, language: language),
                status: 400)
        }
    }

    // MARK: Helpers

    /// A query item's name as a parameter: `:kind`, `@kind` and `$kind` are all `kind`.
    private static func parameterName(_ item: String) -> String {
        guard let first = item.first, ":@$".contains(first) else { return item }
        return String(item.dropFirst())
    }

    private func only(_ names: Set<String>, in items: [(String, String)]) throws(WebError) {
        if let unknown = items.first(where: { !names.contains($0.0) }) {
            throw .badRequest("unknown query item \(unknown.0)" + (names.isEmpty ? " (this page takes none)" : ""))
        }
    }

    private func json(_ body: [UInt8]) -> WebResponse {
        WebResponse(status: 200, contentType: "application/json", body: body)
    }

    /// RFC 7946's media type.
    private func geojson(_ body: [UInt8]) -> WebResponse {
        WebResponse(status: 200, contentType: "application/geo+json", body: body)
    }

    private func csv(_ body: [UInt8]) -> WebResponse {
        WebResponse(status: 200, contentType: "text/csv; charset=utf-8", body: body)
    }

    /// A center's columns in the page's language, over a workbook of the CSV's rows.
    private var centerHeadings: [String] { CenterField.allCases.map { Vocabulary.field($0)(language) } }

    /// `table` as a workbook download named `filename`.xlsx, with `headings` over its rows.
    private func xlsx(_ table: Table, headings: [String], filename: String) throws(WebError) -> WebResponse {
        let body: [UInt8]
        do throws(FileWriteError) {
            body = try DataFormats.xlsx(table, headings: headings, sheetName: filename)
        } catch {
            throw .failure("could not write the workbook: \(error)")
        }
        return WebResponse(
            status: 200, contentType: DataFormats.xlsxContentType, body: body,
            headers: [("Content-Disposition", Self.attachment(filename + ".xlsx"))])
    }

    /// `attachment; filename="NAME"`, the name in ASCII (other characters as `_`, quotes and
    /// backslashes too), with `filename*` (RFC 6266) carrying the name itself when it differs.
    static func attachment(_ name: String) -> String {
        let plain = String(
            name.unicodeScalars.map { scalar in
                scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
                    ? Character(scalar) : "_"
            })
        guard plain != name else { return "attachment; filename=\"\(plain)\"" }
        return "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(Query.encode(name))"
    }

    /// Rows cut at a cap say so in a header, where a JSON array or a CSV file has no room for it:
    /// `X-Rows-Truncated` with the row cap, or `X-Response-Truncated` with the byte cap when the
    /// rows stopped at that one first.
    private func rows(_ response: WebResponse, truncated: Bool, table: Table) -> WebResponse {
        var response = response
        guard truncated else { return response }
        if table.rows.count < maxRows {
            response.headers.append(("X-Response-Truncated", "max-response-bytes=\(maxResponseBytes)"))
        } else {
            response.headers.append(("X-Rows-Truncated", String(maxRows)))
        }
        return response
    }

    func errorResponse(_ status: Int, _ message: String, _ format: WebFormat) -> WebResponse {
        switch format {
        case .html:
            let page = Layout.errorPage(
                status: status, said: RefusalWords.said(message, lead: RefusalWords.lead(status), language),
                more: RefusalWords.original(message, language), language: language)
            return .html(page, status: status)
        case .json, .geojson:
            var body = Array("{\"error\":".utf8)
            JSONText.appendString(message, to: &body)
            body.append(contentsOf: Array("}\n".utf8))
            return WebResponse(status: status, contentType: "application/json", body: body)
        case .csv, .xlsx:
            return WebResponse(
                status: status, contentType: "text/plain; charset=utf-8", body: Array("error: \(message)\n".utf8))
        }
    }

    /// A refusal in `format` (a page in `language`, `{"error": ...}`, or a line of text), for the
    /// server's checks of who is asking (401, 403, 429).
    public func refusal(_ status: Int, _ message: String, format: WebFormat, language: Language = .zh) -> WebResponse {
        speaking(language).refused(status, message, format)
    }

    /// For limits the server enforces before routing (request line and header sizes).
    public func refusal(_ status: Int, _ message: String, language: Language = .zh) -> WebResponse {
        speaking(language).refused(status, message, .html)
    }

    /// A refusal the server sends outside `respond` (its checks of the request, a path that is no
    /// page): a page's words follow the request's cookie and Accept-Language there too, so a cache
    /// must keep them apart as it keeps the pages'. The data's refusals are English for every request.
    private func refused(_ status: Int, _ message: String, _ format: WebFormat) -> WebResponse {
        var response = errorResponse(status, message, format)
        if format == .html { response.headers.append(("Vary", "Cookie, Accept-Language")) }
        return response
    }
}
