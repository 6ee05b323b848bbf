// The HTML of every page but the overview: the list of centers with its filters, one center,
// reports and their forms, published figures, and the SQL form. Pages are `HTML` (HTML.swift):
// every value interpolated into them is escaped.
import IPRegistry

public enum Pages {
    // MARK: Centers

    public static func centerList(_ list: CenterList, signedIn: SignedInUser? = nil, language: Language = .zh) -> HTML {
        func value(_ name: String) -> String { list.items.first { $0.0 == name }?.1 ?? "" }
        var body: HTML = "<h1>Centers</h1><form method=\"get\" action=\"/centers\">"
        body += select("kind", options: CenterKind.allCases.map(\.rawValue), chosen: value("kind"))
        body += select("status", options: CenterStatus.allCases.map(\.rawValue), chosen: value("status"))
        for name in ["region", "industry", "service", "search"] {
            body += "<label>\(name)<input name=\"\(name)\" value=\"\(value(name))\"></label>"
        }
        body += select(
            "sort", options: CenterFilter.SortKey.allCases.map(\.rawValue), chosen: value("sort"), blank: false)
        body +=
            "<label>limit<input name=\"limit\" size=\"5\" value=\"\(list.limit)\"></label><button>Show</button></form>"
        let last = min(list.offset + list.centers.count, list.total)
        body +=
            "<p>Centers <span id=\"shown\">\(list.centers.isEmpty ? 0 : list.offset + 1)-\(last)</span> of "
            + "<strong id=\"total\">\(list.total)</strong></p>"
        body +=
            "<table><thead><tr><th>code</th><th>name</th><th>kind</th><th>status</th><th>region</th><th>industries</th></tr></thead><tbody>"
        for stored in list.centers {
            let center = stored.center
            body +=
                "<tr><td><a href=\"/centers/\(Query.encode(center.code))\">\(center.code)</a></td>"
                + "<td>\(center.name)</td><td>\(center.kind.rawValue)</td><td>\(center.status.rawValue)</td>"
                + "<td>\(stored.regionName)</td><td>\(center.industries.joined(separator: ", "))</td></tr>"
        }
        body += "</tbody></table><p>"
        let others = list.items.filter { $0.0 != "offset" }
        if list.offset > 0 {
            body +=
                "<a rel=\"prev\" href=\"/centers?\(Query.string(others + [("offset", String(max(list.offset - list.limit, 0)))]))\">previous</a> "
        }
        if last < list.total {
            body +=
                "<a rel=\"next\" href=\"/centers?\(Query.string(others + [("offset", String(list.offset + list.limit))]))\">next</a>"
        }
        body +=
            "</p><p class=\"note\">As data: <a href=\"/centers.json?\(Query.string(list.items))\">JSON</a>, "
            + "<a href=\"/centers.csv?\(Query.string(list.items))\">CSV</a>, "
            + "<a href=\"/centers.xlsx?\(Query.string(list.items))\">Excel (.xlsx)</a></p>"
        return Layout.document(title: "Centers", body: body, signedIn: signedIn, language: language)
    }

    private static func select(_ name: String, options: [String], chosen: String, blank: Bool = true) -> HTML {
        var html: HTML = "<label>\(name)<select name=\"\(name)\">" + (blank ? "<option value=\"\">(any)</option>" : "")
        for option in options {
            html += "<option\(option == chosen ? " selected" as HTML : "")>\(option)</option>"
        }
        return html + "</select></label>"
    }

