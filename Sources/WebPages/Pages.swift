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
            + "<a href=\"/centers.csv?\(Query.string(list.items))\">CSV</a></p>"
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

    public static func reportIndex(_ reports: [ReportSummary], signedIn: SignedInUser? = nil) -> HTML {
        var body: HTML =
            "<h1>Reports</h1><table><thead><tr><th>report</th><th>parameters</th><th>what it shows</th></tr></thead><tbody>"
        for report in reports {
            body +=
                "<tr><td><a href=\"/reports/\(Query.encode(report.name))\">\(report.name)</a>"
                + (report.isBuiltIn ? "" : " (saved)")
                + "</td><td>\(report.parameters.joined(separator: ", "))</td>"
                + "<td>\(report.description ?? "")</td></tr>"
        }
        return Layout.document(title: "Reports", body: body + "</tbody></table>", signedIn: signedIn)
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
    /// or instead of them `error` (a missing or bad value), said above the form's fields.
    public static func report(
        _ summary: ReportSummary, arguments: [String: String], table: Table?, truncated: Bool, maxRows: Int,
        path: String, heading: String? = nil, error: String? = nil, signedIn: SignedInUser? = nil
    ) -> HTML {
        var body: HTML = "<h1>\(heading ?? "Report \(summary.name)")</h1>"
        if let description = summary.description { body += "<p class=\"note\">\(description)</p>" }
        if !summary.parameters.isEmpty {
            body += "<form method=\"get\" action=\"\(path)\">"
            for name in summary.parameters {
                body += "<label>\(name)<input name=\"\(name)\" value=\"\(arguments[name] ?? "")\"></label>"
            }
            body += "<button>Run</button></form>"
        }
        if let error { body += "<p class=\"error\">\(error)</p>" }
        if let table {
            body += rowsSection(table, truncated: truncated, maxRows: maxRows, title: summary.name)
            let query = Query.string(arguments.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            body +=
                "<p class=\"note\">As data: <a href=\"\(path).json?\(query)\">JSON</a>, "
                + "<a href=\"\(path).csv?\(query)\">CSV</a></p>"
        }
        return Layout.document(title: heading ?? summary.name, body: body, signedIn: signedIn)
    }

    static func rowsSection(_ table: Table, truncated: Bool, maxRows: Int, title: String) -> HTML {
        var body: HTML = "<section>"
        if let chart = SVGChart.forTable(table, title: title) { body += chart }
        body += "<p><span id=\"row-count\">\(table.rows.count)</span> rows"
        if truncated {
            body +=
                table.rows.count < maxRows
                ? " <strong class=\"truncated\">(cut at the server's limit on a response's size)</strong>"
                : " <strong class=\"truncated\">(cut at the limit of \(maxRows) rows)</strong>"
        }
        return body + "</p>" + Layout.table(table) + "</section>"
    }

    // MARK: SQL

    public static func sql(
        text: String, parameters: [(String, String)], result: QueryResult?, error: String?, maxRows: Int,
        signedIn: SignedInUser? = nil
    ) -> HTML {
        var body: HTML =
            "<h1>SQL</h1><p class=\"note\">One read-only statement; parameters (:name) as further fields of the address "
            + "(<code>/sql?sql=...&amp;name=value</code>).</p><form method=\"get\" action=\"/sql\">"
            + "<label style=\"flex:1 1 100%\">sql<textarea name=\"sql\">\(text)</textarea></label>"
        for (name, value) in parameters {
            body += "<label>\(name)<input name=\"\(name)\" value=\"\(value)\"></label>"
        }
        body += "<button>Run</button></form>"
        if let error { body += "<p class=\"error\">\(error)</p>" }
        if let result {
            body += rowsSection(result.table, truncated: result.truncated, maxRows: maxRows, title: "query")
        }
        return Layout.document(title: "SQL", body: body, signedIn: signedIn)
    }
}