    /// `{"total": N, "centers": [...]}`.
    public static func centerListJSON(_ list: CenterList) -> [UInt8] {
        var buffer = Array("{\"total\":\(list.total),\"centers\":[".utf8)
        for (index, stored) in list.centers.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            DataFormats.appendCenter(stored, to: &buffer)
        }
        buffer.append(contentsOf: Array("]}\n".utf8))
        return buffer
    }

    /// A center's page. `actions` (for a signed-in editor who may change it: Forms.centerActions)
    /// go under the heading; without them and `signedIn` the page is what every reader gets.
    public static func center(
        _ detail: CenterDetail, actions: CenterActions? = nil, signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let center = detail.stored.center
        var body: HTML = "<h1>\(center.name)</h1>"
        if let actions { body += Forms.centerActions(actions) }
        body += "<section><h2>Fields</h2><table><tbody>"
        for (key, cell) in zip(CenterSnapshot.keys, CenterSnapshot.cells(of: detail.stored)) {
            var text: String
            switch key {
            case "industries":
                text = center.industries.map { "\($0) (\(detail.industryNames[$0] ?? "?"))" }.joined(separator: ", ")
            case "services":
                text = center.services.map { "\($0) (\(detail.serviceNames[$0] ?? "?"))" }.joined(separator: ", ")
            default: text = cell.plainText(listSeparator: ", ")
            }
            body +=
                "<tr><th>\(key)</th><td data-field=\"\(key)\">\(text)</td></tr>"
        }
        body += "</tbody></table></section><section><h2>Statistics</h2>"
        body += Layout.table(statisticsTable(detail.statistics))
        body +=
            "</section><section><h2>History</h2><table><thead><tr><th>when</th><th>change</th><th>fields</th>"
            + "<th>by</th></tr></thead><tbody>"
        for entry in detail.history {
            body +=
                "<tr><td>\(entry.changedAt)</td><td>\(entry.change.rawValue)</td>"
                + "<td>\(entry.changedFields.joined(separator: ", "))</td>"
                + "<td data-field=\"actor\">\(entry.actor ?? "")</td></tr>"
        }
        body +=
            "</tbody></table></section><p class=\"note\">As data: <a href=\"/centers/\(Query.encode(center.code)).json\">JSON</a></p>"
        return Layout.document(
            title: center.name, body: body, signedIn: signedIn, forms: actions?.mayEdit == true, language: language)
    }

    static func statisticsTable(_ statistics: [CaseStatistic]) -> Table {
        Table(
            columns: ["period", "pretrial_cases", "protection_cases", "source"],
            rows: statistics.map {
                [.text($0.period.text), Cell($0.pretrialCases), Cell($0.protectionCases), Cell($0.source)]
            })
    }

    /// The center object plus `"statistics": [...]` and `"history": [...]` (newest first, as
    /// `center history --format json` lists it).
    public static func centerJSON(_ detail: CenterDetail) -> [UInt8] {
        var buffer: [UInt8] = []
        DataFormats.appendCenter(detail.stored, to: &buffer)
        buffer.removeLast()  // the object's closing brace: statistics and history go inside it
        buffer.append(contentsOf: Array(",\"statistics\":".utf8))
        DataFormats.appendRows(statisticsTable(detail.statistics), to: &buffer)
        buffer.append(contentsOf: Array(",\"history\":".utf8))
        DataFormats.appendRows(historyTable(detail.history), to: &buffer)
        buffer.append(contentsOf: Array("}\n".utf8))
        return buffer
    }

    /// A record's history with the columns and keys of `center history`.
    static func historyTable(_ history: [HistoryEntry]) -> Table {
        Table(
            columns: ["changed_at", "change", "fields", "actor"],
            rows: history.map {
                [.text($0.changedAt), .text($0.change.rawValue), .list($0.changedFields), Cell($0.actor)]
            })
    }

    // MARK: Reports and figures

    public static func reportIndex(
        _ reports: [ReportSummary], signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let words = ReportWords.self
        var body: HTML =
            "<h1>\(words.reports(language))</h1><table><thead><tr><th>\(words.report(language))</th>"
            + "<th>\(words.parameters(language))</th><th>\(words.whatItShows(language))</th></tr></thead><tbody>"
        for report in reports {
            let builtIn = BuiltInReport(rawValue: report.name)
            let title = builtIn.map { words.title($0)(language) }
            body +=
                "<tr><td><a href=\"/reports/\(Query.encode(report.name))\">\(title ?? report.name)</a>"
                + (title == nil ? "" : " <code>\(report.name)</code>")
                + (report.isBuiltIn ? "" : HTML(text: words.saved(language)))
                + "</td><td>\(report.parameters.joined(separator: ", "))</td>"
                + "<td>\(builtIn.map { words.description($0)(language) } ?? report.description ?? "")</td></tr>"
        }
        return Layout.document(
            title: words.reports(language), body: body + "</tbody></table>", signedIn: signedIn, language: language)
    }

    public static func reportIndexJSON(_ reports: [ReportSummary]) -> [UInt8] {
        DataFormats.json(
            Table(
                columns: ["name", "built_in", "parameters", "description"],
                rows: reports.map {
                    [.text($0.name), .integer($0.isBuiltIn ? 1 : 0), .list($0.parameters), Cell($0.description)]
                }))
    }

    /// A report's page: its form (a field per parameter, filled with `arguments`), then its rows,
    /// or instead of them `error` (a missing or bad value), said above the form's fields. A
    /// built-in report speaks `language` (its title, description, fields and headings); a saved
    /// report's own words are shown as written.
    public static func report(
        _ summary: ReportSummary, arguments: [String: String], table: Table?, truncated: Bool, maxRows: Int,
        path: String, heading: String? = nil, error: String? = nil, signedIn: SignedInUser? = nil,
        language: Language = .zh
    ) -> HTML {
        let builtIn = BuiltInReport(rawValue: summary.name)
        // In English the heading stays what it was ("Report NAME"), the title beside the description.
        let named = ReportWords.report(language) + " " + summary.name
        let title = heading ?? builtIn.map { language == .zh ? ReportWords.title($0)(language) : named } ?? named
        var body: HTML = "<h1>\(title)</h1>"
        let described = builtIn.map { built in
            (language == .en && heading == nil ? ReportWords.title(built)(language) + ": " : "")
                + ReportWords.description(built)(language)
        }
        if let description = described ?? summary.description {
            body += "<p class=\"note\">\(description)</p>"
        }
        if !summary.parameters.isEmpty {
            body += "<form method=\"get\" action=\"\(path)\">"
            for name in summary.parameters {
                let label = builtIn == nil ? name : ReportWords.parameter(name)?(language) ?? name
                body += "<label>\(label)<input name=\"\(name)\" value=\"\(arguments[name] ?? "")\"></label>"
            }
            body += "<button>\(ReportWords.run(language))</button></form>"
        }
        if let error { body += errorParagraph(error, language) }
        if let table {
            let headings = ReportWords.headings(table.columns, report: summary.name, language)
            body += rowsSection(
                table, headings: headings, truncated: truncated, maxRows: maxRows, title: summary.name,
                language: language)
            let query = Query.string(arguments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            body += dataLinks(path, query: query, language)
        }
        return Layout.document(title: title, body: body, signedIn: signedIn, language: language)
    }

    /// "As data: JSON, CSV, Excel" for the page at `path` with `query`.
    static func dataLinks(_ path: String, query: String, _ language: Language) -> HTML {
        "<p class=\"note\">\(ReportWords.asData(language))<a href=\"\(path).json?\(query)\">JSON</a>, "
            + "<a href=\"\(path).csv?\(query)\">CSV</a>, <a href=\"\(path).xlsx?\(query)\">Excel (.xlsx)</a></p>"
    }

    /// A refusal on a report's or the SQL page: the web view's own in `language`; SQLite's and
    /// the registry's checks' words after a Chinese lead-in, marked as English for screen readers.
    static func errorParagraph(_ message: String, _ language: Language) -> HTML {
        if let words = ReportWords.error(message) { return "<p class=\"error\">\(words(language))</p>" }
        guard language == .zh else { return "<p class=\"error\">\(message)</p>" }
        return "<p class=\"error\">\(ReportWords.failed(language))<span lang=\"en\">\(message)</span></p>"
    }

    /// A table's rows under their count, with `headings` over its columns (the chart, where there
    /// is one, keeps the column keys).
    static func rowsSection(
        _ table: Table, headings: [String]? = nil, truncated: Bool, maxRows: Int, title: String,
        language: Language = .zh
    ) -> HTML {
        var body: HTML = "<section>"
        if let chart = SVGChart.forTable(table, title: title) { body += chart }
        body += "<p><span id=\"row-count\">\(table.rows.count)</span> \(ReportWords.rows(language))"
        if truncated {
            let cut = table.rows.count < maxRows ? ReportWords.cutAtSize : ReportWords.cutAtRows(maxRows)
            // Constant words (and a number): their apostrophes stay as the page always wrote them.
            body += " <strong class=\"truncated\">\(HTML(trustedMarkup: cut(language)))</strong>"
        }
        let shown = Table(columns: headings ?? table.columns, rows: table.rows)
        return body + "</p>" + Layout.table(shown) + "</section>"
    }

    // MARK: SQL

    public static func sql(
        text: String, parameters: [(String, String)], result: QueryResult?, error: String?, maxRows: Int,
        signedIn: SignedInUser? = nil, language: Language = .zh
    ) -> HTML {
        let words = ReportWords.self
        var body: HTML =
            "<h1>\(words.sqlTitle(language))</h1><p class=\"note\">\(words.sqlNote(language)) "
            + "(<code>/sql?sql=...&amp;name=value</code>).</p><form method=\"get\" action=\"/sql\">"
            + "<label style=\"flex:1 1 100%\">\(words.sqlField(language))"
            + "<textarea name=\"sql\">\(text)</textarea></label>"
        for (name, value) in parameters {
            body += "<label>\(name)<input name=\"\(name)\" value=\"\(value)\"></label>"
        }
        body += "<button>\(words.run(language))</button></form>"
        if let error { body += errorParagraph(error, language) }
        if let result {
            body += rowsSection(
                result.table, truncated: result.truncated, maxRows: maxRows, title: "query", language: language)
        }
        return Layout.document(title: words.sqlTitle(language), body: body, signedIn: signedIn, language: language)
    }
}
